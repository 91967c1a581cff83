import { Writable } from 'node:stream';
import type { Config } from '../../src/config';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import { cookieHeader } from '../support/http';
import type { Executed, GatewayParts } from '../support/internals';
import { executeOperation, gatewayParts } from '../support/internals';
import type { RecordedRequest, StubUpstream } from '../support/stub-upstream';
import { reply, replyJson, startStubUpstream } from '../support/stub-upstream';

/**
 * The gateway's Apollo Server driven by `executeOperation`, with a context built exactly as the HTTP
 * handler builds it, but with headers and a cookie sink the test chooses. The
 * gateway never listens; its upstream is the real emulator over HTTP, or a recording server.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const API = '/tspublic/rest/v2';
// The emulator's manual clock starts here (test/support/emulator.ts).
const T0 = Date.UTC(2026, 0, 15, 9);

const SESSION = /* GraphQL */ `
  query Session {
    session {
      id
      userName
      privileges
      currentOrgId
      orgs {
        id
        name
      }
    }
  }
`;
const TOKEN_FIELDS = /* GraphQL */ `
  fragment TokenFields on SessionToken {
    userName
    token
    tokenCreatedTime
    tokenExpiryDuration
    tokenType
    createdAt
    expiresAt
  }
`;
const LOGIN = /* GraphQL */ `
  mutation Login($input: LoginInput) {
    login(input: $input) {
      ...TokenFields
    }
  }
  ${TOKEN_FIELDS}
`;
const GET_TOKEN = /* GraphQL */ `
  mutation GetToken($input: GetTokenInput!) {
    getToken(input: $input) {
      ...TokenFields
    }
  }
  ${TOKEN_FIELDS}
`;
const SWITCH_ORG = /* GraphQL */ `
  mutation SwitchOrg($input: SwitchOrgInput!) {
    switchOrg(input: $input)
  }
`;
const REVOKE_TOKEN = /* GraphQL */ `
  mutation RevokeToken {
    revokeToken
  }
`;

interface SessionData {
  session: {
    id: string;
    userName: string;
    privileges: string[];
    currentOrgId: number | null;
    orgs: { id: number; name: string }[];
  };
}
interface TokenFields {
  userName: string;
  token: string;
  tokenCreatedTime: string;
  tokenExpiryDuration: string;
  tokenType: string;
  createdAt: string | null;
  expiresAt: string | null;
}

/** The gateway under test, with the lines its logger wrote. */
interface BuiltGateway {
  gateway: GatewayParts;
  logs: string[];
}

// The beta: these tests' stand-in upstreams answer in its shapes (the e2e suites cover both APIs).
const config: Config = loadConfig({ NODE_ENV: 'test', THOUGHTSPOT_API: 'beta' });

async function buildGateway(thoughtspotUrl: string): Promise<BuiltGateway> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const gateway = await gatewayParts({
    config,
    thoughtspotUrl,
    logger: createLogger('debug', sink),
  });
  return { gateway, logs };
}

/** One GraphQL operation through the gateway's Apollo Server (test/support/internals.ts). */
const execute = <TData>(
  gateway: GatewayParts,
  query: string,
  options?: Parameters<typeof executeOperation>[3],
): Promise<Executed<TData>> => executeOperation<TData>(gateway, config, query, options);

