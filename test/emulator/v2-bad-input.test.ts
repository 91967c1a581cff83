import { V1_ORGS_PATH, V2, V2_BASE_PATH } from '../../src/contract';
import { startEmulator } from '../../src/emulator';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import type { CallOptions, CallResult } from '../support/http';
import { call, v2Error } from '../support/http';
import { validateV2ErrorEnvelope } from '../support/openapi';

/**
 * Bad input on every v2.0 endpoint and on the v1 org endpoints: a clear error in the API's own
 * envelope, with the real status, that changes nothing; never a crash.
 */

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(() => t.close());

/** What the emulated cluster holds: must be the same after a refused request. */
const snapshot = () => ({
  ...t.emulator.state.counts(),
  secret: t.emulator.state.currentSecretKey,
});

async function expectRefused(
  res: CallResult,
  status: number,
  code: number,
  debug: RegExp,
): Promise<void> {
  expect([res.status, v2Error(res.json)?.code]).toEqual([status, code]);
  expect(validateV2ErrorEnvelope(res.json)).toEqual([]);
  expect(v2Error(res.json)?.debug).toMatch(debug);
  expect(res.headers['content-type']).toBe('application/json');
  // Still serving.
  expect(
    (await t.v2('POST', '/auth/token/full', { json: { username: 'tsadmin', password: 'admin' } }))
      .status,
  ).toBe(200);
}

const JSON_ENDPOINTS = [
  ['login', '/auth/session/login', { username: 'tsadmin', password: 'admin' }],
  ['token/full', '/auth/token/full', { username: 'tsadmin', password: 'admin' }],
  [
    'token/object',
    '/auth/token/object',
    { username: 'tsadmin', password: 'admin', object_id: 'o' },
  ],
  ['token/revoke', '/auth/token/revoke', { token: 'x' }],
  ['token/validate', '/auth/token/validate', { token: 'x' }],
] as const;

/** Calls a JSON endpoint as an authenticated caller, so the body is what is judged. */
async function send(path: string, options: CallOptions): Promise<CallResult> {
  const bearer = await t.v2Token('tsadmin', 'admin');
  const before = snapshot();
  const res = await t.v2('POST', path, { bearer, ...options });
  const after = snapshot();
  expect(after).toEqual(before);
  return res;
}

describe.each(JSON_ENDPOINTS)('%s', (_name, path, good) => {
  it('a body that is not JSON is 400/10002', async () => {
    await expectRefused(
      await send(path, { body: '{"username":', contentType: 'application/json' }),
      400,
      10002,
      /not valid JSON/,
    );
  });

  it('a body that is not UTF-8 is 400/10002', async () => {
    await expectRefused(
      await send(path, { body: Buffer.from([0x7b, 0xff, 0x7d]), contentType: 'application/json' }),
      400,
      10002,
      /UTF-8/,
    );
  });

  it.each([['[]'], ['"text"'], ['42'], ['null']])(
    'a JSON %s instead of an object is 400/10002',
    async (body) => {
      await expectRefused(
        await send(path, { body, contentType: 'application/json' }),
        400,
        10002,
        /must be a JSON object/,
      );
    },
  );

  it('another Content-Type is 415', async () => {
    await expectRefused(
      await send(path, { body: JSON.stringify(good), contentType: 'text/plain' }),
      415,
      10008,
      /Unsupported Content-Type text\/plain/,
    );
  });

  it('an unknown field is 400/10002 naming it (no camelCase fallback)', async () => {
    await expectRefused(
      await send(path, { json: { ...good, userName: 'tsadmin' } }),
      400,
      10002,
      /unknown field "userName"/,
    );
  });

  it.each(Object.keys(good))('a wrong type for %s is 400/10002 naming it', async (field) => {
    await expectRefused(
      await send(path, { json: { ...good, [field]: 7 } }),
      400,
      10002,
      new RegExp(`values ${field}: expected a string`),
    );
  });

  it('null where the OpenAPI does not say nullable is 400/10002', async () => {
    const [field] = Object.keys(good) as [string];
    await expectRefused(
      await send(path, { json: { ...good, [field]: null } }),
      400,
      10002,
      new RegExp(`values ${field}:`),
    );
  });

  it.each(['GET', 'PUT', 'DELETE'])('%s is 405 with Allow: POST', async (method) => {
    const res = await t.v2(method, path, { json: good });
    expect(res.headers.allow).toBe('POST');
    await expectRefused(res, 405, 10006, /not allowed/);
  });
});

