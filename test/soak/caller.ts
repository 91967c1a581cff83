import type { Dispatcher } from 'undici';
import { request } from 'undici';
import type { Ledger, Operation } from './ledger';
import type { SoakUser } from './users';

/**
 * One soak caller: a browser-like client on a session cookie, or a server-side client on a bearer
 * token, always as its own user. It keeps what it should know about its session (alive, or
 * unknown after a failed call; which org), and checks every answer against it: the user, the
 * user's id and orgs, the current org. A logout or revocation that answered true must leave the
 * credential refused.
 */

export interface CallerOptions {
  endpoint: string;
  user: SoakUser;
  secretKey: string;
  mode: 'cookie' | 'bearer';
  /** THOUGHTSPOT_API of the gateway: a v2.0 login by bearer token makes a second call, for userName. */
  api: '2.0' | 'beta';
  ledger: Ledger;
  dispatcher: Dispatcher;
  /** Takes one request from the shared budget; false when the phase is over. */
  take(): boolean;
}

interface Answer {
  code: string;
  data: Record<string, Record<string, unknown> | boolean | null> | undefined;
  setCookie: string[];
}

const SESSION = 'query Session { session { id userName currentOrgId orgs { id } } }';
const LOGIN = 'mutation Login($input: LoginInput) { login(input: $input) { userName tokenType } }';
const GET_TOKEN =
  'mutation GetToken($input: GetTokenInput!) { getToken(input: $input) { userName token } }';
const SWITCH_ORG = 'mutation SwitchOrg($input: SwitchOrgInput!) { switchOrg(input: $input) }';
const LOGOUT = 'mutation Logout { logout }';
const REVOKE = 'mutation Revoke { revokeToken }';

const OPERATIONS: Readonly<Record<string, Operation>> = {
  [SESSION]: 'getSessionInfo',
  [LOGIN]: 'login',
  [GET_TOKEN]: 'getToken',
  [SWITCH_ORG]: 'switchOrg',
  [LOGOUT]: 'logout',
  [REVOKE]: 'revokeToken',
};

