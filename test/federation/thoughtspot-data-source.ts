import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';

/** The caller's headers the thoughtspot subgraph needs: its credentials, and the request id. */
export const FORWARDED_HEADERS = ['authorization', 'cookie', 'x-request-id'] as const;

/** The supergraph server's context: the client's request, and its response for Set-Cookie. */
export interface SupergraphContext {
  req: IncomingMessage;
  res: ServerResponse;
}

type FetchResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];
type Received = Parameters<
  NonNullable<RemoteGraphQLDataSource<SupergraphContext>['didReceiveResponse']>
>[0];

/**
 * @apollo/gateway's data source for the thoughtspot subgraph: the caller's credentials go down with
 * each subgraph request, and every Set-Cookie comes back up to the caller, each as its own header.
 */
export class ThoughtSpotDataSource extends RemoteGraphQLDataSource<SupergraphContext> {
  override willSendRequest(options: GraphQLDataSourceProcessOptions<SupergraphContext>): void {
    // Health checks and schema loading have no caller, so no credentials to pass on.
    if (!('incomingRequestContext' in options)) return;
    for (const name of FORWARDED_HEADERS) {
      const value = options.context.req.headers[name];
      if (typeof value === 'string') options.request.http?.headers.set(name, value);
    }
  }

  override didReceiveResponse({ response, context }: Received) {
    if (response.http) relaySetCookies(response.http, context.res);
    return response;
  }

  // The default error puts the subgraph's URL and body in `extensions`. The gateway answers even
  // HTTP errors (413, 400, ...) in GraphQL's shape: pass on its first error, code included.
  override async errorFromResponse(response: FetchResponse): Promise<GraphQLError> {
    const body = (await this.parseBody(response)) as { errors?: unknown[] } | string;
    const first = (typeof body === 'object' ? body.errors?.[0] : undefined) as
      { message?: unknown; extensions?: Record<string, unknown> } | undefined;
    return new GraphQLError(
      typeof first?.message === 'string'
        ? first.message
        : `The thoughtspot subgraph answered HTTP ${response.status}.`,
      { extensions: { ...first?.extensions } },
    );
  }
}

/**
 * fetch's `headers.get('set-cookie')` joins the cookies into one string, which a browser reads as
 * one broken cookie: read them one by one. WHATWG fetch (Node's own, undici) has getSetCookie();
 * @apollo/gateway's default fetcher (make-fetch-happen) and node-fetch 2 have raw().
 */
function relaySetCookies(http: NonNullable<Received['response']['http']>, res: ServerResponse) {
  const headers = http.headers as typeof http.headers & {
    getSetCookie?: () => string[];
    raw?: () => Record<string, string[] | undefined>;
  };
  let cookies: string[];
  if (typeof headers.getSetCookie === 'function') cookies = headers.getSetCookie();
  else if (typeof headers.raw === 'function') cookies = headers.raw()['set-cookie'] ?? [];
  else throw new Error('This fetcher cannot read Set-Cookie headers one by one.');
  if (cookies.length > 0) res.appendHeader('set-cookie', cookies);
}
