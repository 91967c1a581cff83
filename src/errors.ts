import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import type { UpstreamErrorInfo } from './thoughtspot/envelope';

/**
 * The one place that turns failures into GraphQL errors. Every code a client may see is in
 * ErrorCode (the README's error table mirrors it); the upstream URL, body, headers, stack and any
 * credential never reach `message` or `extensions`.
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

export interface GatewayErrorExtensions {
  code: ErrorCode;
  requestId: string;
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

const MESSAGES: Readonly<Record<ErrorCode, string>> = {
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
export function upstreamError(failure: UpstreamFailure, requestId: string): GatewayError {
  switch (failure.kind) {
    case 'timeout':
      return new GatewayError(
        `ThoughtSpot did not answer within ${failure.timeoutMs} ms.`,
        { code: ErrorCode.UPSTREAM_TIMEOUT, requestId },
        `timeout after ${failure.timeoutMs} ms`,
      );
    case 'unavailable':
      return new GatewayError(
        MESSAGES[ErrorCode.UPSTREAM_UNAVAILABLE],
        { code: ErrorCode.UPSTREAM_UNAVAILABLE, requestId },
        failure.reason,
      );
    case 'error-response': {
      const code = codeForUpstreamStatus(failure.upstream.status);
      // A refused credential or bad input is the caller's business; a failing upstream is the operator's.
      const serverSide = code === ErrorCode.UPSTREAM_ERROR || code === ErrorCode.UPSTREAM_TIMEOUT;
      return new GatewayError(
        MESSAGES[code],
        { code, requestId, upstream: failure.upstream },
        serverSide ? `upstream status ${failure.upstream.status}` : undefined,
      );
    }
    case 'unexpected':
      return new GatewayError(
        'ThoughtSpot returned an unexpected response.',
        { code: ErrorCode.UPSTREAM_ERROR, requestId, upstream: { status: failure.status } },
        failure.reason,
      );
  }
}

/** Input the gateway refuses itself, before any upstream call. */
export function badUserInput(message: string, requestId: string): GatewayError {
  return new GatewayError(message, { code: ErrorCode.BAD_USER_INPUT, requestId });
}

/** A call the gateway knows needs a credential that was not sent, refused before any upstream call. */
export function unauthenticated(message: string, requestId: string): GatewayError {
  return new GatewayError(message, { code: ErrorCode.UNAUTHENTICATED, requestId });
}

/** A field the configured ThoughtSpot API cannot serve (the beta has no such endpoint). */
export function unsupportedOperation(field: string, requestId: string): GatewayError {
  return new GatewayError(`${field}: ${MESSAGES[ErrorCode.UNSUPPORTED_OPERATION]}`, {
    code: ErrorCode.UNSUPPORTED_OPERATION,
    requestId,
  });
}

// Errors Apollo Server and graphql-js raise about the request itself: safe and useful to show.
const REQUEST_ERROR_CODES: ReadonlySet<unknown> = new Set([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
]);

/** Whether an error reaches the client as is; everything else is masked and logged. */
export function isExpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof GatewayError) return true;
  if (!(original instanceof GraphQLError)) return false;
  // Apollo wraps graphql-js's own errors (syntax, validation, coercion); a wrapped non-GraphQL
  // error is a thrown bug, whatever code it was given.
  const cause = original.originalError;
  if (cause !== undefined && !(cause instanceof GraphQLError)) return false;
  return REQUEST_ERROR_CODES.has(original.extensions.code) || isUncodedRequestError(original);
}

/**
 * A few of Apollo's request checks (an automatic persisted query whose hash does not match, say)
 * raise a plain GraphQLError with an HTTP 4xx and no code. They are the caller's mistake, not a bug:
 * shown as BAD_REQUEST rather than masked and logged as errors any client could produce at will.
 */
function isUncodedRequestError(error: GraphQLError): boolean {
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return (
    error.extensions.code === undefined &&
    error.path === undefined &&
    typeof status === 'number' &&
    status >= 400 &&
    status < 500
  );
}

/**
 * Apollo Server's formatError: known errors pass with their code; anything else becomes a generic
 * INTERNAL_SERVER_ERROR (the original goes to the server log, see the logging plugin). Stack traces
 * are dropped here whatever the environment, so no configuration can leak them.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  if (isExpectedError(error)) {
    const original = unwrapResolverError(error);
    const uncoded = original instanceof GraphQLError && isUncodedRequestError(original);
    if (formatted.extensions?.stacktrace === undefined && !uncoded) return formatted;
    const extensions = { ...formatted.extensions };
    delete extensions.stacktrace;
    if (uncoded) extensions.code = ApolloServerErrorCode.BAD_REQUEST;
    return { ...formatted, extensions };
  }
  return {
    message: MESSAGES[ErrorCode.INTERNAL_SERVER_ERROR],
    ...(formatted.locations && { locations: formatted.locations }),
    ...(formatted.path && { path: formatted.path }),
    extensions: {
      code: ErrorCode.INTERNAL_SERVER_ERROR,
      ...(typeof formatted.extensions?.requestId === 'string' && {
        requestId: formatted.extensions.requestId,
      }),
    },
  };
}

// graphql-js ends a message with its guesses: ' Did you mean "userName"?', ' Did you mean the enum
// value "FULL"?'. Apollo's hideSchemaDetailsFromClientErrors removes them from validation errors
// only; variable and argument coercion errors carry them too.
const SUGGESTION = / ?Did you mean .+\?$/;

/**
 * formatError for production: the same, without graphql-js's suggestions, which would name the
 * schema's fields, input fields and enum values to callers that may not introspect it.
 */
export function formatErrorWithoutSuggestions(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const result = formatError(formatted, error);
  const message = result.message.replace(SUGGESTION, '');
  return message === result.message ? result : { ...result, message };
}
