import { defineConfig } from '@graphql-hive/gateway';

/**
 * Hive Gateway in front of the thoughtspot subgraph (this gateway) and the app's own subgraphs.
 * Run from this folder: `npm ci`, then `npm start` (`hive-gateway supergraph supergraph.graphql
 * --config-path gateway.config.ts`), with the composed supergraph in supergraph.graphql.
 * Each setting and why it is needed: deploy/hive-gateway/README.md. The one setting read from the
 * environment is the browser origins allowed to call with cookies (comma-separated).
 */

/** The subgraph's name in the supergraph: the credentials go to it and to no other. */
const THOUGHTSPOT = 'thoughtspot';

const allowedOrigins = (process.env.CORS_ALLOWED_ORIGINS ?? '')
  .split(',')
  .map((origin) => origin.trim())
  .filter((origin) => origin !== '');

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    // Set, not appended: a router that appended would send `no-store` twice if two subgraphs did.
    deduplicateHeaders: true,
    fromClientToSubgraphs({ request, subgraphName }) {
      if (subgraphName !== THOUGHTSPOT) return;
      return {
        authorization: request.headers.get('authorization'),
        cookie: request.headers.get('cookie'),
      };
    },
    fromSubgraphsToClient({ response, subgraphName }) {
      if (subgraphName !== THOUGHTSPOT) return;
      return {
        // get('set-cookie') would join ThoughtSpot's two cookies into one broken header.
        'set-cookie': response.headers.getSetCookie(),
        'cache-control': response.headers.get('cache-control'),
      };
    },
  },
  // Decided per request: Hive's default reflects any origin with credentials, and so does a static
  // `origin` list when it is empty (CORS_ALLOWED_ORIGINS unset). An origin not listed gets no CORS
  // header at all, so its browser keeps the answer from the page.
  cors: (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowedOrigins.includes(origin)) return false;
    return {
      origin,
      credentials: true,
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'authorization', 'x-request-id', 'apollo-require-preflight'],
    };
  },
  // Off by default: without it a cross-site HTML form (text/plain, urlencoded, multipart) can POST
  // a mutation with the user's cookies. The headers are Apollo Server's, which the gateway accepts.
  csrfPrevention: { requestHeaders: ['x-apollo-operation-name', 'apollo-require-preflight'] },
  transportEntries: {
    // On by default: identical in-flight queries share one subgraph call, and one answer with
    // another caller's request id (and, were the credentials left out of the key, session).
    '*.http': { options: { deduplicateInflightRequests: false } },
  },
  // Above the gateway's own UPSTREAM_TIMEOUT_MS (10 s) so that its precise error arrives first.
  upstreamTimeout: 15_000,
  // The gateway's REQUEST_TIMEOUT_MS (20 s): no client holds a connection longer.
  requestDeadline: 20_000,
  graphiql: false,
  landingPage: false,
});
