import { DEVELOPMENT_SECRET_KEY } from '../../src/emulator';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import type { CallResult } from '../support/http';
import { API, call, upstreamError } from '../support/http';
import {
  assertValidResponse,
  checkDocument,
  createContract,
  loadDocument,
  OPERATIONS,
  validateErrorEnvelope,
  validateResponse,
} from '../support/openapi';

/**
 * Contract tests: every answer of the emulator, success or failure, against
 * `schema/thoughtspot-session.openapi.json` (status, content type, body), and every failure also
 * against the strict beta-behaviour.md §11.1 envelope. A final test checks each documented (operation, status) pair
 * was seen on the wire.
 */

const UPSTREAM_CODES = {
  400: 10002,
  401: 10003,
  403: 10004,
  404: 10005,
  405: 10006,
  413: 10007,
  415: 10008,
  500: 10000,
} as const;
type UpstreamStatus = keyof typeof UPSTREAM_CODES;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `operationId status` pairs that were validated on a real response. */
const exercised = new Set<string>();
/** The incident and trace ids of every failure seen in this file. */
const incidentIds: string[] = [];
const traceIds: string[] = [];

const contentTypeOf = (res: CallResult) => res.headers['content-type'];

/** A 200 that the document accepts for this operation; recorded as exercised. */
function expectOk(operationId: string, res: CallResult): void {
  expect({ status: res.status, body: res.text }).toEqual({ status: 200, body: res.text });
  expect(contentTypeOf(res)).toBe('application/json');
  expect(validateResponse(operationId, res.status, contentTypeOf(res), res.text)).toEqual([]);
  exercised.add(`${operationId} 200`);
}

/**
 * An HTTP 500 that the document accepts for this operation and that is exactly the beta-behaviour.md §11.1 envelope
 * with this upstream status, its code, and the operation's GraphQL field as `path`; recorded as
 * exercised. Returns the envelope's parts.
 */
function expectFailure(operationId: string, res: CallResult, upstream: UpstreamStatus) {
  expect({ status: res.status, body: res.text }).toEqual({ status: 500, body: res.text });
  expect(contentTypeOf(res)).toBe('application/json');
  expect(validateResponse(operationId, res.status, contentTypeOf(res), res.text)).toEqual([]);
  expect(validateErrorEnvelope(res.json)).toEqual([]);
  const error = upstreamError(res.json);
  expect(error).toMatchObject({
    status: upstream,
    code: UPSTREAM_CODES[upstream],
    path: [`restapiV2__${operationId}`],
  });
  if (!error) throw new Error('unreachable: not an envelope');
  expect(error.incidentId).toMatch(UUID);
  expect(error.traceId).toMatch(UUID);
  expect((res.json as { error: { errors: { message: string } } }).error.errors.message).toBe(
    `Request failed with status code ${upstream}`,
  );
  incidentIds.push(error.incidentId);
  traceIds.push(error.traceId);
  exercised.add(`${operationId} 500`);
  return error;
}

/** A SessionLoginResponse: exactly the five documented fields, each a string. */
function expectLoginResponse(res: CallResult): Record<string, string> {
  const body = res.json as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(
    ['token', 'tokenCreatedTime', 'tokenExpiryDuration', 'tokenType', 'userName'].sort(),
  );
  for (const value of Object.values(body)) expect(typeof value).toBe('string');
  return body as Record<string, string>;
}

describe('the OpenAPI document', () => {
  it('is a sound OpenAPI 3.0 document: structure, $refs, schemas, 200 and 500 everywhere', () => {
    expect(checkDocument()).toEqual([]);
  });

  it('has the six session operations, with their methods and paths', () => {
    expect(OPERATIONS).toEqual([
      { operationId: 'getSessionInfo', method: 'GET', path: '/tspublic/rest/v2/session' },
      { operationId: 'login', method: 'POST', path: '/tspublic/rest/v2/session/login' },
      { operationId: 'logout', method: 'POST', path: '/tspublic/rest/v2/session/logout' },
      { operationId: 'getToken', method: 'POST', path: '/tspublic/rest/v2/session/gettoken' },
      { operationId: 'revokeToken', method: 'POST', path: '/tspublic/rest/v2/session/revoketoken' },
      { operationId: 'switchOrg', method: 'PUT', path: '/tspublic/rest/v2/session/org' },
    ]);
  });

  it('is checked for real: a broken $ref, a missing 500 and a misspelt field are reported', () => {
    const doc = loadDocument() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, Record<string, unknown>> };
      info: Record<string, unknown>;
    };
    doc.components.schemas.ErrorResponse = {
      type: 'object',
      properties: { error: { $ref: '#/components/schemas/Missing' } },
    };
    delete doc.paths['/tspublic/rest/v2/session/logout']?.post?.responses['500'];
    doc.info.titel = 'typo';
    const problems = createContract(doc).checkDocument();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('$ref #/components/schemas/Missing does not resolve'),
        'logout: no 500 response with an application/json schema',
        expect.stringMatching(/^structure: \/info must NOT have additional properties/),
        expect.stringContaining("can't resolve reference #/components/schemas/Missing"),
      ]),
    );
  });
});

