import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { Pool, request } from 'undici';
import type { CallOptions, CallResult } from '../support/http';
import { call, cookieHeader } from '../support/http';
import { ENDPOINT_NAMES, ENDPOINTS, emulatorLine, successOf } from '../support/api';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';

/**
 * The gateway's HTTP layer (src/http/handler.ts, cors.ts, body.ts) over real HTTP: routing, methods,
 * body limits, CSRF prevention, CORS, request ids, security headers, and what Apollo Server answers
 * around them.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const APP_ORIGIN = 'https://app.example.com';
const MAX_BODY_BYTES = 2048;
const JSON_UTF8 = 'application/json; charset=utf-8';

const LOGIN = 'mutation Login($input: LoginInput) { login(input: $input) { userName tokenType } }';
const TSADMIN_LOGIN = { input: { userName: 'tsadmin', password: 'admin' } };
const SESSION = '{ session { id userName } }';

interface ErrorEntry {
  message: string;
  extensions: Record<string, unknown>;
}

/** A response header that must be there exactly once. */
function header(res: CallResult, name: string): string {
  const value = res.headers[name];
  if (typeof value !== 'string') throw new Error(`header ${name} is ${JSON.stringify(value)}`);
  return value;
}

/** The only error of a GraphQL error response. */
function onlyError(res: CallResult): ErrorEntry {
  const errors = (res.json as { errors?: ErrorEntry[] } | undefined)?.errors;
  expect(errors).toHaveLength(1);
  const [error] = errors ?? [];
  if (!error) throw new Error(`no error in ${res.text}`);
  return error;
}

/** The headers every answer carries, whatever it is. */
function expectBaseHeaders(res: CallResult): void {
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(header(res, 'x-request-id')).toMatch(UUID);
}

/** An error answered by the gateway itself, before GraphQL: the GraphQL error shape, exactly. */
function expectGatewayError(res: CallResult, status: number, code: string, message: string): void {
  expect(res.status).toBe(status);
  expectBaseHeaders(res);
  expect(res.headers['content-type']).toBe(JSON_UTF8);
  expect(res.json).toEqual({
    errors: [{ message, extensions: { code, requestId: header(res, 'x-request-id') } }],
  });
}

/** An Apollo Server refusal (4xx): its code and message, plus the request id from the header. */
function expectApolloError(res: CallResult, status: number, code: string, message: string): void {
  expect(res.status).toBe(status);
  expectBaseHeaders(res);
  expect(res.headers['content-type']).toBe(JSON_UTF8);
  const error = onlyError(res);
  expect(error.message).toBe(message);
  expect(error.extensions).toEqual({ code, requestId: header(res, 'x-request-id') });
}

const accessControlHeaders = (res: CallResult) =>
  Object.keys(res.headers).filter((name) => name.startsWith('access-control-'));

