import {
  GetSessionTokenDocument,
  GetTokenDocument,
  LoginDocument,
  RevokeTokenDocument,
  SessionDocument,
  TokenInfoDocument,
} from '../generated/operations';
import { API, ENDPOINT_NAMES, UPSTREAM_CODES, byApi, emulatorLine } from '../support/api';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import {
  ANALYST,
  SET_COOKIE,
  TSADMIN,
  UUID,
  cookieFrom,
  errorIn,
  errorOf,
  failureOf,
  send,
} from './support';

/**
 * What differs by API, end to end (docs/schema.md's table "What a client can see differ"), and the
 * operations REST API v2.0 added: each test states the answer on both APIs, and counts the calls the
 * emulator saw, since "no call" and "one more call" are part of the difference.
 */

const HOUR = 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const UNSUPPORTED =
  "Not available here: this gateway speaks ThoughtSpot's deprecated beta REST API, which has no endpoint for it.";

let g: TestGateway;
let calls: string[];

beforeEach(async () => {
  calls = [];
  g = await startTestGateway({ emulator: { log: (line) => calls.push(line) } });
});
afterEach(() => g.close());

const bearer = (token: string) => g.client({ authorization: `Bearer ${token}` });
const withCookie = (cookie: string) => g.client({ cookie });

async function tokenFor(user: { userName: string; password: string }): Promise<string> {
  const res = await send(g.client(), GetTokenDocument, {
    input: { userName: user.userName, password: user.password, tokenExpiryDuration: 600 },
  });
  return res.data.getToken.token;
}

async function cookiesFor(user: { userName: string; password: string }): Promise<string> {
  const res = await send(g.client(), LoginDocument, {
    input: { userName: user.userName, password: user.password },
  });
  return cookieFrom(res.setCookies);
}

/** The calls the emulator sees from now on. */
function callsFromNow(): () => string[] {
  const from = calls.length;
  return () => calls.slice(from);
}

/** The beta's answer to an operation it has no endpoint for. */
async function expectUnsupported(promise: Promise<unknown>, field: string): Promise<void> {
  const error = await errorOf(promise);
  expect(error).toEqual({
    message: `${field}: ${UNSUPPORTED}`,
    path: [field],
    extensions: {
      code: 'UNSUPPORTED_OPERATION',
      requestId: expect.stringMatching(UUID) as unknown,
    },
  });
}

describe('getSessionToken', () => {
  it('from a cookie session: a bearer token of that user (v2.0); UNSUPPORTED_OPERATION, no call (beta)', async () => {
    const cookie = await cookiesFor(TSADMIN);
    const seen = callsFromNow();
    const now = g.ts.clock.now();
    const minted = send(withCookie(cookie), GetSessionTokenDocument);
    if (API === 'beta') {
      await expectUnsupported(minted, 'getSessionToken');
      expect(seen()).toEqual([]);
      return;
    }
    const res = await minted;
    expect(res.data.getSessionToken).toEqual({
      userName: 'tsadmin',
      token: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) as unknown,
      tokenCreatedTime: String(now),
      tokenExpiryDuration: String(now + 24 * HOUR),
      tokenType: 'Bearer',
      createdAt: iso(now),
      expiresAt: iso(now + 24 * HOUR),
    });
    expect(res.setCookies).toEqual([]);
    // The cookie flow's bridge to the bearer flow: the new token is the session's user.
    const session = await send(bearer(res.data.getSessionToken.token), SessionDocument);
    expect(session.data.session).toMatchObject({ id: TSADMIN.id, userName: 'tsadmin' });
  });

  it('without a credential: UNAUTHENTICATED from ThoughtSpot (v2.0); UNSUPPORTED_OPERATION (beta)', async () => {
    const minted = send(g.client(), GetSessionTokenDocument);
    if (API === 'beta') return expectUnsupported(minted, 'getSessionToken');
    const error = await errorOf(minted);
    expect(error.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      upstream: { status: 401, code: UPSTREAM_CODES.unauthenticated },
    });
  });
});

describe('tokenInfo', () => {
  it('describes the bearer token sent: its user, scope and times (v2.0); UNSUPPORTED_OPERATION, no call (beta)', async () => {
    const now = g.ts.clock.now();
    const token = await tokenFor(ANALYST);
    const seen = callsFromNow();
    const info = send(bearer(token), TokenInfoDocument);
    if (API === 'beta') {
      await expectUnsupported(info, 'tokenInfo');
      expect(seen()).toEqual([]);
      return;
    }
    expect((await info).data.tokenInfo).toEqual({
      userId: ANALYST.id,
      accessLevel: 'FULL',
      orgId: 0,
      objectId: null,
      tokenType: 'BEARER',
      createdAt: iso(now),
      expiresAt: iso(now + 600_000),
    });
    expect(seen()).toEqual([
      expect.stringMatching(/^POST \/api\/rest\/2\.0\/auth\/token\/validate 200 /),
    ]);
  });

  it('with only a session cookie: UNAUTHENTICATED and no call (v2.0); UNSUPPORTED_OPERATION (beta)', async () => {
    const cookie = await cookiesFor(TSADMIN);
    const seen = callsFromNow();
    const info = send(withCookie(cookie), TokenInfoDocument);
    if (API === 'beta') await expectUnsupported(info, 'tokenInfo');
    else
      expect((await errorOf(info)).extensions).toEqual({
        code: 'UNAUTHENTICATED',
        requestId: expect.stringMatching(UUID) as unknown,
      });
    expect(seen()).toEqual([]);
  });
});

