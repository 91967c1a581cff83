import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import { call, upstreamError } from '../support/http';

/**
 * The request counters a client in another process reads to check how many upstream calls it made
 * (the benchmark checks the gateway makes exactly one per GraphQL request).
 */

let t: TestEmulator | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const ZERO = {
  getSessionInfo: 0,
  login: 0,
  logout: 0,
  getToken: 0,
  revokeToken: 0,
  switchOrg: 0,
  getSessionToken: 0,
  validateToken: 0,
  listOrgs: 0,
};

describe('request counts', () => {
  it('start at zero', async () => {
    t = await startTestEmulator();
    expect(t.emulator.requestCounts()).toEqual({ total: 0, byOperation: ZERO });
  });

  it('count every request once, by operation, whatever its outcome', async () => {
    t = await startTestEmulator();
    const token = await t.token('tsadmin', 'admin');
    await t.sessionInfo({ bearer: token });
    await t.sessionInfo({ bearer: token });
    const refused = await t.api('GET', '/session', { bearer: 'not-a-token' });
    expect(upstreamError(refused.json)?.status).toBe(401);
    await t.login('analyst', 'analyst');
    // A wrong method is still a request for that endpoint.
    const wrongMethod = await t.api('GET', '/session/logout');
    expect(upstreamError(wrongMethod.json)?.status).toBe(405);
    expect(t.emulator.requestCounts()).toEqual({
      total: 6,
      byOperation: { ...ZERO, getToken: 1, getSessionInfo: 3, login: 1, logout: 1 },
    });
  });

  it('count a request for no endpoint in the total only', async () => {
    t = await startTestEmulator();
    await t.api('GET', '/nowhere');
    await call(t.emulator.url, 'GET', '/');
    expect(t.emulator.requestCounts()).toEqual({ total: 2, byOperation: ZERO });
  });

  it('return a copy: changing it changes no counter', async () => {
    t = await startTestEmulator();
    const counts = t.emulator.requestCounts();
    counts.total = 99;
    counts.byOperation.login = 99;
    expect(t.emulator.requestCounts()).toEqual({ total: 0, byOperation: ZERO });
  });
});

describe('GET /__emulator/requests', () => {
  it('answers the counts, and is not counted itself', async () => {
    t = await startTestEmulator({ faults: true });
    const token = await t.token('tsadmin', 'admin');
    await t.sessionInfo({ bearer: token });
    await call(t.emulator.url, 'GET', '/__emulator/faults');
    const first = await call(t.emulator.url, 'GET', '/__emulator/requests');
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/json');
    const expected = { total: 2, byOperation: { ...ZERO, getToken: 1, getSessionInfo: 1 } };
    expect(first.json).toEqual(expected);
    const second = await call(t.emulator.url, 'GET', '/__emulator/requests');
    expect(second.json).toEqual(expected);
  });

  it.each(['PUT', 'POST', 'DELETE'])('%s is 405 and changes nothing', async (method) => {
    t = await startTestEmulator({ faults: true });
    await t.api('GET', '/session');
    const res = await call(t.emulator.url, method, '/__emulator/requests', { json: {} });
    expect(res.status).toBe(405);
    expect(res.json).toEqual({ error: `method ${method} not allowed on /__emulator/requests` });
    expect(t.emulator.requestCounts().total).toBe(1);
  });

  it('is not served without fault injection: an unknown path, counted as such', async () => {
    t = await startTestEmulator();
    const res = await call(t.emulator.url, 'GET', '/__emulator/requests');
    expect(upstreamError(res.json)).toMatchObject({
      status: 404,
      debug: 'No endpoint at GET /__emulator/requests',
    });
    expect(t.emulator.requestCounts()).toEqual({ total: 1, byOperation: ZERO });
  });
});