describe('the response validator', () => {
  const envelope = (status: number) =>
    JSON.stringify({
      error: {
        errors: {
          message: `Request failed with status code ${status}`,
          locations: { line: 2, column: 3 },
          path: ['restapiV2__login'],
          extension: {
            service: 'CALLOSUM',
            code: 'UPSTREAM_FAILURE',
            exception: {
              service: 'CALLOSUM',
              upstreamResponse: {
                data: {
                  code: 10003,
                  incident_id_guid: 'deb0bc49-8414-4690-bc03-d7e0251d65b4',
                  trace_id_guid: '1f0e4c2a-6b8d-4e3f-a1c5-9d7b2e4f6a80',
                  debug: 'Invalid user name or password',
                },
                status,
              },
            },
          },
        },
      },
    });

  it('accepts what the document lists, with or without media-type parameters', () => {
    expect(validateResponse('logout', 200, 'application/json', 'true')).toEqual([]);
    expect(validateResponse('logout', 200, 'application/json; charset=utf-8', 'false')).toEqual([]);
    expect(validateResponse('login', 500, 'application/json', envelope(401))).toEqual([]);
    expect(validateErrorEnvelope(JSON.parse(envelope(401)))).toEqual([]);
  });

  it('rejects statuses, content types and bodies the document does not list', () => {
    expect(validateResponse('login', 404, 'application/json', envelope(404))).toEqual([
      'login (POST /tspublic/rest/v2/session/login) HTTP 404: status not documented (documented: 200, 500)',
    ]);
    expect(validateResponse('login', 200, 'text/html', '<html></html>')).toEqual([
      'login (POST /tspublic/rest/v2/session/login) HTTP 200: Content-Type text/html not documented (documented: application/json)',
    ]);
    expect(validateResponse('logout', 200, undefined, 'true')).toHaveLength(1);
    expect(validateResponse('logout', 200, 'application/json', '')[0]).toMatch(/body is not JSON/);
    expect(validateResponse('logout', 200, 'application/json', '"true"')[0]).toMatch(
      /\(root\) must be boolean/,
    );
    expect(validateResponse('switchOrg', 200, 'application/json', '{}')[0]).toMatch(
      /must be boolean/,
    );
    expect(
      validateResponse('getToken', 200, 'application/json', JSON.stringify({ token: 42 }))[0],
    ).toMatch(/\/token must be string/);
    expect(validateResponse('getSessionInfo', 200, 'application/json', '[]')[0]).toMatch(
      /must be object/,
    );
    expect(validateResponse('revokeToken', 500, 'application/json', '{"error":"x"}')[0]).toMatch(
      /\/error must be object/,
    );
    expect(() => validateResponse('restapiV2__login', 200, 'application/json', '{}')).toThrow(
      /no operation "restapiV2__login" in the OpenAPI document/,
    );
    expect(() => {
      assertValidResponse('login', 302, 'text/html', '');
    }).toThrow(/response does not match the OpenAPI document:\n {2}login .* HTTP 302/);
  });

  it('holds errors to the strict envelope, which the loose ErrorResponse would let through', () => {
    const withStack = JSON.parse(envelope(401)) as {
      error: { errors: { extension: { exception: Record<string, unknown> } } };
    };
    withStack.error.errors.extension.exception.stacktrace = ['Request failed'];
    const text = JSON.stringify(withStack);
    expect(validateResponse('login', 500, 'application/json', text)).toEqual([]);
    expect(validateErrorEnvelope(withStack)).toEqual([
      expect.stringMatching(/^\/error\/errors\/extension\/exception must NOT have additional/),
    ]);

    const mangle = (edit: (data: Record<string, unknown>) => void) => {
      const body = JSON.parse(envelope(403)) as {
        error: { errors: { extension: { exception: { upstreamResponse: { data: never } } } } };
      };
      edit(body.error.errors.extension.exception.upstreamResponse.data);
      return validateErrorEnvelope(body);
    };
    expect(mangle((d) => (d.incident_id_guid = 'not-a-uuid'))[0]).toMatch(
      /incident_id_guid must match format "uuid"/,
    );
    expect(mangle((d) => delete d.trace_id_guid)[0]).toMatch(/must have required property/);
    expect(mangle((d) => (d.code = '10004'))[0]).toMatch(/\/code must be integer/);
    expect(validateErrorEnvelope({ error: { errors: [] } })[0]).toMatch(/must be object/);
    expect(validateErrorEnvelope({ error: {}, extra: 1 })).toHaveLength(2);
  });

  describe('on real answers the document does not allow (fault injection)', () => {
    let t: TestEmulator;
    beforeEach(async () => {
      t = await startTestEmulator({ faults: true });
    });
    afterEach(() => t.close());

    const login = () => t.api('POST', '/session/login', { json: { userName: 'x', password: 'y' } });

    it('fails a proxy HTML page, at 200 and at 502', async () => {
      t.emulator.faults.set('login', { mode: 'html', status: 200, times: 1 });
      const ok = await login();
      expect(ok.status).toBe(200);
      expect(validateResponse('login', ok.status, contentTypeOf(ok), ok.text)).toEqual([
        expect.stringContaining('Content-Type text/html not documented'),
      ]);
      t.emulator.faults.set('login', { mode: 'html', times: 1 });
      const bad = await login();
      expect(bad.status).toBe(502);
      expect(validateResponse('login', bad.status, contentTypeOf(bad), bad.text)).toEqual([
        expect.stringContaining('HTTP 502: status not documented'),
      ]);
    });

    it('fails malformed JSON, a 404 and a wrongly typed body', async () => {
      t.emulator.faults.set('logout', { mode: 'malformed-json', times: 1 });
      const malformed = await t.api('POST', '/session/logout');
      expect(malformed.status).toBe(200);
      expect(
        validateResponse('logout', malformed.status, contentTypeOf(malformed), malformed.text)[0],
      ).toMatch(/the body is not JSON/);

      t.emulator.faults.set('getSessionInfo', { mode: 'status', status: 404, body: {}, times: 1 });
      const notFound = await t.api('GET', '/session');
      expect(notFound.status).toBe(404);
      expect(
        validateResponse('getSessionInfo', notFound.status, contentTypeOf(notFound), notFound.text),
      ).toEqual([expect.stringContaining('HTTP 404: status not documented')]);

      t.emulator.faults.set('getToken', {
        mode: 'status',
        status: 200,
        body: { userName: 'tsadmin', token: null },
        times: 1,
      });
      const typed = await t.api('POST', '/session/gettoken', { json: {} });
      expect(validateResponse('getToken', typed.status, contentTypeOf(typed), typed.text)).toEqual([
        expect.stringContaining('/token must be string'),
      ]);
    });
  });
});

