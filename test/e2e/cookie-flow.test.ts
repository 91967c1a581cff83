import {
  LoginDocument,
  LogoutDocument,
  SessionDocument,
  SwitchOrgDocument,
} from '../generated/operations';
import { byApi } from '../support/api';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import { sessionAnswer } from '../support/stub-bodies';
import type { StubReply, StubUpstream } from './support';
import {
  SET_COOKIE,
  TSADMIN,
  UUID,
  attributesOf,
  cookieFrom,
  errorIn,
  errorOf,
  failureOf,
  send,
  startStubUpstream,
} from './support';

/** The cookie session as a browser lives it, through the gateway: cookies out, cookies back in. */

const { EPOCH, JSESSIONID_REMEMBERED, JSESSIONID_BROWSER_SESSION, CLIENT_ID } = SET_COOKIE;

describe('cookie flow against the emulator', () => {
  let g: TestGateway;
  beforeEach(async () => {
    g = await startTestGateway();
  });
  afterEach(() => g.close());

  it('login (rememberMe) → session → switchOrg → session → logout → the old cookies are refused', async () => {
    const login = await send(g.client(), LoginDocument, {
      input: { userName: 'tsadmin', password: 'admin', rememberMe: true },
    });
    expect(login.data.login.tokenType).toBe('Cookie');
    // Two Set-Cookie headers, not one joined header.
    expect(login.setCookies).toHaveLength(2);
    const [jsession = '', clientId = ''] = login.setCookies;
    expect(jsession).toMatch(JSESSIONID_REMEMBERED);
    expect(clientId).toMatch(CLIENT_ID);
    expect(attributesOf(jsession).get('httponly')).toBe('');
    expect(attributesOf(clientId).has('secure')).toBe(true);
    for (const c of login.setCookies) expect(attributesOf(c).has('domain')).toBe(false);

    // The browser sends them back beside the app's own cookie.
    const cookie = cookieFrom(login.setCookies, 'app_theme=dark');
    const browser = g.client({ cookie });

    const before = await send(browser, SessionDocument);
    expect(before.setCookies).toEqual([]);
    expect(before.data.session).toMatchObject({
      id: TSADMIN.id,
      userName: 'tsadmin',
      currentOrgId: 0,
      // A rememberMe session lasts as long as its cookie: 7 days from login (v2.0 does not say).
      expiresAt: byApi({
        '2.0': null,
        beta: new Date(g.ts.clock.now() + 604_800_000).toISOString(),
      }),
    });

    const switched = await send(browser, SwitchOrgDocument, { input: { id: 1 } });
    expect(switched.data).toEqual({ switchOrg: true });
    expect(switched.setCookies).toEqual([]);

    const after = await send(browser, SessionDocument);
    expect(after.data.session).toMatchObject({ id: TSADMIN.id, currentOrgId: 1 });

    const logout = await send(browser, LogoutDocument);
    expect(logout.data).toEqual({ logout: true });
    expect(logout.setCookies).toEqual([
      `JSESSIONID=; Path=/; Max-Age=0; Expires=${EPOCH}; HttpOnly`,
      `clientId=; Path=/; Max-Age=0; Expires=${EPOCH}; Secure; HttpOnly`,
    ]);
    for (const c of logout.setCookies) expect(attributesOf(c).get('max-age')).toBe('0');

    const gone = await errorOf(send(browser, SessionDocument));
    expect(gone.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: { status: 401 } });
  });

  it('rememberMe false: JSESSIONID is a browser-session cookie (no Max-Age)', async () => {
    const login = await send(g.client(), LoginDocument, {
      input: { userName: 'analyst', password: 'analyst', rememberMe: false },
    });
    expect(login.setCookies).toHaveLength(2);
    expect(login.setCookies[0]).toMatch(JSESSIONID_BROWSER_SESSION);
    expect(login.setCookies[1]).toMatch(CLIENT_ID);
    const session = await send(g.client({ cookie: cookieFrom(login.setCookies) }), SessionDocument);
    expect(session.data.session.userName).toBe('analyst');
  });

  it('rememberMe left out: the same browser-session cookie', async () => {
    const login = await send(g.client(), LoginDocument, {
      input: { userName: 'analyst', password: 'analyst' },
    });
    expect(login.setCookies[0]).toMatch(JSESSIONID_BROWSER_SESSION);
  });

  it('only the app cookie, no ThoughtSpot cookie: UNAUTHENTICATED, nothing set', async () => {
    const failure = await failureOf(
      send(g.client({ cookie: 'app_theme=dark; JSESSIONIDX=1' }), SessionDocument),
    );
    expect(errorIn(failure).extensions.code).toBe('UNAUTHENTICATED');
    expect(failure.setCookies).toEqual([]);
  });
});

