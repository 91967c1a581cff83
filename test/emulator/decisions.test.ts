import { connect } from 'node:net';
import { DEVELOPMENT_SECRET_KEY } from '../../src/emulator';
import type { TestEmulator } from '../support/emulator';
import { expectEnvelope, expectFailure } from '../support/assertions';
import { startTestEmulator } from '../support/emulator';
import { API, cookieHeader, upstreamError } from '../support/http';

/**
 * One describe per decision of beta-behaviour.md §11: what the emulator answers where the sources
 * disagree or say nothing.
 */

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A raw HTTP/1.1 exchange, so nothing but the listed headers goes on the wire. */
function rawRequest(
  url: string,
  head: string[],
  body = '',
): Promise<{ status: number; headers: string[]; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...headers] = text.slice(0, split).split('\r\n');
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: text.slice(split + 4),
      });
    });
    socket.write(
      [
        ...head,
        `Host: ${hostname}:${port}`,
        'Connection: close',
        `Content-Length: ${Buffer.byteLength(body)}`,
        '',
        body,
      ].join('\r\n'),
    );
  });
}

describe('beta-behaviour.md §11 decisions', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(() => t.close());

  describe('§11.1 error envelope', () => {
    it('answers a failure with HTTP 500, JSON, and the SPEC shape without a stack trace', async () => {
      const res = await t.api('POST', '/session/login', {
        json: { userName: 'tsadmin', password: 'wrong' },
      });
      expectEnvelope(res, 401, 10003, ['restapiV2__login']);
      expect(res.text).not.toMatch(/stacktrace/i);
      // The debug text never echoes the credential.
      expect(upstreamError(res.json)?.debug).not.toContain('wrong');
    });

    it('names the operation in `path` and gives each failure fresh incident and trace ids', async () => {
      const first = await t.api('GET', '/session');
      const second = await t.api('GET', '/session');
      const a = upstreamError(first.json);
      const b = upstreamError(second.json);
      expect(a?.path).toEqual(['restapiV2__getSessionInfo']);
      expect(a?.incidentId).not.toBe(b?.incidentId);
      expect(a?.traceId).not.toBe(b?.traceId);

      const paths = await Promise.all([
        t.api('POST', '/session/gettoken', { json: {} }),
        t.api('POST', '/session/revoketoken'),
        t.api('PUT', '/session/org', { json: { id: '1' } }),
      ]);
      expect(paths.map((r) => upstreamError(r.json)?.path)).toEqual([
        ['restapiV2__getToken'],
        ['restapiV2__revokeToken'],
        ['restapiV2__switchOrg'],
      ]);
    });

    it('reports invalid parameters with a debug text naming the problem (SPEC example)', async () => {
      const res = await t.api('POST', '/session/login', { json: { userName: 'tsadmin' } });
      expectFailure(res, 400);
      expect(upstreamError(res.json)?.debug).toMatch(/^Invalid parameter values/);
    });
  });

  describe('§11.2 upstream status inside the envelope', () => {
    it('400/10002 for invalid parameters', async () => {
      expectFailure(await t.api('POST', '/session/gettoken', { json: { password: 'admin' } }), 400);
      expectFailure(
        await t.api('POST', '/session/login', { json: { userName: 'tsadmin', password: 7 } }),
        400,
      );
    });

    it('401/10003 for missing credentials', async () => {
      expectFailure(await t.api('GET', '/session'), 401);
      expectFailure(await t.api('POST', '/session/login', { json: {} }), 401);
    });

    it('401/10003 for bad credentials', async () => {
      expectFailure(
        await t.api('POST', '/session/login', { json: { userName: 'tsadmin', password: 'x' } }),
        401,
      );
      expectFailure(
        await t.api('POST', '/session/login', { json: { userName: 'nobody', password: 'x' } }),
        401,
      );
      expectFailure(await t.api('GET', '/session', { bearer: 'not-a-token' }), 401);
      expectFailure(
        await t.api('GET', '/session', {
          cookie: 'JSESSIONID=00000000-0000-0000-0000-000000000000',
        }),
        401,
      );
    });

    it('401/10003 for an expired token', async () => {
      const token = await t.token('tsadmin', 'admin', { tokenExpiryDuration: '60' });
      t.clock.advance(60_000);
      expectFailure(await t.api('GET', '/session', { bearer: token }), 401);
    });

    it('401/10003 for a revoked token', async () => {
      const token = await t.token('tsadmin', 'admin');
      expect((await t.api('POST', '/session/revoketoken', { bearer: token })).status).toBe(200);
      expectFailure(await t.api('GET', '/session', { bearer: token }), 401);
    });

    it('403/10004 for an org the user cannot access', async () => {
      expectFailure(
        await t.api('POST', '/session/gettoken', {
          json: { userName: 'analyst', password: 'analyst', orgId: '1' },
        }),
        403,
      );
      const { cookie } = await t.login('analyst', 'analyst');
      expectFailure(await t.api('PUT', '/session/org', { cookie, json: { id: '1' } }), 403);
    });

    it('500/10000 for trusted authentication disabled on the cluster', async () => {
      t.emulator.state.setTrustedAuthentication(false);
      const res = await t.api('POST', '/session/gettoken', {
        json: { userName: 'tsadmin', secretKey: DEVELOPMENT_SECRET_KEY },
      });
      expectFailure(res, 500);
      expect(upstreamError(res.json)?.debug).toMatch(/trusted authentication/i);
    });
  });

  describe('§11.3 cookies', () => {
    it('sets JSESSIONID and clientId in two Set-Cookie headers with the documented attributes', async () => {
      const res = await t.api('POST', '/session/login', {
        json: { userName: 'tsadmin', password: 'admin' },
      });
      expect(res.status).toBe(200);
      expect(res.setCookie).toHaveLength(2);
      expect(res.setCookie[0]).toMatch(new RegExp(`^JSESSIONID=${UUID}; Path=/; HttpOnly$`));
      expect(res.setCookie[1]).toMatch(new RegExp(`^clientId=${UUID}; Path=/; Secure; HttpOnly$`));
      // A browser-session cookie: no lifetime attribute.
      expect(res.setCookie.join('\n')).not.toMatch(/Max-Age|Expires/i);
    });

    it('gives a new pair of cookies for every login', async () => {
      const a = await t.login('tsadmin', 'admin');
      const b = await t.login('tsadmin', 'admin');
      expect(a.setCookie[0]).not.toBe(b.setCookie[0]);
      expect(a.setCookie[1]).not.toBe(b.setCookie[1]);
    });

    it('adds Max-Age=604800 to JSESSIONID only with rememberMe', async () => {
      const { setCookie } = await t.login('tsadmin', 'admin', true);
      expect(setCookie).toHaveLength(2);
      expect(setCookie[0]).toMatch(
        new RegExp(`^JSESSIONID=${UUID}; Path=/; Max-Age=604800; HttpOnly$`),
      );
      expect(setCookie[1]).toMatch(new RegExp(`^clientId=${UUID}; Path=/; Secure; HttpOnly$`));
    });

    it('sets the same two cookies for a login with a bearer token', async () => {
      const token = await t.token('tsadmin', 'admin');
      const res = await t.api('POST', '/session/login', { bearer: token });
      expect(res.status).toBe(200);
      expect(res.setCookie).toHaveLength(2);
      expect(res.setCookie[0]).toMatch(new RegExp(`^JSESSIONID=${UUID}; Path=/; HttpOnly$`));
      expect(res.setCookie[1]).toMatch(new RegExp(`^clientId=${UUID}; Path=/; Secure; HttpOnly$`));
    });

    it('sets no cookie on gettoken', async () => {
      const res = await t.api('POST', '/session/gettoken', {
        json: { userName: 'tsadmin', password: 'admin' },
      });
      expect(res.status).toBe(200);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.setCookie).toEqual([]);
    });

    it('expires both cookies on logout', async () => {
      const { cookie } = await t.login('tsadmin', 'admin');
      const res = await t.api('POST', '/session/logout', { cookie });
      expect(res.status).toBe(200);
      expect(res.setCookie).toHaveLength(2);
      expect(res.setCookie[0]).toMatch(/^JSESSIONID=; Path=\/; Max-Age=0(; [^;]+)*; HttpOnly$/);
      expect(res.setCookie[1]).toMatch(/^clientId=; Path=\/; Max-Age=0(; [^;]+)*; HttpOnly$/);
      expect(res.setCookie[1]).toContain('; Secure');
      expectFailure(await t.api('GET', '/session', { cookie }), 401);
    });

    it('does not need clientId: JSESSIONID alone is the session', async () => {
      const { setCookie } = await t.login('tsadmin', 'admin');
      const jsessionOnly = cookieHeader(setCookie.slice(0, 1));
      const clientOnly = cookieHeader(setCookie.slice(1));
      expect((await t.sessionInfo({ cookie: jsessionOnly })).userName).toBe('tsadmin');
      expectFailure(await t.api('GET', '/session', { cookie: clientOnly }), 401);
    });
  });

  describe('§11.4 cookie login response', () => {
    const cookieLogin = (userName: string) => ({
      userName,
      token: '',
      tokenCreatedTime: '-1',
      tokenExpiryDuration: '-1',
      tokenType: 'Cookie',
    });

    it('answers a password login with an empty token and -1 times', async () => {
      const res = await t.api('POST', '/session/login', {
        json: { userName: 'analyst', password: 'analyst', rememberMe: true },
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.json).toEqual(cookieLogin('analyst'));
    });

    it('answers a bearer-header login the same way, naming the token user', async () => {
      const token = await t.token('tsadmin', 'admin');
      const res = await t.api('POST', '/session/login', { bearer: token });
      expect(res.status).toBe(200);
      expect(res.json).toEqual(cookieLogin('tsadmin'));
    });
  });

  describe('§11.5 token times', () => {
    it('created = the clock, expiry = created + 24 h by default, both epoch ms strings', async () => {
      t.clock.advance(12_345);
      const now = t.clock.now();
      const res = await t.api('POST', '/session/gettoken', {
        json: { userName: 'tsadmin', password: 'admin' },
      });
      expect(res.status).toBe(200);
      const body = res.json as Record<string, unknown>;
      expect(body).toEqual({
        userName: 'tsadmin',
        token: expect.any(String) as string,
        tokenCreatedTime: String(now),
        tokenExpiryDuration: String(now + DAY),
        tokenType: 'Bearer',
      });
    });

    it.each([
      ['a string', '300'],
      ['a number', 300],
    ])('expiry = created + N s for a duration sent as %s', async (_kind, duration) => {
      const now = t.clock.now();
      const res = await t.api('POST', '/session/gettoken', {
        json: { userName: 'tsadmin', password: 'admin', tokenExpiryDuration: duration },
      });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        tokenCreatedTime: String(now),
        tokenExpiryDuration: String(now + 300_000),
      });
    });
  });

  describe('§11.6 revoke', () => {
    it('revokes the bearer token and every session logged in with it', async () => {
      const token = await t.token('tsadmin', 'admin');
      const login = await t.api('POST', '/session/login', { bearer: token });
      const cookie = cookieHeader(login.setCookie);
      expect((await t.sessionInfo({ cookie })).userName).toBe('tsadmin');

      const res = await t.api('POST', '/session/revoketoken', { bearer: token });
      expect(res.status).toBe(200);
      expect(res.json).toBe(true);
      expect(res.setCookie).toEqual([]);

      expectFailure(await t.api('GET', '/session', { bearer: token }), 401);
      expectFailure(await t.api('GET', '/session', { cookie }), 401);
    });

    it('with only a session cookie, ends that session and no other', async () => {
      const a = await t.login('tsadmin', 'admin');
      const b = await t.login('tsadmin', 'admin');
      const res = await t.api('POST', '/session/revoketoken', { cookie: a.cookie });
      expect(res.status).toBe(200);
      expect(res.json).toBe(true);
      expectFailure(await t.api('GET', '/session', { cookie: a.cookie }), 401);
      expect((await t.sessionInfo({ cookie: b.cookie })).userName).toBe('tsadmin');
    });

    it('with only the cookie of a token-made session, leaves the token usable', async () => {
      const token = await t.token('tsadmin', 'admin');
      const cookie = cookieHeader(
        (await t.api('POST', '/session/login', { bearer: token })).setCookie,
      );
      expect((await t.api('POST', '/session/revoketoken', { cookie })).json).toBe(true);
      expectFailure(await t.api('GET', '/session', { cookie }), 401);
      expect((await t.sessionInfo({ bearer: token })).userName).toBe('tsadmin');
    });

    it('answers 401 with no credentials at all', async () => {
      const res = await t.api('POST', '/session/revoketoken');
      expectFailure(res, 401);
      expect(upstreamError(res.json)?.path).toEqual(['restapiV2__revokeToken']);
    });
  });

  describe('§11.7 gettoken rules', () => {
    it('lets a correct password win over a wrong secretKey', async () => {
      const res = await t.api('POST', '/session/gettoken', {
        json: { userName: 'tsadmin', password: 'admin', secretKey: 'wrong-key' },
      });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ userName: 'tsadmin', tokenType: 'Bearer' });
    });

    it('lets a wrong password win over a correct secretKey (401)', async () => {
      expectFailure(
        await t.api('POST', '/session/gettoken', {
          json: { userName: 'tsadmin', password: 'wrong', secretKey: DEVELOPMENT_SECRET_KEY },
        }),
        401,
      );
    });

    it('answers 401 for a wrong secretKey and issues a token for the right one', async () => {
      expectFailure(
        await t.api('POST', '/session/gettoken', {
          json: { userName: 'tsadmin', secretKey: 'wrong-key' },
        }),
        401,
      );
      const ok = await t.api('POST', '/session/gettoken', {
        json: { userName: 'analyst', secretKey: DEVELOPMENT_SECRET_KEY },
      });
      expect(ok.status).toBe(200);
      expect(ok.json).toMatchObject({ userName: 'analyst', tokenType: 'Bearer' });
    });

    it('answers 400/10002 for REPORT_BOOK_VIEW without tsObjectId', async () => {
      const res = await t.api('POST', '/session/gettoken', {
        json: { userName: 'tsadmin', password: 'admin', accessLevel: 'REPORT_BOOK_VIEW' },
      });
      expectFailure(res, 400);
      expect(upstreamError(res.json)?.debug).toContain('tsObjectId');
    });

    it('answers 500 for a secretKey while trusted authentication is disabled', async () => {
      t.emulator.state.setTrustedAuthentication(false);
      expectFailure(
        await t.api('POST', '/session/gettoken', {
          json: { userName: 'tsadmin', secretKey: DEVELOPMENT_SECRET_KEY },
        }),
        500,
      );
    });

    it('lets a REPORT_BOOK_VIEW token read session info but refuses it switchOrg (403)', async () => {
      const token = await t.token('tsadmin', 'admin', {
        accessLevel: 'REPORT_BOOK_VIEW',
        tsObjectId: 'b1a3e1f0-1111-2222-3333-444455556666',
      });
      const info = await t.sessionInfo({ bearer: token });
      expect(info).toMatchObject({
        userName: 'tsadmin',
        accessLevel: 'REPORT_BOOK_VIEW',
        tsObjectId: 'b1a3e1f0-1111-2222-3333-444455556666',
      });
      expectFailure(await t.api('PUT', '/session/org', { bearer: token, json: { id: '1' } }), 403);

      // The cookie session logged in with it is just as limited.
      const cookie = cookieHeader(
        (await t.api('POST', '/session/login', { bearer: token })).setCookie,
      );
      expectFailure(await t.api('PUT', '/session/org', { cookie, json: { id: '1' } }), 403);
    });

    it("answers 403 for an orgId that is not the user's and 400 for one that does not exist", async () => {
      expectFailure(
        await t.api('POST', '/session/gettoken', {
          json: { userName: 'analyst', password: 'analyst', orgId: '1' },
        }),
        403,
      );
      expectFailure(
        await t.api('POST', '/session/gettoken', {
          json: { userName: 'analyst', password: 'analyst', orgId: '42' },
        }),
        400,
      );
    });
  });

  describe('§11.8 switchOrg', () => {
    it('needs a session cookie: a FULL bearer token alone is 400/10002', async () => {
      const token = await t.token('tsadmin', 'admin');
      const res = await t.api('PUT', '/session/org', { bearer: token, json: { id: '1' } });
      expectFailure(res, 400);
      expect(upstreamError(res.json)?.debug).toMatch(/session cookie/);
    });

    it('takes the org id as a string and shows it as currentOrgId afterwards', async () => {
      const { cookie } = await t.login('tsadmin', 'admin');
      const before = await t.sessionInfo({ cookie });
      expect(before.currentOrgId).toBe(0);
      expect(before.orgs).toEqual([
        { orgId: 0, orgName: 'Primary' },
        { orgId: 1, orgName: 'Sales' },
      ]);

      const res = await t.api('PUT', '/session/org', { cookie, json: { id: '1' } });
      expect(res.status).toBe(200);
      expect(res.json).toBe(true);

      const after = await t.sessionInfo({ cookie });
      expect(after.currentOrgId).toBe(1);
      expect(after.orgs).toEqual([
        { orgId: 0, orgName: 'Primary' },
        { orgId: 1, orgName: 'Sales' },
      ]);

      expect((await t.api('PUT', '/session/org', { cookie, json: { id: '0' } })).json).toBe(true);
      expect((await t.sessionInfo({ cookie })).currentOrgId).toBe(0);
    });

    it('answers 400/10002 for an unknown org and 403/10004 for an org the user is not in', async () => {
      const admin = await t.login('tsadmin', 'admin');
      expectFailure(
        await t.api('PUT', '/session/org', { cookie: admin.cookie, json: { id: '7' } }),
        400,
      );
      const analyst = await t.login('analyst', 'analyst');
      expectFailure(
        await t.api('PUT', '/session/org', { cookie: analyst.cookie, json: { id: '1' } }),
        403,
      );
      // A refused switch leaves the session where it was.
      expect((await t.sessionInfo({ cookie: analyst.cookie })).currentOrgId).toBe(0);
    });

    it("lists only the user's own orgs in session info", async () => {
      const { cookie } = await t.login('analyst', 'analyst');
      expect((await t.sessionInfo({ cookie })).orgs).toEqual([{ orgId: 0, orgName: 'Primary' }]);
    });
  });

  describe('§11.9 headers', () => {
    it('accepts a login and a session call with neither User-Agent nor X-Requested-By', async () => {
      const body = JSON.stringify({ userName: 'tsadmin', password: 'admin' });
      const login = await rawRequest(
        t.emulator.url,
        [`POST ${API}/session/login HTTP/1.1`, 'Content-Type: application/json'],
        body,
      );
      expect(login.status).toBe(200);
      expect(JSON.parse(login.body)).toMatchObject({ userName: 'tsadmin', tokenType: 'Cookie' });
      const setCookie = login.headers
        .filter((h) => /^set-cookie:/i.test(h))
        .map((h) => h.replace(/^set-cookie:\s*/i, ''));
      expect(setCookie).toHaveLength(2);

      const info = await rawRequest(t.emulator.url, [
        `GET ${API}/session HTTP/1.1`,
        `Cookie: ${cookieHeader(setCookie)}`,
      ]);
      expect(info.status).toBe(200);
      expect(JSON.parse(info.body)).toMatchObject({ userName: 'tsadmin' });
    });

    it('accepts gettoken and a bearer call without X-Requested-By', async () => {
      const res = await t.api('POST', '/session/gettoken', {
        json: { userName: 'analyst', password: 'analyst' },
      });
      expect(res.status).toBe(200);
      const { token } = res.json as { token: string };
      expect((await t.sessionInfo({ bearer: token })).userName).toBe('analyst');
    });

    it('also accepts the headers the SDK and the gateway send', async () => {
      const res = await t.api('POST', '/session/login', {
        json: { userName: 'tsadmin', password: 'admin' },
        headers: {
          'x-requested-by': 'ThoughtSpot',
          'user-agent': 'gateway-test/1.0',
          accept: 'application/json',
          'accept-language': 'application/json',
        },
      });
      expect(res.status).toBe(200);
    });
  });

  describe('§11.10 types', () => {
    it.each([
      ['the string "true"', 'true', true],
      ['the boolean true', true, true],
      ['the string "false"', 'false', false],
      ['the boolean false', false, false],
    ])('accepts rememberMe as %s', async (_kind, rememberMe, persistent) => {
      const res = await t.api('POST', '/session/login', {
        json: { userName: 'tsadmin', password: 'admin', rememberMe },
      });
      expect(res.status).toBe(200);
      expect(res.setCookie[0]?.includes('Max-Age=604800')).toBe(persistent);
    });

    it('refuses a rememberMe that is neither (400/10002)', async () => {
      expectFailure(
        await t.api('POST', '/session/login', {
          json: { userName: 'tsadmin', password: 'admin', rememberMe: 'yes' },
        }),
        400,
      );
    });

    it('gives the same expiry for tokenExpiryDuration "600" and 600', async () => {
      const now = t.clock.now();
      const asString = await t.api('POST', '/session/gettoken', {
        json: { userName: 'tsadmin', password: 'admin', tokenExpiryDuration: '600' },
      });
      const asNumber = await t.api('POST', '/session/gettoken', {
        json: { userName: 'tsadmin', password: 'admin', tokenExpiryDuration: 600 },
      });
      expect(asString.json).toMatchObject({ tokenExpiryDuration: String(now + 600_000) });
      expect(asNumber.json).toMatchObject({ tokenExpiryDuration: String(now + 600_000) });
    });

    it.each([['abc'], [0], ['0'], [1.5], ['-5'], [2147483648], [true]])(
      'refuses tokenExpiryDuration %p (400/10002)',
      async (duration) => {
        expectFailure(
          await t.api('POST', '/session/gettoken', {
            json: { userName: 'tsadmin', password: 'admin', tokenExpiryDuration: duration },
          }),
          400,
        );
      },
    );
  });

  describe('§11.11 logout', () => {
    it('answers 200 true without any session, with both cookies expired', async () => {
      const res = await t.api('POST', '/session/logout');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.text).toBe('true');
      expect(res.setCookie).toHaveLength(2);
      expect(res.setCookie[0]).toMatch(/^JSESSIONID=; .*Max-Age=0/);
      expect(res.setCookie[1]).toMatch(/^clientId=; .*Max-Age=0/);
    });

    it('answers 200 true for an unknown or already ended session', async () => {
      const { cookie } = await t.login('tsadmin', 'admin');
      expect((await t.api('POST', '/session/logout', { cookie })).json).toBe(true);
      const again = await t.api('POST', '/session/logout', { cookie });
      expect(again.status).toBe(200);
      expect(again.json).toBe(true);
      const unknown = await t.api('POST', '/session/logout', {
        cookie: 'JSESSIONID=00000000-0000-0000-0000-000000000000',
      });
      expect(unknown.status).toBe(200);
      expect(unknown.json).toBe(true);
    });

    it('ignores Authorization: a bearer token survives a logout', async () => {
      const token = await t.token('tsadmin', 'admin');
      const res = await t.api('POST', '/session/logout', { bearer: token });
      expect(res.status).toBe(200);
      expect(res.json).toBe(true);
      expect((await t.sessionInfo({ bearer: token })).userName).toBe('tsadmin');
    });
  });

  describe('§11.12 empty bearer header', () => {
    const emptyBearer = { authorization: 'Bearer ' };

    it('counts as no credentials: 401 on session info', async () => {
      expectFailure(await t.api('GET', '/session', { headers: emptyBearer }), 401);
      expectFailure(
        await t.api('GET', '/session', { headers: { authorization: 'Bearer     ' } }),
        401,
      );
    });

    it('falls back to the session cookie when one is sent', async () => {
      const { cookie } = await t.login('analyst', 'analyst');
      const info = await t.sessionInfo({ cookie, bearer: '' });
      expect(info.userName).toBe('analyst');
      const res = await t.api('GET', '/session', { cookie, headers: emptyBearer });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ userName: 'analyst' });
    });

    it('is no token at login or revoke either', async () => {
      expectFailure(await t.api('POST', '/session/login', { headers: emptyBearer }), 401);
      expectFailure(await t.api('POST', '/session/revoketoken', { headers: emptyBearer }), 401);
      const { cookie } = await t.login('tsadmin', 'admin');
      const revoke = await t.api('POST', '/session/revoketoken', { cookie, headers: emptyBearer });
      expect(revoke.json).toBe(true);
      expectFailure(await t.api('GET', '/session', { cookie }), 401);
    });
  });
});
