import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../observability/logger';

/**
 * Graceful shutdown of the HTTP side, for a server made with it: `drain(graceMs)` stops accepting
 * connections, closes the idle keep-alive ones, lets the requests in flight finish, and after
 * `graceMs` destroys the connections still busy. It resolves once every connection is closed.
 * Every answer not yet sent when draining starts, and every one after, says Connection: close, so a
 * keep-alive client opens its next request on a new connection (to another replica) rather than
 * reusing one that is about to close.
 */
export function drainable(server: Server, logger: Logger): (graceMs: number) => Promise<void> {
  let draining = false;
  const sockets = new Set<Socket>();
  const unanswered = new Set<ServerResponse>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Before the request handler, which may answer at once.
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (draining) {
      res.setHeader('connection', 'close');
      return;
    }
    unanswered.add(res);
    res.once('close', () => unanswered.delete(res));
  });

  return async (graceMs) => {
    draining = true;
    for (const res of unanswered) if (!res.headersSent) res.setHeader('connection', 'close');
    // Resolves once the last connection has closed (at once, with an error, if not listening).
    const closed = new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    server.closeIdleConnections();
    if (unanswered.size > 0)
      logger.info(
        { requests: unanswered.size, graceMs },
        'draining: waiting for the requests in flight',
      );
    const timer = setTimeout(() => {
      logger.warn(
        { connections: sockets.size, graceMs },
        'grace period over: closing the connections still busy',
      );
      server.closeAllConnections();
    }, graceMs);
    try {
      await closed;
    } finally {
      clearTimeout(timer);
    }
  };
}
