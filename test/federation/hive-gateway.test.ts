import { ClientError, GraphQLClient } from 'graphql-request';
import {
  GetTokenDocument,
  LoginDocument,
  LogoutDocument,
  RevokeTokenDocument,
  SessionDocument,
  SwitchOrgDocument,
} from '../generated/operations';
import { ANALYST, SET_COOKIE, TSADMIN, UUID, attributesOf, cookieFrom, send } from '../e2e/support';
import { UPSTREAM_CODES } from '../support/api';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import type { EntryProcess } from '../support/entry-process';
import { startEntry } from '../support/entry-process';
import { FEATURED_LIVEBOARDS, PINNED } from './app/app-subgraph';
import type { AppProcess, HiveProcess } from './processes';
import { startAppProcess, startHiveGateway } from './processes';
import type { Home } from './support';
import { HOME, onlyErrorOf } from './support';

/**
 * The supergraph as a platform team runs it with Hive Gateway: three processes, each started as in
 * production and spoken to over HTTP on 127.0.0.1. The gateway (`node dist/index.js`, in front of the
 * emulator), the example app subgraph, and Hive Gateway 2.15.1 from deploy/hive-gateway/, its
 * configuration file used as shipped, on a supergraph composed by The Guild's composer. Clients
 * speak only to Hive.
 */

const { EPOCH, JSESSIONID_REMEMBERED, CLIENT_ID } = SET_COOKIE;
/** The one browser origin the router is configured to allow with credentials. */
const APP_ORIGIN = 'https://app.example.test';
const OTHER_ORIGIN = 'https://elsewhere.example.test';
/** Three processes and a composition: a generous bound on a loaded 2-core machine. */
const START_MS = 60_000;

let ts: TestEmulator;
let gateway: EntryProcess;
let app: AppProcess;
let hive: HiveProcess;
let gatewayUrl: string;

/** What beforeAll started, closed in reverse order (also when one of them failed to start). */
const started: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ts = await startTestEmulator();
  started.push(() => ts.close());
  gateway = startEntry({ THOUGHTSPOT_URL: ts.emulator.url });
  started.push(() => gateway.kill());
  gatewayUrl = await gateway.ready();
  app = await startAppProcess();
  started.push(() => app.close());
  hive = await startHiveGateway(
    { thoughtspot: `${gatewayUrl}/graphql`, app: app.url },
    { corsAllowedOrigins: [APP_ORIGIN] },
  );
  started.push(() => hive.close());
}, START_MS);

afterAll(async () => {
  for (const close of started.reverse()) await close();
});

const client = (headers: Record<string, string> = {}) => new GraphQLClient(hive.url, { headers });

/** A password login through Hive; the Cookie header a browser sends back. */
async function loginCookie(user: { userName: string; password: string }): Promise<string> {
  const login = await send(client(), LoginDocument, {
    input: { userName: user.userName, password: user.password },
  });
  return cookieFrom(login.setCookies);
}

/** The session's user name, or the error code it failed with. */
function userNameOrCode(promise: Promise<{ data: { session: { userName: string } } }>) {
  return promise.then(
    ({ data }) => data.session.userName,
    (error: unknown) => {
      if (error instanceof ClientError) return error.response.errors?.[0]?.extensions.code;
      throw error;
    },
  );
}

