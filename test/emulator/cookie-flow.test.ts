import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import { cookieHeader, upstreamError } from '../support/http';

describe('cookie flow: login, session by cookie, switchOrg, logout', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(() => t.close());

  it('walks the whole flow as a browser would', async () => {
    const login = await t.api('POST', '/session/login', {
      json: { userName: 'tsadmin', password: 'admin', rememberMe: 'false' },
    });
    expect(login.status).toBe(200);
    expect(login.json).toEqual({
      userName: 'tsadmin',
      token: '',
      tokenCreatedTime: '-1',
      tokenExpiryDuration: '-1',
      tokenType: 'Cookie',
    });
    // Two cookies, in two Set-Cookie headers, with the beta-behaviour.md §11.3 attributes.
    expect(login.setCookie).toHaveLength(2);
    const [jsession, clientId] = login.setCookie;
    expect(jsession).toMatch(/^JSESSIONID=[0-9a-f-]{36}; Path=\/; HttpOnly$/);
    expect(clientId).toMatch(/^clientId=[0-9a-f-]{36}; Path=\/; Secure; HttpOnly$/);
    const cookie = cookieHeader(login.setCookie);

    const before = await t.api('GET', '/session', { cookie });
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({ userName: 'tsadmin', currentOrgId: 0 });

    const switched = await t.api('PUT', '/session/org', { cookie, json: { id: '1' } });
    expect(switched.status).toBe(200);
    expect(switched.json).toBe(true);

    const after = await t.api('GET', '/session', { cookie });
    expect(after.json).toMatchObject({
      currentOrgId: 1,
      orgs: [
        { orgId: 0, orgName: 'Primary' },
        { orgId: 1, orgName: 'Sales' },
      ],
    });

    const logout = await t.api('POST', '/session/logout', { cookie });
    expect(logout.status).toBe(200);
    expect(logout.json).toBe(true);
    expect(logout.setCookie).toHaveLength(2);
    for (const expired of logout.setCookie)
      expect(expired).toMatch(/^(JSESSIONID|clientId)=; .*Max-Age=0/);

    const gone = await t.api('GET', '/session', { cookie });
    expect(gone.status).toBe(500);
    expect(upstreamError(gone.json)?.status).toBe(401);
  });
});
