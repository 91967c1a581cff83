import type { Seed } from '../../src/emulator';
import { defaultSeed } from '../../src/emulator';
import type { EntryProcess } from '../support/entry-process';
import { startEntry } from '../support/entry-process';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import type { CallOptions, CallResult } from '../support/http';
import { call, cookieHeader } from '../support/http';

/**
 * No credential in any log line. Every flow (logins by password and by secret key, tokens, cookie
 * and bearer sessions, org switches, logouts, revocations), each failing in every way ThoughtSpot
 * can fail, GET requests and hostile requests, all carrying credentials, at LOG_LEVEL=trace: in
 * the in-process gateway's log, and in everything the real entry point writes to stdout and
 * stderr. Every password, secret key, token and cookie value involved is then looked for.
 */

// Distinctive values, so that finding one in the output cannot be a coincidence.
const ALICE = { name: 'alice', password: 'pw-alice-6f0d2c91' };
const BOB = { name: 'bob', password: 'pw-bob-a37e55b0' };
const SECRET_KEY = 'sk-trusted-9b1f3e7d-44c2';
const WRONG = {
  password: 'pw-wrong-c0ffee17',
  secretKey: 'sk-wrong-d00dfeed',
  bearer: 'bearer-forged-5ab1e7c3',
  jsession: 'jsession-forged-e2a94b16',
  clientId: 'clientid-forged-77f3d08a',
  appCookie: 'app-session-0b7c41de',
};

function seed(): Seed {
  const base = defaultSeed({ secretKey: SECRET_KEY });
  const [admin, analyst] = base.users;
  if (!admin || !analyst) throw new Error('the default seed has two users');
  return {
    ...base,
    users: [
      {
        ...admin,
        name: ALICE.name,
        password: ALICE.password,
        guid: '6f1c1f2e-0000-4000-8000-0000000000a1',
      },
      {
        ...analyst,
        name: BOB.name,
        password: BOB.password,
        guid: '6f1c1f2e-0000-4000-8000-0000000000b0',
      },
    ],
  };
}

const LOGIN = 'mutation Login($input: LoginInput) { login(input: $input) { userName token } }';
const GET_TOKEN =
  'mutation GetToken($input: GetTokenInput!) { getToken(input: $input) { userName token } }';
const SESSION = 'query Session { session { id userName currentOrgId } }';
const SWITCH_ORG = 'mutation SwitchOrg($input: SwitchOrgInput!) { switchOrg(input: $input) }';
const LOGOUT = 'mutation Logout { logout }';
const REVOKE = 'mutation Revoke { revokeToken }';

/** What a run of every flow leaves behind to look for. */
interface Flows {
  /** Every credential sent or received. */
  secrets: string[];
  /** How many HTTP requests were made. */
  requests: number;
}