describe('the HTTP layer', () => {
  let tg: TestGateway;
  /** One line per request the emulator answered (method, path, status, time). */
  const upstream: string[] = [];
  /** Live sessions on the emulator when the test started. */
  let sessionsBefore = 0;
  const sessionsNow = () => tg.ts.emulator.state.counts().sessions;

  const post = (body: unknown, options: CallOptions = {}) =>
    call(tg.url, 'POST', '/graphql', { json: body, ...options });
  const get = (params: Record<string, string>, headers: Record<string, string> = {}) =>
    call(tg.url, 'GET', `/graphql?${new URLSearchParams(params).toString()}`, { headers });

  beforeAll(async () => {
    tg = await startTestGateway({
      env: { MAX_BODY_BYTES: String(MAX_BODY_BYTES), CORS_ORIGINS: APP_ORIGIN },
      emulator: { faults: true, log: (line) => upstream.push(line) },
    });
  });
  afterAll(async () => {
    await tg.close();
  });
  beforeEach(() => {
    tg.ts.emulator.faults.clear();
    upstream.length = 0;
    sessionsBefore = sessionsNow();
  });

  describe('GraphQL over POST and GET', () => {
    it('answers a JSON POST, with the base headers', async () => {
      const res = await post({ query: LOGIN, variables: TSADMIN_LOGIN });
      expect(res.status).toBe(200);
      expectBaseHeaders(res);
      expect(res.headers['content-type']).toBe(JSON_UTF8);
      expect(res.json).toEqual({ data: { login: { userName: 'tsadmin', tokenType: 'Cookie' } } });
      expect(upstream).toEqual([
        expect.stringMatching(emulatorLine(ENDPOINT_NAMES.login, successOf(ENDPOINTS.login))),
      ]);
      expect(sessionsNow()).toBe(sessionsBefore + 1);
    });

    it('accepts application/json with a charset and application/graphql-response+json', async () => {
      for (const contentType of [
        'application/json; charset=utf-8',
        'application/graphql-response+json',
      ]) {
        const res = await call(tg.url, 'POST', '/graphql', {
          body: JSON.stringify({ query: '{ __typename }' }),
          contentType,
        });
        expect(res.status).toBe(200);
        expect(res.json).toEqual({ data: { __typename: 'Query' } });
      }
    });

    it('answers a query over GET with a bearer token and a preflight header', async () => {
      const token = await tg.ts.token('tsadmin', 'admin');
      const { userGUID } = await tg.ts.sessionInfo({ bearer: token });
      upstream.length = 0;
      const res = await get(
        { query: SESSION },
        { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
      );
      expect(res.status).toBe(200);
      expectBaseHeaders(res);
      expect(res.json).toEqual({ data: { session: { id: userGUID, userName: 'tsadmin' } } });
      expect(upstream).toEqual([expect.stringMatching(emulatorLine(ENDPOINT_NAMES.session, 200))]);
    });

    it('accepts x-apollo-operation-name instead of apollo-require-preflight on a GET', async () => {
      const token = await tg.ts.token('analyst', 'analyst');
      const res = await get(
        { query: 'query Who { session { userName } }', operationName: 'Who' },
        { authorization: `Bearer ${token}`, 'x-apollo-operation-name': 'Who' },
      );
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ data: { session: { userName: 'analyst' } } });
    });

    it('refuses a mutation over GET with 405 and never calls ThoughtSpot', async () => {
      const res = await get(
        { query: LOGIN, variables: JSON.stringify(TSADMIN_LOGIN) },
        { 'apollo-require-preflight': 'true' },
      );
      expectApolloError(
        res,
        405,
        'BAD_REQUEST',
        'GET requests only support query operations, not mutation operations',
      );
      expect(res.headers.allow).toBe('POST');
      expect(upstream).toEqual([]);
      expect(sessionsNow()).toBe(sessionsBefore);
    });
  });

  describe('errors answered before GraphQL', () => {
    it.each(['/', '/graphql/', '/graphqlx', '/GRAPHQL', '/health', '/api/graphql'])(
      '404s %s with NOT_FOUND',
      async (path) => {
        const res = await call(tg.url, 'POST', path, { json: { query: '{ __typename }' } });
        expectGatewayError(res, 404, 'NOT_FOUND', 'Not found: GraphQL is served at /graphql.');
      },
    );

    it('routes by path alone: a query string does not change it', async () => {
      const res = await call(tg.url, 'GET', '/health?query=%7B__typename%7D');
      expectGatewayError(res, 404, 'NOT_FOUND', 'Not found: GraphQL is served at /graphql.');
    });

    it.each(['PUT', 'DELETE', 'PATCH'])(
      'refuses %s with 405 and an Allow header',
      async (method) => {
        const res = await call(tg.url, method, '/graphql', { json: { query: '{ __typename }' } });
        expectGatewayError(
          res,
          405,
          'METHOD_NOT_ALLOWED',
          `Method ${method} is not allowed: use GET or POST.`,
        );
        expect(res.headers.allow).toBe('GET, POST, OPTIONS');
      },
    );

    it('refuses an OPTIONS that is not a CORS preflight with 405', async () => {
      const res = await call(tg.url, 'OPTIONS', '/graphql');
      expectGatewayError(
        res,
        405,
        'METHOD_NOT_ALLOWED',
        'Method OPTIONS is not allowed: use GET or POST.',
      );
      expect(res.headers.allow).toBe('GET, POST, OPTIONS');
    });

    /** A login mutation whose JSON body is exactly `size` bytes. */
    const loginBodyOf = (size: number) => {
      const base = JSON.stringify({ query: LOGIN, variables: TSADMIN_LOGIN });
      expect(base.length).toBeLessThan(size);
      // Trailing white space is still valid JSON and counts toward the limit.
      return base + ' '.repeat(size - base.length);
    };

    it('reads a body of exactly MAX_BODY_BYTES', async () => {
      const res = await call(tg.url, 'POST', '/graphql', {
        body: loginBodyOf(MAX_BODY_BYTES),
        contentType: 'application/json',
      });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ data: { login: { userName: 'tsadmin', tokenType: 'Cookie' } } });
    });

    it('refuses a body one byte over MAX_BODY_BYTES with 413, by Content-Length', async () => {
      const res = await call(tg.url, 'POST', '/graphql', {
        body: loginBodyOf(MAX_BODY_BYTES + 1),
        contentType: 'application/json',
      });
      expectGatewayError(
        res,
        413,
        'PAYLOAD_TOO_LARGE',
        `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
      );
      expect(res.headers.connection).toBe('close');
      expect(upstream).toEqual([]);
      expect(sessionsNow()).toBe(sessionsBefore);
    });

    it('refuses a chunked body (no Content-Length) that grows over the limit with 413', async () => {
      const text = loginBodyOf(MAX_BODY_BYTES * 3);
      // A stream has no length known up front: undici sends it chunked.
      let sent: IncomingHttpHeaders | undefined;
      tg.server.once('request', (req: IncomingMessage) => {
        sent = req.headers;
      });
      const res = await request(`${tg.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Readable.from([text.slice(0, 1000), text.slice(1000, 3000), text.slice(3000)]),
      });
      const requestId = res.headers['x-request-id'];
      expect(res.statusCode).toBe(413);
      expect(await res.body.json()).toEqual({
        errors: [
          {
            message: `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
            extensions: { code: 'PAYLOAD_TOO_LARGE', requestId },
          },
        ],
      });
      expect(requestId).toMatch(UUID);
      expect(sent?.['content-length']).toBeUndefined();
      expect(sent?.['transfer-encoding']).toBe('chunked');
      expect(upstream).toEqual([]);
    });

    it.each([
      '{"query":',
      '{query: "{ __typename }"}',
      "{'query':'x'}",
      '{"query":"{ __typename }"}}',
    ])('refuses malformed JSON %s with 400 BAD_REQUEST', async (body) => {
      const res = await call(tg.url, 'POST', '/graphql', { body, contentType: 'application/json' });
      expectGatewayError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
      expect(upstream).toEqual([]);
    });
  });

  describe('a caller that goes away', () => {
    it('mid-body: no answer, no error log, an aborted access line, and the next request is served', async () => {
      const { port } = new URL(tg.url);
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      socket.write(
        'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          'Content-Length: 1000\r\nX-Request-Id: gone-midway\r\n\r\n{"query":',
      );
      // Let the gateway start reading the body before the caller goes.
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.destroy();
      const lines = () => tg.logs.filter((line) => line.requestId === 'gone-midway');
      for (let waited = 0; lines().length < 2 && waited < 2000; waited += 10)
        await new Promise((resolve) => setTimeout(resolve, 10));

      const res = await post({ query: '{ __typename }' });
      expect(res.json).toEqual({ data: { __typename: 'Query' } });
      expect(lines()).toHaveLength(2);
      expect(lines()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ level: 20 }),
          expect.objectContaining({ level: 30, msg: 'request', aborted: true, upstreamCalls: 0 }),
        ]),
      );
      expect(upstream).toEqual([]);
    });
  });

  describe('request ids', () => {
    it('echoes a safe X-Request-Id in the header and in the error', async () => {
      const res = await call(tg.url, 'GET', '/nowhere', {
        headers: { 'x-request-id': 'req-42.a:b' },
      });
      expect(res.headers['x-request-id']).toBe('req-42.a:b');
      expect(onlyError(res).extensions.requestId).toBe('req-42.a:b');
    });

    it.each(['two words', 'x'.repeat(129), 'a\tb', '<script>'])(
      'replaces an unsafe X-Request-Id %j with a new UUID',
      async (unsafe) => {
        const res = await call(tg.url, 'GET', '/nowhere', { headers: { 'x-request-id': unsafe } });
        const id = header(res, 'x-request-id');
        expect(id).toMatch(UUID);
        expect(onlyError(res).extensions.requestId).toBe(id);
      },
    );

    it('gives every request its own id', async () => {
      const a = await post({ query: '{ __typename }' });
      const b = await post({ query: '{ __typename }' });
      expect(header(a, 'x-request-id')).not.toBe(header(b, 'x-request-id'));
    });

    it('puts the request id into the errors of a 200 answer (upstream refused)', async () => {
      const res = await post({ query: SESSION });
      expect(res.status).toBe(200);
      const error = onlyError(res);
      expect(error.extensions.code).toBe('UNAUTHENTICATED');
      expect(error.extensions.requestId).toBe(header(res, 'x-request-id'));
      expect(error.extensions).not.toHaveProperty('stacktrace');
    });
  });

  describe("Apollo Server's own 400s carry the request id", () => {
    it('a body without a query', async () => {
      const res = await post({});
      expectApolloError(
        res,
        400,
        'BAD_REQUEST',
        'POST body missing, invalid Content-Type, or JSON object has no keys.',
      );
    });

    it('a JSON POST with an empty body', async () => {
      const res = await call(tg.url, 'POST', '/graphql', {
        body: '',
        contentType: 'application/json',
      });
      expectApolloError(
        res,
        400,
        'BAD_REQUEST',
        'POST body missing, invalid Content-Type, or JSON object has no keys.',
      );
    });

    it('a GET without a query', async () => {
      const res = await call(tg.url, 'GET', '/graphql', {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expectApolloError(
        res,
        400,
        'BAD_REQUEST',
        'GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.',
      );
    });

    it('variables that are not an object', async () => {
      const res = await post({ query: SESSION, variables: [1] });
      expectApolloError(
        res,
        400,
        'BAD_REQUEST',
        '`variables` in a POST body must be an object if provided.',
      );
    });

    it('variables of the wrong type', async () => {
      const res = await post({
        query: 'mutation ($input: SwitchOrgInput!) { switchOrg(input: $input) }',
        variables: { input: { id: 'one' } },
      });
      expect(res.status).toBe(400);
      const error = onlyError(res);
      expect(error.message).toBe(
        'Variable "$input" got invalid value "one" at "input.id"; Int cannot represent non-integer value: "one"',
      );
      expect(error.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        requestId: header(res, 'x-request-id'),
      });
      expect(upstream).toEqual([]);
    });

    it('a syntax error', async () => {
      const res = await post({ query: '{ session { id ' });
      expect(res.status).toBe(400);
      const error = onlyError(res);
      expect(error.message).toBe('Syntax Error: Expected Name, found <EOF>.');
      expect(error.extensions).toEqual({
        code: 'GRAPHQL_PARSE_FAILED',
        requestId: header(res, 'x-request-id'),
      });
    });

    it('a validation error', async () => {
      const res = await post({ query: '{ session { nope } }' });
      expect(res.status).toBe(400);
      const error = onlyError(res);
      expect(error.message).toBe('Cannot query field "nope" on type "Session".');
      expect(error.extensions).toEqual({
        code: 'GRAPHQL_VALIDATION_FAILED',
        requestId: header(res, 'x-request-id'),
      });
    });

    it('a batch (batching is off)', async () => {
      const res = await post([{ query: '{ __typename }' }]);
      expectApolloError(res, 400, 'BAD_REQUEST', 'Operation batching disabled.');
    });
  });

  describe('CSRF prevention', () => {
    const CSRF_MESSAGE =
      "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header (with a type that is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain) or provide a non-empty value for one of the following headers: x-apollo-operation-name, apollo-require-preflight\n";

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
      'refuses a login POSTed as %s (a form could send it) without calling ThoughtSpot',
      async (contentType) => {
        const res = await call(tg.url, 'POST', '/graphql', {
          body: JSON.stringify({ query: LOGIN, variables: TSADMIN_LOGIN }),
          contentType,
        });
        expectApolloError(res, 400, 'BAD_REQUEST', CSRF_MESSAGE);
        expect(res.setCookie).toEqual([]);
        expect(upstream).toEqual([]);
        expect(sessionsNow()).toBe(sessionsBefore);
      },
    );

    it('refuses a POST without a content type', async () => {
      const res = await call(tg.url, 'POST', '/graphql', {
        body: JSON.stringify({ query: LOGIN, variables: TSADMIN_LOGIN }),
      });
      expectApolloError(res, 400, 'BAD_REQUEST', CSRF_MESSAGE);
      expect(upstream).toEqual([]);
    });

    it('refuses a GET without a content type or a preflight header, even with credentials', async () => {
      const token = await tg.ts.token('tsadmin', 'admin');
      upstream.length = 0;
      const res = await get({ query: SESSION }, { authorization: `Bearer ${token}` });
      expectApolloError(res, 400, 'BAD_REQUEST', CSRF_MESSAGE);
      expect(upstream).toEqual([]);
    });

    it('refuses a GET whose preflight header is empty', async () => {
      const res = await get({ query: '{ __typename }' }, { 'apollo-require-preflight': '' });
      expectApolloError(res, 400, 'BAD_REQUEST', CSRF_MESSAGE);
    });
  });

  describe('CORS', () => {
    it('answers a listed origin with credentials allowed and the request id exposed', async () => {
      const res = await post({ query: '{ __typename }' }, { headers: { origin: APP_ORIGIN } });
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(header(res, 'vary').split(/,\s*/)).toContain('Origin');
      expect(header(res, 'access-control-expose-headers').split(/,\s*/)).toContain('x-request-id');
      // Only a preflight gets the preflight headers.
      expect(res.headers['access-control-allow-methods']).toBeUndefined();
      expect(res.headers['access-control-max-age']).toBeUndefined();
    });

    it('answers a preflight from a listed origin with 204 and what may follow', async () => {
      const res = await call(tg.url, 'OPTIONS', '/graphql', {
        headers: {
          origin: APP_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectBaseHeaders(res);
      expect(res.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(header(res, 'access-control-allow-methods').split(/,\s*/)).toEqual(
        expect.arrayContaining(['GET', 'POST']),
      );
      expect(header(res, 'access-control-allow-headers').split(/,\s*/)).toEqual(
        expect.arrayContaining([
          'content-type',
          'authorization',
          'apollo-require-preflight',
          'x-apollo-operation-name',
        ]),
      );
      expect(res.headers['access-control-max-age']).toBe('600');
      expect(header(res, 'vary').split(/,\s*/)).toContain('Origin');
      expect(upstream).toEqual([]);
    });

    it('carries the CORS headers on errors too, so the app can read them', async () => {
      const res = await call(tg.url, 'PUT', '/graphql', { headers: { origin: APP_ORIGIN } });
      expect(res.status).toBe(405);
      expect(res.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
    });

    it.each([
      'https://evil.example.com',
      'http://app.example.com',
      'https://app.example.com:8443',
      'https://app.example.com.evil.test',
      'https://APP.EXAMPLE.COM',
      'null',
    ])('gives the unlisted origin %s no access-control header at all', async (origin) => {
      const simple = await post({ query: '{ __typename }' }, { headers: { origin } });
      expect(simple.status).toBe(200);
      expect(accessControlHeaders(simple)).toEqual([]);
      expect(header(simple, 'vary').split(/,\s*/)).toContain('Origin');

      const preflight = await call(tg.url, 'OPTIONS', '/graphql', {
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(accessControlHeaders(preflight)).toEqual([]);
    });

    it('never answers with *', async () => {
      const answers = await Promise.all([
        post({ query: '{ __typename }' }),
        post({ query: '{ __typename }' }, { headers: { origin: APP_ORIGIN } }),
        post({ query: '{ __typename }' }, { headers: { origin: '*' } }),
        call(tg.url, 'OPTIONS', '/graphql', {
          headers: { origin: '*', 'access-control-request-method': 'POST' },
        }),
      ]);
      for (const res of answers) {
        expect(res.headers['access-control-allow-origin']).not.toBe('*');
        expect(res.headers['access-control-allow-headers']).not.toBe('*');
        expect(res.headers['access-control-allow-methods']).not.toBe('*');
      }
      expect(answers.map((res) => res.headers['access-control-allow-origin'])).toEqual([
        undefined,
        APP_ORIGIN,
        undefined,
        undefined,
      ]);
    });
  });

  describe('the landing page', () => {
    it('answers GET with accept: text/html with an HTML page (not an error)', async () => {
      const res = await call(tg.url, 'GET', '/graphql', { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expectBaseHeaders(res);
      expect(header(res, 'content-type')).toMatch(/^text\/html\b/);
      expect(res.text).toMatch(/^\s*<!DOCTYPE html>/i);
      expect(res.json).toBeUndefined();
      expect(upstream).toEqual([]);
    });
  });

  describe('no internals in errors', () => {
    it.each([
      ['malformed-json', 200],
      ['html', 502],
    ] as const)(
      'an upstream answering %s gives UPSTREAM_ERROR without a stack trace or the upstream URL',
      async (mode, status) => {
        tg.ts.emulator.faults.set('getSessionInfo', { mode });
        const res = await post({ query: SESSION }, { bearer: 'anything' });
        expect(res.status).toBe(200);
        const error = onlyError(res);
        expect(error.extensions).toEqual({
          code: 'UPSTREAM_ERROR',
          requestId: header(res, 'x-request-id'),
          upstream: { status },
        });
        expect(res.text).not.toContain('stacktrace');
        expect(res.text).not.toMatch(/\n\s+at /);
        expect(res.text).not.toContain(tg.ts.emulator.url);
        expect(res.text).not.toContain(String(tg.ts.emulator.port));
      },
    );

    it('shows an uncoded request error of Apollo as BAD_REQUEST, not as a masked internal error', async () => {
      // An automatic persisted query whose hash does not match its text: the caller's mistake.
      const res = await post({
        query: '{ __typename }',
        extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } },
      });
      expect(res.status).toBe(400);
      const requestId = header(res, 'x-request-id');
      expect(res.json).toEqual({
        errors: [
          {
            message: 'provided sha does not match query',
            extensions: { code: 'BAD_REQUEST', requestId },
          },
        ],
      });
      // Not an error-level line: any client could write those at will.
      expect(tg.logs.filter((line) => line.requestId === requestId && line.level === 50)).toEqual(
        [],
      );
    });
  });

  describe('keep-alive', () => {
    it('serves sequential requests over one connection, each with its own credentials', async () => {
      let opened = 0;
      const onConnection = () => {
        opened++;
      };
      tg.server.on('connection', onConnection);
      const pool = new Pool(tg.url, { connections: 1 });
      try {
        const send = async (body: unknown, headers: Record<string, string> = {}) => {
          const res = await pool.request({
            path: '/graphql',
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify(body),
          });
          const setCookie = res.headers['set-cookie'];
          return {
            status: res.statusCode,
            connection: res.headers.connection,
            requestId: res.headers['x-request-id'],
            setCookie:
              setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie],
            json: (await res.body.json()) as {
              data?: Record<string, unknown> | null;
              errors?: ErrorEntry[];
            },
          };
        };

        const login = await send({ query: LOGIN, variables: TSADMIN_LOGIN });
        expect(login.status).toBe(200);
        expect(login.connection).toBe('keep-alive');
        const cookie = cookieHeader(login.setCookie);
        expect(cookie).toMatch(/JSESSIONID=/);

        const withCookie = await send({ query: SESSION }, { cookie });
        expect(withCookie.json.data).toEqual({
          session: { id: expect.stringMatching(UUID) as unknown, userName: 'tsadmin' },
        });

        // Same connection, no cookie: the previous caller's session must not stick to it.
        const without = await send({ query: SESSION });
        expect(without.json.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');

        const ids = new Set([login.requestId, withCookie.requestId, without.requestId]);
        for (let i = 0; i < 3; i++) {
          const res = await send({ query: '{ __typename }' });
          expect(res.status).toBe(200);
          expect(res.connection).toBe('keep-alive');
          expect(res.json).toEqual({ data: { __typename: 'Query' } });
          ids.add(res.requestId);
        }
        expect(ids.size).toBe(6);
        expect(opened).toBe(1);
      } finally {
        tg.server.off('connection', onConnection);
        await pool.close();
      }
    });
  });
});

describe('introspection', () => {
  const INTROSPECT = { query: '{ __schema { queryType { name } } }' };
  const gateways: TestGateway[] = [];
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close()));
  });
  const start = async (env: Record<string, string>) => {
    const g = await startTestGateway({ env });
    gateways.push(g);
    return g;
  };

  it('is on by default outside production', async () => {
    const g = await start({});
    expect(g.config.introspection).toBe(true);
    const res = await call(g.url, 'POST', '/graphql', { json: INTROSPECT });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it.each([
    ['INTROSPECTION=false', { INTROSPECTION: 'false' }],
    ['production', { NODE_ENV: 'production', THOUGHTSPOT_URL: 'https://acme.thoughtspot.cloud' }],
  ])('is refused with %s, while ordinary queries still run', async (_label, env) => {
    const g = await start(env);
    for (const query of [INTROSPECT.query, '{ __type(name: "Session") { name } }']) {
      const res = await call(g.url, 'POST', '/graphql', { json: { query } });
      expect(res.status).toBe(400);
      const error = onlyError(res);
      expect(error.message).toMatch(/^GraphQL introspection is not allowed/);
      expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(error.extensions.requestId).toBe(header(res, 'x-request-id'));
    }
    const ok = await call(g.url, 'POST', '/graphql', { json: { query: '{ __typename }' } });
    expect(ok.json).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('GRAPHQL_PATH', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway({ env: { GRAPHQL_PATH: '/api/graphql' } });
  });
  afterAll(async () => {
    await g.close();
  });

  it('serves GraphQL at the configured path', async () => {
    expect(g.endpoint).toBe(`${g.url}/api/graphql`);
    const res = await call(g.url, 'POST', '/api/graphql', {
      json: { query: LOGIN, variables: TSADMIN_LOGIN },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: { login: { userName: 'tsadmin', tokenType: 'Cookie' } } });
  });

  it.each(['/graphql', '/api/graphql/', '/api'])('404s %s', async (path) => {
    const res = await call(g.url, 'POST', path, { json: { query: '{ __typename }' } });
    expectGatewayError(res, 404, 'NOT_FOUND', 'Not found: GraphQL is served at /api/graphql.');
  });
});
