import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ClientLimits } from '../config';
import type { Logger } from '../observability/logger';

/**
 * What a slow, idle or greedy client can hold: timeouts on every phase of a request before the
 * gateway works on it, and a cap on open connections. Node enforces the headers, request and
 * keep-alive timeouts and the cap; the body's idle timeout is src/http/body.ts's. Every client cut
 * is counted (metrics) and logged at debug, and a warning says so at most once a minute per reason:
 * a flood of slow clients cannot become a flood of log lines.
 */

export type ClientCut =
  'headers_timeout' | 'request_timeout' | 'body_idle_timeout' | 'connection_limit';

export interface ClientGuard {
  /** Reports a client cut (body.ts's idle timeout is detected by the request handler). */
  cut(reason: ClientCut): void;
}

const WARN_EVERY_MS = 60_000;

const WARNING: Record<ClientCut, string> = {
  headers_timeout: 'clients cut: request headers not complete within HEADERS_TIMEOUT_MS',
  request_timeout: 'clients cut: request not complete within REQUEST_TIMEOUT_MS',
  body_idle_timeout: 'clients cut: request body silent for BODY_IDLE_TIMEOUT_MS',
  connection_limit: 'connections refused: MAX_CONNECTIONS are open',
};

// Node's own answers when no clientError listener is installed (a listener replaces them).
const ANSWERS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: '413 Payload Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
};

/** createServer's options for the limits. */
export function serverOptions(limits: ClientLimits): ServerOptions {
  return {
    keepAlive: true,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the headers and request timeouts this often (every 30 s by default), which adds
    // up to one period to either: a second at most keeps "cut within" close to the configured value.
    connectionsCheckingInterval: Math.min(1000, Math.ceil(limits.headersTimeoutMs / 4)),
  };
}

/** Applies the connection cap, reports the cuts, and holds back Node's automatic 100 Continue. */
export function guardClients(
  server: Server,
  limits: ClientLimits,
  logger: Logger,
  onCut?: (reason: ClientCut) => void,
): ClientGuard {
  server.maxConnections = limits.maxConnections;
  const since = new Map<ClientCut, { at: number; count: number }>();
  const cut = (reason: ClientCut) => {
    onCut?.(reason);
    logger.debug({ reason }, WARNING[reason]);
    const now = performance.now();
    const last = since.get(reason) ?? { at: -Infinity, count: 0 };
    last.count += 1;
    if (now - last.at >= WARN_EVERY_MS) {
      logger.warn({ reason, count: last.count }, `${WARNING[reason]} (at most one line a minute)`);
      last.at = now;
      last.count = 0;
    }
    since.set(reason, last);
  };

  // The request being read on each connection, to tell a headers timeout from a body's.
  const current = new WeakMap<Duplex, { req: IncomingMessage; res: ServerResponse }>();
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    current.set(req.socket, { req, res });
  });
  server.on('drop', () => {
    cut('connection_limit');
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const request = current.get(socket);
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
      cut(request && !request.req.complete ? 'request_timeout' : 'headers_timeout');
    // As Node does without a listener: an answer only if none has started on this connection.
    if (socket.writable && !(request && !request.res.writableFinished && request.res.headersSent))
      socket.write(
        `HTTP/1.1 ${ANSWERS[error.code ?? ''] ?? '400 Bad Request'}\r\nConnection: close\r\n\r\n`,
      );
    socket.destroy(error);
  });
  // The handler decides, once it knows the path and the announced length (src/http/body.ts).
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    server.emit('request', req, res);
  });
  return { cut };
}
