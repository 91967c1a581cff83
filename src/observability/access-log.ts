import type { Logger } from './logger';
import type { RequestObserver } from './request-record';

/**
 * One structured line per request. Built from the request record only, which holds no headers,
 * query string, variables or bodies: a credential cannot reach this line even unredacted.
 */
export function accessLog(logger: Logger): RequestObserver {
  return {
    requestFinished({ record, status, durationMs, aborted }) {
      let upstreamMs = 0;
      for (const call of record.upstreamCalls) upstreamMs += call.durationMs;
      logger.info(
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
