import { randomUUID } from 'node:crypto';

/**
 * The statuses the emulator puts inside its error envelope (behaviour spec §11.2, plus the HTTP
 * meanings for requests that never reach an endpoint).
 */
export type UpstreamStatus = 400 | 401 | 403 | 404 | 405 | 413 | 415 | 500;

/**
 * ThoughtSpot's numeric error codes. Only 10002 (invalid parameter values) is documented for this
 * API; the others are the emulator's own, stable so tests and clients can rely on them, but a real
 * cluster may send other numbers: a client must decide on the status, not on these.
 */
export const THOUGHTSPOT_ERROR_CODES: Readonly<Record<UpstreamStatus, number>> = Object.freeze({
  400: 10002,
  401: 10003,
  403: 10004,
  404: 10005,
  405: 10006,
  413: 10007,
  415: 10008,
  500: 10000,
});

/** A failure of a ThoughtSpot operation: what the emulator answers with the §11.1 envelope. */
export class ThoughtSpotError extends Error {
  constructor(
    readonly status: UpstreamStatus,
    /** Goes to `debug`: what a developer needs to fix the call. Never holds a credential. */
    readonly debug: string,
  ) {
    super(debug);
    this.name = 'ThoughtSpotError';
  }
}

export const invalidParameter = (debug: string) => new ThoughtSpotError(400, debug);
export const unauthorized = (debug: string) => new ThoughtSpotError(401, debug);
export const forbidden = (debug: string) => new ThoughtSpotError(403, debug);

export interface ErrorEnvelope {
  error: {
    errors: {
      message: string;
      locations: { line: number; column: number };
      path: string[];
      extension: {
        service: 'CALLOSUM';
        code: 'UPSTREAM_FAILURE';
        exception: {
          service: 'CALLOSUM';
          upstreamResponse: {
            data: { code: number; incident_id_guid: string; trace_id_guid: string; debug: string };
            status: number;
          };
        };
      };
    };
  };
}

/**
 * The SPEC-shaped envelope of §11.1, without a stack trace, with fresh incident and trace ids.
 * `operation` is the GraphQL field behind the REST route (e.g. `restapiV2__login`), or none for a
 * request that matched no route.
 */
export function errorEnvelope(error: ThoughtSpotError, operation?: string): ErrorEnvelope {
  return {
    error: {
      errors: {
        message: `Request failed with status code ${error.status}`,
        locations: { line: 2, column: 3 },
        path: operation === undefined ? [] : [operation],
        extension: {
          service: 'CALLOSUM',
          code: 'UPSTREAM_FAILURE',
          exception: {
            service: 'CALLOSUM',
            upstreamResponse: {
              data: {
                code: THOUGHTSPOT_ERROR_CODES[error.status],
                incident_id_guid: randomUUID(),
                trace_id_guid: randomUUID(),
                debug: error.debug,
              },
              status: error.status,
            },
          },
        },
      },
    },
  };
}