describe('types of the non-string fields', () => {
  it.each([
    [
      '/auth/session/login',
      { username: 'tsadmin', password: 'admin', remember_me: 'true' },
      /remember_me: expected true or false/,
    ],
    [
      '/auth/token/full',
      { username: 'tsadmin', password: 'admin', validity_time_in_sec: '60' },
      /validity_time_in_sec: expected an integer/,
    ],
    [
      '/auth/token/full',
      { username: 'tsadmin', password: 'admin', validity_time_in_sec: 1.5 },
      /validity_time_in_sec: expected an integer/,
    ],
    [
      '/auth/token/full',
      { username: 'tsadmin', password: 'admin', validity_time_in_sec: 0 },
      /validity_time_in_sec: expected an integer from 1/,
    ],
    [
      '/auth/token/full',
      { username: 'tsadmin', password: 'admin', org_id: '1' },
      /org_id: expected an integer/,
    ],
    [
      '/auth/token/full',
      { username: 'tsadmin', password: 'admin', org_id: -1 },
      /org_id: expected an integer from 0/,
    ],
    [
      '/auth/token/full',
      { username: 'tsadmin', password: 'admin', group_identifiers: [1] },
      /group_identifiers: expected an array of strings/,
    ],
    [
      '/auth/token/object',
      { username: 'tsadmin', password: 'admin', object_id: '' },
      /object_id: required/,
    ],
    [
      '/auth/session/login',
      { username: 'tsadmin', password: 'admin', org_identifier: ' ' },
      /org_identifier: expected an org id or name/,
    ],
    ['/auth/token/revoke', { token: 'x', user_identifier: 'analyst' }, /not both/],
    ['/auth/token/validate', {}, /token: required/],
  ])('%s %j is 400/10002', async (path, json, debug) => {
    await expectRefused(await send(path, { json }), 400, 10002, debug);
  });

  it('remember_me: null is allowed (nullable in the OpenAPI)', async () => {
    const res = await t.v2('POST', '/auth/session/login', {
      json: { username: 'tsadmin', password: 'admin', remember_me: null },
    });
    expect(res.status).toBe(204);
  });
});

describe('endpoints without a body', () => {
  it.each([
    [V2.session.path, 'GET'],
    [V2.sessionToken.path, 'GET'],
    [V2.logout.path, 'POST'],
  ])('%s: other methods are 405, and a body sent is not read', async (path, method) => {
    for (const wrong of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].filter((m) => m !== method)) {
      const res = await call(t.emulator.url, wrong, path);
      expect(res.headers.allow).toBe(method);
      await expectRefused(res, 405, 10006, /not allowed/);
    }
    const { cookie } = await t.v2Login('tsadmin', 'admin');
    const res = await call(t.emulator.url, method, path, {
      cookie,
      body: 'not json',
      contentType: 'text/plain',
    });
    expect(res.status).toBeLessThan(300);
  });
});

describe('unknown paths and oversized bodies', () => {
  it('an unknown path under /api/rest/2.0 is 404/10005 in the v2.0 envelope', async () => {
    await expectRefused(
      await t.v2('GET', '/auth/session/nope'),
      404,
      10005,
      /No endpoint at GET \/api\/rest\/2.0\/auth\/session\/nope/,
    );
    await expectRefused(
      await call(t.emulator.url, 'POST', V2_BASE_PATH),
      404,
      10005,
      /No endpoint/,
    );
  });

  it('a body past the limit is 413/10007, and the connection closes', async () => {
    await t.close();
    const emulator = await startEmulator({ port: 0, maxBodyBytes: 64 });
    try {
      const res = await call(emulator.url, 'POST', V2.fullToken.path, {
        json: { username: 'tsadmin', password: 'x'.repeat(100) },
      });
      expect([res.status, v2Error(res.json)?.code]).toEqual([413, 10007]);
      expect(validateV2ErrorEnvelope(res.json)).toEqual([]);
      expect(res.headers.connection).toBe('close');
      expect(emulator.state.counts()).toEqual({ sessions: 0, tokens: 0 });
    } finally {
      await emulator.close();
      t = await startTestEmulator();
    }
  });
});

