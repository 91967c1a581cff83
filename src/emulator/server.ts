import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Endpoint, HttpMethod } from '../contract';
import { V1_ORGS_PATH, V2_BASE_PATH } from '../contract';
import { readCookie, SESSION_COOKIE } from './cookies';
import { ThoughtSpotError } from './errors';
import type { FaultController, FaultRule } from './faults';
import { htmlErrorPage, MALFORMED_JSON } from './faults';
import {
  errorReply,
  parseFormBody,
  parseJsonRequest,
  readBody,
  sendEmpty,
  sendError,
  sendJson,
} from './http';
import type { Credentials } from './records';
import type { Reply, Route } from './routes';
import { BETA_ROUTES, GRAPHQL_FIELDS } from './routes';
import type { EmulatorState } from './state';
import { handleControl, CONTROL_PREFIX } from './control';
import type { RequestCounts } from './request-counts';
import { V2_ROUTES } from './v2-routes';

export interface ServerDeps {
  state: EmulatorState;
  faults: FaultController;
  maxBodyBytes: number;
  /** Counts every request but the control API's. */
  requests: RequestCounts;
  /** Receives one line per request (method, path, status, time) and unexpected errors. */
  log?: (line: string) => void;
}

export interface EmulatorListener {
  listener: RequestListener;
  /** Cancels pending latency timers, so close() does not wait for them. */
  cancelTimers: () => void;
}

const BEARER = /^\s*Bearer(?:\s+(.*))?$/i;

/**
 * The bearer token and session cookie of a request, whichever API it calls; an empty `Bearer ` is
 * no token (beta-behaviour.md §11.12).
 */
export function credentialsOf(req: IncomingMessage): Credentials {
  const credentials: Credentials = {};
  const match = BEARER.exec(req.headers.authorization ?? '');
  const bearer = match?.[1]?.trim();
  if (bearer) credentials.bearer = bearer;
  const sessionId = readCookie(req.headers.cookie, SESSION_COOKIE);
  if (sessionId !== undefined) credentials.sessionId = sessionId;
  return credentials;
}

/** Every route of both APIs, by path, then by method (the v1 org path serves GET and PUT). */
const ROUTES: ReadonlyMap<string, ReadonlyMap<HttpMethod, Route>> = (() => {
  const byPath = new Map<string, Map<HttpMethod, Route>>();
  for (const route of [...BETA_ROUTES, ...V2_ROUTES]) {
    const { path, method } = route.endpoint;
    const methods = byPath.get(path) ?? new Map<HttpMethod, Route>();
    if (methods.has(method)) throw new Error(`two routes for ${method} ${path}`);
    methods.set(method, route);
    byPath.set(path, methods);
  }
  return byPath;
})();

/** Whose error shape a path answers with when no route matches it. */
function familyOfPath(path: string): Endpoint['family'] {
  if (path === V2_BASE_PATH || path.startsWith(`${V2_BASE_PATH}/`)) return '2.0';
  if (path.startsWith('/callosum/') || path === V1_ORGS_PATH) return 'v1';
  return 'beta';
}

const graphqlField = (route: Route): string | undefined =>
  route.endpoint.family === 'beta'
    ? GRAPHQL_FIELDS[route.endpoint.action as keyof typeof GRAPHQL_FIELDS]
    : undefined;