describe('login with orgId', () => {
  it('the new session is in that org: one call (v2.0), login then org switch (beta)', async () => {
    const seen = callsFromNow();
    const res = await send(g.client(), LoginDocument, {
      input: { userName: 'tsadmin', password: 'admin', orgId: 1 },
    });
    expect(res.data.login).toMatchObject({ userName: 'tsadmin', tokenType: 'Cookie', token: '' });
    expect(seen()).toEqual(
      byApi({
        '2.0': [ENDPOINT_NAMES.login],
        beta: [ENDPOINT_NAMES.login, ENDPOINT_NAMES.switchOrg],
      }).map((name) => expect.stringMatching(`^${name} `) as unknown),
    );
    const session = await send(withCookie(cookieFrom(res.setCookies)), SessionDocument);
    expect(session.data.session).toMatchObject({ id: TSADMIN.id, currentOrgId: 1 });
  });

  it('into an org the user is not in: FORBIDDEN, and no live session left behind', async () => {
    const sessionsBefore = g.ts.emulator.state.counts().sessions;
    const failure = await failureOf(
      send(g.client(), LoginDocument, {
        input: { userName: 'analyst', password: 'analyst', orgId: 1 },
      }),
    );
    expect(errorIn(failure)).toMatchObject({
      path: ['login'],
      extensions: {
        code: 'FORBIDDEN',
        upstream: { status: 403, code: UPSTREAM_CODES.forbidden },
      },
    });
    expect(g.ts.emulator.state.counts().sessions).toBe(sessionsBefore);
    // The beta's login did make a session and then ended it: of the cookies of both answers, the
    // last of each name is relayed, so the caller gets them expired. v2.0 refused the login itself
    // and set none. The session count above shows no session was left behind.
    const { EPOCH } = SET_COOKIE;
    expect(failure.setCookies).toEqual(
      byApi<unknown[]>({
        '2.0': [],
        beta: [
          `JSESSIONID=; Path=/; Max-Age=0; Expires=${EPOCH}; HttpOnly`,
          `clientId=; Path=/; Max-Age=0; Expires=${EPOCH}; Secure; HttpOnly`,
        ],
      }),
    );
  });
});

describe('revokeToken with only a session cookie', () => {
  it('BAD_USER_INPUT and no call, the session lives on (v2.0); ends that session (beta)', async () => {
    const cookie = await cookiesFor(TSADMIN);
    const seen = callsFromNow();
    const revoked = send(withCookie(cookie), RevokeTokenDocument);
    if (API === '2.0') {
      const error = await errorOf(revoked);
      expect(error).toEqual({
        message:
          'revokeToken revokes the bearer token in the Authorization header, and none was sent. To end a cookie session, use logout.',
        path: ['revokeToken'],
        extensions: { code: 'BAD_USER_INPUT', requestId: expect.stringMatching(UUID) as unknown },
      });
      expect(seen()).toEqual([]);
      expect((await send(withCookie(cookie), SessionDocument)).data.session.id).toBe(TSADMIN.id);
    } else {
      expect((await revoked).data).toEqual({ revokeToken: true });
      const gone = await errorOf(send(withCookie(cookie), SessionDocument));
      expect(gone.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });
});

describe('login by bearer token', () => {
  const LOGIN_NAME = 'mutation { login { userName tokenType } }';
  const LOGIN_NO_NAME = 'mutation { login { tokenType } }';

  it('selecting userName: one more call for the name on v2.0 (its login answers no body), none on the beta', async () => {
    const token = await tokenFor(TSADMIN);
    const seen = callsFromNow();
    const res = await bearer(token).rawRequest<{ login: { userName: string; tokenType: string } }>(
      LOGIN_NAME,
    );
    expect(res.data.login).toEqual({ userName: 'tsadmin', tokenType: 'Cookie' });
    expect(seen()).toEqual(
      byApi({
        '2.0': [ENDPOINT_NAMES.login, ENDPOINT_NAMES.session],
        beta: [ENDPOINT_NAMES.login],
      }).map((name) => expect.stringMatching(`^${name} `) as unknown),
    );
  });

  it('not selecting userName: one call on both', async () => {
    const token = await tokenFor(TSADMIN);
    const seen = callsFromNow();
    const res = await bearer(token).rawRequest<{ login: { tokenType: string } }>(LOGIN_NO_NAME);
    expect(res.data.login).toEqual({ tokenType: 'Cookie' });
    expect(seen()).toEqual([
      expect.stringMatching(emulatorLine(ENDPOINT_NAMES.login, byApi({ '2.0': 204, beta: 200 }))),
    ]);
  });
});
