import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer, HTTPGraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { Config } from '../config';
import type { GatewayContext } from '../context';
import type { Logger } from '../observability/logger';
import { BodyTooLarge, readBody } from './body';
import { ResponseCookies } from './cookies';
import { createCors } from './cors';
import { requestIdFrom } from './request-id';

export interface HandlerOptions {
  config: Config;
  apollo: ApolloServer<GatewayContext>;
  contextFor(
    req: IncomingMessage,
    requestId: string,
    responseCookies: ResponseCookies,
  ): GatewayContext;
  logger: Logger;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** An error answered before GraphQL runs, in the GraphQL response shape so clients can read it. */
function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  requestId: string,
): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, requestId } }] }));
}

/**
 * Apollo answers some bad requests (CSRF, GET mutations, missing query) without running plugins;
 * those carry the request id too. Only 4xx/5xx bodies are rewritten, so the common path pays nothing.
 */
function withRequestId(body: string, requestId: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: Record<string, unknown> }[] };
    if (!Array.isArray(parsed.errors)) return body;
    for (const error of parsed.errors) error.extensions = { ...error.extensions, requestId };
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
  requestId: string,
): Promise<void> {
  const status = response.status ?? 200;
  res.statusCode = status;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  if (response.body.kind === 'complete') {
    res.end(status >= 400 ? withRequestId(response.body.string, requestId) : response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** The HTTP side of the gateway: routing, CORS, body limits, then Apollo Server, then cookies out. */
export function createRequestHandler(options: HandlerOptions): Handler {
  const { config, apollo, logger } = options;
  const cors = createCors(config.corsOrigins);

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
  ): Promise<void> {
    res.setHeader('x-request-id', requestId);
    // Answers carry sessions, tokens and cookies: no cache anywhere may keep one.
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    if (cors.handle(req, res)) return;

    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const search = queryAt === -1 ? '' : url.slice(queryAt);
    if (path !== config.graphqlPath) {
      sendError(
        res,
        404,
        'NOT_FOUND',
        `Not found: GraphQL is served at ${config.graphqlPath}.`,
        requestId,
      );
      return;
    }
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'POST') {
      res.setHeader('allow', 'GET, POST, OPTIONS');
      sendError(
        res,
        405,
        'METHOD_NOT_ALLOWED',
        `Method ${method} is not allowed: use GET or POST.`,
        requestId,
      );
      return;
    }

    let body: unknown;
    if (method === 'POST') {
      let text: string;
      try {
        text = await readBody(req, config.maxBodyBytes);
      } catch (error) {
        // The caller went away mid-body: nobody to answer, and nothing worth an error log line.
        if (req.destroyed && !(error instanceof BodyTooLarge)) {
          logger.debug({ requestId }, 'caller closed the connection while sending the body');
          return;
        }
        if (!(error instanceof BodyTooLarge)) throw error;
        res.setHeader('connection', 'close');
        sendError(
          res,
          413,
          'PAYLOAD_TOO_LARGE',
          `The request body is larger than ${config.maxBodyBytes} bytes.`,
          requestId,
        );
        return;
      }
      const contentType = req.headers['content-type'] ?? '';
      if (/^application\/(graphql-response\+)?json\b/i.test(contentType) && text !== '') {
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          sendError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.', requestId);
          return;
        }
      } else body = text;
    }

    const responseCookies = new ResponseCookies(
      config.cookies.sameSite ? { sameSite: config.cookies.sameSite } : {},
    );
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers: toHeaderMap(req), search, body },
      context: () => Promise.resolve(options.contextFor(req, requestId, responseCookies)),
    });
    // Each upstream cookie stays its own header: joined, a browser would read one broken cookie.
    if (responseCookies.values.length > 0) res.setHeader('set-cookie', [...responseCookies.values]);
    await writeResponse(res, response, requestId);
  }

  return (req, res) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    handle(req, res, requestId).catch((error: unknown) => {
      logger.error({ err: error, requestId }, 'unhandled error while serving a request');
      if (res.headersSent) res.destroy();
      else sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error', requestId);
    });
  };
}