/** The only error of a result, which must have no data. */
function onlyError<TData>(executed: Executed<TData>) {
  const { errors } = executed.result;
  expect(errors).toHaveLength(1);
  const [error] = errors ?? [];
  if (error === undefined) throw new Error('no error');
  return error;
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('executeOperation against the emulator', () => {
  let ts: TestEmulator;
  let built: BuiltGateway;
  const emulatorLog: string[] = [];
  /** How many requests the emulator finished on this route (its log: "METHOD path status time"). */
  const seen = (method: string, path: string) =>
    emulatorLog.filter((line) => line.startsWith(`${method} ${API}${path} `)).length;

  beforeAll(async () => {
    ts = await startTestEmulator({ log: (line) => emulatorLog.push(line) });
    built = await buildGateway(ts.emulator.url);
  });
  afterAll(async () => {
    await built.gateway.close();
    await ts.close();
  });

  it('session by bearer: the typed fields of the emulator’s session info', async () => {
    const token = await ts.token('analyst', 'analyst');
    const info = await ts.sessionInfo({ bearer: token });
    const { result } = await execute<SessionData>(built.gateway, SESSION, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      session: {
        id: '0c6e4a3b-95f1-4d7e-8b2a-3f5d7c9e1a20',
        userName: 'analyst',
        privileges: info.privileges,
        currentOrgId: 0,
        orgs: [{ id: 0, name: 'Primary' }],
      },
    });
  });

  it('login answers the Cookie token type; the sink holds both Set-Cookie values, each whole', async () => {
    const { result, cookies } = await execute<{ login: TokenFields }>(built.gateway, LOGIN, {
      variables: { input: { userName: 'analyst', password: 'analyst' } },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      login: {
        userName: 'analyst',
        token: '',
        tokenCreatedTime: '-1',
        tokenExpiryDuration: '-1',
        tokenType: 'Cookie',
        createdAt: null,
        expiresAt: null,
      },
    });
    expect(cookies).toHaveLength(2);
    expect(cookies[0]).toMatch(
      /^JSESSIONID=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}; Path=\/; HttpOnly$/,
    );
    expect(cookies[1]).toMatch(
      /^clientId=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}; Path=\/; Secure; HttpOnly$/,
    );
    // The cookies are a working session at the emulator.
    expect(await ts.sessionInfo({ cookie: cookieHeader([...cookies]) })).toMatchObject({
      userName: 'analyst',
    });
  });

  it('getToken maps tokenCreatedTime and tokenExpiryDuration to createdAt and expiresAt', async () => {
    const byDefault = await execute<{ getToken: TokenFields }>(built.gateway, GET_TOKEN, {
      variables: { input: { userName: 'analyst', password: 'analyst' } },
    });
    expect(byDefault.result.errors).toBeUndefined();
    expect(byDefault.cookies).toEqual([]);
    expect(byDefault.result.data?.getToken).toEqual({
      userName: 'analyst',
      token: expect.any(String) as unknown,
      tokenCreatedTime: String(T0),
      tokenExpiryDuration: String(T0 + 24 * 3600 * 1000),
      tokenType: 'Bearer',
      createdAt: '2026-01-15T09:00:00.000Z',
      expiresAt: '2026-01-16T09:00:00.000Z',
    });

    const oneHour = await execute<{ getToken: TokenFields }>(built.gateway, GET_TOKEN, {
      variables: { input: { userName: 'analyst', password: 'analyst', tokenExpiryDuration: 3600 } },
    });
    expect(oneHour.result.errors).toBeUndefined();
    expect(oneHour.result.data?.getToken).toMatchObject({
      tokenCreatedTime: String(T0),
      tokenExpiryDuration: String(T0 + 3600 * 1000),
      createdAt: '2026-01-15T09:00:00.000Z',
      expiresAt: '2026-01-15T10:00:00.000Z',
    });
    // The token is a working bearer.
    const token = oneHour.result.data?.getToken.token ?? '';
    expect(token).not.toBe('');
    expect(await ts.sessionInfo({ bearer: token })).toMatchObject({ userName: 'analyst' });
  });

  it('switchOrg on a cookie session, then session shows the new currentOrgId', async () => {
    const login = await execute<{ login: TokenFields }>(built.gateway, LOGIN, {
      variables: { input: { userName: 'tsadmin', password: 'admin' } },
    });
    expect(login.result.errors).toBeUndefined();
    const cookie = cookieHeader([...login.cookies]);

    for (const id of [1, 0, 1]) {
      const switched = await execute<{ switchOrg: boolean }>(built.gateway, SWITCH_ORG, {
        variables: { input: { id } },
        headers: { cookie },
      });
      expect(switched.result).toEqual({ data: { switchOrg: true } });
      const { result } = await execute<SessionData>(built.gateway, SESSION, {
        headers: { cookie },
      });
      expect(result.errors).toBeUndefined();
      expect(result.data?.session).toMatchObject({
        userName: 'tsadmin',
        currentOrgId: id,
        orgs: [
          { id: 0, name: 'Primary' },
          { id: 1, name: 'Sales' },
        ],
      });
    }
  });

  it('revokeToken, then session by that token is UNAUTHENTICATED with the context’s requestId', async () => {
    const token = await ts.token('analyst', 'analyst');
    const revoked = await execute<{ revokeToken: boolean }>(built.gateway, REVOKE_TOKEN, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(revoked.result).toEqual({ data: { revokeToken: true } });

    const requestId = 'integration-revoked-1';
    const after = await execute<SessionData>(built.gateway, SESSION, {
      headers: { authorization: `Bearer ${token}` },
      requestId,
    });
    expect(after.result.data).toBeNull();
    const error = onlyError(after);
    expect(error.message).toBe(
      'Not authenticated: the ThoughtSpot credentials are missing, invalid, expired or revoked.',
    );
    expect(error.path).toEqual(['session']);
    expect(error.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      requestId,
      upstream: {
        status: 401,
        code: 10003,
        incidentId: expect.stringMatching(UUID) as unknown,
        traceId: expect.stringMatching(UUID) as unknown,
      },
    });
    expect(JSON.stringify(after.result)).not.toContain(token);
  });

  it('getToken with REPORT_BOOK_VIEW and no tsObjectId: BAD_USER_INPUT, and no gettoken call upstream', async () => {
    const before = seen('POST', '/session/gettoken');
    const refused = await execute<{ getToken: TokenFields }>(built.gateway, GET_TOKEN, {
      variables: {
        input: { userName: 'analyst', password: 'analyst', accessLevel: 'REPORT_BOOK_VIEW' },
      },
    });
    expect(refused.result.data).toBeNull();
    const error = onlyError(refused);
    expect(error.message).toBe('tsObjectId is required when accessLevel is REPORT_BOOK_VIEW.');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', requestId: refused.requestId });

    // A valid call after it is logged by the emulator: the refused one never got there.
    const valid = await execute<{ getToken: TokenFields }>(built.gateway, GET_TOKEN, {
      variables: { input: { userName: 'analyst', password: 'analyst' } },
    });
    expect(valid.result.errors).toBeUndefined();
    await waitUntil(() => seen('POST', '/session/gettoken') > before, 'the emulator log line');
    expect(seen('POST', '/session/gettoken')).toBe(before + 1);
  });

  it('a variable of the wrong type: BAD_USER_INPUT from GraphQL coercion, no upstream call', async () => {
    const before = seen('PUT', '/session/org');
    const executed = await execute<{ switchOrg: boolean }>(built.gateway, SWITCH_ORG, {
      variables: { input: { id: 'one' } },
      headers: { cookie: 'JSESSIONID=whatever' },
    });
    expect(executed.result.data).toBeUndefined();
    const error = onlyError(executed);
    expect(error.message).toMatch(/^Variable "\$input" got invalid value "one" at "input\.id"; /);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', requestId: executed.requestId });
    expect(seen('PUT', '/session/org')).toBe(before);
  });

  it('an unknown field: GRAPHQL_VALIDATION_FAILED', async () => {
    const executed = await execute(built.gateway, '{ session { id nope } }');
    expect(executed.result.data).toBeUndefined();
    const error = onlyError(executed);
    expect(error.message).toBe('Cannot query field "nope" on type "Session".');
    expect(error.extensions).toEqual({
      code: 'GRAPHQL_VALIDATION_FAILED',
      requestId: executed.requestId,
    });
  });

  it('forwards JSESSIONID and clientId with the app’s own cookies beside them: the session works', async () => {
    const login = await execute<{ login: TokenFields }>(built.gateway, LOGIN, {
      variables: { input: { userName: 'analyst', password: 'analyst' } },
    });
    expect(login.cookies).toHaveLength(2);
    const cookie = `app_session=secret; ${cookieHeader([...login.cookies])}; theme=dark`;
    const { result } = await execute<SessionData>(built.gateway, SESSION, {
      headers: { cookie },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.session.userName).toBe('analyst');
  });

  it('an unexpected failure in the call is masked as INTERNAL_SERVER_ERROR and logged', async () => {
    // A header value no HTTP client may send: undici refuses it, an error the gateway did not plan
    // for. (In a Cookie header it would not get that far: only well-formed cookies are forwarded.)
    const executed = await execute<SessionData>(built.gateway, SESSION, {
      headers: { authorization: 'Bearer abc-7f3e\r\nx-injected: 1' },
    });
    expect(executed.result.data).toBeNull();
    const error = onlyError(executed);
    expect(error).toEqual({
      message: 'Internal server error',
      locations: [{ line: 3, column: 5 }],
      path: ['session'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: executed.requestId },
    });
    const masked = built.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'masked error');
    expect(masked).toHaveLength(1);
    expect(masked[0]?.requestId).toBe(executed.requestId);
    // The cause stays in the log; the caller sees none of it, and the header value is in neither.
    expect(JSON.stringify(masked[0])).toContain('invalid authorization header');
    expect(JSON.stringify(executed.result)).not.toContain('invalid authorization header');
    expect(JSON.stringify(executed.result)).not.toContain('abc-7f3e');
    expect(built.logs.join('\n')).not.toContain('abc-7f3e');
  });
});

