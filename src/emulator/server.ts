import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { readCookie, SESSION_COOKIE } from './cookies';
import { errorEnvelope, ThoughtSpotError } from './errors';
import type { FaultController, FaultRule } from './faults';
import { htmlErrorPage, MALFORMED_JSON } from './faults';
import { parseJsonBody, readBody, sendError, sendJson } from './http';
import type { Credentials } from './records';
import type { Reply } from './routes';
import { GRAPHQL_FIELDS, ROUTES } from './routes';
import type { EmulatorState } from './state';
import { handleControl, CONTROL_PREFIX } from './control';
import type { RequestCounts } from './request-counts';

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

/** The bearer token and session cookie of a request; an empty `Bearer ` is no token (§11.12). */
export function credentialsOf(req: IncomingMessage): Credentials {
  const credentials: Credentials = {};
  const match = BEARER.exec(req.headers.authorization ?? '');
  const bearer = match?.[1]?.trim();
  if (bearer) credentials.bearer = bearer;
  const sessionId = readCookie(req.headers.cookie, SESSION_COOKIE);
  if (sessionId !== undefined) credentials.sessionId = sessionId;
  return credentials;
}

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
    const route = ROUTES.get(path);
    deps.requests.count(route?.operation);
    if (!route) {
      sendError(res, new ThoughtSpotError(404, `No endpoint at ${req.method ?? ''} ${path}`));
      return;
    }
    const operation = GRAPHQL_FIELDS[route.operation];
    if (req.method !== route.method) {
      sendError(
        res,
        new ThoughtSpotError(
          405,
          `Method ${req.method ?? ''} is not allowed on ${path}: use ${route.method}`,
        ),
        operation,
        { Allow: route.method },
      );
      return;
    }

    const fault = deps.faults.enabled ? deps.faults.take(route.operation) : undefined;
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
      const body = route.readsBody
        ? parseJsonBody(req, await readBody(req, deps.maxBodyBytes))
        : undefined;
      reply = route.handle({
        state: deps.state,
        credentials: credentialsOf(req),
        acceptLanguage: req.headers['accept-language'] ?? '',
        body,
      });
    } catch (error) {
      reply = failure(error, operation, deps.log);
      // Past the size limit the rest of the body was not read: the connection cannot be reused.
      if (error instanceof ThoughtSpotError && error.status === 413)
        res.setHeader('Connection', 'close');
    }
    if (fault?.mode === 'truncated-json') {
      sendTruncated(res, reply);
      return;
    }
    sendJson(
      res,
      reply.status,
      reply.body,
      reply.setCookie ? { 'Set-Cookie': reply.setCookie } : {},
    );
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
      if (!res.headersSent) sendError(res, new ThoughtSpotError(500, 'Internal error'));
      else res.destroy();
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

/** A failed operation as a reply: the HTTP 500 envelope, with the upstream status inside. */
function failure(error: unknown, operation: string, log?: (line: string) => void): Reply {
  if (error instanceof ThoughtSpotError) {
    return { status: 500, body: errorEnvelope(error, operation) };
  }
  log?.(
    `emulator: unexpected error in ${operation}: ${error instanceof Error ? error.message : String(error)}`,
  );
  return {
    status: 500,
    body: errorEnvelope(new ThoughtSpotError(500, 'Internal error'), operation),
  };
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

/** The real answer's headers and the first half of its body, then the connection closes. */
function sendTruncated(res: ServerResponse, reply: Reply): void {
  const text = Buffer.from(JSON.stringify(reply.body));
  res.writeHead(reply.status, {
    'Content-Type': 'application/json',
    'Content-Length': text.length,
    ...(reply.setCookie && { 'Set-Cookie': reply.setCookie }),
  });
  res.write(text.subarray(0, Math.floor(text.length / 2)), () => res.destroy());
}
