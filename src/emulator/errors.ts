import { randomUUID } from 'node:crypto';
import type { BetaErrorEnvelope, V2ErrorEnvelope } from '../contract';
import { V2_ERROR_CODES } from '../contract';

/**
 * The statuses the emulator puts inside its error envelope (beta-behaviour.md §11.2, plus the HTTP
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

/** A failure of a ThoughtSpot operation: what the emulator answers with the beta-behaviour.md §11.1 envelope. */
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

/** The beta's envelope, as the contract describes it. */
export type ErrorEnvelope = BetaErrorEnvelope;

/**
 * The SPEC-shaped envelope of beta-behaviour.md §11.1, without a stack trace, with fresh incident and trace ids.
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

/**
 * ThoughtSpot's codes on v2.0 (rest-2.0-auth.md §5, §9.8) for the statuses it documents; for the
 * four it does not (404, 405, 413, 415) the emulator's own numbers, the same as on the beta.
 */
export const V2_EMULATOR_ERROR_CODES: Readonly<Record<UpstreamStatus, number>> = Object.freeze({
  400: V2_ERROR_CODES.badRequest,
  401: V2_ERROR_CODES.unauthenticated,
  403: V2_ERROR_CODES.forbidden,
  404: THOUGHTSPOT_ERROR_CODES[404],
  405: THOUGHTSPOT_ERROR_CODES[405],
  413: THOUGHTSPOT_ERROR_CODES[413],
  415: THOUGHTSPOT_ERROR_CODES[415],
  500: V2_ERROR_CODES.internal,
});

/** The OpenAPI's flat envelope (rest-2.0-auth.md §9.1), sent with the real HTTP status. */
export function v2ErrorEnvelope(error: ThoughtSpotError): V2ErrorEnvelope {
  return flatEnvelope(error, error.debug);
}

/**
 * The v1 org endpoints fail with the same flat envelope, but with `debug` a JSON-encoded array of
 * strings, as bodies recorded from v1 endpoints carry it (beta-behaviour.md §6).
 */
export function v1ErrorEnvelope(error: ThoughtSpotError): V2ErrorEnvelope {
  return flatEnvelope(error, JSON.stringify([error.debug]));
}

function flatEnvelope(error: ThoughtSpotError, debug: string): V2ErrorEnvelope {
  const id = randomUUID();
  return {
    error: {
      message: {
        code: V2_EMULATOR_ERROR_CODES[error.status],
        incident_id_guid: id,
        trace_id_guid: id,
        debug,
      },
    },
  };
}
