import { DEVELOPMENT_SECRET_KEY } from '../../src/emulator';
import type { GetTokenInput } from '../generated/operations';
import {
  GetTokenDocument,
  LoginDocument,
  LogoutDocument,
  RevokeTokenDocument,
  SessionDocument,
  SwitchOrgDocument,
} from '../generated/operations';
import { ENDPOINT_NAMES, ENDPOINTS, UPSTREAM_CODES, byApi, emulatorLine } from '../support/api';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import { sessionAnswer } from '../support/stub-bodies';
import { within } from '../support/within';
import type { StubUpstream } from './support';
import {
  ANALYST,
  TSADMIN,
  UUID,
  cookieFrom,
  errorIn,
  errorOf,
  failureOf,
  send,
  startStubUpstream,
} from './support';

/**
 * Every operation end to end: graphql-request over real HTTP to the gateway, the gateway over real
 * HTTP to the emulator (default seed, manual clock starting 2026-01-15T09:00:00Z).
 */

const HOUR = 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

const TSADMIN_SESSION = {
  id: TSADMIN.id,
  userName: 'tsadmin',
  displayName: 'Administrator',
  email: 'tsadmin@example.com',
  userType: 'LOCAL_USER',
  privileges: [
    'ADMINISTRATION',
    'AUTHORING',
    'DATADOWNLOADING',
    'USERDATAUPLOADING',
    'DATAMANAGEMENT',
    'SHAREWITHALL',
    'JOBSCHEDULING',
    'DEVELOPER',
  ],
  currentOrgId: 0,
  orgs: [
    { id: 0, name: 'Primary' },
    { id: 1, name: 'Sales' },
  ],
  locale: 'en-US',
  // REST API v2.0 does not carry them.
  ...byApi({
    '2.0': { releaseVersion: null, timezone: null },
    beta: { releaseVersion: '8.4.1.cl-117', timezone: 'America/Los_Angeles' },
  }),
};

const MESSAGES = {
  BAD_USER_INPUT: 'ThoughtSpot rejected the request as invalid.',
  UNAUTHENTICATED:
    'Not authenticated: the ThoughtSpot credentials are missing, invalid, expired or revoked.',
  FORBIDDEN: 'ThoughtSpot refused access.',
};

/** What the emulator's error envelope becomes in `extensions.upstream`. */
const upstream = (status: number, code: number) => ({
  status,
  code,
  incidentId: expect.stringMatching(UUID) as unknown,
  traceId: expect.stringMatching(UUID) as unknown,
});

/** The error of an operation ThoughtSpot refused with `status` and its numeric `code`. */
const refusal = (code: keyof typeof MESSAGES, path: string, status: number, tsCode: number) => ({
  message: MESSAGES[code],
  path: [path],
  extensions: {
    code,
    requestId: expect.stringMatching(UUID) as unknown,
    upstream: upstream(status, tsCode),
  },
});

let g: TestGateway;
let emulatorLog: string[];

async function tokenFor(
  user: { userName: string; password: string },
  extra: Partial<GetTokenInput> = {},
): Promise<string> {
  const res = await send(g.client(), GetTokenDocument, {
    input: { userName: user.userName, password: user.password, ...extra },
  });
  return res.data.getToken.token;
}

async function cookiesFor(user: { userName: string; password: string }): Promise<string> {
  const res = await send(g.client(), LoginDocument, {
    input: { userName: user.userName, password: user.password },
  });
  expect(res.setCookies).toHaveLength(2);
  return cookieFrom(res.setCookies);
}

const bearer = (token: string) => g.client({ authorization: `Bearer ${token}` });
const withCookie = (cookie: string) => g.client({ cookie });

