import type { Logger } from './logger';
import type { RequestObserver } from './request-record';

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
          path: record.path,
          status,
          operationName: record.operationName,
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
