import type { TestEmulator } from '../support/emulator';
import type { UpstreamStatus } from '../support/assertions';
import { expectFailure as expectFailureOf } from '../support/assertions';
import { startTestEmulator } from '../support/emulator';
import type { CallResult } from '../support/http';
import { cookieHeader, upstreamError } from '../support/http';

/** PUT /session/org: the rules of beta-behaviour.md §7 as decided in §11.8. */

const expectFailure = (res: CallResult, status: UpstreamStatus) =>
  expectFailureOf(res, status, 'restapiV2__switchOrg');

describe('switchOrg (beta-behaviour.md §7)', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(() => t.close());

  const infoOf = (cookie: string) => t.sessionInfo({ cookie });

  const switchOrg = (cookie: string | undefined, json: unknown, bearer?: string) =>
    t.api('PUT', '/session/org', {
      ...(cookie !== undefined && { cookie }),
      ...(bearer !== undefined && { bearer }),
      json,
    });

  it('reuses the original session: same JSESSIONID, no new cookie', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    const before = await infoOf(cookie);

    const res = await switchOrg(cookie, { id: '1' });
    expect(res.status).toBe(200);
    expect(res.json).toBe(true);
    expect(res.headers['set-cookie']).toBeUndefined();

    const after = await infoOf(cookie);
    expect(after.currentOrgId).toBe(1);
    expect(after.userName).toBe('tsadmin');
    expect(after.partialJSessionGUID).toBe(before.partialJSessionGUID);
    expect(after.authToken).toBe(before.authToken);
  });

  it.each([
    ['a string', '1'],
    ['a number', 1],
    ['a string with spaces', ' 1 '],
  ])('takes the id as %s', async (_kind, id) => {
    const { cookie } = await t.login('tsadmin', 'admin');
    expect((await switchOrg(cookie, { id })).json).toBe(true);
    expect((await infoOf(cookie)).currentOrgId).toBe(1);
  });

  it('switches back to Primary with "0" and with 0', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    await switchOrg(cookie, { id: '1' });
    expect((await switchOrg(cookie, { id: '0' })).json).toBe(true);
    expect((await infoOf(cookie)).currentOrgId).toBe(0);
    await switchOrg(cookie, { id: 1 });
    expect((await switchOrg(cookie, { id: 0 })).json).toBe(true);
    expect((await infoOf(cookie)).currentOrgId).toBe(0);
  });

  it('accepts switching to the current org', async () => {
    const { cookie } = await t.login('analyst', 'analyst');
    expect((await switchOrg(cookie, { id: '0' })).json).toBe(true);
    expect((await infoOf(cookie)).currentOrgId).toBe(0);
  });

  it('needs the user to be in the org: analyst → org 1 is 403', async () => {
    const { cookie } = await t.login('analyst', 'analyst');
    const res = await switchOrg(cookie, { id: '1' });
    expectFailure(res, 403);
    expect((await infoOf(cookie)).currentOrgId).toBe(0);
  });

  it('answers 400 for an org that does not exist', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    expectFailure(await switchOrg(cookie, { id: '99' }), 400);
    expect((await infoOf(cookie)).currentOrgId).toBe(0);
  });

  it('answers 400 while orgs are disabled', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    t.emulator.state.setOrgsEnabled(false);
    const res = await switchOrg(cookie, { id: '1' });
    expectFailure(res, 400);
    expect(upstreamError(res.json)?.debug).toMatch(/orgs are not enabled/);
    const info = await infoOf(cookie);
    expect(info).not.toHaveProperty('currentOrgId');
    expect(info).not.toHaveProperty('orgs');
  });

  it('answers 400 for a missing id', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    expectFailure(await switchOrg(cookie, {}), 400);
    expectFailure(await switchOrg(cookie, { id: null }), 400);
    expectFailure(await switchOrg(cookie, { orgId: '1' }), 400);
    // No body at all is an empty object, so the id is missing.
    expectFailure(await t.api('PUT', '/session/org', { cookie }), 400);
  });

  it.each([['abc'], [''], ['1.5'], ['-1'], [-1], [1.5], [true], [['1']], [{ id: 1 }], ['0x1']])(
    'answers 400 for the malformed id %p',
    async (id) => {
      const { cookie } = await t.login('tsadmin', 'admin');
      const res = await switchOrg(cookie, { id });
      expectFailure(res, 400);
      expect(upstreamError(res.json)?.debug).toContain('id');
      expect((await infoOf(cookie)).currentOrgId).toBe(0);
    },
  );

  it('answers 400 for a body that is not a JSON object', async () => {
    const { cookie } = await t.login('tsadmin', 'admin');
    expectFailure(await switchOrg(cookie, ['1']), 400);
    expectFailure(await switchOrg(cookie, '1'), 400);
    expectFailure(
      await t.api('PUT', '/session/org', {
        cookie,
        body: '{"id":',
        contentType: 'application/json',
      }),
      400,
    );
  });

  it('answers 401 without credentials, before looking at the body', async () => {
    expectFailure(await switchOrg(undefined, { id: '1' }), 401);
    expectFailure(await switchOrg(undefined, { id: 'abc' }), 401);
    expectFailure(await switchOrg(undefined, { id: '99' }), 401);
  });

  it('answers 401 for a session that has ended or expired', async () => {
    const ended = await t.login('tsadmin', 'admin');
    await t.api('POST', '/session/logout', { cookie: ended.cookie });
    expectFailure(await switchOrg(ended.cookie, { id: '1' }), 401);

    const idle = await t.login('tsadmin', 'admin');
    t.clock.advance(3 * 60 * 60 * 1000);
    expectFailure(await switchOrg(idle.cookie, { id: '1' }), 401);
  });

  describe('cookie sessions only', () => {
    it('answers 400 to a FULL bearer token alone, and leaves the token unchanged', async () => {
      const token = await t.token('tsadmin', 'admin');
      const res = await switchOrg(undefined, { id: '1' }, token);
      expectFailure(res, 400);
      expect(upstreamError(res.json)?.debug).toMatch(/requires a session cookie/);
      const info = await t.api('GET', '/session', { bearer: token });
      expect(info.json).toMatchObject({ currentOrgId: 0 });
    });

    it('answers 403 to a REPORT_BOOK_VIEW bearer token alone', async () => {
      const token = await t.token('tsadmin', 'admin', {
        accessLevel: 'REPORT_BOOK_VIEW',
        tsObjectId: 'pinboard-1',
      });
      expectFailure(await switchOrg(undefined, { id: '1' }, token), 403);
    });

    it('answers 401 to an invalid bearer token alone', async () => {
      expectFailure(await switchOrg(undefined, { id: '1' }, 'bm9wZQ=='), 401);
    });

    it('acts on the cookie session and ignores a bearer sent beside a live cookie', async () => {
      const { cookie } = await t.login('tsadmin', 'admin');
      const analystToken = await t.token('analyst', 'analyst');
      // The analyst could not switch to org 1, the cookie's tsadmin can.
      expect((await switchOrg(cookie, { id: '1' }, analystToken)).json).toBe(true);
      expect((await switchOrg(cookie, { id: '0' }, 'bm9wZQ==')).json).toBe(true);
      await switchOrg(cookie, { id: '1' }, 'bm9wZQ==');
      expect((await infoOf(cookie)).currentOrgId).toBe(1);
      const tokenInfo = await t.api('GET', '/session', { bearer: analystToken });
      expect(tokenInfo.json).toMatchObject({ userName: 'analyst', currentOrgId: 0 });
    });

    it('works on a FULL session logged in with a bearer token', async () => {
      const token = await t.token('tsadmin', 'admin');
      const login = await t.api('POST', '/session/login', { bearer: token });
      const cookie = cookieHeader(login.setCookie);
      expect((await switchOrg(cookie, { id: '1' })).json).toBe(true);
      expect((await infoOf(cookie)).currentOrgId).toBe(1);
    });
  });

  describe('the last logged-in org', () => {
    it('is remembered for the next password login of that user', async () => {
      const first = await t.login('tsadmin', 'admin');
      expect((await infoOf(first.cookie)).currentOrgId).toBe(0);
      expect((await switchOrg(first.cookie, { id: '1' })).json).toBe(true);
      await t.api('POST', '/session/logout', { cookie: first.cookie });

      const next = await t.login('tsadmin', 'admin');
      expect((await infoOf(next.cookie)).currentOrgId).toBe(1);

      // Switching back is remembered in the same way.
      await switchOrg(next.cookie, { id: '0' });
      const third = await t.login('tsadmin', 'admin');
      expect((await infoOf(third.cookie)).currentOrgId).toBe(0);
    });

    it('does not move the other open sessions of the user, nor other users', async () => {
      const a = await t.login('tsadmin', 'admin');
      const b = await t.login('tsadmin', 'admin');
      const analyst = await t.login('analyst', 'analyst');
      await switchOrg(a.cookie, { id: '1' });
      expect((await infoOf(b.cookie)).currentOrgId).toBe(0);
      expect((await infoOf(analyst.cookie)).currentOrgId).toBe(0);
      const nextAnalyst = await t.login('analyst', 'analyst');
      expect((await infoOf(nextAnalyst.cookie)).currentOrgId).toBe(0);
    });

    it('is not changed by a refused switch', async () => {
      const { cookie } = await t.login('tsadmin', 'admin');
      await switchOrg(cookie, { id: '1' });
      expectFailure(await switchOrg(cookie, { id: '99' }), 400);
      const next = await t.login('tsadmin', 'admin');
      expect((await infoOf(next.cookie)).currentOrgId).toBe(1);
    });
  });
});
