import type { ServerResponse } from 'node:http';

/** First on every answer, whatever answers it: probes, refusals, GraphQL. */
export function setSecurityHeaders(res: ServerResponse, requestId: string): void {
  res.setHeader('x-request-id', requestId);
  // Answers carry sessions, tokens and cookies: no cache anywhere may keep one.
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-content-type-options', 'nosniff');
}
