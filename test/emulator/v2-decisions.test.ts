import { defaultSeed } from '../../src/emulator';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import type { CallResult } from '../support/http';
import { cookieHeader, v2Error } from '../support/http';

/**
 * The v2.0 behaviour the emulator decides (rest-2.0-auth.md §9 and docs/emulator.md), one rule per
 * test.
 */

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(() => t.close());

const SECRET = () => t.emulator.state.currentSecretKey;
const failure = (res: CallResult) => [
  res.status,
  v2Error(res.json)?.code,
  v2Error(res.json)?.debug,
];
const tokenOf = (res: CallResult) => (res.json as { token: string }).token;
const scopeOf = (res: CallResult) => (res.json as { scope: Record<string, unknown> }).scope;

describe('token/full and token/object', () => {
  it('secret_key wins over password when both are sent (rest-2.0-auth.md §9.2)', async () => {
    const good = await t.v2('POST', '/auth/token/full', {
      json: { username: 'analyst', password: 'wrong', secret_key: SECRET() },
    });
    expect(good.status).toBe(200);
    const bad = await t.v2('POST', '/auth/token/full', {
      json: { username: 'analyst', password: 'analyst', secret_key: 'wrong' },
    });
    expect(failure(bad)).toEqual([401, 10097, 'Invalid user name or secret key']);
  });

  it('an empty password or secret_key (the OpenAPI default "") counts as absent', async () => {
    const res = await t.v2('POST', '/auth/token/full', {
      json: { username: 'analyst', password: 'analyst', secret_key: '' },
    });
    expect(res.status).toBe(200);
    const neither = await t.v2('POST', '/auth/token/full', {
      json: { username: 'analyst', password: '' },
    });
    expect(failure(neither)[0]).toBe(400);
  });

  it("without org_id, the token's org is the user's last org (rest-2.0-auth.md §9.3)", async () => {
    await t.v2Login('tsadmin', 'admin', { org_identifier: '1' });
    const res = await t.v2('POST', '/auth/token/full', {
      json: { username: 'tsadmin', password: 'admin' },
    });
    expect(scopeOf(res)).toEqual({ access_type: 'FULL', org_id: 1, metadata_id: null });
  });

  it('an unknown org_id is 400; on a cluster without orgs, org_id is null and any org_id is ignored', async () => {
    const res = await t.v2('POST', '/auth/token/full', {
      json: { username: 'tsadmin', password: 'admin', org_id: 9 },
    });
    expect(failure(res)).toEqual([400, 10002, 'Invalid parameter values: no org with id 9']);
    t.emulator.state.setOrgsEnabled(false);
    const off = await t.v2('POST', '/auth/token/full', {
      json: { username: 'tsadmin', password: 'admin', org_id: 9 },
    });
    expect(scopeOf(off)).toEqual({ access_type: 'FULL', org_id: null, metadata_id: null });
  });

  it('validity_time_in_sec sets the lifetime; the token stops working when it ends', async () => {
    const res = await t.v2('POST', '/auth/token/full', {
      json: { username: 'analyst', password: 'analyst', validity_time_in_sec: 10 },
    });
    const body = res.json as { creation_time_in_millis: number; expiration_time_in_millis: number };
    expect(body.expiration_time_in_millis - body.creation_time_in_millis).toBe(10_000);
    t.clock.advance(9_999);
    expect((await t.v2('GET', '/auth/session/user', { bearer: tokenOf(res) })).status).toBe(200);
    t.clock.advance(1);
    expect((await t.v2('GET', '/auth/session/user', { bearer: tokenOf(res) })).status).toBe(401);
  });

  it('the just-in-time fields are accepted and provision nobody', async () => {
    const res = await t.v2('POST', '/auth/token/full', {
      json: {
        username: 'newbie',
        secret_key: SECRET(),
        auto_create: true,
        email: 'n@example.com',
        display_name: 'N',
        group_identifiers: ['g'],
      },
    });
    expect(failure(res)).toEqual([401, 10097, 'Invalid user name or secret key']);
  });
});