/** Every flow against the gateway at `endpoint`, with ThoughtSpot's faults switched by `ts`. */
async function runEveryFlow(endpoint: string, ts: TestEmulator): Promise<Flows> {
  const secrets: string[] = [ALICE.password, BOB.password, SECRET_KEY, ...Object.values(WRONG)];
  let requests = 0;
  const send = async (options: CallOptions & { method?: string; search?: string }) => {
    requests++;
    const res = await call(endpoint, options.method ?? 'POST', options.search ?? '', options);
    for (const setCookie of res.setCookie) {
      const value = /^[^=]+=([^;]*)/.exec(setCookie)?.[1];
      if (value !== undefined && value !== '') secrets.push(value);
    }
    return res;
  };
  const gql = (query: string, variables?: unknown, options: CallOptions = {}) =>
    send({ json: { query, variables }, ...options });
  const dataOf = (res: CallResult) => {
    expect(res.json).not.toHaveProperty('errors');
    return (res.json as { data: Record<string, Record<string, unknown>> }).data;
  };
  const codeOf = (res: CallResult) =>
    (res.json as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code;
  const tokenOf = (res: CallResult, field: string) => {
    const token = dataOf(res)[field]?.token as string;
    expect(token.length).toBeGreaterThan(10);
    secrets.push(token);
    return token;
  };
  const forged = {
    bearer: WRONG.bearer,
    cookie: `JSESSIONID=${WRONG.jsession}; clientId=${WRONG.clientId}; app=${WRONG.appCookie}`,
  };

  // Cookie session by password: login, session (POST and GET), switchOrg, logout.
  const login = await gql(LOGIN, { input: { userName: ALICE.name, password: ALICE.password } });
  dataOf(login);
  const cookie = `${cookieHeader(login.setCookie)}; app=${WRONG.appCookie}`;
  expect(dataOf(await gql(SESSION, undefined, { cookie })).session?.userName).toBe(ALICE.name);
  const getSession = await send({
    method: 'GET',
    search: `?query=${encodeURIComponent(SESSION)}`,
    cookie,
    headers: { 'apollo-require-preflight': 'true' },
  });
  expect(dataOf(getSession).session?.userName).toBe(ALICE.name);
  expect(dataOf(await gql(SWITCH_ORG, { input: { id: 1 } }, { cookie })).switchOrg).toBe(true);
  expect(codeOf(await gql(SWITCH_ORG, { input: { id: 99 } }, { cookie }))).toBe('BAD_USER_INPUT');

  // Tokens by password and by secret key; bearer sessions; a cookie session made from a token.
  const bobToken = tokenOf(
    await gql(GET_TOKEN, { input: { userName: BOB.name, password: BOB.password } }),
    'getToken',
  );
  const aliceToken = tokenOf(
    await gql(GET_TOKEN, { input: { userName: ALICE.name, secretKey: SECRET_KEY } }),
    'getToken',
  );
  expect(dataOf(await gql(SESSION, undefined, { bearer: bobToken })).session?.userName).toBe(
    BOB.name,
  );
  const byToken = await gql(LOGIN, undefined, { bearer: aliceToken });
  dataOf(byToken);
  const tokenCookie = cookieHeader(byToken.setCookie);
  expect(codeOf(await gql(SWITCH_ORG, { input: { id: 1 } }, { bearer: bobToken }))).toBeDefined();

  // Refusals: wrong password, wrong secret key, forged bearer and cookies, revoked token, logout.
  expect(
    codeOf(await gql(LOGIN, { input: { userName: ALICE.name, password: WRONG.password } })),
  ).toBe('UNAUTHENTICATED');
  expect(
    codeOf(await gql(GET_TOKEN, { input: { userName: BOB.name, secretKey: WRONG.secretKey } })),
  ).toBe('UNAUTHENTICATED');
  expect(codeOf(await gql(SESSION, undefined, forged))).toBe('UNAUTHENTICATED');
  expect(codeOf(await gql(SESSION, undefined, { cookie: forged.cookie }))).toBe('UNAUTHENTICATED');
  expect(codeOf(await gql(REVOKE))).toBe('UNAUTHENTICATED');
  expect(dataOf(await gql(REVOKE, undefined, { bearer: bobToken })).revokeToken).toBe(true);
  expect(codeOf(await gql(SESSION, undefined, { bearer: bobToken }))).toBe('UNAUTHENTICATED');
  expect(dataOf(await gql(LOGOUT, undefined, { cookie })).logout).toBe(true);
  expect(codeOf(await gql(SESSION, undefined, { cookie }))).toBe('UNAUTHENTICATED');

  // Every operation meeting a failing ThoughtSpot, credentials on every request.
  const failures: [
    string,
    Parameters<typeof ts.emulator.faults.set>[1],
    () => Promise<CallResult>,
  ][] = [
    [
      'login',
      { mode: 'status', status: 503 },
      () => gql(LOGIN, { input: { userName: BOB.name, password: BOB.password } }),
    ],
    [
      'getToken',
      { mode: 'html' },
      () => gql(GET_TOKEN, { input: { userName: ALICE.name, secretKey: SECRET_KEY } }),
    ],
    ['getSessionInfo', { mode: 'drop' }, () => gql(SESSION, undefined, { cookie: tokenCookie })],
    ['getSessionInfo', { mode: 'hang' }, () => gql(SESSION, undefined, { bearer: aliceToken })],
    [
      'switchOrg',
      { mode: 'truncated-json' },
      () => gql(SWITCH_ORG, { input: { id: 0 } }, { cookie: tokenCookie }),
    ],
    [
      'revokeToken',
      { mode: 'malformed-json' },
      () => gql(REVOKE, undefined, { bearer: aliceToken }),
    ],
    ['logout', { latencyMs: 5000 }, () => gql(LOGOUT, undefined, { cookie: tokenCookie })],
    [
      'login',
      { mode: 'status', status: 500, body: { password: 'echoed' } },
      () => gql(LOGIN, undefined, { bearer: aliceToken }),
    ],
  ];
  for (const [operation, rule, run] of failures) {
    ts.emulator.faults.set(operation as 'login', { ...rule, times: 1 });
    expect(codeOf(await run())).toMatch(/^UPSTREAM_/);
  }
  ts.emulator.faults.clear();

  // Hostile or malformed requests that carry credentials in every place a request can.
  const inline = `mutation { login(input: { userName: "${ALICE.name}", password: "${ALICE.password}" }) { token } }`;
  const hostile: CallResult[] = [
    // Coercion errors quote the variable's value back to the caller.
    await gql(
      GET_TOKEN,
      { input: { userName: BOB.name, password: BOB.password, bogus: WRONG.secretKey } },
      forged,
    ),
    await gql(
      LOGIN,
      { input: { userName: ALICE.name, password: { nested: ALICE.password } } },
      forged,
    ),
    await send({
      json: {
        query: inline,
        extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } },
      },
      ...forged,
    }),
    await send({
      json: {
        query: `mutation { ${['a', 'b', 'c', 'd', 'e', 'f'].map((a) => `${a}: login(input: { userName: "x", password: "${ALICE.password}" }) { token }`).join(' ')} }`,
      },
      ...forged,
    }),
    await send({ json: [{ query: inline }, { query: inline }], ...forged }),
    await send({ body: JSON.stringify({ query: inline }), contentType: 'text/plain', ...forged }),
    await send({
      body: `{"query":"${inline.replaceAll('"', '\\"')}"`,
      contentType: 'application/json',
      ...forged,
    }),
    await send({
      body: Buffer.concat([
        Buffer.from(JSON.stringify({ query: inline }).slice(0, -1)),
        Buffer.from([0xff, 0x22, 0x7d]),
      ]),
      contentType: 'application/json',
      ...forged,
    }),
    await send({
      body: JSON.stringify({ query: inline, pad: 'x'.repeat(200 * 1024) }),
      contentType: 'application/json',
      ...forged,
    }),
    await send({
      method: 'GET',
      search: `?query=${encodeURIComponent(inline)}`,
      headers: { 'apollo-require-preflight': 'true' },
      ...forged,
    }),
    await send({
      method: 'GET',
      search: `?query=${encodeURIComponent('query Q($password: String) { __type(name: $password) { name } }')}&variables=${encodeURIComponent(JSON.stringify({ password: ALICE.password }))}`,
      headers: { 'apollo-require-preflight': 'true' },
      ...forged,
    }),
    await send({
      method: 'GET',
      search: `/../nowhere?token=${WRONG.bearer}&password=${ALICE.password}`,
      ...forged,
    }),
    await send({ method: 'PUT', json: { query: inline }, ...forged }),
  ];
  for (const res of hostile) expect(res.status === 200 ? codeOf(res) : res.status).toBeDefined();

  expect(dataOf(await gql(LOGOUT, undefined, { cookie: tokenCookie })).logout).toBe(true);
  return { secrets: [...new Set(secrets)], requests };
}

