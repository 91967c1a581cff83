import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for browser apps on other origins. Only the configured origins get an answer, and they get it
 * with credentials allowed (the session cookies are the point); every other origin gets no CORS
 * headers at all, so the browser keeps the response from the page. Never `*`.
 */

const ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'x-request-id',
  'traceparent',
  'tracestate',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
].join(', ');

export interface Cors {
  /** Sets the CORS headers of any response; true when the request was a preflight, now answered. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

export function createCors(origins: readonly string[]): Cors {
  const allowed = new Set(origins);
  return {
    handle(req, res) {
      const origin = req.headers.origin;
      const preflight =
        req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
      // The answer depends on Origin, so no shared cache may reuse it for another origin.
      res.setHeader('vary', 'Origin');
      if (origin !== undefined && allowed.has(origin)) {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('access-control-allow-credentials', 'true');
        res.setHeader('access-control-expose-headers', 'x-request-id');
        if (preflight) {
          res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
          res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
          res.setHeader('access-control-max-age', '600');
        }
      }
      if (!preflight) return false;
      res.statusCode = 204;
      res.end();
      return true;
    },
  };
}