const SESSION_INFO = {
  userName: 'tsadmin',
  userGUID: '59481331-ee53-42be-a548-bd87be6ddd4a',
  privileges: ['ADMINISTRATION'],
  currentOrgId: 1,
  orgs: [
    { orgId: 0, orgName: 'Primary' },
    { orgId: 1, orgName: 'Sales' },
  ],
};
const TOKEN_RESPONSE = {
  userName: 'tsadmin',
  token: 'recorded-token',
  tokenCreatedTime: String(T0),
  tokenExpiryDuration: '3600',
  tokenType: 'Bearer',
};

describe('executeOperation against a recording stand-in for ThoughtSpot', () => {
  let upstream: StubUpstream;
  let built: BuiltGateway;

  beforeAll(async () => {
    upstream = await startStubUpstream((request, res) => {
      const path = request.path.replace(API, '');
      if (path === '/session') replyJson(res, 200, SESSION_INFO);
      else if (path === '/session/login')
        replyJson(
          res,
          200,
          {
            userName: 'tsadmin',
            token: '',
            tokenCreatedTime: '-1',
            tokenExpiryDuration: '-1',
            tokenType: 'Cookie',
          },
          {
            'set-cookie': [
              'JSESSIONID=s1; Path=/; HttpOnly',
              'clientId=c1; Path=/; Secure; HttpOnly',
            ],
          },
        );
      else if (path === '/session/gettoken') replyJson(res, 200, TOKEN_RESPONSE);
      else replyJson(res, 200, true);
    });
    built = await buildGateway(upstream.url);
  });
  afterAll(async () => {
    await built.gateway.close();
    await upstream.close();
  });
  beforeEach(() => {
    upstream.requests.length = 0;
  });

  /** The one request the stand-in received. */
  function onlyRequest(): RecordedRequest {
    expect(upstream.requests).toHaveLength(1);
    const [request] = upstream.requests;
    if (request === undefined) throw new Error('no request');
    return request;
  }

  it('forwards only ThoughtSpot’s cookies, the Authorization as is, and its own fixed headers', async () => {
    const requestId = 'integration-headers-1';
    const { result } = await execute<SessionData>(built.gateway, SESSION, {
      headers: {
        authorization: 'Bearer abc.DEF-123_x',
        cookie: 'app_session=secret; JSESSIONID=s1; theme=dark; clientId=c1; other=2',
        'x-forwarded-for': '10.0.0.1',
        'x-app-header': 'not-for-thoughtspot',
      },
      requestId,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.session).toEqual({
      id: SESSION_INFO.userGUID,
      userName: 'tsadmin',
      privileges: ['ADMINISTRATION'],
      currentOrgId: 1,
      orgs: [
        { id: 0, name: 'Primary' },
        { id: 1, name: 'Sales' },
      ],
    });

    const request = onlyRequest();
    expect(request.method).toBe('GET');
    expect(request.path).toBe(`${API}/session`);
    expect(request.body).toBe('');
    expect(request.headers.cookie).toBe('JSESSIONID=s1; clientId=c1');
    expect(request.headers.authorization).toBe('Bearer abc.DEF-123_x');
    expect(request.headers['x-requested-by']).toBe('ThoughtSpot');
    expect(request.headers.accept).toBe('application/json');
    expect(request.headers['user-agent']).toBe('test');
    expect(request.headers['x-request-id']).toBe(requestId);
    expect(request.headers['content-type']).toBeUndefined();
    // Nothing else of the caller's travels: not the app's cookies, not its other headers.
    const raw = request.rawHeaders.join('\n');
    expect(raw).not.toContain('app_session');
    expect(raw).not.toContain('secret');
    expect(raw).not.toContain('theme');
    expect(request.headers['x-forwarded-for']).toBeUndefined();
    expect(request.headers['x-app-header']).toBeUndefined();
  });

  it('sends no Cookie header when the caller has only other cookies, and none without credentials', async () => {
    await execute(built.gateway, SESSION, { headers: { cookie: 'app_session=secret' } });
    const request = onlyRequest();
    expect(request.headers.cookie).toBeUndefined();
    expect(request.headers.authorization).toBeUndefined();
  });

  it('login: JSON body with rememberMe as the string "true", content-type only on the body', async () => {
    const requestId = 'integration-login-1';
    const { result, cookies } = await execute<{ login: TokenFields }>(built.gateway, LOGIN, {
      variables: { input: { userName: 'tsadmin', password: 'admin', rememberMe: true } },
      requestId,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.login.tokenType).toBe('Cookie');
    expect(cookies).toEqual([
      'JSESSIONID=s1; Path=/; HttpOnly',
      'clientId=c1; Path=/; Secure; HttpOnly',
    ]);
    const request = onlyRequest();
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`${API}/session/login`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-request-id']).toBe(requestId);
    expect(request.headers['x-requested-by']).toBe('ThoughtSpot');
    expect(JSON.parse(request.body)).toEqual({
      userName: 'tsadmin',
      password: 'admin',
      rememberMe: 'true',
    });
  });

  it('getToken: tokenExpiryDuration and orgId as strings, accessLevel FULL by default', async () => {
    const { result } = await execute<{ getToken: TokenFields }>(built.gateway, GET_TOKEN, {
      variables: {
        input: { userName: 'tsadmin', password: 'admin', tokenExpiryDuration: 3600, orgId: 1 },
      },
    });
    expect(result.errors).toBeUndefined();
    // A duration in seconds (the other reading of beta-behaviour.md §11.5) is placed after tokenCreatedTime.
    expect(result.data?.getToken).toMatchObject({
      token: 'recorded-token',
      createdAt: '2026-01-15T09:00:00.000Z',
      expiresAt: '2026-01-15T10:00:00.000Z',
    });
    const request = onlyRequest();
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`${API}/session/gettoken`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      userName: 'tsadmin',
      password: 'admin',
      accessLevel: 'FULL',
      tokenExpiryDuration: '3600',
      orgId: '1',
    });
  });

  it('switchOrg: PUT with the body {"id":"1"}', async () => {
    const { result } = await execute<{ switchOrg: boolean }>(built.gateway, SWITCH_ORG, {
      variables: { input: { id: 1 } },
      headers: { cookie: 'JSESSIONID=s1; clientId=c1' },
    });
    expect(result).toEqual({ data: { switchOrg: true } });
    const request = onlyRequest();
    expect(request.method).toBe('PUT');
    expect(request.path).toBe(`${API}/session/org`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toBe('{"id":"1"}');
  });

  it('revokeToken: POST without a body has no content-type', async () => {
    const { result } = await execute<{ revokeToken: boolean }>(built.gateway, REVOKE_TOKEN, {
      headers: { authorization: 'Bearer abc' },
    });
    expect(result).toEqual({ data: { revokeToken: true } });
    const request = onlyRequest();
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`${API}/session/revoketoken`);
    expect(request.body).toBe('');
    expect(request.headers['content-type']).toBeUndefined();
    expect(request.headers.authorization).toBe('Bearer abc');
  });
});

