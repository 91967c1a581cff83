import { randomUUID } from 'node:crypto';

// A caller's id is reused only when it cannot forge a log line or a header: short, no spaces or
// control characters.
const ACCEPTABLE = /^[\w.:@/+=-]{1,128}$/;

/** The caller's X-Request-Id when it is safe to echo, else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTABLE.test(value) ? value : randomUUID();
}
