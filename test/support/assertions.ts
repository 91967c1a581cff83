import { THOUGHTSPOT_ERROR_CODES } from '../../src/emulator';
import type { CallResult } from './http';
import { upstreamError } from './http';

export type UpstreamStatus = keyof typeof THOUGHTSPOT_ERROR_CODES;

/**
 * An HTTP 500 carrying the §11.1 envelope with this upstream status and its code, and, when given,
 * the GraphQL field of the operation in `path`.
 */
export function expectFailure(res: CallResult, status: UpstreamStatus, operation?: string): void {
  expect(res.status).toBe(500);
  const upstream = upstreamError(res.json);
  expect(upstream).toBeDefined();
  expect(upstream?.status).toBe(status);
  expect(upstream?.code).toBe(THOUGHTSPOT_ERROR_CODES[status]);
  if (operation !== undefined) expect(upstream?.path).toEqual([operation]);
}
