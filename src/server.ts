import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { Config } from './config';
import { HEALTH_PATHS } from './config';
import type { GatewayContext } from './context';
import { createContext } from './context';
import { errorsPlugin, formatError, formatErrorWithoutSuggestions } from './error-responses';
import { documentCaches } from './graphql/caches';
import { documentLimits } from './graphql/limits';
import { guardClients, serverOptions } from './http/clients';
import { drainable } from './http/drain';
import { createRequestHandler } from './http/handler';
import { createOperationalRoutes } from './http/operational-routes';
import { accessLog } from './observability/access-log';
import type { UsageReportingOverrides } from './observability/apollo-reporting';
import { apolloConfigOf, apolloReportingPlugins } from './observability/apollo-reporting';
import type { Logger } from './observability/logger';
import type { GatewayMetrics } from './observability/metrics';
import { createMetrics } from './observability/metrics';
import type { Readiness } from './observability/readiness';
import { createReadiness, probeThoughtSpot } from './observability/readiness';
import { requestRecordPlugin } from './observability/record-plugin';
import type { RequestObserver } from './observability/request-record';
import { createSchema } from './schema';
import type { Upstream } from './thoughtspot/upstream';
import { createUpstream } from './thoughtspot/upstream';

// From package.json (one level up from both src/ and dist/), so the version cannot drift.
const { name, version } = JSON.parse(
  readFileSync(join(__dirname, '..', 'package.json'), 'utf8'),
) as { name: string; version: string };
const USER_AGENT = `${name}/${version}`;

export interface GatewayOptions {
  config: Config;
  /** Where ThoughtSpot is: config.thoughtspotUrl, or the emulator's URL in development. */
  thoughtspotUrl: string;
  logger: Logger;
  /** Tests only: where Apollo usage reports go (used only when config.apollo is set). */
  usageReporting?: UsageReportingOverrides;
}

/** What an embedder (src/index.ts) gets: all that is public. */
export interface Gateway {
  /** Whether ThoughtSpot answers, as GET /health/ready says. */
  readiness: Pick<Readiness, 'check'>;
  /** Listens; resolves with the base URL, e.g. http://127.0.0.1:4000. */
  listen(port: number, host: string): Promise<string>;
  /**
   * Shuts down: not ready from now on, stops listening, ends idle connections, lets requests in
   * flight finish for `graceMs` (SHUTDOWN_GRACE_MS by default) and then cuts them, then closes the
   * upstream connections and stops Apollo (which sends its last usage report, if reporting).
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * The gateway and the parts it is made of, for the tests' support layer (test/support/internals.ts)
 * alone: what is here may change with any refactor, the Gateway above may not.
 */
export interface GatewayParts extends Gateway {
  server: Server;
  apollo: ApolloServer<GatewayContext>;
  upstream: Upstream;
  readiness: Readiness;
  /** Absent when METRICS_ENABLED=false. */
  metrics?: GatewayMetrics;
}

/** Builds the gateway; never listens by itself. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const parts = await assembleGateway(options);
  return publicView(parts);
}

/** Only what Gateway names, so nothing else of the parts can be reached from it. */
export function publicView(parts: GatewayParts): Gateway {
  return {
    readiness: { check: () => parts.readiness.check() },
    listen: (port, host) => parts.listen(port, host),
    close: (graceMs) => parts.close(graceMs),
  };
}

/** The gateway with its parts: createGateway's, or the test support layer's. */
export async function assembleGateway(options: GatewayOptions): Promise<GatewayParts> {
  const { config, logger } = options;
  const upstream = createUpstream({
    baseUrl: options.thoughtspotUrl,
    timeoutMs: config.upstream.timeoutMs,
    connections: config.upstream.connections,
    reuseHttp1Connections: config.upstream.reuseHttp1Connections,
  });
  const apollo = new ApolloServer<GatewayContext>({
    schema: await createSchema(),
    introspection: config.introspection,
    // From config.ts. Without them Apollo Server still looks in process.env by itself, but what it
    // finds is inert: apolloReportingPlugins decides, and turns reporting off.
    apollo: apolloConfigOf(config),
    includeStacktraceInErrorResponses: false,
    // src/index.ts owns the signals and stops everything in order; Apollo's own handlers would race
    // it (a second concurrent stop() of Apollo Server 5.5 never resolves).
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: config.production,
    formatError: config.production ? formatErrorWithoutSuggestions : formatError,
    // Apollo's defaults, stated: a cross-site form or simple request cannot run an operation
    // (docs/security.md), and batches stay off: one request, one operation, one set of limits.
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    ...documentLimits(config.queryLimits),
    ...documentCaches(config.documentCaches),
    logger: {
      debug: (message: string) => logger.debug(message),
      info: (message: string) => logger.info(message),
      warn: (message: string) => logger.warn(message),
      error: (message: string) => logger.error(message),
    },
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      config.landingPage
        ? // Sandbox on the gateway's own page, sending the session cookies, so the cookie flow works there.
          ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: true })
        : ApolloServerPluginLandingPageDisabled(),
      // Installed here rather than by Apollo on seeing a subgraph schema, which logs a line at every
      // start that reads as if the operator had to act. A router asking for a trace (the
      // apollo-federation-include-trace header) gets timings, and every error in it masked: no
      // upstream detail reaches it that the client itself does not see.
      ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
      errorsPlugin(logger),
      requestRecordPlugin(),
      ...apolloReportingPlugins(config, options.usageReporting),
    ],
  });
  await apollo.start();

  const deps = {
    upstream,
    api: config.thoughtspotApi,
    cookies: config.cookies,
    userAgent: USER_AGENT,
  };
  const readiness = createReadiness({
    probe: probeThoughtSpot(upstream, USER_AGENT, config.thoughtspotApi),
    cacheMs: config.service.readinessCacheMs,
    logger,
  });
  const metrics = config.service.metricsEnabled
    ? createMetrics({ graphqlPath: config.graphqlPath, version })
    : undefined;
  const quietPaths = [HEALTH_PATHS.live, HEALTH_PATHS.ready, config.service.metricsPath];
  const observers: RequestObserver[] = [
    accessLog(logger, quietPaths),
    ...(metrics ? [metrics] : []),
  ];
  const operational = createOperationalRoutes({
    readiness,
    ...(metrics && { metrics: { path: config.service.metricsPath, metrics } }),
  });
  const server = createServer(serverOptions(config.clients));
  const clients = guardClients(server, config.clients, logger, (reason) => {
    metrics?.clientCut(reason);
  });
  server.on(
    'request',
    createRequestHandler({
      config,
      apollo,
      logger,
      observers,
      operational,
      clients,
      contextFor: (req, record, responseCookies) =>
        createContext(deps, { record, headers: req.headers, responseCookies }),
    }),
  );
  const drain = drainable(server, logger);
  let closing: Promise<void> | undefined;

  return {
    server,
    apollo,
    upstream,
    readiness,
    ...(metrics && { metrics }),
    async listen(port, host) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      const urlHost = address.address.includes(':') ? `[${address.address}]` : address.address;
      return `http://${urlHost}:${address.port}`;
    },
    close(graceMs = config.service.shutdownGraceMs) {
      // Once: a second call waits for the first (a second concurrent apollo.stop() never resolves).
      closing ??= (async () => {
        readiness.drain();
        await drain(graceMs);
        // Every answer is sent or cut by now: a call still running (for a cut request, or a
        // readiness check) has nobody to answer, so it ends now rather than at its timeout.
        await upstream.destroy();
        await apollo.stop();
      })();
      return closing;
    },
  };
}