describe('the v1 org endpoints', () => {
  const form = (body: string, contentType = 'application/x-www-form-urlencoded') => ({
    body,
    contentType,
  });

  function expectV1Refused(res: CallResult, status: number, code: number, debug: RegExp) {
    expect([res.status, v2Error(res.json)?.code]).toEqual([status, code]);
    expect(validateV2ErrorEnvelope(res.json)).toEqual([]);
    // v1 bodies carry debug as a JSON-encoded array of strings.
    const parsed = JSON.parse(v2Error(res.json)?.debug ?? '') as unknown;
    expect(parsed).toEqual([expect.stringMatching(debug)]);
  }

  it.each([
    ['orgid=abc', /orgid: send it once, the integer id/],
    ['orgid=', /orgid: send it once/],
    ['', /orgid: send it once/],
    ['orgid=1&orgid=0', /orgid: send it once/],
    ['orgid=99999999999', /orgid: send it once/],
    ['orgid=1&id=1', /unknown field "id"/],
    ['orgid=7', /no org with id 7/],
  ])('PUT %j is 400/10002 and changes nothing', async (body, debug) => {
    const { cookie } = await t.v2Login('tsadmin', 'admin');
    expectV1Refused(await t.v1Orgs('PUT', { cookie, ...form(body) }), 400, 10002, debug);
    expect((await t.v2User({ cookie })).current_org).toEqual({ id: 0, name: 'Primary' });
  });

  it('PUT with a JSON body, or no Content-Type, is 415', async () => {
    const { cookie } = await t.v2Login('tsadmin', 'admin');
    expectV1Refused(
      await t.v1Orgs('PUT', { cookie, json: { orgid: 1 } }),
      415,
      10008,
      /application\/x-www-form-urlencoded/,
    );
    expectV1Refused(
      await t.v1Orgs('PUT', { cookie, body: 'orgid=1' }),
      415,
      10008,
      /Content-Type \(none\)/,
    );
  });

  it('PUT without a session is 401, with only a bearer 400, into an org the user is not in 403', async () => {
    expectV1Refused(await t.v1Orgs('PUT', form('orgid=1')), 401, 10097, /No credentials/);
    const bearer = await t.v2Token('tsadmin', 'admin');
    expectV1Refused(
      await t.v1Orgs('PUT', { bearer, ...form('orgid=1') }),
      400,
      10002,
      /requires a session cookie/,
    );
    const { cookie } = await t.v2Login('analyst', 'analyst');
    expectV1Refused(
      await t.v1Orgs('PUT', { cookie, ...form('orgid=1') }),
      403,
      10023,
      /not a member of org 1/,
    );
  });

  it('PUT with a session made from a REPORT_BOOK_VIEW token is 403', async () => {
    const object = await t.v2('POST', '/auth/token/object', {
      json: { username: 'tsadmin', password: 'admin', object_id: 'o' },
    });
    const login = await t.v2('POST', '/auth/session/login', {
      bearer: (object.json as { token: string }).token,
    });
    const cookie = login.setCookie.map((c) => c.split(';', 1)[0]).join('; ');
    expectV1Refused(
      await t.v1Orgs('PUT', { cookie, ...form('orgid=1') }),
      403,
      10023,
      /REPORT_BOOK_VIEW/,
    );
  });

  it('GET without credentials is 401; POST and DELETE are 405 with Allow: GET, PUT', async () => {
    expectV1Refused(await t.v1Orgs('GET'), 401, 10097, /No credentials/);
    for (const method of ['POST', 'DELETE']) {
      const res = await t.v1Orgs(method);
      expect(res.headers.allow).toBe('GET, PUT');
      expectV1Refused(res, 405, 10006, /use GET, PUT/);
    }
  });

  it('an unknown path under /callosum is 404 in the v1 shape', async () => {
    expectV1Refused(
      await call(t.emulator.url, 'GET', `${V1_ORGS_PATH}/x`),
      404,
      10005,
      /No endpoint/,
    );
  });

  it('with orgs disabled, GET and PUT are 400', async () => {
    t.emulator.state.setOrgsEnabled(false);
    const { cookie } = await t.v2Login('tsadmin', 'admin');
    expectV1Refused(await t.v1Orgs('GET', { cookie }), 400, 10002, /orgs are not enabled/);
    expectV1Refused(
      await t.v1Orgs('PUT', { cookie, ...form('orgid=0') }),
      400,
      10002,
      /orgs are not enabled/,
    );
  });
});
