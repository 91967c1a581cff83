import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEVELOPMENT_SECRET_KEY } from '../../src/emulator';
import {
  CliUsageError,
  DEFAULT_PORT,
  parseCliOptions,
  USAGE,
} from '../../src/emulator/cli-options';
import type { CallResult } from '../support/http';
import { API, call, cookieHeader, upstreamError } from '../support/http';
import { within } from '../support/within';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/emulator/cli.js');

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Cli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once the process has exited and its output is closed. */
  exited: Promise<Exit>;
}

const running: Cli[] = [];

/** Runs the built command line with a clean environment plus `env`. */
function spawnCli(args: string[], env: Record<string, string> = {}): Cli {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.EMULATOR_PORT;
  delete base.THOUGHTSPOT_EMULATOR_SECRET_KEY;
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<Exit>((done) => {
    child.once('close', (code, signal) => done({ code, signal }));
  });
  const cli = { child, stdout: () => out, stderr: () => err, exited };
  running.push(cli);
  return cli;
}

/** Resolves when `condition` holds of the stdout; fails if the process exits first or 10 s pass. */
function waitForStdout(cli: Cli, condition: (stdout: string) => boolean, what: string) {
  return new Promise<void>((done, fail) => {
    const check = () => {
      if (!condition(cli.stdout())) return;
      cleanup();
      done();
    };
    const onExit = () => {
      cleanup();
      fail(new Error(`exited before ${what}\nstdout: ${cli.stdout()}\nstderr: ${cli.stderr()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      fail(new Error(`timed out waiting for ${what}\nstdout: ${cli.stdout()}`));
    }, 10_000);
    const cleanup = () => {
      clearTimeout(timer);
      cli.child.stdout?.off('data', check);
      cli.child.off('close', onExit);
    };
    cli.child.stdout?.on('data', check);
    cli.child.once('close', onExit);
    check();
  });
}

const BANNER_END = /^ {2}faults: .*$/m;

/** Starts the command line and waits for its whole start-up banner; returns its base URL. */
async function startCli(
  args: string[] = ['--port', '0'],
  env: Record<string, string> = {},
): Promise<{ cli: Cli; url: string }> {
  const cli = spawnCli(args, env);
  await waitForStdout(cli, (out) => BANNER_END.test(out), 'the start-up banner');
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(cli.stdout())?.[1];
  if (url === undefined) throw new Error(`no base URL in: ${cli.stdout()}`);
  return { cli, url };
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done, fail) => server.close((e) => (e ? fail(e) : done())));
  return port;
}

const api = (url: string, method: string, path: string, options = {}) =>
  call(url, method, `${API}${path}`, options);

const upstreamStatus = (res: CallResult) => {
  expect(res.status).toBe(500);
  return upstreamError(res.json)?.status;
};

let dir: string;
beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does)`);
  dir = await mkdtemp(join(tmpdir(), 'emulator-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

afterEach(async () => {
  const all = running.splice(0);
  for (const cli of all) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
  }
  await Promise.all(all.map((cli) => cli.exited));
});

describe('the emulator command line', () => {
  it('prints its base URL, the seeded users, the orgs and the secret key', async () => {
    const { cli, url } = await startCli();
    const out = cli.stdout();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    expect(out).toContain(`ThoughtSpot emulator listening on ${url}\n`);
    expect(out).toContain(`REST API v2.0:     ${url}/api/rest/2.0/auth/...\n`);
    expect(out).toContain(`v1 org endpoints:  ${url}/callosum/v1/tspublic/v1/session/orgs\n`);
    expect(out).toContain(`REST API v2 beta:  ${url}/tspublic/rest/v2/session/...\n`);
    expect(out).toMatch(/^ +tsadmin \/ admin +\(Administrator\) +orgs 0, 1$/m);
    expect(out).toMatch(/^ +analyst \/ analyst +\(Analyst\) +orgs 0$/m);
    expect(out).toMatch(/^ +0 +Primary$/m);
    expect(out).toMatch(/^ +1 +Sales$/m);
    expect(out).toContain('trusted authentication: enabled\n');
    expect(out).toContain(`secret key:  ${DEVELOPMENT_SECRET_KEY}\n`);
    expect(out).toMatch(/^ {2}faults: +off$/m);
    expect(cli.stderr()).toBe('');
  });

  it('serves REST API v2.0 and the v1 org endpoints over the same state as the beta', async () => {
    const { url } = await startCli();
    const login = await call(url, 'POST', '/api/rest/2.0/auth/session/login', {
      json: { username: 'tsadmin', password: 'admin' },
    });
    expect([login.status, login.setCookie.length]).toEqual([204, 2]);
    const cookie = cookieHeader(login.setCookie);
    const user = await call(url, 'GET', '/api/rest/2.0/auth/session/user', { cookie });
    expect(user.json).toMatchObject({ name: 'tsadmin', current_org: { id: 0, name: 'Primary' } });
    const put = await call(url, 'PUT', '/callosum/v1/tspublic/v1/session/orgs', {
      cookie,
      body: 'orgid=1',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(put.status).toBe(204);
    // The beta sees the same session, in the org v1 switched to.
    expect((await api(url, 'GET', '/session', { cookie })).json).toMatchObject({
      userName: 'tsadmin',
      currentOrgId: 1,
    });
    const token = await call(url, 'POST', '/api/rest/2.0/auth/token/full', {
      json: { username: 'analyst', password: 'analyst' },
    });
    const bearer = (token.json as { token: string }).token;
    expect((await api(url, 'GET', '/session', { bearer })).json).toMatchObject({
      userName: 'analyst',
    });
  });

  it('serves a cookie flow over real HTTP', async () => {
    const { url } = await startCli();
    const login = await api(url, 'POST', '/session/login', {
      json: { userName: 'tsadmin', password: 'admin', rememberMe: 'true' },
    });
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ userName: 'tsadmin', tokenType: 'Cookie' });
    expect(login.setCookie).toHaveLength(2);
    expect(login.setCookie[0]).toMatch(
      /^JSESSIONID=[0-9a-f-]{36}; Path=\/; Max-Age=604800; HttpOnly$/,
    );
    const cookie = cookieHeader(login.setCookie);

    const info = await api(url, 'GET', '/session', { cookie });
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({ userName: 'tsadmin', currentOrgId: 0 });
    expect((await api(url, 'PUT', '/session/org', { cookie, json: { id: '1' } })).json).toBe(true);
    expect((await api(url, 'GET', '/session', { cookie })).json).toMatchObject({
      currentOrgId: 1,
    });
    const logout = await api(url, 'POST', '/session/logout', { cookie });
    expect(logout.json).toBe(true);
    expect(upstreamStatus(await api(url, 'GET', '/session', { cookie }))).toBe(401);
  });

  it('serves a bearer flow with the secret key over real HTTP', async () => {
    const { url } = await startCli();
    const started = Date.now();
    const res = await api(url, 'POST', '/session/gettoken', {
      json: { userName: 'analyst', secretKey: DEVELOPMENT_SECRET_KEY, tokenExpiryDuration: '300' },
    });
    expect(res.status).toBe(200);
    const body = res.json as {
      token: string;
      tokenCreatedTime: string;
      tokenExpiryDuration: string;
    };
    expect(body).toMatchObject({ userName: 'analyst', tokenType: 'Bearer' });
    // A real clock: created now, expiring 300 s later.
    expect(Number(body.tokenCreatedTime)).toBeGreaterThanOrEqual(started - 1000);
    expect(Number(body.tokenExpiryDuration) - Number(body.tokenCreatedTime)).toBe(300_000);

    const info = await api(url, 'GET', '/session', { bearer: body.token });
    expect(info.json).toMatchObject({ userName: 'analyst', currentOrgId: 0 });
    const revoke = await api(url, 'POST', '/session/revoketoken', { bearer: body.token });
    expect(revoke.json).toBe(true);
    expect(upstreamStatus(await api(url, 'GET', '/session', { bearer: body.token }))).toBe(401);
  });

  it('--seed uses that seed', async () => {
    const file = join(dir, 'seed.json');
    await writeFile(
      file,
      JSON.stringify({
        orgsEnabled: false,
        users: [
          {
            name: 'eve',
            password: 'eve-secret',
            displayName: 'Eve',
            guid: '11111111-2222-4333-8444-555555555555',
            email: 'eve@example.com',
          },
        ],
        trustedAuth: { secretKey: 'seed-file-key' },
      }),
    );
    const { cli, url } = await startCli(['--port', '0', '--seed', file]);
    const out = cli.stdout();
    expect(out).toMatch(/^ +eve \/ eve-secret +\(Eve\)$/m);
    expect(out).not.toContain('tsadmin');
    expect(out).toMatch(/^ {2}orgs: +disabled$/m);
    expect(out).toContain('secret key:  seed-file-key\n');

    const login = await api(url, 'POST', '/session/login', {
      json: { userName: 'eve', password: 'eve-secret' },
    });
    expect(login.status).toBe(200);
    const info = await api(url, 'GET', '/session', { cookie: cookieHeader(login.setCookie) });
    expect(info.json).toMatchObject({ userName: 'eve', configInfo: { isOrgsEnabled: false } });
    expect(info.json).not.toHaveProperty('currentOrgId');
    const tsadmin = await api(url, 'POST', '/session/login', {
      json: { userName: 'tsadmin', password: 'admin' },
    });
    expect(upstreamStatus(tsadmin)).toBe(401);
  });

  it('THOUGHTSPOT_EMULATOR_SECRET_KEY sets the printed and accepted secret key', async () => {
    const { cli, url } = await startCli(['--port', '0'], {
      THOUGHTSPOT_EMULATOR_SECRET_KEY: 'env-key-123',
    });
    expect(cli.stdout()).toContain('secret key:  env-key-123\n');
    expect(cli.stdout()).not.toContain(DEVELOPMENT_SECRET_KEY);
    const ok = await api(url, 'POST', '/session/gettoken', {
      json: { userName: 'tsadmin', secretKey: 'env-key-123' },
    });
    expect(ok.status).toBe(200);
    const old = await api(url, 'POST', '/session/gettoken', {
      json: { userName: 'tsadmin', secretKey: DEVELOPMENT_SECRET_KEY },
    });
    expect(upstreamStatus(old)).toBe(401);
  });

  it('THOUGHTSPOT_EMULATOR_SECRET_KEY is the key of a seed file that names none', async () => {
    const file = join(dir, 'keyless.json');
    await writeFile(
      file,
      JSON.stringify({
        users: [
          { name: 'eve', password: 'pw', displayName: 'Eve', guid: 'g-eve', email: 'e@x.com' },
        ],
      }),
    );
    const { cli, url } = await startCli(['--port', '0', '--seed', file], {
      THOUGHTSPOT_EMULATOR_SECRET_KEY: 'env-key-456',
    });
    expect(cli.stdout()).toContain('secret key:  env-key-456\n');
    const ok = await api(url, 'POST', '/session/gettoken', {
      json: { userName: 'eve', secretKey: 'env-key-456' },
    });
    expect(ok.status).toBe(200);
  });

  it('EMULATOR_PORT is honoured when --port is not given', async () => {
    const port = await freePort();
    const { url } = await startCli([], { EMULATOR_PORT: String(port) });
    expect(url).toBe(`http://127.0.0.1:${port}`);
    const res = await api(url, 'POST', '/session/logout');
    expect(res.json).toBe(true);
  });

  it('--port wins over EMULATOR_PORT (which is then not even read)', async () => {
    const port = await freePort();
    const { url } = await startCli(['--port', String(port)], { EMULATOR_PORT: 'abc' });
    expect(url).toBe(`http://127.0.0.1:${port}`);
  });

  it('a port in use exits 1 with a message', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    try {
      const { port } = blocker.address() as AddressInfo;
      const cli = spawnCli(['--port', String(port)]);
      const exit = await within(cli.exited, 10_000, 'exit');
      expect(exit.code).toBe(1);
      expect(cli.stderr()).toMatch(/^emulator: cannot listen: .*EADDRINUSE/);
    } finally {
      await new Promise<void>((done) => blocker.close(() => done()));
    }
  });

  it.each([
    [['--port', 'abc'], {}, '--port must be a port number from 0 to 65535, not "abc"'],
    [['--port', '65536'], {}, '--port must be a port number from 0 to 65535, not "65536"'],
    [['--port=-1'], {}, '--port must be a port number from 0 to 65535, not "-1"'],
    [[], { EMULATOR_PORT: 'abc' }, 'EMULATOR_PORT must be a port number from 0 to 65535'],
    [['--nope'], {}, "Unknown option '--nope'"],
    [['--port', '0', 'extra'], {}, "Unexpected argument 'extra'"],
    [['--port'], {}, "Option '--port <value>' argument missing"],
    [['--seed='], {}, '--seed needs a file name'],
    [['--faults=yes'], {}, "Option '--faults' does not take an argument"],
  ])('bad arguments %j %j exit 2 with a message and the usage', async (args, env, message) => {
    const cli = spawnCli(args, env);
    const exit = await within(cli.exited, 10_000, 'exit');
    expect(exit).toEqual({ code: 2, signal: null });
    expect(cli.stderr()).toMatch(/^emulator: invalid arguments:\n {2}- /);
    expect(cli.stderr()).toContain(message);
    expect(cli.stderr()).toContain(USAGE);
    expect(cli.stdout()).toBe('');
  });

  it('a bad seed file exits 2 listing its problems', async () => {
    const file = join(dir, 'bad-seed.json');
    await writeFile(
      file,
      JSON.stringify({ orgsEnabled: 'no', users: [{ name: 'eve', password: '' }] }),
    );
    const cli = spawnCli(['--port', '0', '--seed', file]);
    const exit = await within(cli.exited, 10_000, 'exit');
    expect(exit.code).toBe(2);
    expect(cli.stderr()).toBe(
      [
        'emulator: invalid seed:',
        '  - orgsEnabled must be a boolean',
        '  - users[0].password must be a non-empty string',
        '  - users[0].displayName must be a non-empty string',
        '  - users[0].guid must be a non-empty string',
        '  - users[0].email must be a non-empty string',
        '',
      ].join('\n'),
    );
    expect(cli.stdout()).toBe('');
  });

  it('a missing or unparseable seed file exits 2', async () => {
    const missing = spawnCli(['--port', '0', '--seed', join(dir, 'nowhere.json')]);
    expect((await within(missing.exited, 10_000, 'exit')).code).toBe(2);
    expect(missing.stderr()).toMatch(
      /^emulator: invalid seed:\n {2}- cannot read .*nowhere\.json: .*ENOENT/,
    );

    const file = join(dir, 'not-json.json');
    await writeFile(file, 'users: []');
    const broken = spawnCli(['--port', '0', '--seed', file]);
    expect((await within(broken.exited, 10_000, 'exit')).code).toBe(2);
    expect(broken.stderr()).toContain(`cannot read ${file}: `);
  });

  it('--help prints the usage and exits 0 without listening', async () => {
    const cli = spawnCli(['--help']);
    const exit = await within(cli.exited, 10_000, 'exit');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(cli.stdout()).toBe(`${USAGE}\n`);
    expect(cli.stderr()).toBe('');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s makes it exit 0 promptly', async (signal) => {
    const { cli, url } = await startCli();
    // An idle keep-alive connection must not hold the exit up.
    expect((await api(url, 'POST', '/session/logout')).status).toBe(200);
    cli.child.kill(signal);
    const exit = await within(cli.exited, 3000, `exit after ${signal}`);
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('SIGTERM exits 0 promptly even while a request hangs', async () => {
    const { cli, url } = await startCli(['--port', '0', '--faults']);
    const put = await call(url, 'PUT', '/__emulator/faults/login', {
      json: { mode: 'hang', times: 1 },
    });
    expect(put.status).toBe(200);
    const hung = api(url, 'POST', '/session/login', {
      json: { userName: 'tsadmin', password: 'admin' },
    }).then(
      () => 'answered',
      () => 'failed',
    );
    // The rule removes itself once the request has taken it.
    for (let i = 0; ; i++) {
      const list = await call(url, 'GET', '/__emulator/faults');
      if (JSON.stringify(list.json) === '{}') break;
      if (i > 500) throw new Error('the login never reached the emulator');
      await new Promise((done) => setTimeout(done, 10));
    }
    cli.child.kill('SIGTERM');
    const exit = await within(cli.exited, 3000, 'exit after SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await hung).toBe('failed');
  });

  it('--log prints one line per request, with no credential in it', async () => {
    const { cli, url } = await startCli(['--port', '0', '--log']);
    const banner = cli.stdout();

    const login = await api(url, 'POST', '/session/login', {
      json: { userName: 'tsadmin', password: 'admin' },
    });
    const cookie = cookieHeader(login.setCookie);
    const tokenRes = await api(url, 'POST', '/session/gettoken', {
      json: { userName: 'analyst', secretKey: DEVELOPMENT_SECRET_KEY },
    });
    const token = (tokenRes.json as { token: string }).token;
    await api(url, 'GET', '/session?password=query-secret', { cookie });
    await api(url, 'GET', '/session', { bearer: token });
    await api(url, 'PUT', '/session/org', { cookie, json: { id: '1' } });
    await api(url, 'POST', '/session/login', {
      json: { userName: 'tsadmin', password: 'wrong-pw' },
    });
    await api(url, 'POST', '/session/revoketoken', { bearer: token });
    await api(url, 'POST', '/session/logout', { cookie });
    await call(url, 'GET', '/marker');

    await waitForStdout(cli, (out) => out.includes('GET /marker '), 'the last log line');
    const lines = cli.stdout().slice(banner.length).split('\n');
    expect(lines.pop()).toBe('');
    const shape = /^(GET|POST|PUT) (\/[\w/]*) (\d{3}) \d+\.\dms$/;
    expect(lines.map((line) => shape.exec(line)?.slice(1))).toEqual([
      ['POST', `${API}/session/login`, '200'],
      ['POST', `${API}/session/gettoken`, '200'],
      ['GET', `${API}/session`, '200'],
      ['GET', `${API}/session`, '200'],
      ['PUT', `${API}/session/org`, '200'],
      ['POST', `${API}/session/login`, '500'],
      ['POST', `${API}/session/revoketoken`, '200'],
      ['POST', `${API}/session/logout`, '200'],
      ['GET', '/marker', '500'],
    ]);
    const log = lines.join('\n');
    const secrets = [
      'admin"',
      'wrong-pw',
      'query-secret',
      DEVELOPMENT_SECRET_KEY,
      token,
      ...cookie.split('; ').map((pair) => pair.split('=')[1] ?? ''),
    ];
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(4);
      expect(log).not.toContain(secret);
    }
    expect(log).not.toMatch(/tsadmin|analyst|Bearer|JSESSIONID|clientId/);
  });

  it('without --log, requests print nothing', async () => {
    const { cli, url } = await startCli();
    const banner = cli.stdout();
    await api(url, 'POST', '/session/logout');
    await api(url, 'GET', '/session');
    cli.child.kill('SIGTERM');
    await within(cli.exited, 3000, 'exit');
    expect(cli.stdout()).toBe(banner);
  });

  it('--faults enables the control API', async () => {
    const { cli, url } = await startCli(['--port', '0', '--faults']);
    expect(cli.stdout()).toMatch(
      new RegExp(`^ {2}faults: +enabled \\(control API: ${url}/__emulator/faults\\)$`, 'm'),
    );
    const list = await call(url, 'GET', '/__emulator/faults');
    expect(list.status).toBe(200);
    expect(list.json).toEqual({});
    const put = await call(url, 'PUT', '/__emulator/faults/login', {
      json: { mode: 'status', status: 503, body: { down: true }, times: 1 },
    });
    expect(put.status).toBe(200);
    const faulted = await api(url, 'POST', '/session/login', {
      json: { userName: 'tsadmin', password: 'admin' },
    });
    expect(faulted.status).toBe(503);
    expect(faulted.json).toEqual({ down: true });
    const normal = await api(url, 'POST', '/session/login', {
      json: { userName: 'tsadmin', password: 'admin' },
    });
    expect(normal.status).toBe(200);
  });

  it('without --faults the control API does not exist', async () => {
    const { url } = await startCli();
    const res = await call(url, 'GET', '/__emulator/faults');
    expect(res.status).toBe(500);
    expect(upstreamError(res.json)).toMatchObject({ status: 404, code: 10005, path: [] });
    const put = await call(url, 'PUT', '/__emulator/faults/login', { json: { mode: 'drop' } });
    expect(upstreamError(put.json)?.status).toBe(404);
  });
});

describe('parseCliOptions', () => {
  const defaults = {
    port: DEFAULT_PORT,
    host: '127.0.0.1',
    faults: false,
    log: false,
    help: false,
  };

  const usageProblems = (argv: string[], env: NodeJS.ProcessEnv = {}): readonly string[] => {
    try {
      parseCliOptions(argv, env);
    } catch (error) {
      expect(error).toBeInstanceOf(CliUsageError);
      return (error as CliUsageError).problems;
    }
    throw new Error('expected a CliUsageError');
  };

  it('defaults to port 4001 on loopback, everything off', () => {
    expect(DEFAULT_PORT).toBe(4001);
    expect(parseCliOptions([], {})).toEqual(defaults);
  });

  it('reads every option', () => {
    expect(
      parseCliOptions(
        ['--port', '0', '--host', '0.0.0.0', '--seed', 'seed.json', '--faults', '--log'],
        {},
      ),
    ).toEqual({
      port: 0,
      host: '0.0.0.0',
      seedFile: 'seed.json',
      faults: true,
      log: true,
      help: false,
    });
    expect(parseCliOptions(['--port=65535'], {}).port).toBe(65535);
    expect(parseCliOptions(['--help'], {}).help).toBe(true);
    expect(parseCliOptions(['-h'], {}).help).toBe(true);
  });

  it('takes the port from EMULATOR_PORT when --port is absent', () => {
    expect(parseCliOptions([], { EMULATOR_PORT: '5005' }).port).toBe(5005);
    expect(parseCliOptions(['--port', '6006'], { EMULATOR_PORT: '5005' }).port).toBe(6006);
    expect(parseCliOptions(['--port', '7'], { EMULATOR_PORT: 'junk' }).port).toBe(7);
    expect(parseCliOptions([], { EMULATOR_PORT: '' }).port).toBe(DEFAULT_PORT);
  });

  it('takes the secret key from THOUGHTSPOT_EMULATOR_SECRET_KEY, ignoring an empty one', () => {
    expect(parseCliOptions([], { THOUGHTSPOT_EMULATOR_SECRET_KEY: 'k1' })).toEqual({
      ...defaults,
      secretKey: 'k1',
    });
    expect(parseCliOptions([], { THOUGHTSPOT_EMULATOR_SECRET_KEY: '' })).toEqual(defaults);
  });

  it.each(['abc', '-1', '65536', '1.5', '', ' 80', '0x10', '1e3'])('rejects --port %j', (value) => {
    expect(usageProblems([`--port=${value}`])).toEqual([
      `--port must be a port number from 0 to 65535, not "${value}"`,
    ]);
  });

  it('rejects a bad EMULATOR_PORT, naming the variable', () => {
    expect(usageProblems([], { EMULATOR_PORT: '99999' })).toEqual([
      'EMULATOR_PORT must be a port number from 0 to 65535, not "99999"',
    ]);
  });

  it('lists every problem at once', () => {
    expect(usageProblems(['--port', 'x', '--host', '', '--seed', ''])).toEqual([
      '--port must be a port number from 0 to 65535, not "x"',
      '--host must not be empty',
      '--seed needs a file name',
    ]);
  });

  it.each([[['--nope']], [['positional']], [['--port']], [['--log=true']], [['-x']]])(
    'rejects %j as a usage error',
    (argv) => {
      expect(() => parseCliOptions(argv, {})).toThrow(CliUsageError);
      expect(usageProblems(argv)).toHaveLength(1);
    },
  );
});