export async function runCaller(options: CallerOptions): Promise<void> {
  const { user, ledger, mode } = options;
  const name = `${mode} caller ${user.userName}`;
  const ownOrgs = [0, user.org];

  async function gql(
    query: string,
    variables: unknown,
    auth: { cookie?: string; bearer?: string },
  ): Promise<Answer> {
    const from = performance.now();
    const res = await request(options.endpoint, {
      method: 'POST',
      dispatcher: options.dispatcher,
      headers: {
        'content-type': 'application/json',
        ...(auth.cookie !== undefined && { cookie: auth.cookie }),
        ...(auth.bearer !== undefined && { authorization: `Bearer ${auth.bearer}` }),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.body.json()) as {
      data?: Answer['data'];
      errors?: { message?: string; extensions?: { code?: string; upstream?: unknown } }[];
    };
    const code = body.errors?.[0]?.extensions?.code ?? (res.statusCode === 200 ? 'OK' : 'NONE');
    const operation = OPERATIONS[query] ?? 'getSessionInfo';
    // v2.0's login by bearer token answers no body: the userName selected costs a session call.
    const byToken = options.api === '2.0' && operation === 'login' && variables === undefined;
    const error = body.errors?.[0];
    const detail = JSON.stringify({
      message: error?.message,
      upstream: error?.extensions?.upstream,
    });
    ledger.answered(
      byToken ? [operation, 'getSessionInfo'] : [operation],
      code,
      from,
      performance.now(),
      `${name} (${detail})`,
    );
    if (res.statusCode !== 200) ledger.unexpected.push(`${name}: HTTP ${res.statusCode} (${code})`);
    const raw = res.headers['set-cookie'];
    return {
      code,
      data: body.data,
      setCookie: raw === undefined ? [] : Array.isArray(raw) ? raw : [raw],
    };
  }

  /** Checks a session answer; returns the org it is in, or undefined if it was refused. */
  function checkSession(answer: Answer, expectedOrg: number | undefined): number | undefined {
    const session = answer.data?.session;
    if (typeof session !== 'object' || session === null) return undefined;
    const orgs = (session.orgs as { id: number }[]).map((o) => o.id).sort((a, b) => a - b);
    const org = session.currentOrgId as number;
    if (
      session.userName !== user.userName ||
      session.id !== user.guid ||
      JSON.stringify(orgs) !== JSON.stringify(ownOrgs) ||
      !ownOrgs.includes(org)
    )
      ledger.crossCaller.push(`${name} was answered ${JSON.stringify(session)}`);
    else if (expectedOrg !== undefined && org !== expectedOrg)
      ledger.crossCaller.push(`${name} expected org ${expectedOrg}, was answered org ${org}`);
    return org;
  }

  function checkUser(answer: Answer, field: string): boolean {
    const value = answer.data?.[field];
    if (typeof value !== 'object' || value === null) return false;
    if (value.userName !== user.userName)
      ledger.crossCaller.push(`${name} got ${field} for ${String(value.userName)}`);
    return true;
  }

  /** After a logout or revocation that answered true: the credential must be refused now. */
  async function expectRefused(auth: { cookie?: string; bearer?: string }, what: string) {
    if (!options.take()) return;
    const after = await gql(SESSION, undefined, auth);
    if (after.code === 'OK') ledger.stale.push(`${name}: a session served after its ${what}`);
    else if (after.code !== 'UNAUTHENTICATED' && !after.code.startsWith('UPSTREAM_'))
      ledger.unexpected.push(`${name}: ${after.code} after its ${what}`);
  }

  const cookieOf = (setCookie: string[]) => setCookie.map((c) => c.split(';', 1)[0]).join('; ');

  // A credential, and whether it is known to be alive (unknown after a call that failed midway).
  let cookie: string | undefined;
  let token: string | undefined;
  let known = false;
  let org: number | undefined;
  let round = 0;

  while (options.take()) {
    round++;
    const credential = mode === 'cookie' ? cookie : token;
    if (credential === undefined) {
      if (mode === 'cookie') {
        const login = await gql(
          LOGIN,
          { input: { userName: user.userName, password: user.password } },
          {},
        );
        if (checkUser(login, 'login'))
          [cookie, known, org] = [cookieOf(login.setCookie), true, undefined];
      } else {
        // By password and by the trusted-authentication secret key in turn, into the caller's org.
        const input =
          round % 2 === 0
            ? { userName: user.userName, password: user.password, orgId: user.org }
            : { userName: user.userName, secretKey: options.secretKey, orgId: user.org };
        const got = await gql(GET_TOKEN, { input }, {});
        if (checkUser(got, 'getToken')) {
          const value = (got.data?.getToken as { token: string }).token;
          [token, known, org] = [value, true, user.org];
        }
      }
      continue;
    }
    const auth = mode === 'cookie' ? { cookie: credential } : { bearer: credential };
    const dice = Math.random();

    if (dice < 0.7) {
      const answer = await gql(SESSION, undefined, auth);
      if (answer.code === 'OK') [org, known] = [checkSession(answer, org), true];
      else if (answer.code === 'UNAUTHENTICATED') {
        if (known) ledger.unexpected.push(`${name}: its live session was refused`);
        [cookie, token] = mode === 'cookie' ? [undefined, token] : [cookie, undefined];
      }
    } else if (mode === 'cookie' && dice < 0.9) {
      const target = org === user.org ? 0 : user.org;
      const answer = await gql(SWITCH_ORG, { input: { id: target } }, auth);
      // A failed switch may still have happened (cut off after the change): the org is unknown.
      org = answer.code === 'OK' ? target : undefined;
    } else if (mode === 'bearer' && dice < 0.85) {
      // A cookie session made from the token, used once and logged out.
      const login = await gql(LOGIN, undefined, auth);
      if (checkUser(login, 'login') && options.take()) {
        const fromToken = { cookie: cookieOf(login.setCookie) };
        const answer = await gql(SESSION, undefined, fromToken);
        if (answer.code === 'OK') checkSession(answer, user.org);
        if (options.take()) await gql(LOGOUT, undefined, fromToken);
      }
    } else {
      const ending = mode === 'cookie' ? LOGOUT : REVOKE;
      const answer = await gql(ending, undefined, auth);
      if (answer.code === 'OK') {
        await expectRefused(auth, mode === 'cookie' ? 'logout' : 'revocation');
        [cookie, token] = [undefined, undefined];
      } else known = false;
    }
  }
}
