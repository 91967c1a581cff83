import type { ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context';
import type { Refusal } from './errors';
import { ErrorCode, GatewayError, MESSAGES } from './errors';
import type { Logger } from './observability/logger';
import type { RequestRecord } from './observability/request-record';

/**
 * The one way out for errors: every error the gateway answers is shaped here (formatError for
 * GraphQL's, sendRefusal for those before GraphQL, stampApolloRefusal for Apollo's own), gets the
 * request id here and has its code put on the request record here, for the access log and the
 * metrics. What raises them is errors.ts.
 */

type Extensions = Readonly<Record<string, unknown>> | undefined;

/** The code first, then the request id, then the rest: one order on every error. */
function stamped(extensions: Extensions, requestId: string): Record<string, unknown> {
  const { code, ...rest } = extensions ?? {};
  return { code, requestId, ...rest };
}

/** A refusal, answered in the GraphQL response shape so that clients read it like any error. */
export function sendRefusal(res: ServerResponse, refusal: Refusal, record: RequestRecord): void {
  const { requestId } = record;
  record.errorCode = refusal.code;
  res.statusCode = refusal.status;
  if (refusal.headers)
    for (const [name, value] of Object.entries(refusal.headers)) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(
    JSON.stringify({
      errors: [{ message: refusal.message, extensions: { code: refusal.code, requestId } }],
    }),
  );
}

/**
 * Apollo refuses some requests (CSRF, a GET mutation, no query) before any plugin runs, and calls
 * formatError without the request: the body it wrote is the only place the request id can go.
 * Only such answers come here (errorsPlugin has already stamped and recorded the others), so the
 * cost falls on refused requests alone.
 */
export function stampApolloRefusal(body: string, record: RequestRecord): string {
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: Record<string, unknown> }[] };
    if (!Array.isArray(parsed.errors)) return body;
    for (const error of parsed.errors)
      error.extensions = stamped(error.extensions, record.requestId);
    const code = parsed.errors[0]?.extensions?.code;
    if (typeof code === 'string') record.errorCode = code;
    return JSON.stringify(parsed);
  } catch {
    return body;
  }
}

/**
 * For every operation Apollo runs: logs what the client does not see, stamps the request id on
 * every error and puts the first error's code on the request record.
 */
export function errorsPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didEncounterErrors({ errors, contextValue: { record } }) {
          for (const error of errors) {
            const original = error.originalError;
            if (original instanceof GatewayError) {
              if (original.logDetail !== undefined)
                logger.warn(
                  { requestId: record.requestId, code: original.extensions.code },
                  `upstream failure: ${original.logDetail}`,
                );
            } else if (!isExpectedError(error)) {
              logger.error({ requestId: record.requestId, err: original ?? error }, 'masked error');
            }
          }
          return Promise.resolve();
        },
        willSendResponse({ response, contextValue: { record } }) {
          if (response.body.kind !== 'single') return Promise.resolve();
          const { errors } = response.body.singleResult;
          if (errors === undefined) return Promise.resolve();
          for (const error of errors)
            Object.assign(error, { extensions: stamped(error.extensions, record.requestId) });
          const code = errors[0]?.extensions?.code;
          if (typeof code === 'string') record.errorCode = code;
          return Promise.resolve();
        },
      });
    },
  };
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
 * INTERNAL_SERVER_ERROR (the original goes to the server log, see errorsPlugin). Stack traces
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
    // Nothing of the original's extensions: the request id is stamped later, like on every error.
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
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
