import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { request } from 'undici';
import type { TestEmulator } from '../support/emulator';
import { expectEnvelope } from '../support/assertions';
import { startTestEmulator } from '../support/emulator';
import type { CallResult } from '../support/http';
import { API, call, upstreamError } from '../support/http';

const MAX_ID = Number.MAX_SAFE_INTEGER;

const ENDPOINTS = [
  { method: 'GET', path: '/session', field: 'restapiV2__getSessionInfo' },
  { method: 'POST', path: '/session/login', field: 'restapiV2__login' },
  { method: 'POST', path: '/session/logout', field: 'restapiV2__logout' },
  { method: 'POST', path: '/session/gettoken', field: 'restapiV2__getToken' },
  { method: 'POST', path: '/session/revoketoken', field: 'restapiV2__revokeToken' },
  { method: 'PUT', path: '/session/org', field: 'restapiV2__switchOrg' },
] as const;

const expectInvalid = (res: CallResult, field: string, debug?: string | RegExp) =>
  expectEnvelope(res, 400, 10002, [field], debug);

/** The emulator still answers a normal cookie login and session read. */
async function expectHealthy(t: TestEmulator): Promise<void> {
  const { cookie } = await t.login('tsadmin', 'admin');
  const info = await t.api('GET', '/session', { cookie });
  expect(info.status).toBe(200);
  expect(info.json).toMatchObject({ userName: 'tsadmin' });
}

