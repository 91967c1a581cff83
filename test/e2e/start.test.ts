import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { API_TITLES, PROBE_ENDPOINTS } from '../../src/thoughtspot/session-apis';
import { API, API_TITLE, ENDPOINTS, OTHER_API } from '../support/api';
import type { CallResult } from '../support/http';
import { call, cookieHeader } from '../support/http';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import type { EntryProcess, LogLine } from '../support/entry-process';
import { READY, startEntry } from '../support/entry-process';
import type { StubUpstream } from '../support/stub-upstream';
import { reply, startStubUpstream } from '../support/stub-upstream';
import { within } from '../support/within';

/**
 * The real entry point (`node dist/index.js`, what `npm start` runs) as a child process: start-up
 * with and without THOUGHTSPOT_URL, refusal of bad configuration, shutdown on signals, and what it
 * writes to stdout and stderr. `npm test` builds dist/ first (pretest); alone, run `npm run build`.
 */

/** Start-up, an exit after a config error or a signal: generous bounds, not measurements. */
const START_MS = 10_000;
const EXIT_MS = 5_000;

const LOGIN =
  'mutation Login($input: LoginInput) { login(input: $input) { userName token tokenType } }';
const SESSION = '{ session { id userName currentOrgId } }';

const runs: EntryProcess[] = [];

/** `node dist/index.js` with only PATH from this environment, on 127.0.0.1, port 0. */
function start(env: Record<string, string>): EntryProcess {
  const run = startEntry(env);
  runs.push(run);
  return run;
}

/** One GraphQL POST to the gateway at the printed base URL. */
const gql = (url: string, query: string, variables?: unknown, headers?: Record<string, string>) =>
  call(url, 'POST', '/graphql', { json: { query, variables }, ...(headers && { headers }) });

