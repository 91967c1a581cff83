import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer, HTTPGraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { Config } from '../config';
import type { GatewayContext } from '../context';
import type { Logger } from '../observability/logger';
import type { RequestObserver } from '../observability/request-record';
import { RequestRecord } from '../observability/request-record';
import { BodyAborted, BodyIdle, BodyNotUtf8, BodyTooLarge, discardBody, readBody } from './body';
import type { ClientGuard } from './clients';
import { ResponseCookies } from './cookies';
import { createCors } from './cors';
import type { OperationalRoutes } from './operational-routes';
import { isWellFormedQueryString } from './query-string';
import { requestIdFrom } from './request-id';
import { createTurns } from './turns';

export interface HandlerOptions {
  config: Config;
  apollo: ApolloServer<GatewayContext>;
  contextFor(
    req: IncomingMessage,
    record: RequestRecord,
    responseCookies: ResponseCookies,
  ): GatewayContext;
  logger: Logger;
  /** Told when each request starts and ends (access log, metrics). */
  observers: readonly RequestObserver[];
  /** Health checks and metrics, answered before CORS and GraphQL. */
  operational: OperationalRoutes;
  /** Told of a client cut for a body gone silent. */
  clients: ClientGuard;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** An error answered before GraphQL runs, in the GraphQL response shape so clients can read it. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  record: RequestRecord,
): void {
  record.errorCode = code;
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(
    JSON.stringify({ errors: [{ message, extensions: { code, requestId: record.requestId } }] }),
  );
}

/**
 * Apollo answers some bad requests (CSRF, GET mutations, missing query) without running plugins;
 * those carry the request id too, and their code goes on the record. Only 4xx/5xx bodies are
 * rewritten, so the common path pays nothing.
 */
function withRequestId(body: string, record: RequestRecord): string {
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: Record<string, unknown> }[] };
    if (!Array.isArray(parsed.errors)) return body;
    const { requestId } = record;
    for (const error of parsed.errors) error.extensions = { ...error.extensions, requestId };
    const code = parsed.errors[0]?.extensions?.code;
    if (record.errorCode === undefined && typeof code === 'string') record.errorCode = code;
    return JSON.stringify(parsed);
  } catch {
    return body;
  }
}

function toHeaderMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

async function writeResponse(
  res: ServerResponse,
  response: HTTPGraphQLResponse,
  record: RequestRecord,
): Promise<void> {
  const status = response.status ?? 200;
  res.statusCode = status;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  if (response.body.kind === 'complete') {
    res.end(status >= 400 ? withRequestId(response.body.string, record) : response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** The HTTP side of the gateway: routing, CORS, body limits, then Apollo Server, then cookies out. */
export function createRequestHandler(options: HandlerOptions): Handler {
  const { config, apollo, logger, observers } = options;
  const cors = createCors(config.corsOrigins);
  // GraphQL work starts one request per event-loop turn, so probes are never stuck behind a flood.
  const turn = createTurns();
  const bodyLimits = { maxBytes: config.maxBodyBytes, idleMs: config.clients.bodyIdleTimeoutMs };

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    record: RequestRecord,
    path: string,
    search: string,
  ): Promise<void> {
    const { requestId } = record;
    res.setHeader('x-request-id', requestId);
    // Answers carry sessions, tokens and cookies: no cache anywhere may keep one.
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    const method = req.method ?? 'GET';
    // Only a GraphQL POST reads its body; any other is bounded all the same.
    if (method !== 'POST' || path !== config.graphqlPath) discardBody(req, res, bodyLimits);
    if (await options.operational.serve(req, res, path, record)) return;
    if (cors.handle(req, res)) return;

    if (path !== config.graphqlPath) {
      sendError(
        res,
        404,
        'NOT_FOUND',
        `Not found: GraphQL is served at ${config.graphqlPath}.`,
        record,
      );
      return;
    }
    if (method !== 'GET' && method !== 'POST') {
      res.setHeader('allow', 'GET, POST, OPTIONS');
      sendError(
        res,
        405,
        'METHOD_NOT_ALLOWED',
        `Method ${method} is not allowed: use GET or POST.`,
        record,
      );
      return;
    }

    let body: unknown;
    if (method === 'POST') {
      let text: string;
      try {
        text = await readBody(req, res, bodyLimits);
      } catch (error) {
        // First: the whole body was read, so the request stream is done by now.
        if (error instanceof BodyNotUtf8) {
          sendError(res, 400, 'BAD_REQUEST', 'The request body is not valid UTF-8.', record);
          return;
        }
        // The caller went away mid-body (or Node cut it at REQUEST_TIMEOUT_MS and answered 408):
        // nobody to answer, and nothing worth an error log line.
        if (error instanceof BodyAborted) {
          logger.debug({ requestId }, 'caller closed the connection while sending the body');
          return;
        }
        res.setHeader('connection', 'close');
        if (error instanceof BodyIdle) {
          options.clients.cut('body_idle_timeout');
          sendError(
            res,
            408,
            'REQUEST_TIMEOUT',
            `The request body stalled: nothing came for ${config.clients.bodyIdleTimeoutMs} ms.`,
            record,
          );
          return;
        }
        if (!(error instanceof BodyTooLarge)) throw error;
        sendError(
          res,
          413,
          'PAYLOAD_TOO_LARGE',
          `The request body is larger than ${config.maxBodyBytes} bytes.`,
          record,
        );
        return;
      }
      const contentType = req.headers['content-type'] ?? '';
      if (/^application\/(graphql-response\+)?json\b/i.test(contentType) && text !== '') {
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          sendError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.', record);
          return;
        }
      } else body = text;
    } else if (!isWellFormedQueryString(search)) {
      sendError(
        res,
        400,
        'BAD_REQUEST',
        'The query string is not well formed: a % escape is malformed or not UTF-8.',
        record,
      );
      return;
    }

    await turn();
    const responseCookies = new ResponseCookies({
      ...config.cookies,
      onDropped: (reason) => record.droppedCookies.push(reason),
    });
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers: toHeaderMap(req), search, body },
      context: () => Promise.resolve(options.contextFor(req, record, responseCookies)),
    });
    // Each upstream cookie stays its own header: joined, a browser would read one broken cookie.
    if (responseCookies.values.length > 0) res.setHeader('set-cookie', [...responseCookies.values]);
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
      else sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error', record);
    });
  };
}