describe('session/login', () => {
  it('org_identifier by id or by name; an unknown org is 400, checked only after the password', async () => {
    const byId = await t.v2Login('tsadmin', 'admin', { org_identifier: '1' });
    expect((await t.v2User({ cookie: byId.cookie })).current_org).toEqual({ id: 1, name: 'Sales' });
    const unknown = await t.v2('POST', '/auth/session/login', {
      json: { username: 'tsadmin', password: 'admin', org_identifier: 'Nowhere' },
    });
    expect(failure(unknown)).toEqual([
      400,
      10002,
      'Invalid parameter values org_identifier: no such org',
    ]);
    const wrongPassword = await t.v2('POST', '/auth/session/login', {
      json: { username: 'tsadmin', password: 'x', org_identifier: 'Nowhere' },
    });
    expect(failure(wrongPassword)[0]).toBe(401);
    expect(t.emulator.state.counts().sessions).toBe(1);
  });

  it('org_identifier with a bearer login, or on a cluster without orgs, is 400', async () => {
    const bearer = await t.v2Token('tsadmin', 'admin');
    const res = await t.v2('POST', '/auth/session/login', {
      bearer,
      json: { org_identifier: '1' },
    });
    expect(failure(res).slice(0, 2)).toEqual([400, 10002]);
    t.emulator.state.setOrgsEnabled(false);
    const off = await t.v2('POST', '/auth/session/login', {
      json: { username: 'tsadmin', password: 'admin', org_identifier: '0' },
    });
    expect(failure(off)).toEqual([
      400,
      10002,
      'Invalid parameter values: orgs are not enabled on this cluster',
    ]);
    expect(t.emulator.state.counts().sessions).toBe(0);
  });

  it('credentials in the body win over a bearer header', async () => {
    const bearer = await t.v2Token('tsadmin', 'admin');
    const res = await t.v2('POST', '/auth/session/login', {
      bearer,
      json: { username: 'analyst', password: 'analyst' },
    });
    expect((await t.v2User({ cookie: cookieHeader(res.setCookie) })).name).toBe('analyst');
  });
});

describe('session/logout', () => {
  it('with only a bearer: 204, and the token keeps working (revoke ends tokens)', async () => {
    const bearer = await t.v2Token('analyst', 'analyst');
    expect((await t.v2('POST', '/auth/session/logout', { bearer })).status).toBe(204);
    expect((await t.v2User({ bearer })).name).toBe('analyst');
    expect(failure(await t.v2('POST', '/auth/session/logout', { bearer: 'bad' }))[0]).toBe(401);
  });

  it('a session cookie that already ended is still a 204 with expired cookies', async () => {
    const { cookie } = await t.v2Login('analyst', 'analyst');
    await t.v2('POST', '/auth/session/logout', { cookie });
    const again = await t.v2('POST', '/auth/session/logout', { cookie });
    expect([again.status, again.setCookie.length]).toEqual([204, 2]);
  });
});

