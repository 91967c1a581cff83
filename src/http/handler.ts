import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { Config } from '../config';
import type { GatewayContext } from '../context';
import { sendRefusal } from '../error-responses';
import { Refusal, refusals } from '../errors';
import type { Logger } from '../observability/logger';
import type { RequestObserver } from '../observability/request-record';
import { RequestRecord } from '../observability/request-record';
import { discardBody } from './body';
import type { ClientGuard } from './clients';
import { createCors } from './cors';
import type { InputOutcome } from './graphql-input';
import { ABANDONED, queryStringInput, readGraphQLBody } from './graphql-input';
import type { ContextFor } from './graphql-request';
import { executeGraphQL } from './graphql-request';
import type { OperationalRoutes } from './operational-routes';
import { requestIdFrom } from './request-id';
import { routeRefusal } from './route';
import { setSecurityHeaders } from './security-headers';
import { createTurns } from './turns';
import { writeResponse } from './write-response';

export interface HandlerOptions {
  config: Config;
  apollo: ApolloServer<GatewayContext>;
  contextFor: ContextFor;
  logger: Logger;
  /** Told when each request starts and ends (access log, metrics). */
  observers: readonly RequestObserver[];
  /** Health checks and metrics, answered before CORS and GraphQL. */
  operational: OperationalRoutes;
  /** Told of a client cut for a body gone silent. */
  clients: ClientGuard;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The HTTP side of the gateway, one step after the other: security headers, the operational
 * routes, CORS, route and method, the body or query string, Apollo Server (cookies out), writing.
 * Each step is its own module; a step that answers ends the chain.
 */
export function createRequestHandler(options: HandlerOptions): Handler {
  const { config, apollo, logger, observers, operational, contextFor } = options;
  const { graphqlPath } = config;
  const cors = createCors(config.corsOrigins);
  // GraphQL work starts one request per event-loop turn, so probes are never stuck behind a flood.
  const turn = createTurns();
  const reading = {
    limits: { maxBytes: config.maxBodyBytes, idleMs: config.clients.bodyIdleTimeoutMs },
    clients: options.clients,
    logger,
  };

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    record: RequestRecord,
    path: string,
    search: string,
  ): Promise<void> {
    setSecurityHeaders(res, record.requestId);
    const method = req.method ?? 'GET';
    const graphqlPost = method === 'POST' && path === graphqlPath;
    // Only a GraphQL POST reads its body; any other is bounded all the same.
    if (!graphqlPost) discardBody(req, res, reading.limits);
    if ((await operational.serve(req, res, path, record)) || cors.handle(req, res)) return;
    const input: InputOutcome =
      routeRefusal(method, path, graphqlPath) ??
      (graphqlPost
        ? await readGraphQLBody(req, res, reading, record.requestId)
        : queryStringInput(search));
    if (input === ABANDONED) return;
    if (input instanceof Refusal) {
      sendRefusal(res, input, record);
      return;
    }
    await turn();
    const response = await executeGraphQL(
      apollo,
      contextFor,
      config.cookies,
      req,
      res,
      record,
      search,
      input.body,
    );
    await writeResponse(res, response, record);
  }

  return (req, res) => {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const search = queryAt === -1 ? '' : url.slice(queryAt);
    const record = new RequestRecord(
      requestIdFrom(req.headers['x-request-id']),
      req.method ?? 'GET',
      path,
    );
    for (const observer of observers) observer.requestStarted?.(record);
    res.once('close', () => {
      const finished = {
        record,
        status: res.statusCode,
        durationMs: performance.now() - record.startedAt,
        aborted: !res.writableFinished,
      };
      for (const observer of observers) observer.requestFinished(finished);
    });
    handle(req, res, record, path, search).catch((error: unknown) => {
      logger.error(
        { err: error, requestId: record.requestId },
        'unhandled error while serving a request',
      );
      if (res.headersSent) res.destroy();
      else sendRefusal(res, refusals.internal(), record);
    });
  };
}