/** Sends raw bytes on a new connection and returns everything the server wrote before closing. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
  });
}

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(() => t.close());

describe('unknown paths', () => {
  it.each([
    ['GET', '/'],
    ['GET', '/tspublic/rest/v2'],
    ['GET', '/tspublic/rest/v2/'],
    ['GET', '/tspublic/rest/v2/session/'],
    ['POST', '/tspublic/rest/v2/session/login/'],
    ['POST', '/tspublic/v1/session/login'],
    // Under /api/rest/2.0 and /callosum the v2.0 and v1 shapes answer (v2-bad-input.test.ts).
    ['GET', '/api/rest/2.0x/auth/session/user'],
    ['POST', '/api/rest/v2/session/login'],
    ['GET', '/TSPUBLIC/REST/V2/SESSION'],
    ['GET', '/tspublic/rest/v2/session/unknown'],
    ['POST', '/tspublic/rest/v2//session/login'],
  ])('%s %s is a 404 inside the envelope, with no operation in path', async (method, path) => {
    const res = await call(t.emulator.url, method, path, {
      json: { userName: 'tsadmin', password: 'admin' },
    });
    expectEnvelope(res, 404, 10005, [], `No endpoint at ${method} ${path}`);
    expect(res.setCookie).toEqual([]);
    await expectHealthy(t);
  });

  it('the query string is not part of the path: a known path with one is served', async () => {
    const token = await t.token('tsadmin', 'admin');
    const res = await t.api('GET', '/session?userName=analyst&x=%ZZ', { bearer: token });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ userName: 'tsadmin' });
    const unknown = await call(t.emulator.url, 'GET', '/nowhere?a=1');
    expectEnvelope(unknown, 404, 10005, [], 'No endpoint at GET /nowhere');
  });
});

describe('wrong methods', () => {
  const cases = ENDPOINTS.flatMap((endpoint) =>
    ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']
      .filter((m) => m !== endpoint.method)
      .map((method) => [method, endpoint.path, endpoint.method, endpoint.field] as const),
  );

  it.each(cases)(
    '%s %s is a 405 inside the envelope with Allow: %s',
    async (method, path, allowed, field) => {
      const res = await t.api(method, path, { json: { userName: 'tsadmin', password: 'admin' } });
      expectEnvelope(
        res,
        405,
        10006,
        [field],
        `Method ${method} is not allowed on ${API}${path}: use ${allowed}`,
      );
      expect(res.headers.allow).toBe(allowed);
      expect(res.setCookie).toEqual([]);
      await expectHealthy(t);
    },
  );

  it('HEAD on session info is a 405 with Allow: GET and no body', async () => {
    const res = await request(`${t.emulator.url}${API}/session`, { method: 'HEAD' });
    expect(res.statusCode).toBe(500);
    expect(res.headers.allow).toBe('GET');
    expect(await res.body.text()).toBe('');
    await expectHealthy(t);
  });

  it('a wrong method does not run the operation', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    const res = await t.api('GET', '/session/logout', { cookie });
    expect(upstreamError(res.json)?.status).toBe(405);
    expect(t.emulator.state.counts().sessions).toBe(1);
    expect((await t.api('GET', '/session', { cookie })).status).toBe(200);
  });
});

describe('bodies that are not JSON', () => {
  const bodyEndpoints = [
    ['POST', '/session/login', 'restapiV2__login'],
    ['POST', '/session/gettoken', 'restapiV2__getToken'],
    ['PUT', '/session/org', 'restapiV2__switchOrg'],
  ] as const;

  it.each(
    bodyEndpoints.flatMap(([method, path, field]) =>
      [
        'not json',
        '{"userName":',
        '{userName: "tsadmin"}',
        "{'a': 1}",
        '{"a":1}}',
        'undefined',
      ].map((body) => [method, path, field, body] as const),
    ),
  )('%s %s with body %j is 400/10002', async (method, path, field, body) => {
    const { cookie } = await t.login('tsadmin', 'admin');
    const res = await t.api(method, path, { cookie, body, contentType: 'application/json' });
    expectInvalid(res, field, 'Invalid parameter values: the request body is not valid JSON');
    await expectHealthy(t);
  });

  it.each(
    bodyEndpoints.flatMap(([method, path, field]) =>
      ['[]', '[{"userName":"tsadmin","password":"admin"}]', '42', '"tsadmin"', 'null', 'true'].map(
        (body) => [method, path, field, body] as const,
      ),
    ),
  )('%s %s with JSON %s that is not an object is 400/10002', async (method, path, field, body) => {
    const { cookie } = await t.login('tsadmin', 'admin');
    const res = await t.api(method, path, { cookie, body, contentType: 'application/json' });
    expectInvalid(res, field, 'Invalid parameter values: the request body must be a JSON object');
    await expectHealthy(t);
  });

  it('an empty body is {}: login with it has no credentials (401), gettoken lacks userName', async () => {
    const login = await t.api('POST', '/session/login', { contentType: 'application/json' });
    expectEnvelope(login, 401, 10003, ['restapiV2__login']);
    const token = await t.api('POST', '/session/gettoken', { body: '' });
    expectInvalid(token, 'restapiV2__getToken', /^Invalid parameter values userName: expected/);
    await expectHealthy(t);
  });

  it('logout and revoketoken do not read a body: a junk one is ignored', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    const logout = await t.api('POST', '/session/logout', {
      cookie,
      body: '\u0000 not json',
      contentType: 'text/plain',
    });
    expect(logout.status).toBe(200);
    expect(logout.json).toBe(true);
    const bearer = await t.token('tsadmin', 'admin');
    const revoke = await t.api('POST', '/session/revoketoken', { bearer, body: '[1,' });
    expect(revoke.status).toBe(200);
    expect(revoke.json).toBe(true);
    await expectHealthy(t);
  });
});

describe('fields of the wrong type', () => {
  const ofLogin = (field: string, value: unknown) => ({
    userName: 'tsadmin',
    password: 'admin',
    [field]: value,
  });

  it.each([
    ['userName', 42, 'a string'],
    ['userName', { name: 'tsadmin' }, 'a string'],
    ['userName', ['tsadmin'], 'a string'],
    ['userName', true, 'a string'],
    ['password', 1234, 'a string'],
    ['password', ['admin'], 'a string'],
    ['rememberMe', 'yes', 'true or false'],
    ['rememberMe', 'TRUE', 'true or false'],
    ['rememberMe', 1, 'true or false'],
    ['rememberMe', 0, 'true or false'],
    ['rememberMe', {}, 'true or false'],
    ['rememberMe', '', 'true or false'],
  ])('login %s = %j is 400/10002 naming the field', async (field, value, expected) => {
    const res = await t.api('POST', '/session/login', { json: ofLogin(field, value) });
    expectInvalid(
      res,
      'restapiV2__login',
      `Invalid parameter values ${field}: expected ${expected}`,
    );
    expect(res.setCookie).toEqual([]);
    expect(t.emulator.state.counts().sessions).toBe(0);
    await expectHealthy(t);
  });

  const ofToken = (field: string, value: unknown) => ({
    userName: 'tsadmin',
    password: 'admin',
    [field]: value,
  });
  const duration = 'an integer from 1 to 2147483647, as a number or a string';
  const orgId = `an integer from 0 to ${MAX_ID}, as a number or a string`;

  it.each([
    ['userName', 42, 'a string'],
    ['userName', { name: 'tsadmin' }, 'a string'],
    ['userName', '', 'a user name'],
    ['password', 5, 'a string'],
    ['password', { value: 'admin' }, 'a string'],
    ['secretKey', ['key'], 'a string'],
    ['secretKey', 7, 'a string'],
    ['accessLevel', 'READ', 'FULL or REPORT_BOOK_VIEW'],
    ['accessLevel', 'full', 'FULL or REPORT_BOOK_VIEW'],
    ['accessLevel', '', 'FULL or REPORT_BOOK_VIEW'],
    ['accessLevel', 1, 'a string'],
    ['tsObjectId', 7, 'a string'],
    ['tsObjectId', { id: 'x' }, 'a string'],
    ['tokenExpiryDuration', '-5', duration],
    ['tokenExpiryDuration', -5, duration],
    ['tokenExpiryDuration', '1.5', duration],
    ['tokenExpiryDuration', 1.5, duration],
    ['tokenExpiryDuration', 0, duration],
    ['tokenExpiryDuration', '0', duration],
    ['tokenExpiryDuration', 'abc', duration],
    ['tokenExpiryDuration', '', duration],
    ['tokenExpiryDuration', '1e3', duration],
    ['tokenExpiryDuration', '2147483648', duration],
    ['tokenExpiryDuration', 2147483648, duration],
    ['tokenExpiryDuration', true, duration],
    ['tokenExpiryDuration', { seconds: 60 }, duration],
    ['orgId', 'x', orgId],
    ['orgId', -1, orgId],
    ['orgId', '-1', orgId],
    ['orgId', 1.5, orgId],
    ['orgId', '0x1', orgId],
    ['orgId', false, orgId],
    ['orgId', [0], orgId],
  ])('gettoken %s = %j is 400/10002 naming the field', async (field, value, expected) => {
    const res = await t.api('POST', '/session/gettoken', { json: ofToken(field, value) });
    expectInvalid(
      res,
      'restapiV2__getToken',
      `Invalid parameter values ${field}: expected ${expected}`,
    );
    expect(t.emulator.state.counts().tokens).toBe(0);
    await expectHealthy(t);
  });

  it('gettoken without userName is 400/10002', async () => {
    const res = await t.api('POST', '/session/gettoken', { json: { password: 'admin' } });
    expectInvalid(
      res,
      'restapiV2__getToken',
      'Invalid parameter values userName: expected a user name',
    );
  });

  it('the boundaries of tokenExpiryDuration are accepted', async () => {
    for (const value of [1, '1', 2147483647, '2147483647', ' 60 ']) {
      const res = await t.api('POST', '/session/gettoken', {
        json: ofToken('tokenExpiryDuration', value),
      });
      expect([value, res.status]).toEqual([value, 200]);
    }
  });

  it.each([
    ['x', orgId],
    ['', orgId],
    [-1, orgId],
    [1.5, orgId],
    ['1.0', orgId],
    [true, orgId],
    [{ id: 1 }, orgId],
    [[1], orgId],
    [MAX_ID + 1, orgId],
  ])('switchOrg id = %j is 400/10002 naming the field', async (value, expected) => {
    const { cookie } = await t.login('tsadmin', 'admin');
    const res = await t.api('PUT', '/session/org', { cookie, json: { id: value } });
    expectInvalid(res, 'restapiV2__switchOrg', `Invalid parameter values id: expected ${expected}`);
    const info = await t.api('GET', '/session', { cookie });
    expect(info.json).toMatchObject({ currentOrgId: 0 });
  });

  it.each([[{}], [{ id: null }], [{ orgId: '1' }]])(
    'switchOrg without id (%j) is 400/10002',
    async (body) => {
      const { cookie } = await t.login('tsadmin', 'admin');
      const res = await t.api('PUT', '/session/org', { cookie, json: body });
      expectInvalid(
        res,
        'restapiV2__switchOrg',
        'Invalid parameter values id: expected the id of the org to switch to',
      );
    },
  );

  it('switchOrg checks the caller before the body: no session is 401 whatever the body', async () => {
    const res = await t.api('PUT', '/session/org', { json: { id: 'x' } });
    expectEnvelope(res, 401, 10003, ['restapiV2__switchOrg']);
    const notObject = await t.api('PUT', '/session/org', {
      body: '[]',
      contentType: 'application/json',
    });
    expectEnvelope(notObject, 401, 10003, ['restapiV2__switchOrg']);
  });
});

describe('content types and encodings', () => {
  it.each([
    'text/plain',
    'text/plain; charset=utf-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/jsonp',
    'application/json-patch',
    'json',
  ])('a body sent as %s is 415/10008', async (contentType) => {
    const res = await t.api('POST', '/session/login', {
      body: JSON.stringify({ userName: 'tsadmin', password: 'admin' }),
      contentType,
    });
    expectEnvelope(
      res,
      415,
      10008,
      ['restapiV2__login'],
      `Unsupported Content-Type ${contentType}: send application/json`,
    );
    expect(res.setCookie).toEqual([]);
    expect(t.emulator.state.counts().sessions).toBe(0);
    await expectHealthy(t);
  });

  it('415 also applies to gettoken and switchOrg', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    const token = await t.api('POST', '/session/gettoken', {
      body: 'userName=tsadmin&password=admin',
      contentType: 'application/x-www-form-urlencoded',
    });
    expectEnvelope(token, 415, 10008, ['restapiV2__getToken']);
    const org = await t.api('PUT', '/session/org', {
      cookie,
      body: '{"id":"1"}',
      contentType: 'text/plain',
    });
    expectEnvelope(org, 415, 10008, ['restapiV2__switchOrg']);
  });

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    ' application/json ',
    'application/problem+json',
    'application/vnd.thoughtspot+json; version=2',
  ])('a body sent as %j is read as JSON', async (contentType) => {
    const res = await t.api('POST', '/session/login', {
      body: JSON.stringify({ userName: 'tsadmin', password: 'admin' }),
      contentType,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ userName: 'tsadmin', tokenType: 'Cookie' });
  });

  it('a body with no Content-Type at all is read as JSON', async () => {
    const body = JSON.stringify({ userName: 'tsadmin', password: 'admin' });
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${t.emulator.url}${API}/session/login`,
        { method: 'POST', headers: { 'content-length': Buffer.byteLength(body) }, agent: false },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(200);
  });

  it('an empty body with a non-JSON Content-Type is {} (no 415)', async () => {
    const res = await t.api('POST', '/session/login', { body: '', contentType: 'text/plain' });
    expectEnvelope(res, 401, 10003, ['restapiV2__login']);
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['an invalid byte', [0xff, 0xfe]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
  ])('a body with %s (invalid UTF-8) is 400/10002', async (_what, bad) => {
    const body = Buffer.concat([
      Buffer.from('{"userName":"ts'),
      Buffer.from(bad),
      Buffer.from('admin","password":"admin"}'),
    ]);
    const res = await t.api('POST', '/session/login', { body, contentType: 'application/json' });
    expectInvalid(
      res,
      'restapiV2__login',
      'Invalid parameter values: the request body is not valid UTF-8',
    );
    await expectHealthy(t);
  });

  it('valid multi-byte UTF-8 is read: an unknown user with a non-ASCII name is 401', async () => {
    const res = await t.api('POST', '/session/login', {
      json: { userName: 'tsädmin ✓', password: 'admin' },
    });
    expectEnvelope(res, 401, 10003, ['restapiV2__login'], 'Invalid user name or password');
  });
});

describe('bodies over the size limit', () => {
  let small: TestEmulator;
  beforeEach(async () => {
    small = await startTestEmulator({ maxBodyBytes: 64 });
  });
  afterEach(() => small.close());

  const padded = (size: number) => {
    const base = { userName: 'tsadmin', password: 'admin', pad: '' };
    base.pad = 'x'.repeat(size - JSON.stringify(base).length);
    const text = JSON.stringify(base);
    expect(Buffer.byteLength(text)).toBe(size);
    return text;
  };

  it('a body of exactly the limit is read', async () => {
    const res = await small.api('POST', '/session/login', {
      body: padded(64),
      contentType: 'application/json',
    });
    expect(res.status).toBe(200);
  });

  it('one byte over the limit is 413/10007 and closes the connection', async () => {
    const res = await small.api('POST', '/session/login', {
      body: padded(65),
      contentType: 'application/json',
    });
    expectEnvelope(
      res,
      413,
      10007,
      ['restapiV2__login'],
      'The request body is larger than 64 bytes',
    );
    expect(res.headers.connection).toBe('close');
    expect(small.emulator.state.counts().sessions).toBe(0);
    await expectHealthy(small);
  });

  it('a large body on gettoken and switchOrg is 413 too', async () => {
    const { cookie } = await small.login('tsadmin', 'admin');
    const token = await small.api('POST', '/session/gettoken', {
      json: { userName: 'tsadmin', password: 'admin', tsObjectId: 'x'.repeat(10_000) },
    });
    expectEnvelope(token, 413, 10007, ['restapiV2__getToken']);
    const org = await small.api('PUT', '/session/org', {
      cookie,
      json: { id: '1', pad: 'y'.repeat(100) },
    });
    expectEnvelope(org, 413, 10007, ['restapiV2__switchOrg']);
    await expectHealthy(small);
  });

  it('a chunked body with no Content-Length is cut off at the limit: 413', async () => {
    const res = await request(`${small.emulator.url}${API}/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Readable.from([Buffer.from('{"userName":"tsadmin",'), Buffer.from(' '.repeat(100))]),
    });
    const json: unknown = await res.body.json();
    expect(res.statusCode).toBe(500);
    expect(upstreamError(json)).toMatchObject({ status: 413, code: 10007 });
    await expectHealthy(small);
  });

  it('the default limit is 1 MiB', async () => {
    const within = await t.api('POST', '/session/login', {
      json: { userName: 'tsadmin', password: 'admin', pad: 'x'.repeat(1024 * 1024 - 100) },
    });
    expect(within.status).toBe(200);
    const over = await t.api('POST', '/session/login', {
      json: { userName: 'tsadmin', password: 'admin', pad: 'x'.repeat(1024 * 1024) },
    });
    expectEnvelope(
      over,
      413,
      10007,
      ['restapiV2__login'],
      'The request body is larger than 1048576 bytes',
    );
    await expectHealthy(t);
  });
});

describe('huge query strings', () => {
  it('a 12 KB query string in a request with no headers at all gets the envelope', async () => {
    const query = `q=${'a'.repeat(12_000)}`;
    const raw = await rawExchange(t.emulator.port, `GET ${API}/session?${query} HTTP/1.0\r\n\r\n`);
    const [head = '', body = ''] = raw.split('\r\n\r\n', 2);
    expect(head).toMatch(/^HTTP\/1\.1 500 /);
    expect(head).toMatch(/\r\nContent-Type: application\/json\r\n/i);
    expect(upstreamError(JSON.parse(body))).toMatchObject({
      status: 401,
      code: 10003,
      path: ['restapiV2__getSessionInfo'],
    });
    await expectHealthy(t);
  });

  it('a 12 KB query string on an unknown path is a 404 envelope', async () => {
    const raw = await rawExchange(t.emulator.port, `GET /x?${'b'.repeat(12_000)} HTTP/1.0\r\n\r\n`);
    const body = raw.split('\r\n\r\n', 2)[1] ?? '';
    expect(upstreamError(JSON.parse(body))).toMatchObject({ status: 404, code: 10005, path: [] });
  });

  it('a query string past the HTTP parser limit fails cleanly and the emulator goes on', async () => {
    const res = await request(`${t.emulator.url}${API}/session?q=${'c'.repeat(100_000)}`);
    await res.body.text();
    expect(res.statusCode).toBe(431);
    await expectHealthy(t);
  });
});

describe('cookies', () => {
  const sessionId = (cookie: string) => /JSESSIONID=([^;]+)/.exec(cookie)?.[1] ?? '';

  it('finds the session cookie among other cookies', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    const id = sessionId(cookie);
    for (const header of [
      `_ga=GA1.2.3; JSESSIONID=${id}; theme=dark`,
      `a=1;JSESSIONID=${id};b=2`,
      `  JSESSIONID = ${id} ; other=x`,
      `clientId=whatever; JSESSIONID=${id}`,
      `JSESSIONIDX=nope; XJSESSIONID=nope; JSESSIONID=${id}`,
    ]) {
      const res = await t.api('GET', '/session', { cookie: header });
      expect([header, res.status]).toEqual([header, 200]);
    }
  });

  it('accepts a quoted cookie value', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    const res = await t.api('GET', '/session', {
      cookie: `x="1"; JSESSIONID="${sessionId(cookie)}"`,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ userName: 'tsadmin' });
  });

  it('the first JSESSIONID wins', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    const id = sessionId(cookie);
    expect(
      (await t.api('GET', '/session', { cookie: `JSESSIONID=${id}; JSESSIONID=bogus` })).status,
    ).toBe(200);
    const res = await t.api('GET', '/session', { cookie: `JSESSIONID=bogus; JSESSIONID=${id}` });
    expectEnvelope(
      res,
      401,
      10003,
      ['restapiV2__getSessionInfo'],
      'The session has expired or ended',
    );
  });

  it.each([
    ';;;',
    '=',
    '=; ;=x',
    'JSESSIONID',
    'JSESSIONID=',
    'JSESSIONID=""',
    'garbage',
    'a=b=c; JSESSIONID',
    '%00%ff; \t ;',
  ])('a junk Cookie header %j is no session: 401 with no credentials', async (header) => {
    const res = await t.api('GET', '/session', { cookie: header });
    expectEnvelope(res, 401, 10003, ['restapiV2__getSessionInfo']);
    expect(upstreamError(res.json)?.debug).toMatch(/^(No credentials|The session has expired)/);
    await expectHealthy(t);
  });

  it('an unknown or garbled session id is 401', async () => {
    for (const header of [
      'JSESSIONID=not-a-session',
      'JSESSIONID=%E0%A4%A',
      `JSESSIONID=${'z'.repeat(4000)}`,
    ]) {
      const res = await t.api('GET', '/session', { cookie: header });
      expectEnvelope(
        res,
        401,
        10003,
        ['restapiV2__getSessionInfo'],
        'The session has expired or ended',
      );
    }
  });

  it('logout with a junk cookie still answers true and expires both cookies', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    const res = await t.api('POST', '/session/logout', { cookie: '=;;JSESSIONID=nope;x' });
    expect(res.status).toBe(200);
    expect(res.json).toBe(true);
    expect(res.setCookie).toHaveLength(2);
    // The real session was not touched.
    expect((await t.api('GET', '/session', { cookie })).status).toBe(200);
  });

  it.each(['Basic dHNhZG1pbjphZG1pbg==', 'Bearer', 'Bearer    ', 'Token abc', ''])(
    'an Authorization header %j that carries no bearer token leaves the cookie in charge',
    async (authorization) => {
      const { cookie } = await t.login('tsadmin', 'admin');
      const res = await t.api('GET', '/session', { cookie, headers: { authorization } });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ userName: 'tsadmin' });
    },
  );
});