describe('token/revoke', () => {
  it("an administrator may revoke another user's token; revoking it twice is still 204", async () => {
    const victim = await t.v2Token('analyst', 'analyst');
    const { cookie } = await t.v2Login('tsadmin', 'admin');
    expect(
      (await t.v2('POST', '/auth/token/revoke', { cookie, json: { token: victim } })).status,
    ).toBe(204);
    expect(
      (await t.v2('POST', '/auth/token/revoke', { cookie, json: { token: victim } })).status,
    ).toBe(204);
    expect((await t.v2('GET', '/auth/session/user', { bearer: victim })).status).toBe(401);
  });

  it('an unknown token is 400', async () => {
    const { cookie } = await t.v2Login('tsadmin', 'admin');
    expect(
      failure(await t.v2('POST', '/auth/token/revoke', { cookie, json: { token: 'nope' } })),
    ).toEqual([400, 10002, 'Invalid parameter values token: no such token']);
  });

  it("user_identifier (name or GUID) revokes that user's tokens and their sessions, not password sessions", async () => {
    const a = await t.v2Token('analyst', 'analyst');
    const b = await t.token('analyst', 'analyst');
    const fromToken = await t.v2('POST', '/auth/session/login', { bearer: a });
    const password = await t.v2Login('analyst', 'analyst');
    const res = await t.v2('POST', '/auth/token/revoke', {
      bearer: a,
      json: { user_identifier: '0c6e4a3b-95f1-4d7e-8b2a-3f5d7c9e1a20' },
    });
    expect(res.status).toBe(204);
    for (const bearer of [a, b])
      expect((await t.v2('GET', '/auth/session/user', { bearer })).status).toBe(401);
    expect(
      (await t.v2('GET', '/auth/session/user', { cookie: cookieHeader(fromToken.setCookie) }))
        .status,
    ).toBe(401);
    expect((await t.v2User({ cookie: password.cookie })).name).toBe('analyst');
  });

  it("another user's tokens need ADMINISTRATION, whether that user exists or not; an admin naming nobody is 400", async () => {
    const { cookie } = await t.v2Login('analyst', 'analyst');
    for (const user_identifier of ['tsadmin', 'nobody'])
      expect(
        failure(await t.v2('POST', '/auth/token/revoke', { cookie, json: { user_identifier } }))[0],
      ).toBe(403);
    const admin = await t.v2Login('tsadmin', 'admin');
    expect(
      failure(
        await t.v2('POST', '/auth/token/revoke', {
          cookie: admin.cookie,
          json: { user_identifier: 'nobody' },
        }),
      )[0],
    ).toBe(400);
  });

  it('with an empty body, the bearer is revoked even when a cookie is also sent; with only a cookie, 400', async () => {
    const bearer = await t.v2Token('analyst', 'analyst');
    const { cookie } = await t.v2Login('analyst', 'analyst');
    expect((await t.v2('POST', '/auth/token/revoke', { bearer, cookie })).status).toBe(204);
    expect((await t.v2('GET', '/auth/session/user', { bearer })).status).toBe(401);
    expect(failure(await t.v2('POST', '/auth/token/revoke', { cookie }))).toEqual([
      400,
      10002,
      'Either user_identifier or token must be provided',
    ]);
    expect((await t.v2User({ cookie })).name).toBe('analyst');
  });
});

describe('token/validate', () => {
  it('a revoked token is 400; any authenticated caller may validate any token', async () => {
    const token = await t.v2Token('analyst', 'analyst');
    const { cookie } = await t.v2Login('tsadmin', 'admin');
    expect((await t.v2('POST', '/auth/token/validate', { cookie, json: { token } })).status).toBe(
      200,
    );
    await t.v2('POST', '/auth/token/revoke', { bearer: token });
    expect(
      failure(await t.v2('POST', '/auth/token/validate', { cookie, json: { token } })),
    ).toEqual([400, 10002, 'The provided token has been revoked']);
  });

  it('a bearer that is not the token validated must itself be valid', async () => {
    const token = await t.v2Token('analyst', 'analyst');
    expect(
      failure(await t.v2('POST', '/auth/token/validate', { bearer: 'bad', json: { token } }))[0],
    ).toBe(401);
  });
});

describe('session/user', () => {
  it('a seed userType outside the OpenAPI enum is a null account_type', async () => {
    await t.close();
    const seed = defaultSeed();
    seed.users[1] = { ...(seed.users[1] as (typeof seed.users)[number]), userType: 'CUSTOM_USER' };
    t = await startTestEmulator({ seed });
    const bearer = await t.v2Token('analyst', 'analyst');
    expect((await t.v2User({ bearer })).account_type).toBeNull();
  });
});
