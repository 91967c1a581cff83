import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import type { CallResult } from '../support/http';
import { cookieHeader, upstreamError } from '../support/http';

/** The bearer flows of beta-behaviour.md §2 and §5, as an SDK client or an embedding backend uses them. */

function expectUnauthorized(res: CallResult): void {
  expect(res.status).toBe(500);
  expect(upstreamError(res.json)?.status).toBe(401);
  expect(upstreamError(res.json)?.code).toBe(10003);
}

describe('bearer flow', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(() => t.close());

  it('gettoken → session info by bearer → revoketoken → 401', async () => {
    const issued = await t.api('POST', '/session/gettoken', {
      json: { userName: 'tsadmin', password: 'admin' },
    });
    expect(issued.status).toBe(200);
    const { token } = issued.json as { token: string };
    expect(token).not.toBe('');

    const info = await t.api('GET', '/session', { bearer: token });
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({
      userName: 'tsadmin',
      userDisplayName: 'Administrator',
      currentOrgId: 0,
    });

    const revoked = await t.api('POST', '/session/revoketoken', { bearer: token });
    expect(revoked.status).toBe(200);
    expect(revoked.json).toBe(true);

    const after = await t.api('GET', '/session', { bearer: token });
    expectUnauthorized(after);
    expect(upstreamError(after.json)?.debug).toMatch(/revoked/);
    // Revoking twice: the token is no credential any more.
    expectUnauthorized(await t.api('POST', '/session/revoketoken', { bearer: token }));
  });

  it('login with the token → cookie session → revoking the token ends that session too', async () => {
    const token = await t.token('tsadmin', 'admin', { orgId: '1' });
    const login = await t.api('POST', '/session/login', { bearer: token });
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ userName: 'tsadmin', tokenType: 'Cookie' });
    const cookie = cookieHeader(login.setCookie);

    // The session carries the token's org.
    const info = await t.api('GET', '/session', { cookie });
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({ userName: 'tsadmin', currentOrgId: 1 });

    // A second session from the same token, and an unrelated password session.
    const second = cookieHeader(
      (await t.api('POST', '/session/login', { bearer: token })).setCookie,
    );
    const unrelated = await t.login('tsadmin', 'admin');

    expect((await t.api('POST', '/session/revoketoken', { bearer: token })).json).toBe(true);

    expectUnauthorized(await t.api('GET', '/session', { cookie }));
    expectUnauthorized(await t.api('GET', '/session', { cookie: second }));
    expectUnauthorized(await t.api('GET', '/session', { bearer: token }));
    expect((await t.api('GET', '/session', { cookie: unrelated.cookie })).status).toBe(200);
  });

  it('revoking one token leaves the other tokens of the user working', async () => {
    const a = await t.token('analyst', 'analyst');
    const b = await t.token('analyst', 'analyst');
    expect((await t.api('POST', '/session/revoketoken', { bearer: a })).json).toBe(true);
    expectUnauthorized(await t.api('GET', '/session', { bearer: a }));
    const res = await t.api('GET', '/session', { bearer: b });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ userName: 'analyst' });
  });

  it('credentials in the body win over a bearer header at login', async () => {
    const adminToken = await t.token('tsadmin', 'admin');
    const login = await t.api('POST', '/session/login', {
      bearer: adminToken,
      json: { userName: 'analyst', password: 'analyst' },
    });
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ userName: 'analyst', tokenType: 'Cookie' });
    const cookie = cookieHeader(login.setCookie);

    const info = await t.api('GET', '/session', { cookie });
    expect(info.json).toMatchObject({ userName: 'analyst' });

    // The session is not derived from the token: revoking the token leaves it alone.
    expect((await t.api('POST', '/session/revoketoken', { bearer: adminToken })).json).toBe(true);
    const still = await t.api('GET', '/session', { cookie });
    expect(still.status).toBe(200);
    expect(still.json).toMatchObject({ userName: 'analyst' });
  });

  it('wrong body credentials are refused even with a valid bearer header', async () => {
    const adminToken = await t.token('tsadmin', 'admin');
    const login = await t.api('POST', '/session/login', {
      bearer: adminToken,
      json: { userName: 'analyst', password: 'wrong' },
    });
    expectUnauthorized(login);
    expect(login.setCookie).toEqual([]);
  });

  it('refuses a login with an unknown, expired or revoked token', async () => {
    expectUnauthorized(await t.api('POST', '/session/login', { bearer: 'bm9wZQ==' }));

    const short = await t.token('tsadmin', 'admin', { tokenExpiryDuration: '10' });
    t.clock.advance(10_000);
    expectUnauthorized(await t.api('POST', '/session/login', { bearer: short }));

    const revoked = await t.token('tsadmin', 'admin');
    await t.api('POST', '/session/revoketoken', { bearer: revoked });
    expectUnauthorized(await t.api('POST', '/session/login', { bearer: revoked }));
  });

  it('a sent bearer token is the credential: an invalid one is 401 even beside a valid cookie', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    expectUnauthorized(await t.api('GET', '/session', { cookie, bearer: 'bm9wZQ==' }));
    expectUnauthorized(await t.api('POST', '/session/revoketoken', { cookie, bearer: 'bm9wZQ==' }));
    // The cookie session was not touched by the failed revoke.
    expect((await t.api('GET', '/session', { cookie })).status).toBe(200);

    // A valid token beside another user's cookie: the token decides.
    const analystToken = await t.token('analyst', 'analyst');
    const res = await t.api('GET', '/session', { cookie, bearer: analystToken });
    expect(res.json).toMatchObject({ userName: 'analyst' });
  });

  it('a session made from a token has its own idle timeout; the token lives on', async () => {
    const token = await t.token('tsadmin', 'admin', { tokenExpiryDuration: 10 * 3600 });
    const cookie = cookieHeader(
      (await t.api('POST', '/session/login', { bearer: token })).setCookie,
    );
    t.clock.advance(3 * 60 * 60 * 1000);
    expectUnauthorized(await t.api('GET', '/session', { cookie }));
    // The token itself still works until its own expiry.
    expect((await t.api('GET', '/session', { bearer: token })).status).toBe(200);
  });
});