/** Fails with the first secret found in `output`, and where. */
function expectNoSecret(output: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    const at = output.indexOf(secret);
    if (at !== -1)
      throw new Error(
        `a credential is in the log: …${output.slice(Math.max(0, at - 200), at + 80)}…`,
      );
  }
}

describe('no credential in any log line', () => {
  let ts: TestEmulator;
  beforeAll(async () => {
    ts = await startTestEmulator({ seed: seed(), faults: true });
  });
  afterAll(() => ts.close());

  it('in-process gateway, LOG_LEVEL=trace', async () => {
    let g: TestGateway | undefined;
    try {
      g = await startTestGateway({
        env: { LOG_LEVEL: 'trace', UPSTREAM_TIMEOUT_MS: '300' },
        thoughtspotUrl: ts.emulator.url,
      });
      const { secrets, requests } = await runEveryFlow(g.endpoint, ts);
      // Let the access lines of the last answers land.
      for (
        let waited = 0;
        g.logs.filter((l) => l.msg === 'request').length < requests && waited < 2000;
        waited += 10
      )
        await new Promise((resolve) => setTimeout(resolve, 10));

      const logs = g.logs;
      expect(logs.filter((line) => line.msg === 'request')).toHaveLength(requests);
      // The failures were logged (with what the operator needs), not hidden.
      expect(
        logs.filter((line) => line.level === 40 && String(line.msg).startsWith('upstream failure')),
      ).not.toHaveLength(0);
      expectNoSecret(g.rawLogs(), secrets);
    } finally {
      await g?.close();
    }
  }, 30_000);

  it('the real entry point (node dist/index.js), stdout and stderr, LOG_LEVEL=trace', async () => {
    let run: EntryProcess | undefined;
    try {
      run = startEntry({
        THOUGHTSPOT_URL: ts.emulator.url,
        LOG_LEVEL: 'trace',
        UPSTREAM_TIMEOUT_MS: '300',
      });
      const url = await run.ready();
      const { secrets, requests } = await runEveryFlow(`${url}/graphql`, ts);
      expect(await run.stop('SIGTERM')).toEqual({ code: 0, signal: null });

      expect(run.lines().filter((line) => line.msg === 'request')).toHaveLength(requests);
      expect(run.stderr()).toBe('');
      expectNoSecret(`${run.stdout()}\n${run.stderr()}`, secrets);
    } finally {
      await run?.kill();
    }
  }, 30_000);
});
