import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import { cookieHeader, upstreamError, v2Error } from '../support/http';

/** The v2.0 flows of issue 12, end to end over HTTP, and the one state both APIs share. */

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(() => t.close());

const JSESSIONID = /^JSESSIONID=[0-9a-f-]{36}; Path=\/; HttpOnly$/;
const CLIENT_ID = /^clientId=[0-9a-f-]{36}; Path=\/; Secure; HttpOnly$/;

describe('v2.0 cookie flow', () => {
  it('login 204 with both cookies, user by cookie, v1 org switch, logout 204 expiring both, then 401', async () => {
    const login = await t.v2('POST', '/auth/session/login', {
      json: { username: 'tsadmin', password: 'admin' },
    });
    expect(login.status).toBe(204);
    expect(login.text).toBe('');
    expect(login.setCookie).toHaveLength(2);
    expect(login.setCookie[0]).toMatch(JSESSIONID);
    expect(login.setCookie[1]).toMatch(CLIENT_ID);
    const cookie = cookieHeader(login.setCookie);

    expect(await t.v2User({ cookie })).toMatchObject({
      id: '59481331-ee53-42be-a548-bd87be6ddd4a',
      name: 'tsadmin',
      display_name: 'Administrator',
      email: 'tsadmin@example.com',
      account_type: 'LOCAL_USER',
      current_org: { id: 0, name: 'Primary' },
      orgs: [
        { id: 0, name: 'Primary' },
        { id: 1, name: 'Sales' },
      ],
    });

    const switched = await t.v1Orgs('PUT', {
      cookie,
      body: 'orgid=1',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect([switched.status, switched.text]).toEqual([204, '']);
    expect((await t.v2User({ cookie })).current_org).toEqual({ id: 1, name: 'Sales' });
    const orgs = await t.v1Orgs('GET', { cookie });
    expect(orgs.status).toBe(200);
    expect(orgs.json).toEqual({
      orgs: [
        { orgId: 0, orgName: 'Primary', description: 'Primary org', isActive: true },
        { orgId: 1, orgName: 'Sales', description: 'Sales org', isActive: true },
      ],
      currentOrgId: 1,
      canAdministerAllOrgs: true,
    });

    const logout = await t.v2('POST', '/auth/session/logout', { cookie });
    expect([logout.status, logout.text]).toEqual([204, '']);
    expect(logout.setCookie).toEqual([
      expect.stringMatching(/^JSESSIONID=; Path=\/; Max-Age=0; /),
      expect.stringMatching(/^clientId=; Path=\/; Max-Age=0; .*Secure; HttpOnly$/),
    ]);
    const gone = await t.v2('GET', '/auth/session/user', { cookie });
    expect(gone.status).toBe(401);
    expect(v2Error(gone.json)?.code).toBe(10097);
  });

  it('remember_me adds Max-Age to JSESSIONID; org_identifier by name logs straight into that org', async () => {
    const { setCookie, cookie } = await t.v2Login('tsadmin', 'admin', {
      remember_me: true,
      org_identifier: 'Sales',
    });
    expect(setCookie[0]).toMatch(/^JSESSIONID=[0-9a-f-]{36}; Path=\/; Max-Age=604800; HttpOnly$/);
    expect((await t.v2User({ cookie })).current_org).toEqual({ id: 1, name: 'Sales' });
  });

  it("expiration_time_in_millis is the account's expiry, not the session's", async () => {
    const { cookie } = await t.v2Login('analyst', 'analyst');
    const user = await t.v2User({ cookie });
    expect(user.expiration_time_in_millis).toBe(4102444800000);
    expect(user.creation_time_in_millis).toBe(t.clock.now());
  });
});

describe('v2.0 bearer flow', () => {
  it('token/full, user by bearer, token/validate, revoke 204, then 401', async () => {
    const full = await t.v2('POST', '/auth/token/full', {
      json: { username: 'analyst', password: 'analyst' },
    });
    expect(full.status).toBe(200);
    const now = t.clock.now();
    expect(full.json).toEqual({
      token: expect.any(String) as string,
      creation_time_in_millis: now,
      expiration_time_in_millis: now + 300_000,
      scope: { access_type: 'FULL', org_id: 0, metadata_id: null },
      valid_for_user_id: '0c6e4a3b-95f1-4d7e-8b2a-3f5d7c9e1a20',
      valid_for_username: 'analyst',
    });
    const { token } = full.json as { token: string };

    expect(await t.v2User({ bearer: token })).toMatchObject({ name: 'analyst' });
    const valid = await t.v2('POST', '/auth/token/validate', { bearer: token, json: { token } });
    expect(valid.status).toBe(200);
    expect(valid.json).toEqual({
      creation_time_in_millis: now,
      expiration_time_in_millis: now + 300_000,
      scope: { access_type: 'FULL', org_id: 0, metadata_id: null },
      valid_for_user_id: '0c6e4a3b-95f1-4d7e-8b2a-3f5d7c9e1a20',
      token_type: 'BEARER',
    });

    const revoke = await t.v2('POST', '/auth/token/revoke', { bearer: token, json: { token } });
    expect([revoke.status, revoke.text]).toEqual([204, '']);
    const after = await t.v2('GET', '/auth/session/user', { bearer: token });
    expect(after.status).toBe(401);
    expect(v2Error(after.json)?.code).toBe(10097);
  });

  it('a bearer turned into a cookie session: revoking the token ends that session too', async () => {
    const token = await t.v2Token('tsadmin', 'admin');
    const login = await t.v2('POST', '/auth/session/login', { bearer: token });
    expect(login.status).toBe(204);
    const cookie = cookieHeader(login.setCookie);
    expect((await t.v2User({ cookie })).name).toBe('tsadmin');
    expect((await t.v2('POST', '/auth/token/revoke', { bearer: token })).status).toBe(204);
    expect((await t.v2('GET', '/auth/session/user', { cookie })).status).toBe(401);
  });

  it('the bearer wins over a cookie, as on the beta', async () => {
    const { cookie } = await t.v2Login('tsadmin', 'admin');
    const token = await t.v2Token('analyst', 'analyst');
    expect((await t.v2User({ cookie, bearer: token })).name).toBe('analyst');
    const bad = await t.v2('GET', '/auth/session/user', { cookie, bearer: 'not-a-token' });
    expect(bad.status).toBe(401);
  });
});

describe('token/object and session/token', () => {
  it('token/object is scoped to one object; validate and the user show it', async () => {
    const res = await t.v2('POST', '/auth/token/object', {
      json: { username: 'tsadmin', password: 'admin', object_id: 'lb-42', org_id: 1 },
    });
    expect(res.status).toBe(200);
    const body = res.json as { token: string; scope: unknown };
    expect(body.scope).toEqual({
      access_type: 'REPORT_BOOK_VIEW',
      org_id: 1,
      metadata_id: 'lb-42',
    });
    const valid = await t.v2('POST', '/auth/token/validate', {
      bearer: body.token,
      json: { token: body.token },
    });
    expect((valid.json as { scope: unknown }).scope).toEqual(body.scope);
    expect((await t.v2User({ bearer: body.token })).current_org).toEqual({ id: 1, name: 'Sales' });
    // The beta reads the same grant from the same token.
    expect(await t.sessionInfo({ bearer: body.token })).toMatchObject({
      accessLevel: 'REPORT_BOOK_VIEW',
      tsObjectId: 'lb-42',
      currentOrgId: 1,
    });
  });

  it('session/token mints a new 24 h token for the session user, each call a new one', async () => {
    const { cookie } = await t.v2Login('analyst', 'analyst');
    const first = await t.v2('GET', '/auth/session/token', { cookie });
    const second = await t.v2('GET', '/auth/session/token', { cookie });
    expect(first.status).toBe(200);
    const now = t.clock.now();
    expect(first.json).toEqual({
      token: expect.any(String) as string,
      creation_time_in_millis: now,
      expiration_time_in_millis: now + 24 * 3600 * 1000,
      valid_for_user_id: '0c6e4a3b-95f1-4d7e-8b2a-3f5d7c9e1a20',
      valid_for_username: 'analyst',
    });
    const a = (first.json as { token: string }).token;
    const b = (second.json as { token: string }).token;
    expect(a).not.toBe(b);
    expect((await t.v2User({ bearer: a })).name).toBe('analyst');
    // The new token lives on when the session ends.
    await t.v2('POST', '/auth/session/logout', { cookie });
    expect((await t.v2User({ bearer: b })).name).toBe('analyst');
  });

  it('session/token keeps the caller grant: a view-only token mints a view-only token', async () => {
    const object = await t.v2('POST', '/auth/token/object', {
      json: { username: 'analyst', password: 'analyst', object_id: 'lb-1' },
    });
    const bearer = (object.json as { token: string }).token;
    const minted = await t.v2('GET', '/auth/session/token', { bearer });
    const token = (minted.json as { token: string }).token;
    const valid = await t.v2('POST', '/auth/token/validate', { bearer: token, json: { token } });
    expect((valid.json as { scope: unknown }).scope).toEqual({
      access_type: 'REPORT_BOOK_VIEW',
      org_id: 0,
      metadata_id: 'lb-1',
    });
  });
});

describe('one state behind both APIs', () => {
  it('a beta gettoken token works on v2.0, and v2.0 revoke ends it on the beta', async () => {
    const token = await t.token('tsadmin', 'admin');
    expect((await t.v2User({ bearer: token })).name).toBe('tsadmin');
    const valid = await t.v2('POST', '/auth/token/validate', { bearer: token, json: { token } });
    expect(valid.status).toBe(200);
    expect((await t.v2('POST', '/auth/token/revoke', { bearer: token })).status).toBe(204);
    const beta = await t.api('GET', '/session', { bearer: token });
    expect(upstreamError(beta.json)?.status).toBe(401);
  });

  it('a v2.0 token works on the beta, and beta revoketoken ends it on v2.0', async () => {
    const token = await t.v2Token('analyst', 'analyst');
    expect(await t.sessionInfo({ bearer: token })).toMatchObject({ userName: 'analyst' });
    expect((await t.api('POST', '/session/revoketoken', { bearer: token })).json).toBe(true);
    expect((await t.v2('GET', '/auth/session/user', { bearer: token })).status).toBe(401);
  });

  it('a cookie session from either API works on both', async () => {
    const beta = await t.login('tsadmin', 'admin');
    expect((await t.v2User({ cookie: beta.cookie })).name).toBe('tsadmin');
    const v2 = await t.v2Login('analyst', 'analyst');
    expect(await t.sessionInfo({ cookie: v2.cookie })).toMatchObject({ userName: 'analyst' });
    // An org switch on the beta shows on v2.0, and one on v1 shows on the beta.
    await t.api('PUT', '/session/org', { cookie: beta.cookie, json: { id: '1' } });
    expect((await t.v2User({ cookie: beta.cookie })).current_org).toEqual({ id: 1, name: 'Sales' });
    await t.v1Orgs('PUT', {
      cookie: beta.cookie,
      body: 'orgid=0',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(await t.sessionInfo({ cookie: beta.cookie })).toMatchObject({ currentOrgId: 0 });
    // A logout on one API ends the session on the other.
    await t.api('POST', '/session/logout', { cookie: v2.cookie });
    expect((await t.v2('GET', '/auth/session/user', { cookie: v2.cookie })).status).toBe(401);
  });
});