describe('executeOperation against an upstream with odd session bodies', () => {
  let body = '';
  let upstream: StubUpstream;
  let built: BuiltGateway;

  beforeAll(async () => {
    upstream = await startStubUpstream((_request, res) => {
      reply(res, 200, body, { 'content-type': 'application/json' });
    });
    built = await buildGateway(upstream.url);
  });
  afterAll(async () => {
    await built.gateway.close();
    await upstream.close();
  });

  it('odd types in an otherwise valid session info resolve to empty values, no error', async () => {
    body = '{"userGUID": "x", "userName": "y", "orgs": "not-an-array", "privileges": 5}';
    const { result } = await execute<SessionData>(built.gateway, SESSION, {
      headers: { authorization: 'Bearer abc' },
    });
    expect(result).toEqual({
      data: {
        session: { id: 'x', userName: 'y', privileges: [], currentOrgId: null, orgs: [] },
      },
    });
    expect(built.logs.some((line) => line.includes('masked error'))).toBe(false);
  });

  it('a 200 with a JSON array for session info is UPSTREAM_ERROR', async () => {
    body = '[]';
    const executed = await execute<SessionData>(built.gateway, SESSION, {
      headers: { authorization: 'Bearer abc' },
    });
    expect(executed.result.data).toBeNull();
    const error = onlyError(executed);
    expect(error.message).toBe('ThoughtSpot returned an unexpected response.');
    expect(error.extensions).toEqual({
      code: 'UPSTREAM_ERROR',
      requestId: executed.requestId,
      upstream: { status: 200 },
    });
    expect(built.logs.some((line) => line.includes('masked error'))).toBe(false);
    const warned = built.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.requestId === executed.requestId);
    expect(warned).toEqual([
      expect.objectContaining({
        level: 40,
        code: 'UPSTREAM_ERROR',
        msg: 'upstream failure: session info is not an object',
      }),
    ]);
  });
});
