import { ClientError, GraphQLClient } from 'graphql-request';
import {
  GetTokenDocument,
  LoginDocument,
  LogoutDocument,
  RevokeTokenDocument,
  SessionDocument,
  SwitchOrgDocument,
} from '../generated/operations';
import { ANALYST, SET_COOKIE, TSADMIN, attributesOf, cookieFrom, send } from '../e2e/support';
import { UPSTREAM_CODES } from '../support/api';
import type { AppRequest } from './app/app-subgraph';
import { FEATURED_LIVEBOARDS, PINNED } from './app/app-subgraph';
import type { Home } from './support';
import { HOME, onlyErrorOf } from './support';

/**
 * What the gateway promises a client, held through a router: the tests every supergraph here runs,
 * whichever router serves it (test/federation/hive-gateway.test.ts, supergraph.test.ts). Each file
 * adds what is particular to its router.
 */

const { EPOCH, JSESSIONID_REMEMBERED, CLIENT_ID } = SET_COOKIE;

export interface RunningSupergraph {
  /** The router's GraphQL endpoint. */
  url: string;
  /** What the example app subgraph has seen so far. */
  appRepresentations(): Record<string, unknown>[];
  appRequests(): AppRequest[];
  /** Addresses no answer may name: the gateway's, ThoughtSpot's. */
  internalAddresses(): string[];
}

/** The user name of a session, or its error's code and request id (`UNAUTHENTICATED id`). */
function outcomeOf(promise: Promise<{ data: { session: { userName: string } } }>) {
  return promise.then(
    ({ data }) => data.session.userName,
    (error: unknown) => {
      if (!(error instanceof ClientError)) throw error;
      const [first] = error.response.errors ?? [];
      return `${String(first?.extensions.code)} ${String(first?.extensions.requestId)}`;
    },
  );
}

