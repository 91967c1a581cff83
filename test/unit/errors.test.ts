import { ApolloServer } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { GraphQLFormattedError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { GraphQLError, Kind, locatedError, parse } from 'graphql';
import type { UpstreamFailure } from '../../src/errors';
import {
  ErrorCode,
  GatewayError,
  badUserInput,
  codeForUpstreamStatus,
  upstreamError,
} from '../../src/errors';
import {
  formatError,
  formatErrorWithoutSuggestions,
  isExpectedError,
} from '../../src/error-responses';
import type { GatewayContext } from '../../src/context';
import { createSchema } from '../../src/schema';
import type { Upstream } from '../support/internals';
import { requestContext, upstreamTo } from '../support/internals';

const RID = 'req-7f3c';

/** The keys of an error's extensions, sorted. */
const keysOf = (error: GatewayError) => Object.keys(error.extensions).sort();

describe('codeForUpstreamStatus', () => {
  it.each([
    [400, ErrorCode.BAD_USER_INPUT],
    [401, ErrorCode.UNAUTHENTICATED],
    [403, ErrorCode.FORBIDDEN],
    [408, ErrorCode.UPSTREAM_TIMEOUT],
    [504, ErrorCode.UPSTREAM_TIMEOUT],
    [301, ErrorCode.UPSTREAM_ERROR],
    [302, ErrorCode.UPSTREAM_ERROR],
    [304, ErrorCode.UPSTREAM_ERROR],
    [402, ErrorCode.UPSTREAM_ERROR],
    [404, ErrorCode.UPSTREAM_ERROR],
    [405, ErrorCode.UPSTREAM_ERROR],
    [409, ErrorCode.UPSTREAM_ERROR],
    [413, ErrorCode.UPSTREAM_ERROR],
    [415, ErrorCode.UPSTREAM_ERROR],
    [429, ErrorCode.UPSTREAM_ERROR],
    [500, ErrorCode.UPSTREAM_ERROR],
    [502, ErrorCode.UPSTREAM_ERROR],
    [503, ErrorCode.UPSTREAM_ERROR],
    [599, ErrorCode.UPSTREAM_ERROR],
    [200, ErrorCode.UPSTREAM_ERROR],
  ])('%i → %s', (status, code) => {
    expect(codeForUpstreamStatus(status)).toBe(code);
  });
});

describe('upstreamError', () => {
  it('timeout: UPSTREAM_TIMEOUT with the budget, no upstream', () => {
    const error = upstreamError({ kind: 'timeout', timeoutMs: 2500 });
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.name).toBe('GatewayError');
    expect(error.message).toBe('ThoughtSpot did not answer within 2500 ms.');
    expect(error.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT' });
    expect(keysOf(error)).toEqual(['code']);
    expect(error.logDetail).toBe('timeout after 2500 ms');
  });

  it('unavailable: UPSTREAM_UNAVAILABLE, the reason only in the log detail', () => {
    const reason = 'connect ECONNREFUSED 10.20.30.40:443';
    const error = upstreamError({ kind: 'unavailable', reason });
    expect(error.message).toBe('ThoughtSpot could not be reached.');
    expect(error.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(keysOf(error)).toEqual(['code']);
    expect(error.logDetail).toBe(reason);
    expect(error.message).not.toContain('10.20.30.40');
    expect(JSON.stringify(error.extensions)).not.toContain('10.20.30.40');
  });

  const expectations: [number, ErrorCode, string, string | undefined][] = [
    [400, ErrorCode.BAD_USER_INPUT, 'ThoughtSpot rejected the request as invalid.', undefined],
    [
      401,
      ErrorCode.UNAUTHENTICATED,
      'Not authenticated: the ThoughtSpot credentials are missing, invalid, expired or revoked.',
      undefined,
    ],
    [403, ErrorCode.FORBIDDEN, 'ThoughtSpot refused access.', undefined],
    [
      404,
      ErrorCode.UPSTREAM_ERROR,
      'ThoughtSpot failed to handle the request.',
      'upstream status 404',
    ],
    [408, ErrorCode.UPSTREAM_TIMEOUT, 'ThoughtSpot did not answer in time.', 'upstream status 408'],
    [
      429,
      ErrorCode.UPSTREAM_ERROR,
      'ThoughtSpot failed to handle the request.',
      'upstream status 429',
    ],
    [
      500,
      ErrorCode.UPSTREAM_ERROR,
      'ThoughtSpot failed to handle the request.',
      'upstream status 500',
    ],
    [
      502,
      ErrorCode.UPSTREAM_ERROR,
      'ThoughtSpot failed to handle the request.',
      'upstream status 502',
    ],
    [
      503,
      ErrorCode.UPSTREAM_ERROR,
      'ThoughtSpot failed to handle the request.',
      'upstream status 503',
    ],
    [504, ErrorCode.UPSTREAM_TIMEOUT, 'ThoughtSpot did not answer in time.', 'upstream status 504'],
    [
      301,
      ErrorCode.UPSTREAM_ERROR,
      'ThoughtSpot failed to handle the request.',
      'upstream status 301',
    ],
    [
      302,
      ErrorCode.UPSTREAM_ERROR,
      'ThoughtSpot failed to handle the request.',
      'upstream status 302',
    ],
    [
      307,
      ErrorCode.UPSTREAM_ERROR,
      'ThoughtSpot failed to handle the request.',
      'upstream status 307',
    ],
  ];

  it.each(expectations)(
    'error-response %i: %s with the upstream info',
    (status, code, message, logDetail) => {
      const upstream = { status, code: 10002, incidentId: 'inc-1', traceId: 'trace-1' };
      const error = upstreamError({ kind: 'error-response', upstream });
      expect(error.message).toBe(message);
      expect(error.extensions).toEqual({ code, upstream });
      expect(keysOf(error)).toEqual(['code', 'upstream']);
      expect(error.logDetail).toBe(logDetail);
      if (logDetail !== undefined) {
        expect(error.message).not.toContain(logDetail);
        expect(JSON.stringify(error.extensions)).not.toContain(logDetail);
      }
    },
  );

  it('error-response with only a status keeps only the status', () => {
    const error = upstreamError({ kind: 'error-response', upstream: { status: 401 } });
    expect(error.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      upstream: { status: 401 },
    });
  });

  it('unexpected: UPSTREAM_ERROR with the status, the reason only in the log detail', () => {
    const reason = 'login response field token is missing or not a string';
    const error = upstreamError({ kind: 'unexpected', status: 200, reason });
    expect(error.message).toBe('ThoughtSpot returned an unexpected response.');
    expect(error.extensions).toEqual({
      code: 'UPSTREAM_ERROR',
      upstream: { status: 200 },
    });
    expect(keysOf(error)).toEqual(['code', 'upstream']);
    expect(error.logDetail).toBe(reason);
    expect(JSON.stringify(error.extensions)).not.toContain('token');
  });

  it('does not share the extensions object it was given', () => {
    const upstream = { status: 500 };
    const failure: UpstreamFailure = { kind: 'error-response', upstream };
    const a = upstreamError(failure);
    const b = upstreamError(failure);
    expect(a.extensions).not.toBe(b.extensions);
    expect(a.extensions).toEqual(b.extensions);
  });

  it('serializes to exactly message and extensions', () => {
    const error = upstreamError({ kind: 'timeout', timeoutMs: 10 });
    expect(error.toJSON()).toEqual({
      message: 'ThoughtSpot did not answer within 10 ms.',
      extensions: { code: 'UPSTREAM_TIMEOUT' },
    });
  });
});

describe('badUserInput', () => {
  it('is a BAD_USER_INPUT GatewayError with the message and code only', () => {
    const error = badUserInput('id must not be negative.');
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.message).toBe('id must not be negative.');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(keysOf(error)).toEqual(['code']);
    expect(error.logDetail).toBeUndefined();
  });
});