describe('getSessionInfo (GET /session)', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(() => t.close());

  it('answers a session object for a cookie and for a bearer token', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    const byCookie = await t.api('GET', '/session', { cookie });
    expectOk('getSessionInfo', byCookie);
    expect(byCookie.json).toMatchObject({ userName: 'tsadmin', currentOrgId: 0 });

    const bearer = await t.token('analyst', 'analyst');
    const byBearer = await t.api('GET', '/session', { bearer });
    expectOk('getSessionInfo', byBearer);
    expect(byBearer.json).toMatchObject({ userName: 'analyst', currentOrgId: 0 });
  });

  it('fails without credentials, with a bad token, and after the session ended', async () => {
    expectFailure('getSessionInfo', await t.api('GET', '/session'), 401);
    expectFailure('getSessionInfo', await t.api('GET', '/session', { bearer: 'nope' }), 401);
    const { cookie } = await t.login('tsadmin', 'admin');
    // An invalid bearer is refused even beside a valid cookie.
    expectFailure('getSessionInfo', await t.api('GET', '/session', { bearer: 'x', cookie }), 401);
    t.clock.advance(3 * 60 * 60 * 1000);
    expectFailure('getSessionInfo', await t.api('GET', '/session', { cookie }), 401);
  });
});

describe('login (POST /session/login)', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(() => t.close());

  it('answers a cookie SessionLoginResponse for a password and for a bearer token', async () => {
    for (const rememberMe of ['true', false, undefined]) {
      const res = await t.api('POST', '/session/login', {
        json: { userName: 'tsadmin', password: 'admin', rememberMe },
      });
      expectOk('login', res);
      expect(expectLoginResponse(res)).toEqual({
        userName: 'tsadmin',
        token: '',
        tokenCreatedTime: '-1',
        tokenExpiryDuration: '-1',
        tokenType: 'Cookie',
      });
      expect(res.setCookie).toHaveLength(2);
    }

    const bearer = await t.token('analyst', 'analyst');
    const withBearer = await t.api('POST', '/session/login', { bearer });
    expectOk('login', withBearer);
    expect(expectLoginResponse(withBearer)).toEqual({
      userName: 'analyst',
      token: '',
      tokenCreatedTime: '-1',
      tokenExpiryDuration: '-1',
      tokenType: 'Cookie',
    });
  });

  it('fails bad credentials (401), missing ones (401) and invalid parameters (400)', async () => {
    const login = (json: unknown) => t.api('POST', '/session/login', { json });
    expectFailure('login', await login({ userName: 'tsadmin', password: 'wrong' }), 401);
    expectFailure('login', await login({ userName: 'nobody', password: 'admin' }), 401);
    expectFailure('login', await login({}), 401);
    expectFailure('login', await t.api('POST', '/session/login', { bearer: 'revoked?' }), 401);
    expectFailure('login', await login({ userName: 'tsadmin' }), 400);
    expectFailure('login', await login({ password: 'admin' }), 400);
    expectFailure('login', await login({ userName: 'tsadmin', password: 1 }), 400);
    expectFailure(
      'login',
      await login({ userName: 'tsadmin', password: 'admin', rememberMe: 'yes' }),
      400,
    );
    expectFailure('login', await login(['tsadmin', 'admin']), 400);
    expectFailure(
      'login',
      await t.api('POST', '/session/login', {
        body: '{"userName":',
        contentType: 'application/json',
      }),
      400,
    );
  });

  it('fails a non-JSON body (415) and one over the size limit (413)', async () => {
    expectFailure(
      'login',
      await t.api('POST', '/session/login', {
        body: 'userName=tsadmin&password=admin',
        contentType: 'application/x-www-form-urlencoded',
      }),
      415,
    );
    const small = await startTestEmulator({ maxBodyBytes: 64 });
    try {
      const res = await small.api('POST', '/session/login', {
        json: { userName: 'tsadmin', password: 'admin', padding: 'x'.repeat(100) },
      });
      expectFailure('login', res, 413);
    } finally {
      await small.close();
    }
  });
});

