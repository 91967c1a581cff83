import { DEVELOPMENT_SECRET_KEY } from '../../src/emulator';
import type { TestEmulator } from '../support/emulator';
import { expectFailure } from '../support/assertions';
import { startTestEmulator } from '../support/emulator';
import { cookieHeader, upstreamError } from '../support/http';

/** The token rules of beta-behaviour.md §5 (with §11.5 and §11.7). */

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe('tokens (beta-behaviour.md §5)', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(() => t.close());

  const gettoken = (json: Record<string, unknown>) => t.api('POST', '/session/gettoken', { json });

  const infoOf = (bearer: string) => t.sessionInfo({ bearer });

  describe('lifetime', () => {
    it('lasts 24 h by default: valid 1 ms before, 401 at expiry', async () => {
      const token = await t.token('tsadmin', 'admin');
      t.clock.advance(DAY - 1);
      expect((await infoOf(token)).userName).toBe('tsadmin');
      t.clock.advance(1);
      const res = await t.api('GET', '/session', { bearer: token });
      expectFailure(res, 401);
      expect(upstreamError(res.json)?.debug).toMatch(/expired/);
      // Logging in with it is refused too.
      expectFailure(await t.api('POST', '/session/login', { bearer: token }), 401);
    });

    it('lasts the requested number of seconds', async () => {
      const token = await t.token('tsadmin', 'admin', { tokenExpiryDuration: '300' });
      t.clock.advance(300_000 - 1);
      expect((await infoOf(token)).userName).toBe('tsadmin');
      t.clock.advance(1);
      expectFailure(await t.api('GET', '/session', { bearer: token }), 401);
    });

    it('may last longer than the default', async () => {
      const token = await t.token('tsadmin', 'admin', { tokenExpiryDuration: 3 * 24 * 3600 });
      t.clock.advance(2 * DAY);
      expect((await infoOf(token)).userName).toBe('tsadmin');
      t.clock.advance(DAY);
      expectFailure(await t.api('GET', '/session', { bearer: token }), 401);
    });

    it('accepts the largest duration, 2147483647 s', async () => {
      const now = t.clock.now();
      const res = await gettoken({
        userName: 'tsadmin',
        password: 'admin',
        tokenExpiryDuration: '2147483647',
      });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ tokenExpiryDuration: String(now + 2_147_483_647_000) });
    });

    it('is not extended by use', async () => {
      const token = await t.token('tsadmin', 'admin', { tokenExpiryDuration: 3600 });
      for (let i = 0; i < 3; i++) {
        t.clock.advance(HOUR / 4);
        await infoOf(token);
      }
      t.clock.advance(HOUR / 4);
      expectFailure(await t.api('GET', '/session', { bearer: token }), 401);
    });
  });

  describe('password and secretKey', () => {
    it('gives the password precedence over the secretKey', async () => {
      // Right password, wrong key: issued.
      const a = await gettoken({ userName: 'tsadmin', password: 'admin', secretKey: 'nope' });
      expect(a.status).toBe(200);
      // Wrong password, right key: refused, the key is not looked at.
      expectFailure(
        await gettoken({
          userName: 'tsadmin',
          password: 'nope',
          secretKey: DEVELOPMENT_SECRET_KEY,
        }),
        401,
      );
      // With trusted auth off, a password with a key is still just a password login.
      t.emulator.state.setTrustedAuthentication(false);
      const b = await gettoken({
        userName: 'tsadmin',
        password: 'admin',
        secretKey: DEVELOPMENT_SECRET_KEY,
      });
      expect(b.status).toBe(200);
    });

    it('issues a working token for the secretKey alone', async () => {
      const res = await gettoken({ userName: 'analyst', secretKey: DEVELOPMENT_SECRET_KEY });
      expect(res.status).toBe(200);
      const { token } = res.json as { token: string };
      expect((await infoOf(token)).userName).toBe('analyst');
    });

    it('needs trusted authentication for a secretKey (500 while disabled)', async () => {
      t.emulator.state.setTrustedAuthentication(false);
      expectFailure(
        await gettoken({ userName: 'tsadmin', secretKey: DEVELOPMENT_SECRET_KEY }),
        500,
      );
      t.emulator.state.setTrustedAuthentication(true);
      expect(
        (await gettoken({ userName: 'tsadmin', secretKey: DEVELOPMENT_SECRET_KEY })).status,
      ).toBe(200);
    });

    it('refuses a wrong secretKey or an unknown user (401)', async () => {
      expectFailure(await gettoken({ userName: 'tsadmin', secretKey: 'wrong' }), 401);
      expectFailure(await gettoken({ userName: 'ghost', secretKey: DEVELOPMENT_SECRET_KEY }), 401);
      expectFailure(await gettoken({ userName: 'ghost', password: 'admin' }), 401);
    });

    it('needs a userName and one of password or secretKey (400)', async () => {
      expectFailure(await gettoken({ password: 'admin' }), 400);
      expectFailure(await gettoken({ userName: 'tsadmin' }), 400);
      expectFailure(await gettoken({ userName: 'tsadmin', password: '', secretKey: '' }), 400);
    });
  });

  describe('rotating the secret key', () => {
    it('invalidates every existing token whatever its expiry, and the sessions made with them', async () => {
      const short = await t.token('tsadmin', 'admin', { tokenExpiryDuration: '60' });
      const long = await t.token('analyst', 'analyst', { tokenExpiryDuration: 30 * 24 * 3600 });
      const trusted = (
        (await gettoken({ userName: 'tsadmin', secretKey: DEVELOPMENT_SECRET_KEY })).json as {
          token: string;
        }
      ).token;
      const fromToken = cookieHeader(
        (await t.api('POST', '/session/login', { bearer: long })).setCookie,
      );
      const byPassword = await t.login('tsadmin', 'admin');

      const newKey = t.emulator.state.rotateSecretKey();
      expect(newKey).not.toBe(DEVELOPMENT_SECRET_KEY);
      expect(t.emulator.state.currentSecretKey).toBe(newKey);

      for (const bearer of [short, long, trusted])
        expectFailure(await t.api('GET', '/session', { bearer }), 401);
      expectFailure(await t.api('GET', '/session', { cookie: fromToken }), 401);
      // A password session has nothing to do with tokens.
      expect((await t.api('GET', '/session', { cookie: byPassword.cookie })).status).toBe(200);
    });

    it('takes the new key, refuses the old one, and issues working tokens', async () => {
      const newKey = t.emulator.state.rotateSecretKey();
      expectFailure(
        await gettoken({ userName: 'tsadmin', secretKey: DEVELOPMENT_SECRET_KEY }),
        401,
      );
      const res = await gettoken({ userName: 'tsadmin', secretKey: newKey });
      expect(res.status).toBe(200);
      expect((await infoOf((res.json as { token: string }).token)).userName).toBe('tsadmin');
      const byPassword = await t.token('analyst', 'analyst');
      expect((await infoOf(byPassword)).userName).toBe('analyst');
    });
  });

  describe('access levels', () => {
    it('FULL (the default, or explicit) shows no access restriction in session info', async () => {
      const implicit = await infoOf(await t.token('tsadmin', 'admin'));
      const explicit = await infoOf(await t.token('tsadmin', 'admin', { accessLevel: 'FULL' }));
      for (const info of [implicit, explicit]) {
        expect(info.userName).toBe('tsadmin');
        expect(info).not.toHaveProperty('accessLevel');
        expect(info).not.toHaveProperty('tsObjectId');
      }
    });

    it('REPORT_BOOK_VIEW shows the access level and the object id, also in a session made with it', async () => {
      const token = await t.token('analyst', 'analyst', {
        accessLevel: 'REPORT_BOOK_VIEW',
        tsObjectId: 'liveboard-42',
      });
      expect(await infoOf(token)).toMatchObject({
        userName: 'analyst',
        accessLevel: 'REPORT_BOOK_VIEW',
        tsObjectId: 'liveboard-42',
      });
      const cookie = cookieHeader(
        (await t.api('POST', '/session/login', { bearer: token })).setCookie,
      );
      const res = await t.api('GET', '/session', { cookie });
      expect(res.json).toMatchObject({
        accessLevel: 'REPORT_BOOK_VIEW',
        tsObjectId: 'liveboard-42',
      });
    });

    it('refuses an unknown access level and REPORT_BOOK_VIEW without an object (400)', async () => {
      expectFailure(
        await gettoken({ userName: 'tsadmin', password: 'admin', accessLevel: 'ADMIN' }),
        400,
      );
      expectFailure(
        await gettoken({
          userName: 'tsadmin',
          password: 'admin',
          accessLevel: 'REPORT_BOOK_VIEW',
          tsObjectId: '',
        }),
        400,
      );
    });
  });

  describe('orgs', () => {
    it('applies orgId when orgs are enabled, as a string or a number', async () => {
      const a = await infoOf(await t.token('tsadmin', 'admin', { orgId: '1' }));
      expect(a.currentOrgId).toBe(1);
      const b = await infoOf(await t.token('tsadmin', 'admin', { orgId: 1 }));
      expect(b.currentOrgId).toBe(1);
      const c = await infoOf(await t.token('tsadmin', 'admin', { orgId: '0' }));
      expect(c.currentOrgId).toBe(0);
    });

    it('ignores orgId when orgs are disabled, and session info then has no org fields', async () => {
      t.emulator.state.setOrgsEnabled(false);
      // Not the analyst's org, and a non-existent one: both ignored.
      for (const orgId of ['1', '99']) {
        const res = await gettoken({ userName: 'analyst', password: 'analyst', orgId });
        expect(res.status).toBe(200);
        const info = await infoOf((res.json as { token: string }).token);
        expect(info.userName).toBe('analyst');
        expect(info).not.toHaveProperty('currentOrgId');
        expect(info).not.toHaveProperty('orgs');
        expect(info.configInfo).toMatchObject({ isOrgsEnabled: false });
      }
    });

    it("uses the user's last logged-in org without orgId", async () => {
      expect((await infoOf(await t.token('tsadmin', 'admin'))).currentOrgId).toBe(0);

      // A password login switched to org 1 makes org 1 the last one.
      const { cookie } = await t.login('tsadmin', 'admin');
      expect((await t.api('PUT', '/session/org', { cookie, json: { id: '1' } })).json).toBe(true);
      expect((await infoOf(await t.token('tsadmin', 'admin'))).currentOrgId).toBe(1);

      // Logging in with an org-0 token makes org 0 the last one again.
      const org0 = await t.token('tsadmin', 'admin', { orgId: '0' });
      expect((await t.api('POST', '/session/login', { bearer: org0 })).status).toBe(200);
      expect((await infoOf(await t.token('tsadmin', 'admin'))).currentOrgId).toBe(0);

      // Another user is not affected.
      expect((await infoOf(await t.token('analyst', 'analyst'))).currentOrgId).toBe(0);
    });

    it('refuses an org the user is not in (403) and an unknown org (400)', async () => {
      expectFailure(await gettoken({ userName: 'analyst', password: 'analyst', orgId: 1 }), 403);
      expectFailure(await gettoken({ userName: 'tsadmin', password: 'admin', orgId: '5' }), 400);
      expectFailure(await gettoken({ userName: 'tsadmin', password: 'admin', orgId: 'one' }), 400);
    });
  });

  describe('token format', () => {
    function decode(token: string): { userName: string; inner: string } {
      const outer = Buffer.from(token, 'base64').toString('utf8');
      // Canonical base64: decoding and encoding again gives the same text.
      expect(Buffer.from(outer, 'utf8').toString('base64')).toBe(token);
      const colon = outer.indexOf(':');
      const innerB64 = outer.slice(colon + 1);
      const inner = Buffer.from(innerB64, 'base64').toString('utf8');
      expect(Buffer.from(inner, 'utf8').toString('base64')).toBe(innerB64);
      return { userName: outer.slice(0, colon), inner };
    }

    it('is base64 of "<userName>:" + base64 of a Shiro SHA-256 hash string', async () => {
      for (const [user, password] of [
        ['tsadmin', 'admin'],
        ['analyst', 'analyst'],
      ] as const) {
        const token = await t.token(user, password);
        expect(token).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
        const { userName, inner } = decode(token);
        expect(userName).toBe(user);
        expect(inner).toMatch(
          /^\$shiro1\$SHA-256\$500000\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/,
        );
      }
    });

    it('is distinct for every call, even with the same inputs and clock', async () => {
      const tokens = new Set<string>();
      for (let i = 0; i < 5; i++) tokens.add(await t.token('tsadmin', 'admin'));
      expect(tokens.size).toBe(5);
      const inners = [...tokens].map((token) => decode(token).inner);
      expect(new Set(inners).size).toBe(5);
    });

    it('does not contain the password', async () => {
      const token = await t.token('analyst', 'analyst');
      const { inner } = decode(token);
      expect(inner).not.toContain('analyst');
    });
  });
});