describe('through Hive Gateway (deploy/hive-gateway/gateway.config.ts)', () => {
  it('cookie flow: login sets both cookies, each its own header and without Domain; session; switchOrg; logout expires both', async () => {
    const login = await send(client(), LoginDocument, {
      input: { userName: 'tsadmin', password: 'admin', rememberMe: true },
    });
    expect(login.data.login.tokenType).toBe('Cookie');
    expect(login.setCookies).toHaveLength(2);
    expect(login.setCookies[0]).toMatch(JSESSIONID_REMEMBERED);
    expect(login.setCookies[1]).toMatch(CLIENT_ID);
    for (const cookie of login.setCookies) expect(attributesOf(cookie).has('domain')).toBe(false);
    expect(login.headers.get('cache-control')).toBe('no-store');

    // The browser sends them back to Hive, beside the app's own cookie.
    const browser = client({ cookie: cookieFrom(login.setCookies, 'app_theme=dark') });
    const before = await send(browser, SessionDocument);
    expect(before.data.session).toMatchObject({ id: TSADMIN.id, currentOrgId: 0 });
    expect(before.setCookies).toEqual([]);
    expect(before.headers.get('cache-control')).toBe('no-store');

    const switched = await send(browser, SwitchOrgDocument, { input: { id: 1 } });
    expect(switched.data).toEqual({ switchOrg: true });
    const after = await send(browser, SessionDocument);
    expect(after.data.session).toMatchObject({ id: TSADMIN.id, currentOrgId: 1 });

    const logout = await send(browser, LogoutDocument);
    expect(logout.data).toEqual({ logout: true });
    expect(logout.setCookies).toEqual([
      `JSESSIONID=; Path=/; Max-Age=0; Expires=${EPOCH}; HttpOnly`,
      `clientId=; Path=/; Max-Age=0; Expires=${EPOCH}; Secure; HttpOnly`,
    ]);

    const { error, failure } = await onlyErrorOf(send(browser, SessionDocument));
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: { status: 401 } });
    expect(failure.headers.get('cache-control')).toBe('no-store');
  });

  it('bearer flow: getToken, then the session by the Authorization header; no cookie anywhere', async () => {
    const token = await send(client(), GetTokenDocument, {
      input: { userName: TSADMIN.userName, password: TSADMIN.password },
    });
    expect(token.data.getToken).toMatchObject({ userName: 'tsadmin', tokenType: 'Bearer' });
    expect(token.setCookies).toEqual([]);
    expect(token.headers.get('cache-control')).toBe('no-store');

    const bearer = client({ authorization: `Bearer ${token.data.getToken.token}` });
    const session = await send(bearer, SessionDocument);
    expect(session.data.session).toMatchObject({ id: TSADMIN.id, userName: 'tsadmin' });
    expect(session.setCookies).toEqual([]);

    expect((await send(bearer, RevokeTokenDocument)).data).toEqual({ revokeToken: true });
    const { error } = await onlyErrorOf(send(bearer, SessionDocument));
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: { status: 401 } });
  });

  it('one query spans both subgraphs: the session from ThoughtSpot, the pins from the app by user GUID', async () => {
    // In org 0 whichever org tsadmin last used (ThoughtSpot remembers it across sessions).
    const token = await send(client(), GetTokenDocument, {
      input: { userName: TSADMIN.userName, password: TSADMIN.password, orgId: 0 },
    });
    const before = app.representations().length;
    const admin = await client({
      authorization: `Bearer ${token.data.getToken.token}`,
    }).request<Home>(HOME);
    expect(PINNED[TSADMIN.id]).toHaveLength(2);
    expect(admin).toEqual({
      session: { userName: 'tsadmin', currentOrgId: 0, pinnedLiveboards: PINNED[TSADMIN.id] },
      featuredLiveboards: FEATURED_LIVEBOARDS.map(({ title }) => ({ title })),
    });
    // The app learnt who the user is from the verified session, not from anything the client said.
    expect(app.representations().slice(before)).toEqual([
      { __typename: 'Session', id: TSADMIN.id },
    ]);

    const byCookie = await client({ cookie: await loginCookie(ANALYST) }).request<Home>(HOME);
    expect(byCookie.session).toEqual({
      userName: 'analyst',
      currentOrgId: 0,
      pinnedLiveboards: PINNED[ANALYST.id],
    });

    // No session, no entity: the app is never asked about anyone.
    const asked = app.representations().length;
    const { error, failure } = await onlyErrorOf(client().request(HOME));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(failure.data).toBeNull();
    expect(app.representations()).toHaveLength(asked);
  });

  it("errors keep their code, ThoughtSpot's details and the request id across the hop, and name no address", async () => {
    const given = await onlyErrorOf(
      send(client({ 'x-request-id': 'hive-e2e-1' }), SessionDocument),
    );
    expect(given.failure.data).toBeNull();
    expect(given.error).toMatchObject({
      message:
        'Not authenticated: the ThoughtSpot credentials are missing, invalid, expired or revoked.',
      path: ['session'],
      extensions: {
        code: 'UNAUTHENTICATED',
        requestId: 'hive-e2e-1',
        upstream: { status: 401, code: UPSTREAM_CODES.unauthenticated },
      },
    });
    expect(given.failure.headers.get('x-request-id')).toBe('hive-e2e-1');
    expect(given.failure.headers.get('cache-control')).toBe('no-store');

    // Without one, Hive makes one up, sends it down and answers it: the gateway's error carries it.
    const made = await onlyErrorOf(send(client(), SessionDocument));
    const header = made.failure.headers.get('x-request-id');
    expect(header).toMatch(UUID);
    expect(made.error.extensions.requestId).toBe(header);

    const forbidden = await onlyErrorOf(
      send(client({ cookie: await loginCookie(ANALYST) }), SwitchOrgDocument, { input: { id: 1 } }),
    );
    expect(forbidden.error.extensions).toMatchObject({
      code: 'FORBIDDEN',
      upstream: { status: 403 },
    });

    const refused = await onlyErrorOf(
      send(client(), GetTokenDocument, {
        input: { userName: 'tsadmin', password: 'admin', accessLevel: 'REPORT_BOOK_VIEW' },
      }),
    );
    expect(refused.error.extensions.code).toBe('BAD_USER_INPUT');
    const all = JSON.stringify([given, made, forbidden, refused]);
    expect(all).not.toContain(gatewayUrl);
    expect(all).not.toContain(ts.emulator.url);
  });

  it('callers are never mixed: 300 concurrent requests of three kinds, then 20 concurrent logins', async () => {
    const token = (
      await send(client(), GetTokenDocument, {
        input: { userName: TSADMIN.userName, password: TSADMIN.password },
      })
    ).data.getToken.token;
    const analyst = await loginCookie(ANALYST);
    // The anonymous ones each carry their own request id and must get it back on their error,
    // which in-flight deduplication (Hive's default) breaks: identical requests share one answer.
    const calls = Array.from(
      { length: 300 },
      (_, i): { headers: Record<string, string>; expected: string } => {
        if (i % 3 === 0)
          return { headers: { authorization: `Bearer ${token}` }, expected: 'tsadmin' };
        if (i % 3 === 1) return { headers: { cookie: analyst }, expected: 'analyst' };
        return {
          headers: { 'x-request-id': `anonymous-${String(i)}` },
          expected: `anonymous-${String(i)}`,
        };
      },
    );
    const seen = await Promise.all(
      calls.map(({ headers }) =>
        send(client(headers), SessionDocument).then(
          ({ data }) => data.session.userName,
          (error: unknown) => {
            if (!(error instanceof ClientError)) throw error;
            const [first] = error.response.errors ?? [];
            return `${String(first?.extensions.code)} ${String(first?.extensions.requestId)}`;
          },
        ),
      ),
    );
    expect(seen).toEqual(
      calls.map(({ expected }) =>
        expected.startsWith('anonymous-') ? `UNAUTHENTICATED ${expected}` : expected,
      ),
    );

    // Logins at once: each caller gets its own two cookies back, and they name its own session.
    const users = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? TSADMIN : ANALYST));
    const logins = await Promise.all(
      users.map((user) =>
        send(client(), LoginDocument, {
          input: { userName: user.userName, password: user.password },
        }),
      ),
    );
    for (const login of logins) expect(login.setCookies).toHaveLength(2);
    expect(new Set(logins.map((login) => login.setCookies[0])).size).toBe(users.length);
    const sessions = await Promise.all(
      logins.map((login) =>
        userNameOrCode(send(client({ cookie: cookieFrom(login.setCookies) }), SessionDocument)),
      ),
    );
    expect(sessions).toEqual(users.map((user) => user.userName));
  });

  it.each([
    ['application/x-www-form-urlencoded', 'query=mutation%7BswitchOrg(input%3A%7Bid%3A1%7D)%7D'],
    ['text/plain', JSON.stringify({ query: 'mutation { switchOrg(input: { id: 1 }) }' })],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\nmutation { switchOrg(input: { id: 1 }) }\r\n--x--\r\n',
    ],
  ])(
    'a cross-site form POST (%s) with the session cookie is refused, and the org stays as it was',
    async (contentType, body) => {
      const cookie = await loginCookie(TSADMIN);
      const org = (await send(client({ cookie }), SessionDocument)).data.session.currentOrgId;
      // What a browser sends for an HTML form on another site: no preflight, the cookies attached.
      const res = await fetch(hive.url, {
        method: 'POST',
        headers: { 'content-type': contentType, origin: OTHER_ORIGIN, cookie },
        body,
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(await res.text()).not.toContain('switchOrg');
      const session = await send(client({ cookie }), SessionDocument);
      expect(session.data.session.currentOrgId).toBe(org);
    },
  );

  it('CORS allows credentials to the listed origin only', async () => {
    const preflight = (origin: string) =>
      fetch(hive.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const listed = await preflight(APP_ORIGIN);
    expect(listed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(listed.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await preflight(OTHER_ORIGIN);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-credentials')).toBeNull();

    const post = (origin: string) =>
      fetch(hive.url, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ featuredLiveboards { title } }' }),
      });
    expect((await post(APP_ORIGIN)).headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect((await post(OTHER_ORIGIN)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it(
    'with no origin listed, no origin gets CORS headers (Hive alone would reflect every one)',
    async () => {
      const unlisted = await startHiveGateway({
        thoughtspot: `${gatewayUrl}/graphql`,
        app: app.url,
      });
      try {
        const res = await fetch(unlisted.url, {
          method: 'OPTIONS',
          headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST' },
        });
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
        expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      } finally {
        await unlisted.close();
      }
    },
    START_MS,
  );

  // Last: by now every test above has sent credentials through Hive, and the app got its share.
  it('the app subgraph never received an Authorization or a Cookie header', () => {
    const requests = app.requests();
    expect(requests.length).toBeGreaterThan(3);
    for (const { headers } of requests) {
      expect(headers).not.toHaveProperty('authorization');
      expect(headers).not.toHaveProperty('cookie');
    }
  });
});