describe('logout (POST /session/logout)', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(() => t.close());

  it('answers true with and without a session, and with a bad bearer', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    for (const auth of [{ cookie }, {}, { bearer: 'not-a-token' }]) {
      const res = await t.api('POST', '/session/logout', auth);
      expectOk('logout', res);
      expect(res.json).toBe(true);
      expect(res.setCookie).toHaveLength(2);
    }
  });

  it('fails (405, its only failure) when called with another method', async () => {
    const res = await t.api('GET', '/session/logout');
    expectFailure('logout', res, 405);
    expect(res.headers.allow).toBe('POST');
  });
});

describe('getToken (POST /session/gettoken)', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(() => t.close());
  const gettoken = (json: unknown) => t.api('POST', '/session/gettoken', { json });

  it('answers a bearer SessionLoginResponse for a password and for the secret key', async () => {
    const now = t.clock.now();
    const byPassword = await gettoken({ userName: 'tsadmin', password: 'admin' });
    expectOk('getToken', byPassword);
    const body = expectLoginResponse(byPassword);
    expect(body).toEqual({
      userName: 'tsadmin',
      token: expect.any(String) as unknown,
      tokenCreatedTime: String(now),
      tokenExpiryDuration: String(now + DAY_MS),
      tokenType: 'Bearer',
    });
    expect(body.token).not.toBe('');
    expect(byPassword.setCookie).toEqual([]);

    const bySecret = await gettoken({
      userName: 'analyst',
      secretKey: DEVELOPMENT_SECRET_KEY,
      accessLevel: 'REPORT_BOOK_VIEW',
      tsObjectId: '1e1f1d9b-8e0b-4c8e-9d2a-4a7b5c6d7e8f',
      tokenExpiryDuration: '60',
      orgId: '0',
    });
    expectOk('getToken', bySecret);
    expect(expectLoginResponse(bySecret)).toMatchObject({
      userName: 'analyst',
      tokenCreatedTime: String(now),
      tokenExpiryDuration: String(now + 60_000),
      tokenType: 'Bearer',
    });
  });

  it('fails bad credentials (401) and invalid parameters (400)', async () => {
    expectFailure('getToken', await gettoken({ userName: 'tsadmin', password: 'wrong' }), 401);
    expectFailure('getToken', await gettoken({ userName: 'tsadmin', secretKey: 'wrong' }), 401);
    expectFailure('getToken', await gettoken({ userName: 'tsadmin' }), 400);
    expectFailure('getToken', await gettoken({ password: 'admin' }), 400);
    expectFailure(
      'getToken',
      await gettoken({ userName: 'tsadmin', password: 'admin', accessLevel: 'REPORT_BOOK_VIEW' }),
      400,
    );
    expectFailure(
      'getToken',
      await gettoken({ userName: 'tsadmin', password: 'admin', accessLevel: 'READ' }),
      400,
    );
    expectFailure(
      'getToken',
      await gettoken({ userName: 'tsadmin', password: 'admin', tokenExpiryDuration: '0' }),
      400,
    );
    expectFailure(
      'getToken',
      await gettoken({ userName: 'tsadmin', password: 'admin', orgId: '99' }),
      400,
    );
  });

  it('fails an org the user is not in (403) and a disabled trusted authentication (500)', async () => {
    expectFailure(
      'getToken',
      await gettoken({ userName: 'analyst', password: 'analyst', orgId: '1' }),
      403,
    );
    t.emulator.state.setTrustedAuthentication(false);
    expectFailure(
      'getToken',
      await gettoken({ userName: 'tsadmin', secretKey: DEVELOPMENT_SECRET_KEY }),
      500,
    );
  });
});