export function createListener(deps: ServerDeps): EmulatorListener {
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (deps.faults.enabled && path.startsWith(CONTROL_PREFIX)) {
      await handleControl(req, res, path, deps);
      return;
    }
    const methods = ROUTES.get(path);
    const route = methods?.get(req.method as HttpMethod);
    // A wrong method is still a request for the endpoint, when the path names only one.
    const only = methods?.size === 1 ? [...methods.values()][0] : undefined;
    deps.requests.count((route ?? only)?.endpoint.action);
    if (!methods) {
      const family = familyOfPath(path);
      const missing = new ThoughtSpotError(404, `No endpoint at ${req.method ?? ''} ${path}`);
      sendError(res, family, missing);
      return;
    }
    if (!route) {
      const allowed = [...methods.keys()].join(', ');
      const any = [...methods.values()][0] as Route;
      sendError(
        res,
        any.endpoint.family,
        new ThoughtSpotError(
          405,
          `Method ${req.method ?? ''} is not allowed on ${path}: use ${allowed}`,
        ),
        only && graphqlField(only),
        { Allow: allowed },
      );
      return;
    }
    const { endpoint } = route;

    const fault = deps.faults.enabled ? deps.faults.take(endpoint.action) : undefined;
    if (fault?.latencyMs) {
      await wait(fault.latencyMs);
      if (res.destroyed) return;
    }
    if (fault?.mode !== undefined && fault.mode !== 'truncated-json') {
      injectFailure(req, res, fault);
      return;
    }

    let reply: Reply;
    try {
      reply = route.handle({
        state: deps.state,
        credentials: credentialsOf(req),
        acceptLanguage: req.headers['accept-language'] ?? '',
        body: await readRequestBody(req, endpoint, deps.maxBodyBytes),
      });
    } catch (error) {
      reply = failure(error, route, deps.log);
      // Past the size limit the rest of the body was not read: the connection cannot be reused.
      if (error instanceof ThoughtSpotError && error.status === 413)
        res.setHeader('Connection', 'close');
    }
    if (fault?.mode === 'truncated-json') {
      sendTruncated(res, reply);
      return;
    }
    const headers: Record<string, string[]> = reply.setCookie
      ? { 'Set-Cookie': reply.setCookie }
      : {};
    if (reply.body === undefined) sendEmpty(res, reply.status, headers);
    else sendJson(res, reply.status, reply.body, headers);
  }

  const listener: RequestListener = (req, res) => {
    const started = deps.log ? process.hrtime.bigint() : 0n;
    if (deps.log) {
      const log = deps.log;
      res.once('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        log(
          `${req.method ?? ''} ${(req.url ?? '').split('?', 1)[0] ?? ''} ${res.statusCode} ${ms.toFixed(1)}ms`,
        );
      });
    }
    handle(req, res).catch((error: unknown) => {
      deps.log?.(
        `emulator: unexpected error: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!res.headersSent) {
        const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
        sendError(res, familyOfPath(path), new ThoughtSpotError(500, 'Internal error'));
      } else res.destroy();
    });
  };

  return {
    listener,
    cancelTimers: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** The body as the endpoint's contract says it travels; a body-less endpoint's body is not read. */
async function readRequestBody(
  req: IncomingMessage,
  endpoint: Endpoint,
  maxBodyBytes: number,
): Promise<unknown> {
  switch (endpoint.body) {
    case 'none':
      return undefined;
    case 'json':
      return parseJsonRequest(req, await readBody(req, maxBodyBytes));
    case 'form':
      return parseFormBody(req, await readBody(req, maxBodyBytes));
  }
}

/** A failed operation as a reply, in the error shape of the route's API. */
function failure(error: unknown, route: Route, log?: (line: string) => void): Reply {
  const field = graphqlField(route);
  if (error instanceof ThoughtSpotError) return errorReply(route.endpoint.family, error, field);
  log?.(
    `emulator: unexpected error in ${route.endpoint.action}: ${error instanceof Error ? error.message : String(error)}`,
  );
  return errorReply(route.endpoint.family, new ThoughtSpotError(500, 'Internal error'), field);
}

function injectFailure(req: IncomingMessage, res: ServerResponse, fault: FaultRule): void {
  switch (fault.mode) {
    case 'status': {
      const status = fault.status ?? 500;
      const body = fault.body ?? '';
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, {
        'Content-Type':
          fault.contentType ?? (typeof body === 'string' ? 'text/plain' : 'application/json'),
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
      return;
    }
    case 'malformed-json':
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(MALFORMED_JSON),
      });
      res.end(MALFORMED_JSON);
      return;
    case 'html': {
      const page = htmlErrorPage(fault.status ?? 502);
      res.writeHead(fault.status ?? 502, {
        'Content-Type': 'text/html',
        'Content-Length': Buffer.byteLength(page),
      });
      res.end(page);
      return;
    }
    case 'drop':
      req.socket.destroy();
      return;
    case 'hang':
    case 'truncated-json':
    case undefined:
      return;
  }
}

/**
 * The real answer cut off: its headers and the first half of its body, then the connection closes.
 * An answer without a body (a 204) has nothing to cut but its head: half of the status line and
 * headers go out, straight on the socket, then it closes.
 */
function sendTruncated(res: ServerResponse, reply: Reply): void {
  if (reply.body === undefined) {
    const lines = [`HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? ''}`];
    for (const cookie of reply.setCookie ?? []) lines.push(`Set-Cookie: ${cookie}`);
    const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
    const socket = res.socket;
    if (!socket) return;
    socket.write(head.subarray(0, Math.floor(head.length / 2)), () => socket.destroy());
    return;
  }
  const text = Buffer.from(JSON.stringify(reply.body));
  res.writeHead(reply.status, {
    'Content-Type': 'application/json',
    'Content-Length': text.length,
    ...(reply.setCookie && { 'Set-Cookie': reply.setCookie }),
  });
  res.write(text.subarray(0, Math.floor(text.length / 2)), () => res.destroy());
}
