import { GraphQLError } from 'graphql';
import type { UpstreamErrorInfo } from './thoughtspot/envelope';

/**
 * The errors the gateway raises: GraphQL errors (ErrorCode, the factories below) and the refusals
 * answered before GraphQL runs (Refusal). How each leaves (masking, the request id, the code on the
 * request record) is error-responses.ts. Every code a client may see is here (docs/errors.md's
 * table mirrors it); the upstream URL, body, headers, stack and any credential never reach
 * `message` or `extensions`.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  UPSTREAM_TIMEOUT = 'UPSTREAM_TIMEOUT',
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_ERROR = 'UPSTREAM_ERROR',
  /** The operation needs REST API v2.0 and the gateway speaks the beta (THOUGHTSPOT_API=beta). */
  UNSUPPORTED_OPERATION = 'UNSUPPORTED_OPERATION',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** Everything that can go wrong on the way to ThoughtSpot and back. */
export type UpstreamFailure =
  /** No complete answer within the configured time. */
  | { kind: 'timeout'; timeoutMs: number }
  /** Refused, reset, closed, unresolvable: no answer at all. `reason` is for the server log. */
  | { kind: 'unavailable'; reason: string }
  /** An HTTP answer that is not a success. */
  | { kind: 'error-response'; upstream: UpstreamErrorInfo }
  /** A success status with a body that is not what the contract says. `reason` is for the log. */
  | { kind: 'unexpected'; status: number; reason: string };

/** The request id is not here: it is stamped on every error on the way out (error-responses.ts). */
export interface GatewayErrorExtensions {
  code: ErrorCode;
  /** What ThoughtSpot said, as far as it can be read (thoughtspot/envelope.ts). */
  upstream?: UpstreamErrorInfo;
}

/** Every error the gateway raises on purpose; anything else is masked by formatError. */
export class GatewayError extends GraphQLError {
  declare readonly extensions: GatewayErrorExtensions & Record<string, unknown>;

  constructor(
    message: string,
    extensions: GatewayErrorExtensions,
    /** For the server log only (never sent to the client): what the upstream did, in a few words. */
    readonly logDetail?: string,
  ) {
    super(message, { extensions: { ...extensions } });
    this.name = 'GatewayError';
  }
}

const STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  400: ErrorCode.BAD_USER_INPUT,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  // A proxy's "gateway timeout" or a request timeout mean the same to a client as our own timeout.
  408: ErrorCode.UPSTREAM_TIMEOUT,
  504: ErrorCode.UPSTREAM_TIMEOUT,
};

export const MESSAGES: Readonly<Record<ErrorCode, string>> = {
  [ErrorCode.BAD_USER_INPUT]: 'ThoughtSpot rejected the request as invalid.',
  [ErrorCode.UNAUTHENTICATED]:
    'Not authenticated: the ThoughtSpot credentials are missing, invalid, expired or revoked.',
  [ErrorCode.FORBIDDEN]: 'ThoughtSpot refused access.',
  [ErrorCode.UPSTREAM_TIMEOUT]: 'ThoughtSpot did not answer in time.',
  [ErrorCode.UPSTREAM_UNAVAILABLE]: 'ThoughtSpot could not be reached.',
  [ErrorCode.UPSTREAM_ERROR]: 'ThoughtSpot failed to handle the request.',
  [ErrorCode.UNSUPPORTED_OPERATION]:
    "Not available here: this gateway speaks ThoughtSpot's deprecated beta REST API, which has no endpoint for it.",
  [ErrorCode.INTERNAL_SERVER_ERROR]: 'Internal server error',
};

export function codeForUpstreamStatus(status: number): ErrorCode {
  return STATUS_CODES[status] ?? ErrorCode.UPSTREAM_ERROR;
}

/** Maps one failed upstream call to the error the caller sees. */
export function upstreamError(failure: UpstreamFailure): GatewayError {
  switch (failure.kind) {
    case 'timeout':
      return new GatewayError(
        `ThoughtSpot did not answer within ${failure.timeoutMs} ms.`,
        { code: ErrorCode.UPSTREAM_TIMEOUT },
        `timeout after ${failure.timeoutMs} ms`,
      );
    case 'unavailable':
      return new GatewayError(
        MESSAGES[ErrorCode.UPSTREAM_UNAVAILABLE],
        { code: ErrorCode.UPSTREAM_UNAVAILABLE },
        failure.reason,
      );
    case 'error-response': {
      const code = codeForUpstreamStatus(failure.upstream.status);
      // A refused credential or bad input is the caller's business; a failing upstream is the operator's.
      const serverSide = code === ErrorCode.UPSTREAM_ERROR || code === ErrorCode.UPSTREAM_TIMEOUT;
      return new GatewayError(
        MESSAGES[code],
        { code, upstream: failure.upstream },
        serverSide ? `upstream status ${failure.upstream.status}` : undefined,
      );
    }
    case 'unexpected':
      return new GatewayError(
        'ThoughtSpot returned an unexpected response.',
        { code: ErrorCode.UPSTREAM_ERROR, upstream: { status: failure.status } },
        failure.reason,
      );
  }
}

/** Input the gateway refuses itself, before any upstream call. */
export function badUserInput(message: string): GatewayError {
  return new GatewayError(message, { code: ErrorCode.BAD_USER_INPUT });
}

/** A call the gateway knows needs a credential that was not sent, refused before any upstream call. */
export function unauthenticated(message: string): GatewayError {
  return new GatewayError(message, { code: ErrorCode.UNAUTHENTICATED });
}

/** A field the configured ThoughtSpot API cannot serve (the beta has no such endpoint). */
export function unsupportedOperation(field: string): GatewayError {
  return new GatewayError(`${field}: ${MESSAGES[ErrorCode.UNSUPPORTED_OPERATION]}`, {
    code: ErrorCode.UNSUPPORTED_OPERATION,
  });
}

/**
 * A request refused before GraphQL runs (routing, method, body, query string), or a failure of the
 * HTTP side itself. It is answered in the GraphQL response shape, so clients read it like any other.
 */
export class Refusal {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
    /** Headers the answer needs, e.g. Allow for a 405. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {}
}

// Made per refusal, off the hot path; the request id is stamped on the way out (error-responses.ts).
export const refusals = {
  notFound: (graphqlPath: string) =>
    new Refusal(404, 'NOT_FOUND', `Not found: GraphQL is served at ${graphqlPath}.`),
  /** `use` is what the message suggests ("GET or POST"), `allow` the Allow header. */
  methodNotAllowed: (method: string, use: string, allow: string) =>
    new Refusal(405, 'METHOD_NOT_ALLOWED', `Method ${method} is not allowed: use ${use}.`, {
      allow,
    }),
  bodyNotUtf8: () => new Refusal(400, 'BAD_REQUEST', 'The request body is not valid UTF-8.'),
  bodyNotJson: () => new Refusal(400, 'BAD_REQUEST', 'The request body is not valid JSON.'),
  bodyStalled: (idleMs: number) =>
    new Refusal(408, 'REQUEST_TIMEOUT', `The request body stalled: nothing came for ${idleMs} ms.`),
  bodyTooLarge: (maxBytes: number) =>
    new Refusal(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes.`),
  queryStringMalformed: () =>
    new Refusal(
      400,
      'BAD_REQUEST',
      'The query string is not well formed: a % escape is malformed or not UTF-8.',
    ),
  /** The HTTP side failed while serving the request (logged where it is caught). */
  internal: () =>
    new Refusal(500, ErrorCode.INTERNAL_SERVER_ERROR, MESSAGES[ErrorCode.INTERNAL_SERVER_ERROR]),
};
