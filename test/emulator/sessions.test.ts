import type { TestEmulator } from '../support/emulator';
import { expectFailure } from '../support/assertions';
import { startTestEmulator } from '../support/emulator';
import type { CallResult } from '../support/http';
import { cookieHeader, upstreamError } from '../support/http';

/** Cookie sessions: idle timeout, rememberMe, expirationTime, independence (beta-behaviour.md §4, §11.3). */

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const expectUnauthorized = (res: CallResult) => expectFailure(res, 401);

type Info = Record<string, unknown>;

describe('cookie sessions', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(() => t.close());

  const infoOf = (cookie: string) => t.sessionInfo({ cookie });

  describe('without rememberMe', () => {
    it('lives past 3 h in total while used every 2 h', async () => {
      const { cookie } = await t.login('tsadmin', 'admin');
      for (let i = 0; i < 4; i++) {
        t.clock.advance(2 * HOUR);
        expect((await infoOf(cookie)).userName).toBe('tsadmin');
      }
      // 8 h after login, still alive.
    });

    it('dies after 3 h without use, and stays dead', async () => {
      const { cookie } = await t.login('tsadmin', 'admin');
      t.clock.advance(2 * HOUR);
      await infoOf(cookie);
      t.clock.advance(3 * HOUR - 1);
      await infoOf(cookie); // 1 ms before the idle limit: alive, and touched again.
      t.clock.advance(3 * HOUR);
      const res = await t.api('GET', '/session', { cookie });
      expectUnauthorized(res);
      expect(upstreamError(res.json)?.debug).toMatch(/expired or ended/);
      // Using it again later does not bring it back.
      t.clock.advance(1);
      expectUnauthorized(await t.api('GET', '/session', { cookie }));
    });

    it('is touched by switchOrg as well', async () => {
      const { cookie } = await t.login('tsadmin', 'admin');
      t.clock.advance(2 * HOUR);
      expect((await t.api('PUT', '/session/org', { cookie, json: { id: '1' } })).json).toBe(true);
      t.clock.advance(2 * HOUR);
      expect((await infoOf(cookie)).currentOrgId).toBe(1);
    });

    it('shows expirationTime in seconds: last use + 3 h', async () => {
      const { cookie } = await t.login('tsadmin', 'admin');
      const first = await infoOf(cookie);
      expect(first.expirationTime).toBe((t.clock.now() + 3 * HOUR) / 1000);
      expect(first.expirationTime).toBeLessThan(1e11);
      t.clock.advance(HOUR + 500);
      const second = await infoOf(cookie);
      expect(second.expirationTime).toBe(Math.floor((t.clock.now() + 3 * HOUR) / 1000));
    });
  });

  describe('with rememberMe', () => {
    it('survives 3 h (and more) without use', async () => {
      const { cookie } = await t.login('tsadmin', 'admin', true);
      t.clock.advance(3 * HOUR);
      expect((await infoOf(cookie)).userName).toBe('tsadmin');
      t.clock.advance(2 * DAY);
      expect((await infoOf(cookie)).userName).toBe('tsadmin');
    });

    it('ends 7 days after login even if used', async () => {
      const { cookie } = await t.login('analyst', 'analyst', true);
      for (let i = 0; i < 6; i++) {
        t.clock.advance(DAY);
        await infoOf(cookie);
      }
      t.clock.advance(DAY - 1);
      await infoOf(cookie); // 1 ms before 7 days.
      t.clock.advance(1);
      expectUnauthorized(await t.api('GET', '/session', { cookie }));
    });

    it('shows expirationTime in seconds: login + 7 days, unchanged by use', async () => {
      const loginAt = t.clock.now();
      const login = await t.api('POST', '/session/login', {
        json: { userName: 'tsadmin', password: 'admin', rememberMe: 'true' },
      });
      const cookie = cookieHeader(login.setCookie);
      const expected = (loginAt + 7 * DAY) / 1000;
      expect((await infoOf(cookie)).expirationTime).toBe(expected);
      t.clock.advance(5 * HOUR);
      expect((await infoOf(cookie)).expirationTime).toBe(expected);
    });
  });

  it('shows expirationTime in seconds for a bearer caller: the token expiry', async () => {
    const res = await t.api('POST', '/session/gettoken', {
      json: { userName: 'tsadmin', password: 'admin', tokenExpiryDuration: '7200' },
    });
    const { token, tokenExpiryDuration } = res.json as {
      token: string;
      tokenExpiryDuration: string;
    };
    const info = await t.api('GET', '/session', { bearer: token });
    expect((info.json as Info).expirationTime).toBe(Number(tokenExpiryDuration) / 1000);
    expect((info.json as Info).expirationTime).toBe((t.clock.now() + 2 * HOUR) / 1000);
  });

  describe('many sessions', () => {
    it('are independent for one user: logging out one leaves the other', async () => {
      const a = await t.login('tsadmin', 'admin');
      const b = await t.login('tsadmin', 'admin');
      expect(a.cookie).not.toBe(b.cookie);

      // Org is per session.
      expect((await t.api('PUT', '/session/org', { cookie: a.cookie, json: { id: 1 } })).json).toBe(
        true,
      );
      expect((await infoOf(a.cookie)).currentOrgId).toBe(1);
      expect((await infoOf(b.cookie)).currentOrgId).toBe(0);

      const logout = await t.api('POST', '/session/logout', { cookie: a.cookie });
      expect(logout.json).toBe(true);
      expectUnauthorized(await t.api('GET', '/session', { cookie: a.cookie }));
      expect((await infoOf(b.cookie)).userName).toBe('tsadmin');
    });

    it('expire independently', async () => {
      const a = await t.login('tsadmin', 'admin');
      t.clock.advance(2 * HOUR);
      const b = await t.login('tsadmin', 'admin');
      t.clock.advance(HOUR);
      expectUnauthorized(await t.api('GET', '/session', { cookie: a.cookie }));
      expect((await infoOf(b.cookie)).userName).toBe('tsadmin');
    });

    it('never show one caller the session of another', async () => {
      const admin = await t.login('tsadmin', 'admin');
      const analyst = await t.login('analyst', 'analyst');
      const [a, b] = await Promise.all([infoOf(admin.cookie), infoOf(analyst.cookie)]);
      expect(a).toMatchObject({ userName: 'tsadmin', userDisplayName: 'Administrator' });
      expect(b).toMatchObject({ userName: 'analyst', userDisplayName: 'Analyst' });
      expect(a.authToken).not.toBe(b.authToken);
      expect(a.partialJSessionGUID).not.toBe(b.partialJSessionGUID);

      // partialJSessionGUID is a 16-character prefix of the caller's own JSESSIONID.
      const jsession = /JSESSIONID=([^;]+)/.exec(admin.cookie)?.[1] ?? '';
      expect(a.partialJSessionGUID).toBe(jsession.slice(0, 16));
      expect(a.partialJSessionGUID).toHaveLength(16);

      // Logging one out does not touch the other.
      await t.api('POST', '/session/logout', { cookie: analyst.cookie });
      expect((await infoOf(admin.cookie)).userName).toBe('tsadmin');
    });

    it('refuses an unknown or made-up JSESSIONID', async () => {
      const { cookie } = await t.login('tsadmin', 'admin');
      const forged = cookie.replace(/JSESSIONID=[^;]+/, 'JSESSIONID=0123456789abcdef');
      expectUnauthorized(await t.api('GET', '/session', { cookie: forged }));
      expectUnauthorized(await t.api('GET', '/session', { cookie: 'JSESSIONID=' }));
    });
  });
});
