import { GraphQLClient } from 'graphql-request';
import { Agent } from 'undici';
import {
  GetTokenDocument,
  LoginDocument,
  RevokeTokenDocument,
  SessionDocument,
  SwitchOrgDocument,
} from '../generated/operations';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import { ANALYST, TSADMIN, cookieFrom, errorIn, failureOf, send } from './support';

/**
 * Credentials never cross callers: many callers at once over one gateway, few keep-alive
 * connections on both sides (8 from the callers, 4 to ThoughtSpot), and every answer must be the
 * sender's own.
 */

type User = typeof TSADMIN | typeof ANALYST;
interface Identity {
  id: string;
  userName: string;
  currentOrgId: number;
}
interface Caller {
  name: string;
  headers: Record<string, string>;
  /** Who the session query must show, or null when it must be refused. */
  expected: Identity | null;
}

const CLIENT_CONNECTIONS = 8;
const REQUESTS = 400;

describe('isolation under concurrency', () => {
  let g: TestGateway;
  let agent: Agent;
  // Node's fetch takes the npm undici's Agent as its dispatcher (the connection count below shows
  // it is used); only the type declarations of the two undici copies disagree.
  const client = (headers: Record<string, string> = {}) =>
    new GraphQLClient(g.endpoint, {
      headers,
      dispatcher: agent as unknown as NonNullable<RequestInit['dispatcher']>,
    });

  beforeAll(async () => {
    g = await startTestGateway({ env: { UPSTREAM_CONNECTIONS: '4' } });
    agent = new Agent({ connections: CLIENT_CONNECTIONS });
  });
  afterAll(async () => {
    await agent.close();
    await g.close();
  });

  async function tokenOf(user: User, orgId?: number): Promise<string> {
    const res = await send(client(), GetTokenDocument, {
      input: { userName: user.userName, password: user.password, orgId: orgId ?? null },
    });
    return res.data.getToken.token;
  }
  async function cookieOf(user: User): Promise<string> {
    const res = await send(client(), LoginDocument, {
      input: { userName: user.userName, password: user.password },
    });
    return cookieFrom(res.setCookies);
  }
  const identity = (user: User, currentOrgId: number): Identity => ({
    id: user.id,
    userName: user.userName,
    currentOrgId,
  });

  async function setUpCallers(): Promise<Caller[]> {
    const adminToken = await tokenOf(TSADMIN, 0);
    const analystToken = await tokenOf(ANALYST);
    const revokedToken = await tokenOf(ANALYST);
    await send(client({ authorization: `Bearer ${revokedToken}` }), RevokeTokenDocument);
    const adminCookie = await cookieOf(TSADMIN);
    await send(client({ cookie: adminCookie }), SwitchOrgDocument, { input: { id: 1 } });
    const analystCookie = await cookieOf(ANALYST);
    return [
      {
        name: 'tsadmin by bearer',
        headers: { authorization: `Bearer ${adminToken}` },
        expected: identity(TSADMIN, 0),
      },
      {
        name: 'analyst by bearer',
        headers: { authorization: `Bearer ${analystToken}` },
        expected: identity(ANALYST, 0),
      },
      {
        name: 'tsadmin by cookie, in org 1',
        headers: { cookie: `${adminCookie}; app=1` },
        expected: identity(TSADMIN, 1),
      },
      {
        name: 'analyst by cookie',
        headers: { cookie: analystCookie },
        expected: identity(ANALYST, 0),
      },
      {
        name: 'a revoked token',
        headers: { authorization: `Bearer ${revokedToken}` },
        expected: null,
      },
    ];
  }

  /** Who the session query shows for these credentials. */
  async function whoIs(headers: Record<string, string>): Promise<string> {
    return (await send(client(headers), SessionDocument)).data.session.id;
  }

  it(`${REQUESTS} concurrent session queries, logins and getTokens: each answer is its caller's`, async () => {
    const callers = await setUpCallers();
    let connections = 0;
    const onConnection = () => {
      connections++;
    };
    g.server.on('connection', onConnection);

    const mismatches: string[] = [];
    const check = (what: string, actual: unknown, expected: unknown) => {
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        mismatches.push(`${what}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
    };
    const echoed = (i: number, res: { headers: Headers }) => {
      check(`#${i} x-request-id`, res.headers.get('x-request-id'), `iso-${i}`);
    };

    const tasks = Array.from({ length: REQUESTS }, async (_, i): Promise<string> => {
      const requestId = { 'x-request-id': `iso-${i}` };
      const user = i % 40 < 20 ? TSADMIN : ANALYST;
      if (i % 20 === 0) {
        // A login: its cookies must log in its own user, nobody else's.
        const res = await send(
          client(),
          LoginDocument,
          { input: { userName: user.userName, password: user.password } },
          requestId,
        );
        echoed(i, res);
        check(`#${i} login userName`, res.data.login.userName, user.userName);
        check(`#${i} login cookie names`, res.setCookies.map(nameOf), ['JSESSIONID', 'clientId']);
        check(
          `#${i} login cookies log in`,
          await whoIs({ cookie: cookieFrom(res.setCookies) }),
          user.id,
        );
        return 'login';
      }
      if (i % 20 === 10) {
        const res = await send(
          client(),
          GetTokenDocument,
          { input: { userName: user.userName, password: user.password } },
          requestId,
        );
        echoed(i, res);
        check(`#${i} getToken userName`, res.data.getToken.userName, user.userName);
        check(`#${i} getToken sets no cookie`, res.setCookies, []);
        check(
          `#${i} token logs in`,
          await whoIs({ authorization: `Bearer ${res.data.getToken.token}` }),
          user.id,
        );
        return 'getToken';
      }
      const caller = callers[i % callers.length];
      if (!caller) throw new Error('no caller');
      const request = send(client(caller.headers), SessionDocument, {}, requestId);
      if (caller.expected === null) {
        const failure = await failureOf(request);
        echoed(i, failure);
        check(`#${i} ${caller.name}`, errorIn(failure).extensions.code, 'UNAUTHENTICATED');
        check(`#${i} ${caller.name} cookies`, failure.setCookies, []);
        return caller.name;
      }
      const res = await request;
      echoed(i, res);
      const { id, userName, currentOrgId } = res.data.session;
      check(`#${i} ${caller.name}`, { id, userName, currentOrgId }, caller.expected);
      check(`#${i} ${caller.name} cookies`, res.setCookies, []);
      return caller.name;
    });
    const kinds = await Promise.all(tasks);
    g.server.off('connection', onConnection);

    expect(mismatches).toEqual([]);
    expect(kinds.filter((k) => k === 'login')).toHaveLength(REQUESTS / 20);
    expect(kinds.filter((k) => k === 'getToken')).toHaveLength(REQUESTS / 20);
    for (const caller of callers) expect(kinds).toContain(caller.name);
    // The callers' requests really did share a few keep-alive connections.
    expect(connections).toBeGreaterThan(0);
    expect(connections).toBeLessThanOrEqual(CLIENT_CONNECTIONS);
  });

  it('concurrent logins of different users: each response logs in its own user', async () => {
    const pairs = Array.from({ length: 25 }, () =>
      Promise.all(
        [TSADMIN, ANALYST].map(async (user) => {
          const res = await send(client(), LoginDocument, {
            input: { userName: user.userName, password: user.password },
          });
          return { user, cookie: cookieFrom(res.setCookies), userName: res.data.login.userName };
        }),
      ),
    );
    const logins = (await Promise.all(pairs)).flat();
    expect(logins).toHaveLength(50);
    const who = await Promise.all(logins.map((l) => whoIs({ cookie: l.cookie })));
    expect(who).toEqual(logins.map((l) => l.user.id));
    expect(logins.map((l) => l.userName)).toEqual(logins.map((l) => l.user.userName));
    // Fifty logins, fifty different sessions.
    expect(new Set(logins.map((l) => l.cookie)).size).toBe(50);
  });
});

function nameOf(setCookie: string): string {
  return setCookie.split('=', 1)[0] ?? '';
}
