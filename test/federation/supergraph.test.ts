import { ClientError, GraphQLClient } from 'graphql-request';
import {
  GetTokenDocument,
  LoginDocument,
  LogoutDocument,
  RevokeTokenDocument,
  SessionDocument,
  SwitchOrgDocument,
} from '../generated/operations';
import { ANALYST, SET_COOKIE, TSADMIN, cookieFrom, send } from '../e2e/support';
import { UPSTREAM_CODES } from '../support/api';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import type { AppSubgraph } from './app/app-subgraph';
import { FEATURED_LIVEBOARDS, PINNED, startAppSubgraph } from './app/app-subgraph';
import type { Supergraph } from './supergraph';
import { startSupergraph } from './supergraph';
import type { Home } from './support';
import { HOME, onlyErrorOf } from './support';

/**
 * The gateway as the thoughtspot subgraph of a running supergraph: @apollo/gateway serving the
 * supergraph composed with @apollo/composition, in front of the gateway (on the emulator) and the
 * example app subgraph, every hop real HTTP on 127.0.0.1. Clients speak only to the supergraph.
 */

const { EPOCH, JSESSIONID_REMEMBERED, CLIENT_ID } = SET_COOKIE;

interface Running {
  g: TestGateway;
  app: AppSubgraph;
  supergraph: Supergraph;
  client(headers?: Record<string, string>): GraphQLClient;
  close(): Promise<void>;
}

async function startAll(
  env: Record<string, string> = {},
  fetcher?: Parameters<typeof startSupergraph>[1],
): Promise<Running> {
  const g = await startTestGateway({ env });
  const app = await startAppSubgraph();
  const supergraph = await startSupergraph({ thoughtspot: g.endpoint, app: app.url }, fetcher);
  return {
    g,
    app,
    supergraph,
    client: (headers = {}) => new GraphQLClient(supergraph.url, { headers }),
    async close() {
      await supergraph.close();
      await app.close();
      await g.close();
    },
  };
}

