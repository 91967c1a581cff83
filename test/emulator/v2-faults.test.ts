import { request as httpRequest } from 'node:http';
import { ACTIONS, V1_ORGS_PATH, V2 } from '../../src/contract';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import { call } from '../support/http';

/**
 * Faults, request counters and the control API on the v2.0 and v1 endpoints: keyed by the
 * contract's operation, so one rule or one count covers an operation on both APIs.
 */

let t: TestEmulator;
afterEach(() => t.close());

const ZERO = Object.fromEntries(ACTIONS.map((op) => [op, 0]));

/** What a raw HTTP client sees of an answer, even a cut one. */
function rawPost(
  url: string,
  body: string,
): Promise<{ error?: string; status?: number; data: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('error', (e) => resolve({ error: e.message, status: res.statusCode ?? 0, data }));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, data }));
      },
    );
    req.on('error', (e) => resolve({ error: e.message, data: '' }));
    req.end(body);
  });
}

describe('faults on v2.0 endpoints', () => {
  it('a rule on login applies to the login endpoint of both APIs', async () => {
    t = await startTestEmulator({
      faults: { login: { mode: 'status', status: 503, body: { down: true } } },
    });
    const v2 = await t.v2('POST', '/auth/session/login', {
      json: { username: 'tsadmin', password: 'admin' },
    });
    const beta = await t.api('POST', '/session/login', {
      json: { userName: 'tsadmin', password: 'admin' },
    });
    for (const res of [v2, beta]) expect([res.status, res.json]).toEqual([503, { down: true }]);
    expect(t.emulator.state.counts().sessions).toBe(0);
  });

  it('a rule on getToken applies to token/full, token/object and the beta gettoken', async () => {
    t = await startTestEmulator({ faults: { getToken: { mode: 'html', status: 502, times: 3 } } });
    const full = await t.v2('POST', '/auth/token/full', {
      json: { username: 'tsadmin', password: 'admin' },
    });
    const object = await t.v2('POST', '/auth/token/object', {
      json: { username: 'tsadmin', password: 'admin', object_id: 'o' },
    });
    const beta = await t.api('POST', '/session/gettoken', {
      json: { userName: 'tsadmin', password: 'admin' },
    });
    for (const res of [full, object, beta])
      expect([res.status, res.headers['content-type']]).toEqual([502, 'text/html']);
    // times: 3 used up: serving normally again.
    expect(
      (await t.v2('POST', '/auth/token/full', { json: { username: 'tsadmin', password: 'admin' } }))
        .status,
    ).toBe(200);
  });

  it.each([
    ['getSessionToken', 'GET', '/auth/session/token'],
    ['validateToken', 'POST', '/auth/token/validate'],
    ['getSessionInfo', 'GET', '/auth/session/user'],
    ['logout', 'POST', '/auth/session/logout'],
    ['revokeToken', 'POST', '/auth/token/revoke'],
  ])('%s can be faulted on %s %s, and only it', async (operation, method, path) => {
    t = await startTestEmulator({ faults: true });
    const bearer = await t.v2Token('tsadmin', 'admin');
    t.emulator.faults.set(operation as 'login', { mode: 'status', status: 500, body: 'boom' });
    const res = await t.v2(method, path, { bearer, json: { token: bearer } });
    expect([res.status, res.text]).toEqual([500, 'boom']);
    expect(
      (await t.v2('POST', '/auth/token/full', { json: { username: 'tsadmin', password: 'admin' } }))
        .status,
    ).toBe(200);
  });

  it('listOrgs and switchOrg are the two targets of the one v1 org path', async () => {
    t = await startTestEmulator({ faults: { listOrgs: { mode: 'drop' } } });
    const { cookie } = await t.v2Login('tsadmin', 'admin');
    await expect(t.v1Orgs('GET', { cookie })).rejects.toThrow();
    const put = await t.v1Orgs('PUT', {
      cookie,
      body: 'orgid=1',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(put.status).toBe(204);
  });

  it('truncated-json on a 204 cuts its head: the client sees a broken answer, the login happened', async () => {
    t = await startTestEmulator({ faults: { login: { mode: 'truncated-json' } } });
    const res = await rawPost(
      `${t.emulator.url}${V2.login.path}`,
      JSON.stringify({ username: 'tsadmin', password: 'admin' }),
    );
    expect(res.status).toBeUndefined();
    expect(res.error).toBeDefined();
    expect(t.emulator.state.counts().sessions).toBe(1);
  });

  it('truncated-json on a v2.0 JSON answer sends half the body, then closes', async () => {
    t = await startTestEmulator({ faults: { getToken: { mode: 'truncated-json' } } });
    const res = await rawPost(
      `${t.emulator.url}${V2.fullToken.path}`,
      JSON.stringify({ username: 'tsadmin', password: 'admin' }),
    );
    expect(res.status).toBe(200);
    expect(res.error).toBeDefined();
    expect(res.data.startsWith('{"token":"')).toBe(true);
    expect(() => JSON.parse(res.data) as unknown).toThrow();
    expect(t.emulator.state.counts().tokens).toBe(1);
  });

  it('truncated-json on a v2.0 error cuts the flat envelope too', async () => {
    t = await startTestEmulator({ faults: { getToken: { mode: 'truncated-json' } } });
    const res = await rawPost(`${t.emulator.url}${V2.fullToken.path}`, '{}');
    expect(res.status).toBe(400);
    expect(res.data.startsWith('{"error":{"message":{')).toBe(true);
    expect(res.error).toBeDefined();
  });
});

describe('request counters and the control API on v2.0', () => {
  it('count each v2.0 and v1 request under its contract operation', async () => {
    t = await startTestEmulator();
    const bearer = await t.v2Token('tsadmin', 'admin');
    await t.v2('POST', '/auth/token/object', {
      json: { username: 'tsadmin', password: 'admin', object_id: 'o' },
    });
    await t.v2('GET', '/auth/session/user', { bearer });
    await t.v2('GET', '/auth/session/token', { bearer });
    await t.v2('POST', '/auth/token/validate', { bearer, json: { token: bearer } });
    await t.v1Orgs('GET', { bearer });
    await t.v1Orgs('PUT', { bearer });
    // A wrong method on a path with one endpoint counts for it; on the v1 org path, in the total only.
    await t.v2('GET', '/auth/token/revoke');
    await t.v1Orgs('POST');
    await t.v2('GET', '/auth/nowhere');
    expect(t.emulator.requestCounts()).toEqual({
      total: 10,
      byOperation: {
        ...ZERO,
        getToken: 2,
        getSessionInfo: 1,
        getSessionToken: 1,
        validateToken: 1,
        listOrgs: 1,
        switchOrg: 1,
        revokeToken: 1,
      },
    });
  });

  it('the control API takes a rule for a v2.0-only operation, and refuses an unknown one', async () => {
    t = await startTestEmulator({ faults: true });
    const set = await call(t.emulator.url, 'PUT', '/__emulator/faults/validateToken', {
      json: { mode: 'status', status: 418 },
    });
    expect(set.json).toEqual({ validateToken: { mode: 'status', status: 418 } });
    const bearer = await t.v2Token('tsadmin', 'admin');
    expect(
      (await t.v2('POST', '/auth/token/validate', { bearer, json: { token: bearer } })).status,
    ).toBe(418);
    expect(
      (
        await call(t.emulator.url, 'PUT', '/__emulator/faults/fullToken', {
          json: { mode: 'drop' },
        })
      ).status,
    ).toBe(404);
    const counts = await call(t.emulator.url, 'GET', '/__emulator/requests');
    expect((counts.json as { byOperation: Record<string, number> }).byOperation).toMatchObject({
      validateToken: 1,
      getToken: 1,
    });
    expect(Object.keys((counts.json as { byOperation: object }).byOperation)).toEqual([...ACTIONS]);
    expect(V1_ORGS_PATH).toBe('/callosum/v1/tspublic/v1/session/orgs');
  });
});