describe('COOKIE_SAME_SITE=None', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway({ env: { COOKIE_SAME_SITE: 'None' } });
  });
  afterAll(() => g.close());

  it('every relayed cookie carries SameSite=None and Secure, once each', async () => {
    const login = await send(g.client(), LoginDocument, {
      input: { userName: 'tsadmin', password: 'admin', rememberMe: true },
    });
    expect(login.setCookies).toEqual([
      expect.stringMatching(
        /^JSESSIONID=[0-9a-f-]{36}; Path=\/; Max-Age=604800; HttpOnly; SameSite=None; Secure$/,
      ),
      expect.stringMatching(/^clientId=[0-9a-f-]{36}; Path=\/; Secure; HttpOnly; SameSite=None$/),
    ]);
    const cookie = cookieFrom(login.setCookies);
    expect((await send(g.client({ cookie }), SessionDocument)).data.session.id).toBe(TSADMIN.id);

    const logout = await send(g.client({ cookie }), LogoutDocument);
    expect(logout.setCookies).toEqual([
      `JSESSIONID=; Path=/; Max-Age=0; Expires=${EPOCH}; HttpOnly; SameSite=None; Secure`,
      `clientId=; Path=/; Max-Age=0; Expires=${EPOCH}; Secure; HttpOnly; SameSite=None`,
    ]);
  });
});

describe('against a stub ThoughtSpot', () => {
  let stub: StubUpstream;
  let g: TestGateway;
  let reply: StubReply;

  beforeAll(async () => {
    stub = await startStubUpstream(() => reply);
    g = await startTestGateway({ thoughtspotUrl: stub.url });
  });
  afterAll(async () => {
    await g.close();
    await stub.close();
  });
  beforeEach(() => {
    stub.requests.length = 0;
  });

  // An expired session: ThoughtSpot refuses it and clears the cookies, one of them for its own host.
  const expiredSession: StubReply = {
    status: 401,
    headers: {
      'content-type': 'application/json',
      'set-cookie': [
        `JSESSIONID=; Path=/; Domain=ts.example.com; Max-Age=0; Expires=${EPOCH}; HttpOnly`,
        'clientId=; Path=/; Max-Age=0; Secure; HttpOnly',
      ],
    },
    body: '{"error":"session expired"}',
  };

  it.each([
    ['a query (session)', 'session'],
    ['a mutation (login)', 'login'],
  ] as const)(
    'cookies set on a 401 reach the caller of %s, Domain removed, with UNAUTHENTICATED',
    async (_, operation) => {
      reply = expiredSession;
      const client = g.client({ cookie: 'JSESSIONID=old-session; clientId=old-client' });
      const failure = await failureOf(
        operation === 'session'
          ? send(client, SessionDocument)
          : send(client, LoginDocument, { input: { userName: 'tsadmin', password: 'admin' } }),
      );
      expect(failure.setCookies).toEqual([
        `JSESSIONID=; Path=/; Max-Age=0; Expires=${EPOCH}; HttpOnly`,
        'clientId=; Path=/; Max-Age=0; Secure; HttpOnly',
      ]);
      expect(errorIn(failure)).toEqual({
        message:
          'Not authenticated: the ThoughtSpot credentials are missing, invalid, expired or revoked.',
        path: [operation],
        extensions: {
          code: 'UNAUTHENTICATED',
          requestId: expect.stringMatching(UUID) as unknown,
          upstream: { status: 401 },
        },
      });
      expect(stub.requests).toHaveLength(1);
    },
  );

  it("only ThoughtSpot's cookies are forwarded upstream, never the app's", async () => {
    reply = sessionAnswer(TSADMIN);
    const res = await send(
      g.client({ cookie: 'app_theme=dark; JSESSIONID=s1; analytics=xyz; clientId=c1; other=2' }),
      SessionDocument,
    );
    expect(res.data.session.id).toBe(TSADMIN.id);
    expect(stub.requests.map((r) => r.headers.cookie)).toEqual(['JSESSIONID=s1; clientId=c1']);
  });
});