describe('revokeToken (POST /session/revoketoken)', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(() => t.close());

  it('answers true for a bearer token and for a session cookie', async () => {
    const bearer = await t.token('tsadmin', 'admin');
    const byBearer = await t.api('POST', '/session/revoketoken', { bearer });
    expectOk('revokeToken', byBearer);
    expect(byBearer.json).toBe(true);

    const { cookie } = await t.login('analyst', 'analyst');
    const byCookie = await t.api('POST', '/session/revoketoken', { cookie });
    expectOk('revokeToken', byCookie);
    expect(byCookie.json).toBe(true);
  });

  it('fails without credentials and with a revoked, unknown or expired token (401)', async () => {
    expectFailure('revokeToken', await t.api('POST', '/session/revoketoken'), 401);
    const bearer = await t.token('tsadmin', 'admin', { tokenExpiryDuration: 60 });
    const first = await t.api('POST', '/session/revoketoken', { bearer });
    expectOk('revokeToken', first);
    expectFailure('revokeToken', await t.api('POST', '/session/revoketoken', { bearer }), 401);
    expectFailure(
      'revokeToken',
      await t.api('POST', '/session/revoketoken', { bearer: 'unknown' }),
      401,
    );
    const expiring = await t.token('tsadmin', 'admin', { tokenExpiryDuration: 60 });
    t.clock.advance(60_000);
    expectFailure(
      'revokeToken',
      await t.api('POST', '/session/revoketoken', { bearer: expiring }),
      401,
    );
  });
});

