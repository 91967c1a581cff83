import { THOUGHTSPOT_ERROR_CODES } from '../../src/emulator';
import type { CallResult } from './http';
import { upstreamError } from './http';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const A_UUID: unknown = expect.stringMatching(UUID);
const A_STRING: unknown = expect.any(String);

export type UpstreamStatus = keyof typeof THOUGHTSPOT_ERROR_CODES;

/**
 * An HTTP 500 carrying the beta-behaviour.md §11.1 envelope with this upstream status and its code, and, when given,
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

/** Asserts the beta-behaviour.md §11.1 envelope: HTTP 500, JSON, the upstream status and code inside. */
export function expectEnvelope(
  res: CallResult,
  status: number,
  code: number,
  path: string[],
  debug?: string | RegExp,
): void {
  expect(res.status).toBe(500);
  expect(res.headers['content-type']).toBe('application/json');
  expect(res.json).toEqual({
    error: {
      errors: {
        message: `Request failed with status code ${status}`,
        locations: { line: 2, column: 3 },
        path,
        extension: {
          service: 'CALLOSUM',
          code: 'UPSTREAM_FAILURE',
          exception: {
            service: 'CALLOSUM',
            upstreamResponse: {
              data: {
                code,
                incident_id_guid: A_UUID,
                trace_id_guid: A_UUID,
                debug: A_STRING,
              },
              status,
            },
          },
        },
      },
    },
  });
  if (typeof debug === 'string') expect(upstreamError(res.json)?.debug).toBe(debug);
  else if (debug) expect(upstreamError(res.json)?.debug).toMatch(debug);
}