describe('against the emulator', () => {
  beforeEach(async () => {
    emulatorLog = [];
    g = await startTestGateway({
      emulator: {
        log: (line) => {
          emulatorLog.push(line);
        },
      },
    });
  });
  afterEach(() => g.close());

  describe('session', () => {
    it('by bearer token: the seed user, the token org and the token expiry', async () => {
      const t0 = g.ts.clock.now();
      const token = await tokenFor(TSADMIN);
      const res = await send(bearer(token), SessionDocument);
      expect(res.setCookies).toEqual([]);
      expect(res.data.session).toEqual({
        ...TSADMIN_SESSION,
        ...byApi({
          // The v2.0 user carries no session expiry (its expiration_time_in_millis is the account's).
          '2.0': {
            expiresAt: null,
            raw: expect.objectContaining({
              id: TSADMIN.id,
              name: 'tsadmin',
              display_name: 'Administrator',
              current_org: { id: 0, name: 'Primary' },
              orgs: [
                { id: 0, name: 'Primary' },
                { id: 1, name: 'Sales' },
              ],
            }) as unknown,
          },
          beta: {
            expiresAt: iso(t0 + 24 * HOUR),
            raw: expect.objectContaining({
              userGUID: TSADMIN.id,
              userName: 'tsadmin',
              userDisplayName: 'Administrator',
              expirationTime: (t0 + 24 * HOUR) / 1000,
              currentOrgId: 0,
              orgs: [
                { orgId: 0, orgName: 'Primary' },
                { orgId: 1, orgName: 'Sales' },
              ],
            }) as unknown,
          },
        }),
      });
      expect(t0).toBe(Date.UTC(2026, 0, 15, 9));
    });

    it('by session cookie: the same user (on the beta, with the 3 h idle expiry of a cookie session)', async () => {
      const cookie = await cookiesFor(TSADMIN);
      g.ts.clock.advance(5 * 60 * 1000);
      const res = await send(withCookie(cookie), SessionDocument);
      expect(res.data.session).toEqual({
        ...TSADMIN_SESSION,
        ...byApi({
          '2.0': {
            expiresAt: null,
            raw: expect.objectContaining({ id: TSADMIN.id, name: 'tsadmin' }) as unknown,
          },
          beta: {
            // The request itself is activity: idle expiry counts from now.
            expiresAt: iso(g.ts.clock.now() + 3 * HOUR),
            raw: expect.objectContaining({
              userGUID: TSADMIN.id,
              partialJSessionGUID: expect.stringMatching(/^[0-9a-f-]{16}$/) as unknown,
            }) as unknown,
          },
        }),
      });
    });
  });

  describe('login', () => {
    it('with a password: a Cookie token with no times, and the two session cookies', async () => {
      const res = await send(g.client(), LoginDocument, {
        input: { userName: 'tsadmin', password: 'admin' },
      });
      expect(res.data.login).toEqual({
        userName: 'tsadmin',
        token: '',
        tokenCreatedTime: '-1',
        tokenExpiryDuration: '-1',
        tokenType: 'Cookie',
        createdAt: null,
        expiresAt: null,
      });
      expect(res.setCookies).toEqual([
        expect.stringMatching(/^JSESSIONID=[0-9a-f-]{36}; Path=\/; HttpOnly$/),
        expect.stringMatching(/^clientId=[0-9a-f-]{36}; Path=\/; Secure; HttpOnly$/),
      ]);
      const session = await send(withCookie(cookieFrom(res.setCookies)), SessionDocument);
      expect(session.data.session.id).toBe(TSADMIN.id);
    });

    it('by bearer header only (no input): a cookie session of the token user, in the token org', async () => {
      const token = await tokenFor(TSADMIN, { orgId: 1 });
      const res = await send(bearer(token), LoginDocument);
      expect(res.data.login).toEqual({
        userName: 'tsadmin',
        token: '',
        tokenCreatedTime: '-1',
        tokenExpiryDuration: '-1',
        tokenType: 'Cookie',
        createdAt: null,
        expiresAt: null,
      });
      expect(res.setCookies).toHaveLength(2);
      const session = await send(withCookie(cookieFrom(res.setCookies)), SessionDocument);
      expect(session.data.session).toMatchObject({
        id: TSADMIN.id,
        userName: 'tsadmin',
        currentOrgId: 1,
      });
    });
  });

  describe('getToken', () => {
    it('by password, 600 s: expiresAt is exactly createdAt + 600 s, and no cookie is set', async () => {
      g.ts.clock.advance(1234);
      const now = g.ts.clock.now();
      const res = await send(g.client(), GetTokenDocument, {
        input: { userName: 'tsadmin', password: 'admin', tokenExpiryDuration: 600 },
      });
      expect(res.data.getToken).toEqual({
        userName: 'tsadmin',
        token: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) as unknown,
        tokenCreatedTime: String(now),
        tokenExpiryDuration: String(now + 600_000),
        tokenType: 'Bearer',
        createdAt: iso(now),
        expiresAt: iso(now + 600_000),
      });
      expect(res.setCookies).toEqual([]);
      const session = await send(bearer(res.data.getToken.token), SessionDocument);
      expect(session.data.session.expiresAt).toBe(
        byApi({
          '2.0': null,
          // Session info counts in whole seconds (expirationTime), so the milliseconds are dropped.
          beta: iso(Math.floor((now + 600_000) / 1000) * 1000),
        }),
      );
    });

    it('by the trusted-authentication secret key, 600 s', async () => {
      const now = g.ts.clock.now();
      const res = await send(g.client(), GetTokenDocument, {
        input: {
          userName: 'analyst',
          secretKey: DEVELOPMENT_SECRET_KEY,
          tokenExpiryDuration: 600,
        },
      });
      expect(res.data.getToken).toEqual({
        userName: 'analyst',
        token: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) as unknown,
        tokenCreatedTime: String(now),
        tokenExpiryDuration: String(now + 600_000),
        tokenType: 'Bearer',
        createdAt: iso(now),
        expiresAt: iso(now + 600_000),
      });
      const session = await send(bearer(res.data.getToken.token), SessionDocument);
      expect(session.data.session).toMatchObject({
        id: ANALYST.id,
        userName: 'analyst',
        currentOrgId: 0,
        orgs: [{ id: 0, name: 'Primary' }],
      });
    });

    it('with orgId 1: a session by that token is in org 1', async () => {
      const token = await tokenFor(TSADMIN, { orgId: 1 });
      const session = await send(bearer(token), SessionDocument);
      expect(session.data.session.currentOrgId).toBe(1);
      expect(session.data.session.raw).toMatchObject(
        byApi<Record<string, unknown>>({
          '2.0': { current_org: { id: 1, name: 'Sales' } },
          beta: { currentOrgId: 1 },
        }),
      );
    });

    it('REPORT_BOOK_VIEW with a tsObjectId: the token is for that object (the beta says so in raw)', async () => {
      const objectId = 'a3c2d5e6-0000-4000-8000-00000000b00c';
      const token = await tokenFor(TSADMIN, {
        accessLevel: 'REPORT_BOOK_VIEW',
        tsObjectId: objectId,
      });
      // The emulator's state is shared by both APIs: its v2.0 token/validate shows any token's scope.
      const validation = await g.ts.v2('POST', '/auth/token/validate', {
        bearer: token,
        json: { token },
      });
      expect(validation.json).toMatchObject({
        scope: { access_type: 'REPORT_BOOK_VIEW', metadata_id: objectId },
      });
      const { raw } = (await send(bearer(token), SessionDocument)).data.session;
      expect([raw.accessLevel, raw.tsObjectId]).toEqual(
        byApi({ '2.0': [undefined, undefined], beta: ['REPORT_BOOK_VIEW', objectId] }),
      );
    });
  });

  it('logout answers true and relays both cookies expired', async () => {
    const cookie = await cookiesFor(TSADMIN);
    const res = await send(withCookie(cookie), LogoutDocument);
    expect(res.data).toEqual({ logout: true });
    expect(res.setCookies).toEqual([
      'JSESSIONID=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly',
      'clientId=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly',
    ]);
  });

  it('revokeToken answers true and the token stops working', async () => {
    const token = await tokenFor(ANALYST);
    const res = await send(bearer(token), RevokeTokenDocument);
    expect(res.data).toEqual({ revokeToken: true });
    expect((await errorOf(send(bearer(token), SessionDocument))).extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('switchOrg answers true and the cookie session moves to the org', async () => {
    const cookie = await cookiesFor(TSADMIN);
    const res = await send(withCookie(cookie), SwitchOrgDocument, { input: { id: 1 } });
    expect(res.data).toEqual({ switchOrg: true });
    const session = await send(withCookie(cookie), SessionDocument);
    expect(session.data.session.currentOrgId).toBe(1);
  });

  describe('BAD_USER_INPUT', () => {
    // Every call the emulator saw: a refusal by the gateway makes none.
    const upstreamCalls = () => emulatorLog;

    it('gateway-side: REPORT_BOOK_VIEW without tsObjectId, refused before any upstream call', async () => {
      const error = await errorOf(
        send(g.client(), GetTokenDocument, {
          input: { userName: 'tsadmin', password: 'admin', accessLevel: 'REPORT_BOOK_VIEW' },
        }),
      );
      expect(error).toEqual({
        message: 'tsObjectId is required when accessLevel is REPORT_BOOK_VIEW.',
        path: ['getToken'],
        extensions: { code: 'BAD_USER_INPUT', requestId: expect.stringMatching(UUID) as unknown },
      });
      await tokenFor(TSADMIN);
      expect(upstreamCalls()).toEqual([
        expect.stringMatching(emulatorLine(ENDPOINT_NAMES.getToken, 200)),
      ]);
    });

    it('gateway-side: neither password nor secretKey, refused before any upstream call', async () => {
      const error = await errorOf(
        send(g.client(), GetTokenDocument, { input: { userName: 'tsadmin' } }),
      );
      expect(error).toEqual({
        message: 'Give a password or a secretKey.',
        path: ['getToken'],
        extensions: { code: 'BAD_USER_INPUT', requestId: expect.stringMatching(UUID) as unknown },
      });
      await tokenFor(TSADMIN);
      expect(upstreamCalls()).toHaveLength(1);
    });

    it('upstream-side: switchOrg to an unknown org (400/10002 inside the envelope)', async () => {
      const cookie = await cookiesFor(TSADMIN);
      const error = await errorOf(
        send(withCookie(cookie), SwitchOrgDocument, { input: { id: 99 } }),
      );
      expect(error).toEqual(refusal('BAD_USER_INPUT', 'switchOrg', 400, UPSTREAM_CODES.badRequest));
    });
  });

  describe('UNAUTHENTICATED', () => {
    it('a wrong password', async () => {
      const failure = await failureOf(
        send(g.client(), LoginDocument, { input: { userName: 'tsadmin', password: 'nope' } }),
      );
      expect(failure.setCookies).toEqual([]);
      const error = errorIn(failure);
      expect(error).toEqual(
        refusal('UNAUTHENTICATED', 'login', 401, UPSTREAM_CODES.unauthenticated),
      );
    });

    it('no credentials at all', async () => {
      const error = await errorOf(send(g.client(), SessionDocument));
      expect(error).toEqual(
        refusal('UNAUTHENTICATED', 'session', 401, UPSTREAM_CODES.unauthenticated),
      );
    });

    it('a token past its expiry (the clock moved 25 h)', async () => {
      const token = await tokenFor(TSADMIN);
      expect((await send(bearer(token), SessionDocument)).data.session.id).toBe(TSADMIN.id);
      g.ts.clock.advance(25 * HOUR);
      const error = await errorOf(send(bearer(token), SessionDocument));
      expect(error.extensions).toEqual({
        code: 'UNAUTHENTICATED',
        requestId: expect.stringMatching(UUID) as unknown,
        upstream: upstream(401, UPSTREAM_CODES.unauthenticated),
      });
    });
  });

  describe('FORBIDDEN', () => {
    it('analyst switching to org 1, which they are not in', async () => {
      const cookie = await cookiesFor(ANALYST);
      const error = await errorOf(
        send(withCookie(cookie), SwitchOrgDocument, { input: { id: 1 } }),
      );
      expect(error).toEqual(refusal('FORBIDDEN', 'switchOrg', 403, UPSTREAM_CODES.forbidden));
      expect((await send(withCookie(cookie), SessionDocument)).data.session.currentOrgId).toBe(0);
    });

    it('a token in org 1 for analyst', async () => {
      const error = await errorOf(
        send(g.client(), GetTokenDocument, {
          input: { userName: 'analyst', password: 'analyst', orgId: 1 },
        }),
      );
      expect(error).toEqual(refusal('FORBIDDEN', 'getToken', 403, UPSTREAM_CODES.forbidden));
    });
  });

  describe('request ids', () => {
    it('every error carries the x-request-id of its response, a fresh UUID per request', async () => {
      const failures = await Promise.all([
        failureOf(send(g.client(), SessionDocument)),
        failureOf(send(g.client(), GetTokenDocument, { input: { userName: 'tsadmin' } })),
        failureOf(
          send(g.client(), LoginDocument, { input: { userName: 'analyst', password: 'x' } }),
        ),
        failureOf(send(g.client(), SwitchOrgDocument, { input: { id: 1 } })),
        failureOf(send(g.client(), RevokeTokenDocument)),
      ]);
      const ids = failures.map((f) => f.headers.get('x-request-id'));
      for (const [i, failure] of failures.entries()) {
        expect(ids[i]).toMatch(UUID);
        expect(failure.errors.map((e) => e.extensions.requestId)).toEqual([ids[i]]);
      }
      expect(new Set(ids).size).toBe(failures.length);
    });

    it("a caller's X-Request-Id is echoed in the header and in the error", async () => {
      const failure = await failureOf(
        send(g.client(), SessionDocument, {}, { 'x-request-id': 'e2e-checkout:42' }),
      );
      expect(failure.headers.get('x-request-id')).toBe('e2e-checkout:42');
      expect(failure.errors.map((e) => e.extensions.requestId)).toEqual(['e2e-checkout:42']);
    });

    it("a success answers with the caller's X-Request-Id too", async () => {
      const token = await tokenFor(TSADMIN);
      const res = await send(bearer(token), SessionDocument, {}, { 'x-request-id': 'ok-1' });
      expect(res.headers.get('x-request-id')).toBe('ok-1');
    });
  });
});

describe('upstream failures (emulator faults, 300 ms upstream timeout)', () => {
  beforeAll(async () => {
    g = await startTestGateway({
      env: { UPSTREAM_TIMEOUT_MS: '300' },
      emulator: { faults: true },
    });
  });
  afterAll(() => g.close());
  afterEach(() => {
    g.ts.emulator.faults.clear();
  });

  it('hang: UPSTREAM_TIMEOUT, answered within the timeout + 2 s', async () => {
    g.ts.emulator.faults.set('getSessionInfo', { mode: 'hang' });
    const error = await within(errorOf(send(g.client(), SessionDocument)), 2300, 'the timeout');
    expect(error).toEqual({
      message: 'ThoughtSpot did not answer within 300 ms.',
      path: ['session'],
      extensions: { code: 'UPSTREAM_TIMEOUT', requestId: expect.stringMatching(UUID) as unknown },
    });
  });

  it('drop: UPSTREAM_UNAVAILABLE', async () => {
    g.ts.emulator.faults.set('getSessionInfo', { mode: 'drop' });
    const error = await errorOf(send(g.client(), SessionDocument));
    expect(error).toEqual({
      message: 'ThoughtSpot could not be reached.',
      path: ['session'],
      extensions: {
        code: 'UPSTREAM_UNAVAILABLE',
        requestId: expect.stringMatching(UUID) as unknown,
      },
    });
  });

  it("html: a proxy's 502 page is UPSTREAM_ERROR with the status", async () => {
    g.ts.emulator.faults.set('getSessionInfo', { mode: 'html' });
    const error = await errorOf(send(g.client(), SessionDocument));
    expect(error).toEqual({
      message: 'ThoughtSpot failed to handle the request.',
      path: ['session'],
      extensions: {
        code: 'UPSTREAM_ERROR',
        requestId: expect.stringMatching(UUID) as unknown,
        upstream: { status: 502 },
      },
    });
  });

  it("each failure keeps the caller's X-Request-Id", async () => {
    g.ts.emulator.faults.set('getSessionInfo', { mode: 'drop' });
    const failure = await failureOf(
      send(g.client(), SessionDocument, {}, { 'x-request-id': 'drop-7' }),
    );
    expect(failure.headers.get('x-request-id')).toBe('drop-7');
    expect(failure.errors.map((e) => e.extensions.requestId)).toEqual(['drop-7']);
  });

  it('with the fault cleared, the same gateway answers again', async () => {
    const token = await tokenFor(TSADMIN);
    expect((await send(bearer(token), SessionDocument)).data.session.id).toBe(TSADMIN.id);
  });
});

describe('the request id reaches ThoughtSpot', () => {
  // The emulator does not log request headers, so a stub upstream records them.
  let stub: StubUpstream;
  beforeAll(async () => {
    stub = await startStubUpstream(() => sessionAnswer(TSADMIN));
    g = await startTestGateway({ thoughtspotUrl: stub.url });
  });
  afterAll(async () => {
    await g.close();
    await stub.close();
  });

  it("the caller's X-Request-Id, or the one the gateway made, is sent upstream", async () => {
    const mine = await send(g.client(), SessionDocument, {}, { 'x-request-id': 'trace-abc' });
    const fresh = await send(g.client(), SessionDocument);
    expect(stub.requests.map((r) => [r.method, r.path, r.headers['x-request-id']])).toEqual([
      ['GET', ENDPOINTS.session.path, 'trace-abc'],
      ['GET', ENDPOINTS.session.path, fresh.headers.get('x-request-id')],
    ]);
    expect(mine.headers.get('x-request-id')).toBe('trace-abc');
    expect(fresh.headers.get('x-request-id')).toMatch(UUID);
  });
});