/** Defines the shared tests; `supergraph` is called in each, once beforeAll has started it. */
export function supergraphFlows(supergraph: () => RunningSupergraph): void {
  const client = (headers: Record<string, string> = {}) =>
    new GraphQLClient(supergraph().url, { headers });

  async function loginCookie(user: { userName: string; password: string }): Promise<string> {
    const login = await send(client(), LoginDocument, {
      input: { userName: user.userName, password: user.password },
    });
    return cookieFrom(login.setCookies);
  }

  it('cookie flow: login sets both cookies, each its own header and without Domain; session; switchOrg; logout expires both', async () => {
    const login = await send(client(), LoginDocument, {
      input: { userName: 'tsadmin', password: 'admin', rememberMe: true },
    });
    expect(login.data.login.tokenType).toBe('Cookie');
    expect(login.setCookies).toHaveLength(2);
    expect(login.setCookies[0]).toMatch(JSESSIONID_REMEMBERED);
    expect(login.setCookies[1]).toMatch(CLIENT_ID);
    for (const cookie of login.setCookies) expect(attributesOf(cookie).has('domain')).toBe(false);

    // The browser sends them back to the router, beside the app's own cookie.
    const browser = client({ cookie: cookieFrom(login.setCookies, 'app_theme=dark') });
    const before = await send(browser, SessionDocument);
    expect(before.data.session).toMatchObject({ id: TSADMIN.id });
    expect(before.setCookies).toEqual([]);

    // To the org tsadmin is not in (ThoughtSpot remembers the last one across sessions).
    const target = before.data.session.currentOrgId === 1 ? 0 : 1;
    const switched = await send(browser, SwitchOrgDocument, { input: { id: target } });
    expect(switched.data).toEqual({ switchOrg: true });
    const after = await send(browser, SessionDocument);
    expect(after.data.session).toMatchObject({ id: TSADMIN.id, currentOrgId: target });

    const logout = await send(browser, LogoutDocument);
    expect(logout.data).toEqual({ logout: true });
    expect(logout.setCookies).toEqual([
      `JSESSIONID=; Path=/; Max-Age=0; Expires=${EPOCH}; HttpOnly`,
      `clientId=; Path=/; Max-Age=0; Expires=${EPOCH}; Secure; HttpOnly`,
    ]);

    const { error } = await onlyErrorOf(send(browser, SessionDocument));
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: { status: 401 } });
  });

  it('bearer flow: getToken, then the session by the Authorization header; no cookie anywhere', async () => {
    const token = await send(client(), GetTokenDocument, {
      input: { userName: TSADMIN.userName, password: TSADMIN.password },
    });
    expect(token.data.getToken).toMatchObject({ userName: 'tsadmin', tokenType: 'Bearer' });
    expect(token.setCookies).toEqual([]);

    const bearer = client({ authorization: `Bearer ${token.data.getToken.token}` });
    const session = await send(bearer, SessionDocument);
    expect(session.data.session).toMatchObject({ id: TSADMIN.id, userName: 'tsadmin' });
    expect(session.setCookies).toEqual([]);

    expect((await send(bearer, RevokeTokenDocument)).data).toEqual({ revokeToken: true });
    const { error } = await onlyErrorOf(send(bearer, SessionDocument));
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: { status: 401 } });
  });

  it('one query spans both subgraphs: the session from ThoughtSpot, the pins from the app by user GUID', async () => {
    const token = await send(client(), GetTokenDocument, {
      input: { userName: TSADMIN.userName, password: TSADMIN.password, orgId: 0 },
    });
    const before = supergraph().appRepresentations().length;
    const admin = await client({
      authorization: `Bearer ${token.data.getToken.token}`,
    }).request<Home>(HOME);
    expect(PINNED[TSADMIN.id]).toHaveLength(2);
    expect(admin).toEqual({
      session: { userName: 'tsadmin', currentOrgId: 0, pinnedLiveboards: PINNED[TSADMIN.id] },
      featuredLiveboards: FEATURED_LIVEBOARDS.map(({ title }) => ({ title })),
    });
    // The app learnt who the user is from the verified session, not from anything the client said.
    expect(supergraph().appRepresentations().slice(before)).toEqual([
      { __typename: 'Session', id: TSADMIN.id },
    ]);

    const byCookie = await client({ cookie: await loginCookie(ANALYST) }).request<Home>(HOME);
    expect(byCookie.session).toEqual({
      userName: 'analyst',
      currentOrgId: 0,
      pinnedLiveboards: PINNED[ANALYST.id],
    });

    // No session, no entity: the app is never asked about anyone.
    const asked = supergraph().appRepresentations().length;
    const { error, failure } = await onlyErrorOf(client().request(HOME));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(failure.data).toBeNull();
    expect(supergraph().appRepresentations()).toHaveLength(asked);
  });

  it("errors keep their code, ThoughtSpot's details and the caller's request id across the hop, and name no address", async () => {
    const given = await onlyErrorOf(
      send(client({ 'x-request-id': 'supergraph-e2e-1' }), SessionDocument),
    );
    expect(given.failure.data).toBeNull();
    expect(given.error).toMatchObject({
      message:
        'Not authenticated: the ThoughtSpot credentials are missing, invalid, expired or revoked.',
      path: ['session'],
      extensions: {
        code: 'UNAUTHENTICATED',
        requestId: 'supergraph-e2e-1',
        upstream: { status: 401, code: UPSTREAM_CODES.unauthenticated },
      },
    });

    const forbidden = await onlyErrorOf(
      send(client({ cookie: await loginCookie(ANALYST) }), SwitchOrgDocument, {
        input: { id: 1 },
      }),
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
    const all = JSON.stringify([given, forbidden, refused]);
    for (const address of supergraph().internalAddresses()) expect(all).not.toContain(address);
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
        const id = `anonymous-${String(i)}`;
        return { headers: { 'x-request-id': id }, expected: `UNAUTHENTICATED ${id}` };
      },
    );
    const seen = await Promise.all(
      calls.map(({ headers }) => outcomeOf(send(client(headers), SessionDocument))),
    );
    expect(seen).toEqual(calls.map(({ expected }) => expected));

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
        outcomeOf(send(client({ cookie: cookieFrom(login.setCookies) }), SessionDocument)),
      ),
    );
    expect(sessions).toEqual(users.map((user) => user.userName));
  });

  it('every answer is Cache-Control: no-store, as the gateway sent it', async () => {
    const login = await send(client(), LoginDocument, {
      input: { userName: TSADMIN.userName, password: TSADMIN.password },
    });
    const session = await send(client({ cookie: cookieFrom(login.setCookies) }), SessionDocument);
    const token = await send(client(), GetTokenDocument, {
      input: { userName: TSADMIN.userName, password: TSADMIN.password },
    });
    const { failure } = await onlyErrorOf(send(client(), SessionDocument));
    for (const res of [login, session, token, failure])
      expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('the app subgraph gets no Authorization and no Cookie header', async () => {
    // Credentials of both kinds through the router, to a query that reaches the app.
    const token = await send(client(), GetTokenDocument, {
      input: { userName: TSADMIN.userName, password: TSADMIN.password },
    });
    const from = supergraph().appRequests().length;
    await client({ authorization: `Bearer ${token.data.getToken.token}` }).request(HOME);
    await client({ cookie: await loginCookie(ANALYST) }).request(HOME);
    const requests = supergraph().appRequests().slice(from);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    for (const { headers } of requests) {
      expect(headers).not.toHaveProperty('authorization');
      expect(headers).not.toHaveProperty('cookie');
    }
  });
}