function dataOf(res: CallResult): Record<string, unknown> {
  expect(res.status).toBe(200);
  const body = res.json as { data?: Record<string, unknown> | null; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data ?? {};
}

/** The value of one cookie in Set-Cookie headers. */
function cookieValue(setCookie: string[], name: string): string {
  for (const c of setCookie) {
    const [pair = ''] = c.split(';', 1);
    if (pair.startsWith(`${name}=`)) return pair.slice(name.length + 1);
  }
  throw new Error(`no ${name} in ${JSON.stringify(setCookie)}`);
}

afterEach(async () => {
  for (const run of runs.splice(0)) await run.kill();
});

describe('npm start without THOUGHTSPOT_URL (development)', () => {
  it('says it uses the built-in emulator and serves a cookie session from it', async () => {
    const run = start({});
    const url = await run.ready();

    const lines = run.lines();
    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    const [warning] = warnings;
    expect(warning?.msg).toMatch(/emulator/);
    expect(warning?.msg).toContain('THOUGHTSPOT_URL is not set');
    expect(warning?.msg).toContain('tsadmin / admin');
    expect(warning?.msg).toContain('analyst / analyst');
    expect(warning?.emulator).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ready = lines.find((line) => READY.test(line.msg));
    expect(ready).toMatchObject({ level: 30, upstream: 'emulator' });
    expect(lines.indexOf(warning as LogLine)).toBeLessThan(lines.indexOf(ready as LogLine));

    const login = await gql(url, LOGIN, { input: { userName: 'tsadmin', password: 'admin' } });
    expect(dataOf(login)).toEqual({
      login: { userName: 'tsadmin', token: '', tokenType: 'Cookie' },
    });
    const cookie = cookieHeader(login.setCookie);
    expect(cookie).toMatch(/JSESSIONID=/);
    const session = await gql(url, SESSION, undefined, { cookie });
    expect(dataOf(session)).toEqual({
      session: { id: expect.any(String) as unknown, userName: 'tsadmin', currentOrgId: 0 },
    });
    const anonymous = await gql(url, SESSION);
    expect(
      (anonymous.json as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions
        .code,
    ).toBe('UNAUTHENTICATED');
    expect(run.stderr()).toBe('');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('exits 0 promptly on %s', async (signal) => {
    const run = start({});
    const url = await run.ready();
    // A served request first, so a keep-alive connection is open when the signal comes.
    dataOf(await gql(url, '{ __typename }'));
    expect(await run.stop(signal, EXIT_MS)).toEqual({ code: 0, signal: null });
    expect(run.lines().map((line) => line.msg)).toContain(`${signal}: shutting down`);
    expect(run.stderr()).toBe('');
  });
});

describe('npm start refuses a bad configuration', () => {
  it('exits 1 in production without THOUGHTSPOT_URL, naming it, before logging or listening', async () => {
    const run = start({ NODE_ENV: 'production' });
    const exit = await within(run.exited, EXIT_MS, 'exit');
    expect(exit).toEqual({ code: 1, signal: null });
    expect(run.stderr()).toBe(
      'Invalid configuration:\n' +
        '  - THOUGHTSPOT_URL is required when NODE_ENV=production (the built-in emulator is for development only)\n',
    );
    expect(run.stdout()).toBe('');
  });

  it('exits 1 on a NODE_ENV it does not know, rather than starting in development', async () => {
    const run = start({ NODE_ENV: 'prod' });
    const exit = await within(run.exited, EXIT_MS, 'exit');
    expect(exit).toEqual({ code: 1, signal: null });
    expect(run.stderr()).toBe(
      'Invalid configuration:\n' +
        '  - NODE_ENV must be production, development, test or unset (development), not "prod"\n',
    );
    expect(run.stdout()).toBe('');
  });

  it('names every bad variable at once', async () => {
    const run = start({
      PORT: 'abc',
      UPSTREAM_TIMEOUT_MS: '-5',
      COOKIE_SAME_SITE: 'sometimes',
    });
    const exit = await within(run.exited, EXIT_MS, 'exit');
    expect(exit).toEqual({ code: 1, signal: null });
    const stderr = run.stderr();
    expect(stderr.startsWith('Invalid configuration:\n')).toBe(true);
    const problems = stderr.split('\n').filter((line) => line.startsWith('  - '));
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        '  - PORT must be an integer from 0 to 65535, not "abc"',
        '  - UPSTREAM_TIMEOUT_MS must be an integer from 1 to 300000, not "-5"',
        '  - COOKIE_SAME_SITE must be Strict, Lax or None, not "sometimes"',
      ]),
    );
    expect(run.stdout()).toBe('');
  });

  it.each(['/api/rest/2.0', '/tspublic/rest/v2'])(
    'exits 1 on a THOUGHTSPOT_URL with the API path %s, saying to give the base URL',
    async (apiPath) => {
      const run = start({ THOUGHTSPOT_URL: `https://acme.thoughtspot.cloud${apiPath}/` });
      const exit = await within(run.exited, EXIT_MS, 'exit');
      expect(exit).toEqual({ code: 1, signal: null });
      expect(run.stderr()).toBe(
        'Invalid configuration:\n' +
          `  - THOUGHTSPOT_URL must be the cluster's base URL (e.g. https://acme.thoughtspot.cloud), without an API path like ${apiPath}; choose the API with THOUGHTSPOT_API\n`,
      );
      expect(run.stdout()).toBe('');
    },
  );

  it('exits 1 when its port is taken, saying why', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as AddressInfo;
      const run = start({ PORT: String(port) });
      const exit = await within(run.exited, START_MS, 'exit');
      expect(exit).toEqual({ code: 1, signal: null });
      expect(run.stderr()).toMatch(/^Failed to start: .*EADDRINUSE/);
      expect(run.lines().some((line) => READY.test(line.msg))).toBe(false);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

describe('npm start with THOUGHTSPOT_URL', () => {
  let ts: TestEmulator;
  beforeAll(async () => {
    ts = await startTestEmulator({ faults: true });
  });
  afterAll(async () => {
    await ts.close();
  });

  it('uses that ThoughtSpot, with no emulator fallback, and stops on SIGINT', async () => {
    const run = start({ THOUGHTSPOT_URL: `${ts.emulator.url}/` });
    const url = await run.ready();

    const lines = run.lines();
    expect(lines.filter((line) => line.level >= 40)).toEqual([]);
    expect(lines.some((line) => line.msg.includes('emulator'))).toBe(false);
    const ready = lines.find((line) => READY.test(line.msg));
    // The trailing slash is dropped: the URL as the gateway will call it.
    expect(ready).toMatchObject({ level: 30, upstream: ts.emulator.url, api: API });
    // The one call at start-up says which API answers.
    expect(await run.checked()).toMatchObject({
      level: 30,
      api: API,
      msg: `ThoughtSpot answers ${API_TITLE}`,
    });

    const before = ts.emulator.state.counts().sessions;
    const login = await gql(url, LOGIN, { input: { userName: 'tsadmin', password: 'admin' } });
    expect(dataOf(login)).toEqual({
      login: { userName: 'tsadmin', token: '', tokenType: 'Cookie' },
    });
    // The session is on this emulator, not on a built-in one.
    expect(ts.emulator.state.counts().sessions).toBe(before + 1);
    const cookie = cookieHeader(login.setCookie);
    const session = dataOf(await gql(url, SESSION, undefined, { cookie }));
    const info = await ts.sessionInfo({ cookie });
    expect(session).toEqual({
      session: { id: info.userGUID, userName: 'tsadmin', currentOrgId: 0 },
    });

    expect(await run.stop('SIGINT', EXIT_MS)).toEqual({ code: 0, signal: null });
    expect(run.lines().map((line) => line.msg)).toContain('SIGINT: shutting down');
    const output = `${run.stdout()}\n${run.stderr()}`;
    expect(output).not.toContain(cookieValue(login.setCookie, 'JSESSIONID'));
    expect(run.stderr()).toBe('');
  });

  it('never writes a password, a token or a session cookie to its output', async () => {
    // trace: everything the gateway and Apollo Server can log.
    const run = start({ THOUGHTSPOT_URL: ts.emulator.url, LOG_LEVEL: 'trace' });
    const url = await run.ready();
    const secrets: string[] = [];

    const login = await gql(url, LOGIN, { input: { userName: 'tsadmin', password: 'admin' } });
    dataOf(login);
    secrets.push(cookieValue(login.setCookie, 'JSESSIONID'));
    const cookie = cookieHeader(login.setCookie);
    dataOf(await gql(url, SESSION, undefined, { cookie }));

    const getToken = await gql(
      url,
      'mutation { getToken(input: { userName: "analyst", password: "analyst" }) { token } }',
    );
    const token = (dataOf(getToken).getToken as { token: string }).token;
    expect(token.length).toBeGreaterThan(10);
    secrets.push(token);
    const bearer = { authorization: `Bearer ${token}` };
    dataOf(await gql(url, SESSION, undefined, bearer));
    // A cookie session made from the token: another JSESSIONID.
    const byToken = await gql(url, LOGIN, undefined, bearer);
    dataOf(byToken);
    secrets.push(cookieValue(byToken.setCookie, 'JSESSIONID'));

    // Failures too: a wrong password, a revoked token, an upstream that is gone.
    const wrong = await gql(url, LOGIN, { input: { userName: 'tsadmin', password: 'hunter2-x' } });
    expect(wrong.status).toBe(200);
    expect(wrong.json).toHaveProperty('errors');
    dataOf(await gql(url, 'mutation { revokeToken }', undefined, bearer));
    const revoked = await gql(url, SESSION, undefined, bearer);
    expect(revoked.json).toHaveProperty('errors');
    dataOf(await gql(url, 'mutation { logout }', undefined, { cookie }));
    // An error that is logged (an upstream failure), and a refused request (a persisted-query hash
    // that does not match), both with credentials on the request.
    ts.emulator.faults.set('login', { mode: 'status', status: 503, times: 1 });
    const failed = await gql(url, LOGIN, { input: { userName: 'analyst', password: 'analyst' } });
    expect(failed.json).toHaveProperty('errors');
    const masked = await call(url, 'POST', '/graphql', {
      json: {
        query: LOGIN,
        variables: { input: { userName: 'tsadmin', password: 'admin' } },
        extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } },
      },
      cookie,
    });
    expect(masked.status).toBe(400);
    expect(masked.json).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    // The log lines come through a pipe: they may arrive after the HTTP answers.
    await run.line(
      (line) => line.level === 40 && line.msg.startsWith('upstream failure: '),
      START_MS,
    );

    expect(await run.stop('SIGTERM', EXIT_MS)).toEqual({ code: 0, signal: null });
    const output = `${run.stdout()}\n${run.stderr()}`;
    expect(output).toContain('GraphQL gateway ready');
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).not.toContain('hunter2-x');
    expect(output).not.toMatch(/"admin"|"analyst"/);
    expect(output).not.toMatch(/"password"\s*:\s*"(?!\[redacted\])/);
  });
});

describe('npm start in front of a cluster that serves only the other API', () => {
  let stub: StubUpstream;
  beforeAll(async () => {
    // 404 on every path of the configured API, 401 (there, without credentials) on the other's.
    const otherProbe = PROBE_ENDPOINTS[OTHER_API].path;
    stub = await startStubUpstream((request, res) => {
      reply(res, request.path === otherProbe ? 401 : 404);
    });
  });
  afterAll(async () => {
    await stub.close();
  });

  it('warns, and /readyz says, exactly which THOUGHTSPOT_API to set', async () => {
    const run = start({ THOUGHTSPOT_URL: stub.url });
    const url = await run.ready();
    const reason =
      `ThoughtSpot answered 404 to ${API_TITLE} (THOUGHTSPOT_API=${API}), ` +
      `but ${API_TITLES[OTHER_API]} answers: set THOUGHTSPOT_API=${OTHER_API}`;
    expect(await run.checked()).toMatchObject({ level: 40, msg: 'not ready', reason });
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${ENDPOINTS.session.path}`,
      `GET ${PROBE_ENDPOINTS[OTHER_API].path}`,
    ]);
    const ready = await call(url, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.json).toEqual({ status: 'not ready', reason });
    expect(run.lines().some((line) => line.msg.startsWith('ThoughtSpot answers'))).toBe(false);
    expect(run.stderr()).toBe('');
  });
});