describe('through a supergraph (@apollo/gateway)', () => {
  let s: Running;
  beforeEach(async () => {
    s = await startAll();
  });
  afterEach(() => s.close());

  it('bearer flow: getToken, then the session by the Authorization header; no cookie anywhere', async () => {
    const token = await send(s.client(), GetTokenDocument, {
      input: { userName: TSADMIN.userName, password: TSADMIN.password },
    });
    expect(token.data.getToken).toMatchObject({ userName: 'tsadmin', tokenType: 'Bearer' });
    expect(token.setCookies).toEqual([]);

    const bearer = s.client({ authorization: `Bearer ${token.data.getToken.token}` });
    const session = await send(bearer, SessionDocument);
    expect(session.data.session).toMatchObject({ id: TSADMIN.id, userName: 'tsadmin' });
    expect(session.setCookies).toEqual([]);

    expect((await send(bearer, RevokeTokenDocument)).data).toEqual({ revokeToken: true });
    const { error } = await onlyErrorOf(send(bearer, SessionDocument));
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: { status: 401 } });
  });

  it('cookie flow: login → session by cookie → switchOrg → session → logout → the old cookies are refused', async () => {
    const login = await send(s.client(), LoginDocument, {
      input: { userName: 'tsadmin', password: 'admin', rememberMe: true },
    });
    expect(login.data.login.tokenType).toBe('Cookie');
    // Both of ThoughtSpot's cookies, each its own Set-Cookie header, as the gateway sends them.
    expect(login.setCookies).toHaveLength(2);
    expect(login.setCookies[0]).toMatch(JSESSIONID_REMEMBERED);
    expect(login.setCookies[1]).toMatch(CLIENT_ID);

    // The browser sends them back to the supergraph, beside the app's own cookie.
    const browser = s.client({ cookie: cookieFrom(login.setCookies, 'app_theme=dark') });
    const before = await send(browser, SessionDocument);
    expect(before.data.session).toMatchObject({ id: TSADMIN.id, currentOrgId: 0 });
    expect(before.setCookies).toEqual([]);

    expect((await send(browser, SwitchOrgDocument, { input: { id: 1 } })).data).toEqual({
      switchOrg: true,
    });
    const after = await send(browser, SessionDocument);
    expect(after.data.session).toMatchObject({ id: TSADMIN.id, currentOrgId: 1 });

    const logout = await send(browser, LogoutDocument);
    expect(logout.data).toEqual({ logout: true });
    expect(logout.setCookies).toEqual([
      `JSESSIONID=; Path=/; Max-Age=0; Expires=${EPOCH}; HttpOnly`,
      `clientId=; Path=/; Max-Age=0; Expires=${EPOCH}; Secure; HttpOnly`,
    ]);

    const { error } = await onlyErrorOf(send(browser, SessionDocument));
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: { status: 401 } });
  });

  it("errors keep their code, ThoughtSpot's details and the caller's X-Request-Id across the hop", async () => {
    const anonymous = await onlyErrorOf(
      send(s.client({ 'x-request-id': 'supergraph-e2e-1' }), SessionDocument),
    );
    expect(anonymous.failure.data).toBeNull();
    expect(anonymous.error).toMatchObject({
      message:
        'Not authenticated: the ThoughtSpot credentials are missing, invalid, expired or revoked.',
      path: ['session'],
      extensions: {
        code: 'UNAUTHENTICATED',
        requestId: 'supergraph-e2e-1',
        upstream: { status: 401, code: UPSTREAM_CODES.unauthenticated },
      },
    });

    const analyst = await send(s.client(), LoginDocument, {
      input: { userName: ANALYST.userName, password: ANALYST.password },
    });
    const forbidden = await onlyErrorOf(
      send(s.client({ cookie: cookieFrom(analyst.setCookies) }), SwitchOrgDocument, {
        input: { id: 1 },
      }),
    );
    expect(forbidden.error.extensions).toMatchObject({
      code: 'FORBIDDEN',
      upstream: { status: 403 },
    });

    const refused = await onlyErrorOf(
      send(s.client(), GetTokenDocument, {
        input: { userName: 'tsadmin', password: 'admin', accessLevel: 'REPORT_BOOK_VIEW' },
      }),
    );
    expect(refused.error.extensions.code).toBe('BAD_USER_INPUT');
    // The supergraph adds nothing that names the subgraph's address.
    expect(JSON.stringify([anonymous, forbidden, refused])).not.toContain(s.g.url);
  });

  it('one query spans both subgraphs: the session from ThoughtSpot, the pins from the app by user GUID', async () => {
    const token = await send(s.client(), GetTokenDocument, {
      input: { userName: TSADMIN.userName, password: TSADMIN.password },
    });
    const analyst = await send(s.client(), LoginDocument, {
      input: { userName: ANALYST.userName, password: ANALYST.password },
    });

    const admin = await s
      .client({ authorization: `Bearer ${token.data.getToken.token}` })
      .request<Home>(HOME);
    expect(admin).toEqual({
      session: { userName: 'tsadmin', currentOrgId: 0, pinnedLiveboards: PINNED[TSADMIN.id] },
      featuredLiveboards: FEATURED_LIVEBOARDS.map(({ title }) => ({ title })),
    });
    // The app learnt who the user is from the verified session, not from anything the client said.
    expect(s.app.representations).toEqual([{ __typename: 'Session', id: TSADMIN.id }]);

    const byCookie = await s.client({ cookie: cookieFrom(analyst.setCookies) }).request<Home>(HOME);
    expect(byCookie.session).toEqual({
      userName: 'analyst',
      currentOrgId: 0,
      pinnedLiveboards: PINNED[ANALYST.id],
    });

    // No session, no entity: the app is never asked about anyone.
    s.app.representations.length = 0;
    const { error, failure } = await onlyErrorOf(s.client().request(HOME));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(failure.data).toBeNull();
    expect(s.app.representations).toEqual([]);
    // The credentials went to the thoughtspot subgraph only.
    expect(s.app.requests.length).toBeGreaterThan(0);
    for (const { headers } of s.app.requests) {
      expect(headers).not.toHaveProperty('authorization');
      expect(headers).not.toHaveProperty('cookie');
    }
  });

  it("two callers at once never see each other's session or cookies", async () => {
    const token = (
      await send(s.client(), GetTokenDocument, {
        input: { userName: TSADMIN.userName, password: TSADMIN.password },
      })
    ).data.getToken.token;
    const analystLogin = await send(s.client(), LoginDocument, {
      input: { userName: ANALYST.userName, password: ANALYST.password },
    });
    const callers: { headers: Record<string, string>; expected: string }[] = [
      { headers: { authorization: `Bearer ${token}` }, expected: 'tsadmin' },
      { headers: { cookie: cookieFrom(analystLogin.setCookies) }, expected: 'analyst' },
      { headers: {}, expected: 'UNAUTHENTICATED' },
    ];
    const rounds = Array.from({ length: 20 }, () => callers).flat();
    const seen = await Promise.all(
      rounds.map((caller) =>
        send(s.client(caller.headers), SessionDocument).then(
          ({ data }) => data.session.userName,
          (error: unknown) => {
            if (error instanceof ClientError) return error.response.errors?.[0]?.extensions.code;
            throw error;
          },
        ),
      ),
    );
    expect(seen).toEqual(rounds.map((caller) => caller.expected));

    // Logins at once: each caller gets its own cookies back, and they name its own session.
    const users = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? TSADMIN : ANALYST));
    const logins = await Promise.all(
      users.map((user) =>
        send(s.client(), LoginDocument, {
          input: { userName: user.userName, password: user.password },
        }),
      ),
    );
    const sessions = await Promise.all(
      logins.map((login) => {
        expect(login.setCookies).toHaveLength(2);
        return send(s.client({ cookie: cookieFrom(login.setCookies) }), SessionDocument);
      }),
    );
    expect(sessions.map((res) => res.data.session.id)).toEqual(users.map((user) => user.id));
    expect(new Set(logins.map((login) => login.setCookies[0])).size).toBe(users.length);
  });
});

describe('through a supergraph, an HTTP error of the subgraph', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startAll({ MAX_BODY_BYTES: '1024' });
  });
  afterAll(() => s.close());

  it('passes on as the GraphQL error the gateway answered with, without the subgraph URL', async () => {
    const { error, failure } = await onlyErrorOf(
      send(s.client(), GetTokenDocument, {
        input: { userName: 'tsadmin', password: 'x'.repeat(2048) },
      }),
    );
    expect(error.message).toBe('The request body is larger than 1024 bytes.');
    expect(error.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(JSON.stringify(failure)).not.toContain(s.g.url);
  });
});

describe('through a supergraph whose data source fetches with WHATWG fetch', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startAll({}, fetch);
  });
  afterAll(() => s.close());

  it('login still relays both cookies, each its own header (getSetCookie)', async () => {
    const login = await send(s.client(), LoginDocument, {
      input: { userName: 'tsadmin', password: 'admin', rememberMe: true },
    });
    expect(login.setCookies).toHaveLength(2);
    expect(login.setCookies[0]).toMatch(JSESSIONID_REMEMBERED);
    expect(login.setCookies[1]).toMatch(CLIENT_ID);
  });
});