describe('switchOrg (PUT /session/org)', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(() => t.close());
  const switchOrg = (auth: { cookie?: string; bearer?: string }, json: unknown) =>
    t.api('PUT', '/session/org', { ...auth, json });

  it('answers true for an org of the user, as a string id', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    const res = await switchOrg({ cookie }, { id: '1' });
    expectOk('switchOrg', res);
    expect(res.json).toBe(true);
    const back = await switchOrg({ cookie }, { id: '0' });
    expectOk('switchOrg', back);
    expect(back.json).toBe(true);
  });

  it('fails an unknown org (400), an org the user is not in (403), a bad id (400)', async () => {
    const admin = await t.login('tsadmin', 'admin');
    expectFailure('switchOrg', await switchOrg({ cookie: admin.cookie }, { id: '99' }), 400);
    expectFailure('switchOrg', await switchOrg({ cookie: admin.cookie }, { id: 'Sales' }), 400);
    expectFailure('switchOrg', await switchOrg({ cookie: admin.cookie }, {}), 400);
    const analyst = await t.login('analyst', 'analyst');
    expectFailure('switchOrg', await switchOrg({ cookie: analyst.cookie }, { id: '1' }), 403);
  });

  it('fails with only a bearer (400, or 403 for REPORT_BOOK_VIEW) and with nothing (401)', async () => {
    const bearer = await t.token('tsadmin', 'admin');
    expectFailure('switchOrg', await switchOrg({ bearer }, { id: '1' }), 400);
    const view = await t.token('tsadmin', 'admin', {
      accessLevel: 'REPORT_BOOK_VIEW',
      tsObjectId: '1e1f1d9b-8e0b-4c8e-9d2a-4a7b5c6d7e8f',
    });
    expectFailure('switchOrg', await switchOrg({ bearer: view }, { id: '1' }), 403);
    expectFailure('switchOrg', await switchOrg({}, { id: '1' }), 401);
    expectFailure('switchOrg', await switchOrg({ bearer: 'unknown' }, { id: '1' }), 401);
  });
});

describe('every operation', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(() => t.close());

  it.each(OPERATIONS.map((o) => [o.operationId, o.method, o.path] as const))(
    '%s answers a wrong method with the 405 envelope and an Allow header',
    async (operationId, method, path) => {
      const wrong = method === 'DELETE' ? 'PATCH' : 'DELETE';
      const res = await call(t.emulator.url, wrong, path);
      expectFailure(operationId, res, 405);
      expect(res.headers.allow).toBe(method);
    },
  );

  it.each(OPERATIONS.map((o) => [o.operationId, o.method, o.path] as const))(
    '%s gives fresh incident and trace ids to two identical failing calls',
    async (operationId, method, path) => {
      // A request each operation refuses: no credentials, or (logout) the wrong method.
      const send = () =>
        operationId === 'logout'
          ? call(t.emulator.url, 'GET', path)
          : call(t.emulator.url, method, path, method === 'GET' ? {} : { json: {} });
      const expected: UpstreamStatus =
        operationId === 'logout' ? 405 : operationId === 'getToken' ? 400 : 401;
      const first = expectFailure(operationId, await send(), expected);
      const second = expectFailure(operationId, await send(), expected);
      expect(second.incidentId).not.toBe(first.incidentId);
      expect(second.traceId).not.toBe(first.traceId);
      expect(second.debug).toBe(first.debug);
    },
  );

  it('an unknown path under the API answers the 404 envelope with an empty path', async () => {
    const res = await t.api('GET', '/session/nothing');
    expect(res.status).toBe(500);
    expect(validateErrorEnvelope(res.json)).toEqual([]);
    expect(upstreamError(res.json)).toMatchObject({ status: 404, code: 10005, path: [] });
    expect(API).toBe('/tspublic/rest/v2');
  });
});

describe('coverage of the document', () => {
  it('validated a 200 and a 500 of every operation on real answers', () => {
    const documented = OPERATIONS.flatMap((o) => [`${o.operationId} 200`, `${o.operationId} 500`]);
    expect(documented).toHaveLength(12);
    expect(documented.filter((pair) => !exercised.has(pair))).toEqual([]);
  });

  it('never saw the same incident or trace id twice', () => {
    expect(incidentIds.length).toBeGreaterThan(50);
    expect(new Set(incidentIds).size).toBe(incidentIds.length);
    expect(new Set(traceIds).size).toBe(traceIds.length);
    expect(new Set([...incidentIds, ...traceIds]).size).toBe(incidentIds.length * 2);
  });
});