describe('isExpectedError and formatError, direct', () => {
  const field = () => {
    const operation = parse('{ session { id } }').definitions[0] as OperationDefinitionNode;
    const node = operation.selectionSet.selections[0];
    if (node?.kind !== Kind.FIELD) throw new Error('no field node');
    return node;
  };

  it('a GatewayError passes unchanged', () => {
    const error = badUserInput('bad');
    const formatted = error.toJSON();
    expect(isExpectedError(error)).toBe(true);
    expect(formatError(formatted, error)).toBe(formatted);
  });

  it('a GatewayError thrown in a resolver (located) passes', () => {
    const inner = upstreamError({ kind: 'error-response', upstream: { status: 403 } });
    const located = locatedError(inner, [field()], ['session']);
    expect(isExpectedError(located)).toBe(true);
    const formatted = located.toJSON();
    expect(formatError(formatted, located)).toEqual({
      message: 'ThoughtSpot refused access.',
      locations: [{ line: 1, column: 3 }],
      path: ['session'],
      extensions: { code: 'FORBIDDEN', upstream: { status: 403 } },
    });
  });

  it('strips a stacktrace from an expected error, keeping the rest', () => {
    const error = badUserInput('bad');
    const formatted: GraphQLFormattedError = {
      message: 'bad',
      path: ['getToken'],
      extensions: { code: 'BAD_USER_INPUT', requestId: RID, stacktrace: ['GatewayError: bad'] },
    };
    expect(formatError(formatted, error)).toEqual({
      message: 'bad',
      path: ['getToken'],
      extensions: { code: 'BAD_USER_INPUT', requestId: RID },
    });
    // The input is left alone.
    expect(formatted.extensions?.stacktrace).toEqual(['GatewayError: bad']);
  });

  it('masks a plain Error thrown in a resolver, keeping path and locations', () => {
    const secret = 'connect to https://admin:pw@ts.internal failed';
    const located = locatedError(new Error(secret), [field()], ['session']);
    expect(isExpectedError(located)).toBe(false);
    const out = formatError(
      { ...located.toJSON(), extensions: { stacktrace: [`Error: ${secret}`] } },
      located,
    );
    expect(out).toEqual({
      message: 'Internal server error',
      locations: [{ line: 1, column: 3 }],
      path: ['session'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(out)).not.toContain('ts.internal');
  });

  it('keeps none of the extensions when masking (the request id is stamped later)', () => {
    const error = new Error('boom');
    expect(
      formatError({ message: 'boom', extensions: { requestId: RID, secret: 'x' } }, error),
    ).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('masks a GraphQLError with an unknown or missing code', () => {
    for (const error of [
      new GraphQLError('teapot', { extensions: { code: 'I_AM_A_TEAPOT' } }),
      new GraphQLError('no code'),
      new GraphQLError('internal', { extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
      new GraphQLError('forged', { extensions: { code: 'UNAUTHENTICATED' } }),
    ]) {
      expect(isExpectedError(error)).toBe(false);
      expect(formatError(error.toJSON(), error)).toEqual({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    }
  });

  it('masks a known request code that wraps a thrown non-GraphQL error', () => {
    const error = new GraphQLError('leaky', {
      extensions: { code: ApolloServerErrorCode.BAD_USER_INPUT },
      originalError: new Error('leaky'),
    });
    expect(isExpectedError(error)).toBe(false);
  });

  it('masks a located GraphQLError with an unknown code', () => {
    const inner = new GraphQLError('x', { extensions: { code: 'SOMETHING' } });
    expect(isExpectedError(locatedError(inner, [field()], ['session']))).toBe(false);
  });

  it.each([
    ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
    ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
    ApolloServerErrorCode.BAD_USER_INPUT,
    ApolloServerErrorCode.BAD_REQUEST,
    ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
    ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
    ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  ])('a request error with code %s is expected', (code) => {
    expect(isExpectedError(new GraphQLError('x', { extensions: { code } }))).toBe(true);
  });

  it.each([undefined, null, 'string', 42, {}, new Error('x'), new TypeError('x')])(
    'isExpectedError(%p) is false',
    (value) => {
      expect(isExpectedError(value)).toBe(false);
    },
  );
});

describe('formatError inside Apollo Server (real request errors)', () => {
  interface Captured {
    formatted: GraphQLFormattedError;
    error: unknown;
    result: GraphQLFormattedError;
  }
  /** A context with or without a ThoughtSpot client (whose upstream is never called here). */
  type TestContext = Pick<GatewayContext, 'requestId'> & Partial<GatewayContext>;
  let schema: GraphQLSchema;
  let apollo: ApolloServer<TestContext>;
  let upstream: Upstream;
  const captured: Captured[] = [];

  beforeAll(async () => {
    schema = await createSchema();
    // Never called: every operation below fails before any upstream call.
    upstream = upstreamTo('http://127.0.0.1:9', { timeoutMs: 1000, connections: 1 });
    apollo = new ApolloServer<TestContext>({
      schema,
      // On, so that the test proves formatError removes it.
      includeStacktraceInErrorResponses: true,
      formatError: (formatted, error) => {
        const result = formatError(formatted, error);
        captured.push({ formatted, error, result });
        return result;
      },
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: () => undefined,
      },
    });
    await apollo.start();
  });
  afterAll(async () => {
    await apollo.stop();
    await upstream.destroy();
  });
  beforeEach(() => {
    captured.length = 0;
  });

  /** A real request context, as the gateway builds it. */
  const gatewayContext = (): TestContext =>
    requestContext({
      upstream,
      api: 'beta',
      cookies: { names: ['JSESSIONID', 'clientId'], maxAgeSeconds: 3600 },
      userAgent: 'unit-test',
      requestId: RID,
    });

  /** Runs one operation; returns the one error it gave, as formatError saw and answered it. */
  async function onlyError(
    query: string,
    variables?: Record<string, unknown>,
    operationName?: string,
    contextValue: TestContext = gatewayContext(),
  ): Promise<Captured> {
    const response = await apollo.executeOperation(
      { query, ...(variables && { variables }), ...(operationName && { operationName }) },
      { contextValue },
    );
    if (response.body.kind !== 'single') throw new Error('not a single result');
    const errors = response.body.singleResult.errors ?? [];
    expect(errors).toHaveLength(1);
    expect(captured).toHaveLength(1);
    const [first] = captured;
    if (!first) throw new Error('formatError was not called');
    expect(errors[0]).toEqual(first.result);
    return first;
  }

  it('a parse error passes with GRAPHQL_PARSE_FAILED, without a stacktrace', async () => {
    const { formatted, result } = await onlyError('{ session { id ');
    expect(formatted.extensions?.stacktrace).toBeDefined();
    expect(result).toEqual({
      message: 'Syntax Error: Expected Name, found <EOF>.',
      locations: [{ line: 1, column: 16 }],
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
  });

  it('a validation error passes with GRAPHQL_VALIDATION_FAILED', async () => {
    const { result } = await onlyError('{ session { nope } }');
    expect(result).toEqual({
      message: 'Cannot query field "nope" on type "Session".',
      locations: [{ line: 1, column: 13 }],
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('a literal of the wrong type fails validation and passes', async () => {
    const { result } = await onlyError('mutation { switchOrg(input: { id: "one" }) }');
    expect(result.message).toBe('Int cannot represent non-integer value: "one"');
    expect(result.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('a bad variable passes with BAD_USER_INPUT', async () => {
    const { result } = await onlyError('mutation ($id: Int!) { switchOrg(input: { id: $id }) }', {
      id: 'one',
    });
    expect(result).toEqual({
      message:
        'Variable "$id" got invalid value "one"; Int cannot represent non-integer value: "one"',
      locations: [{ line: 1, column: 11 }],
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('an unknown operation name passes with OPERATION_RESOLUTION_FAILURE', async () => {
    const { result } = await onlyError('query A { session { id } }', undefined, 'B');
    expect(result).toEqual({
      message: 'Unknown operation named "B".',
      extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
    });
  });

  it("a resolver's GatewayError passes as is, without a stacktrace", async () => {
    const { formatted, result } = await onlyError(
      'mutation { getToken(input: { userName: " ", password: "x" }) { token } }',
    );
    expect(formatted.extensions?.stacktrace).toBeDefined();
    expect(result).toEqual({
      message: 'userName must not be empty.',
      locations: [{ line: 1, column: 12 }],
      path: ['getToken'],
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('a TypeError thrown in a resolver is masked, keeping path and locations', async () => {
    // The context has no ThoughtSpot client, so the resolver fails with a real TypeError.
    const { error, formatted, result } = await onlyError(
      'query { session { id } }',
      undefined,
      undefined,
      { requestId: RID },
    );
    expect(formatted.message).toMatch(/currentSession/);
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).originalError).toBeInstanceOf(TypeError);
    expect(result).toEqual({
      message: 'Internal server error',
      locations: [{ line: 1, column: 9 }],
      path: ['session'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});

describe('formatErrorWithoutSuggestions', () => {
  const coercion = (message: string) =>
    new GraphQLError(message, { extensions: { code: ApolloServerErrorCode.BAD_USER_INPUT } });

  it.each([
    [
      'Cannot query field "usrName" on type "Session". Did you mean "userName"?',
      'Cannot query field "usrName" on type "Session".',
    ],
    [
      'Value "FUL" does not exist in "AccessLevel" enum. Did you mean the enum value "FULL"?',
      'Value "FUL" does not exist in "AccessLevel" enum.',
    ],
    [
      'Unknown argument "x" on field "Query.a". Did you mean "y", "z", or "w"?',
      'Unknown argument "x" on field "Query.a".',
    ],
  ])('removes the suggestion of %j', (message, expected) => {
    const error = coercion(message);
    expect(formatErrorWithoutSuggestions(error.toJSON(), error)).toEqual({
      message: expected,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('leaves other messages as formatError makes them, and still masks', () => {
    const error = coercion('Did you mean to send this? It says "Did you mean" in the middle.');
    expect(formatErrorWithoutSuggestions(error.toJSON(), error)).toEqual(
      formatError(error.toJSON(), error),
    );
    const bug = new TypeError('x is undefined. Did you mean "y"?');
    expect(formatErrorWithoutSuggestions({ message: bug.message }, bug)).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});
