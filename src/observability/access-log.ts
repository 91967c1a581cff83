import type { Logger } from './logger';
import type { RequestObserver } from './request-record';

/**
 * The longest a string the caller chose (operation name, path) is logged: GraphQL names are far
 * shorter, and a body or URL full of one could otherwise make a single line ~100 KB.
 */
export const MAX_LOGGED_CHARS = 256;

/** `value` cut to MAX_LOGGED_CHARS, ending with "…" when cut, never inside a surrogate pair. */
export function clip(value: string): string;
export function clip(value: string | undefined): string | undefined;
export function clip(value: string | undefined): string | undefined {
  if (value === undefined || value.length <= MAX_LOGGED_CHARS) return value;
  let end = MAX_LOGGED_CHARS - 1;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${value.slice(0, end)}…`;
}

/**
 * One structured line per request. Built from the request record only, which holds no headers,
 * query string, variables or bodies: a credential cannot reach this line even unredacted.
 * Requests to `quietPaths` (probes and scrapes: a dozen a minute per replica, all alike) are logged
 * at debug, so that info shows what callers did.
 */
export function accessLog(logger: Logger, quietPaths: readonly string[] = []): RequestObserver {
  const quiet = new Set(quietPaths);
  return {
    requestFinished({ record, status, durationMs, aborted }) {
      let upstreamMs = 0;
      for (const call of record.upstreamCalls) upstreamMs += call.durationMs;
      const level = quiet.has(record.path) ? 'debug' : 'info';
      logger[level](
        {
          requestId: record.requestId,
          method: record.method,
          path: clip(record.path),
          status,
          operationName: clip(record.operationName),
          operationType: record.operationType,
          rootFields: record.rootFields,
          code: record.errorCode,
          durationMs: round(durationMs),
          upstreamCalls: record.upstreamCalls.length,
          upstreamMs: round(upstreamMs),
          ...(aborted && { aborted }),
        },
        'request',
      );
    },
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
