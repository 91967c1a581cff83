import { execFile } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULTS } from '../../src/config';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import type { EntryProcess } from '../support/entry-process';
import { ROOT, startEntry } from '../support/entry-process';
import type { Stage } from '../support/dockerfile';
import {
  copyOf,
  dockerignore,
  envOf,
  execForm,
  filesBelow,
  parseDockerfile,
} from '../support/dockerfile';
import { call, cookieHeader } from '../support/http';

/**
 * The image recipe, checked without a Docker engine: the Dockerfile is read and its stages are
 * replayed in a temporary folder (one folder per stage standing for its filesystem), with the
 * build context filtered by .dockerignore. The production install (`npm ci --omit=dev`) runs as
 * written, from npm's local cache; the build stage's full `npm ci` is stood in for by the
 * repository's node_modules (installed by `npm ci` from the same lockfile) and its `npm run build`
 * runs as written. Then the runtime stage's CMD starts with its ENV and THOUGHTSPOT_URL at an
 * emulator, and its HEALTHCHECK command runs against it.
 */

// npm ci and a TypeScript build on a busy machine: generous, for this file only.
jest.setTimeout(300_000);

const dockerfileText = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const stages = parseDockerfile(dockerfileText);
const runtime = stages.at(-1) as Stage;
const ignored = dockerignore(readFileSync(path.join(ROOT, '.dockerignore'), 'utf8'));
const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
};

const argsOf = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

/** The one instruction of a keyword in a stage (the last wins in Docker; here there is one). */
function only(stage: Stage, keyword: string): string {
  const found = argsOf(stage, keyword);
  expect(found).toHaveLength(1);
  return found[0] ?? '';
}

/** HEALTHCHECK [options] CMD [...] → the exec form. */
function healthcheckCommand(): string[] {
  const match = /^((?:--[a-z-]+=\S+\s+)*)CMD\s+(\[.*\])$/.exec(only(runtime, 'HEALTHCHECK'));
  if (!match?.[2]) throw new Error('HEALTHCHECK must be `[options] CMD [exec form]`');
  return execForm(match[2]);
}

describe('the Dockerfile, as written', () => {
  it('is multi-stage, every stage on one Node.js slim image pinned to an exact release', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const images = new Set(stages.map((s) => s.image));
    expect(images.size).toBe(1);
    const [image = ''] = images;
    const match = /^node:(\d+)\.(\d+)\.(\d+)-[a-z]+-slim(@sha256:[0-9a-f]{64})?$/.exec(image);
    expect(match).not.toBeNull();
    // The release line the project runs on and declares (engines: >=20.19.0).
    const [major, minor] = [Number(match?.[1]), Number(match?.[2])];
    expect(major).toBe(Number(process.versions.node.split('.')[0]));
    expect(packageJson.engines.node).toBe('>=20.19.0');
    expect(major > 20 || (major === 20 && minor >= 19)).toBe(true);
  });

  it('runs as a non-root user, in production mode, on the default port, with the start command', () => {
    expect(envOf(only(runtime, 'ENV'))).toEqual({
      NODE_ENV: 'production',
      NODE_OPTIONS: '--max-old-space-size=128 --max-semi-space-size=4',
    });
    const user = only(runtime, 'USER');
    expect(user).toBe('node');
    expect(['root', '0', '0:0']).not.toContain(user);
    // The user is set before the command runs (nothing after it switches back).
    const keywords = runtime.instructions.map((i) => i.keyword);
    expect(keywords.indexOf('USER')).toBeLessThan(keywords.indexOf('CMD'));
    expect(only(runtime, 'EXPOSE')).toBe(String(DEFAULTS.port));
    expect(execForm(only(runtime, 'CMD'))).toEqual(['node', 'dist/index.js']);
    expect(packageJson.scripts.start).toBe('node dist/index.js');
  });

  it('installs and builds nothing in the runtime stage: it copies the production install and dist/', () => {
    expect(argsOf(runtime, 'RUN')).toEqual([]);
    const copies = argsOf(runtime, 'COPY').map(copyOf);
    const fromStages = copies.filter((c) => c.from !== undefined);
    for (const copy of fromStages)
      expect(stages.slice(0, -1).map((s) => s.name)).toContain(copy.from);
    const deps = stages.find((s) => argsOf(s, 'RUN').some((r) => /^npm ci\b.*--omit=dev/.test(r)));
    const build = stages.find((s) => argsOf(s, 'RUN').includes('npm run build'));
    expect(deps).toBeDefined();
    expect(build).toBeDefined();
    // The build stage installs the dev dependencies (it needs TypeScript).
    expect(
      argsOf(build as Stage, 'RUN').some((r) => /^npm ci\b/.test(r) && !r.includes('--omit')),
    ).toBe(true);
    expect(fromStages.map((c) => `${c.from} ${c.sources.join(' ')}`).sort()).toEqual(
      [`${deps?.name} /app/node_modules`, `${build?.name} /app/dist`].sort(),
    );
  });

  it('checks its health with node itself, on /healthz (the slim image has no curl)', () => {
    const command = healthcheckCommand();
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toContain('/healthz');
    expect(command.join(' ')).not.toMatch(/\b(curl|wget)\b/);
  });

  it('keeps installs, builds, secrets and history out of the build context', () => {
    for (const p of [
      'node_modules',
      'dist',
      '.git',
      '.env',
      '.env.production',
      'coverage',
      'x.log',
    ])
      expect(ignored(p)).toBe(true);
    for (const p of [
      'package.json',
      'package-lock.json',
      '.npmrc',
      'tsconfig.json',
      'src/index.ts',
    ])
      expect(ignored(p)).toBe(false);
  });
});

interface Replayed {
  /** The folder standing for the stage's "/". */
  root: string;
  workdir: string;
  env: Record<string, string>;
}

describe('the image, replayed', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'gateway-image-'));
  const replayed = new Map<string, Replayed>();
  let ts: TestEmulator;
  let app: Replayed;
  let env: Record<string, string>;
  const runs: EntryProcess[] = [];

  /** Runs a shell command as a RUN would, in the stage's working directory. */
  function run(command: string, stage: Replayed): Promise<void> {
    return new Promise((resolve, reject) => {
      execFile(
        '/bin/sh',
        ['-c', command],
        {
          cwd: stage.workdir,
          // npm from its local cache, as CI has just filled it; nothing else from this environment.
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '',
            npm_config_prefer_offline: 'true',
            ...stage.env,
          },
          maxBuffer: 16 * 1024 * 1024,
        },
        (error, _stdout, stderr) => {
          if (error) reject(new Error(`RUN ${command} failed:\n${stderr}`));
          else resolve();
        },
      );
    });
  }

  /** COPY: from the build context (filtered by .dockerignore) or from an earlier stage. */
  function copy(args: string, stage: Replayed): void {
    const { from, sources, destination } = copyOf(args);
    const target = path.join(destination.startsWith('/') ? stage.root : stage.workdir, destination);
    const intoDirectory = destination.endsWith('/') || sources.length > 1;
    for (const source of sources) {
      if (from !== undefined) {
        const origin = replayed.get(from);
        if (origin === undefined) throw new Error(`COPY --from=${from}: no such stage replayed`);
        // A directory's contents go to the destination, as Docker copies them.
        cpSync(path.join(origin.root, source), target, { recursive: true });
        continue;
      }
      if (!existsSync(path.join(ROOT, source)))
        throw new Error(`COPY ${source}: not in the context`);
      const files = filesBelow(ROOT, source).filter((file) => !ignored(file));
      if (files.length === 0) throw new Error(`COPY ${source}: excluded by .dockerignore`);
      const isDirectory = statSync(path.join(ROOT, source)).isDirectory();
      for (const file of files) {
        const relative = isDirectory ? path.relative(source, file) : path.basename(file);
        const to = isDirectory || intoDirectory ? path.join(target, relative) : target;
        mkdirSync(path.dirname(to), { recursive: true });
        copyFileSync(path.join(ROOT, file), to);
      }
    }
  }

  async function replay(stage: Stage): Promise<Replayed> {
    const root = path.join(scratch, stage.name);
    const state: Replayed = { root, workdir: root, env: {} };
    mkdirSync(root, { recursive: true });
    for (const { keyword, args, line } of stage.instructions) {
      if (keyword === 'WORKDIR') {
        state.workdir = path.join(args.startsWith('/') ? root : state.workdir, args);
        mkdirSync(state.workdir, { recursive: true });
      } else if (keyword === 'ENV') Object.assign(state.env, envOf(args));
      else if (keyword === 'COPY') copy(args, state);
      else if (keyword === 'RUN') {
        if (/^npm ci\b/.test(args) && !args.includes('--omit=dev'))
          // The full install: the repository's own, from the same lockfile.
          symlinkSync(path.join(ROOT, 'node_modules'), path.join(state.workdir, 'node_modules'));
        else if (
          /^npm ci\b/.test(args) ||
          args === 'npm run build' ||
          args === 'rm -rf dist/emulator'
        )
          await run(args, state);
        else throw new Error(`line ${line}: RUN ${args} is not replayed`);
      } else if (!['USER', 'EXPOSE', 'HEALTHCHECK', 'CMD'].includes(keyword))
        throw new Error(`line ${line}: ${keyword} is not replayed`);
    }
    replayed.set(stage.name, state);
    return state;
  }

  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  /** Runs the HEALTHCHECK command as Docker would inside the container; resolves with its exit code. */
  function healthcheck(): Promise<number> {
    const [command, ...args] = healthcheckCommand();
    return new Promise((resolve) => {
      execFile(
        command === 'node' ? process.execPath : (command ?? ''),
        args,
        { cwd: app.workdir, env, timeout: 10_000 },
        (error) => {
          resolve(error ? (typeof error.code === 'number' ? error.code : -1) : 0);
        },
      );
    });
  }

  beforeAll(async () => {
    for (const stage of stages) await replay(stage);
    app = replayed.get(runtime.name) as Replayed;
    ts = await startTestEmulator();
    env = {
      ...app.env,
      THOUGHTSPOT_URL: ts.emulator.url,
      // The image listens on 0.0.0.0 (the production default); a test listens on loopback only.
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
    };
  });
  afterAll(async () => {
    // Even after a failed replay, when there is no emulator to close.
    rmSync(scratch, { recursive: true, force: true });
    for (const r of runs) await r.kill();
    await (ts as TestEmulator | undefined)?.close();
  });

  it('holds the production install, dist/ and package.json, and nothing else', () => {
    expect(readdirSync(app.workdir).sort()).toEqual(['dist', 'node_modules', 'package.json']);
    expect(existsSync(path.join(app.workdir, 'dist', 'index.js'))).toBe(true);
    // The emulator is for development and tests only.
    expect(existsSync(path.join(app.workdir, 'dist', 'emulator'))).toBe(false);
    const modules = path.join(app.workdir, 'node_modules');
    for (const runtimeDependency of ['@apollo/server', 'prom-client', 'undici', 'pino'])
      expect(existsSync(path.join(modules, runtimeDependency))).toBe(true);
    for (const devDependency of ['typescript', 'jest', 'eslint', 'ts-jest', 'playwright-core'])
      expect(existsSync(path.join(modules, devDependency))).toBe(false);
  });

  it('starts with its CMD and ENV, serves GraphQL, passes its HEALTHCHECK, and stops on SIGTERM', async () => {
    const [command, ...args] = execForm(only(runtime, 'CMD'));
    expect(command).toBe('node');
    const gateway = startEntry(env, { cwd: app.workdir, args });
    runs.push(gateway);
    const url = await gateway.ready();
    expect(url).toBe(`http://127.0.0.1:${env.PORT}`);
    // Production mode: no emulator fallback, introspection off.
    expect(gateway.lines().find((l) => l.msg.startsWith('GraphQL gateway ready'))).toMatchObject({
      upstream: ts.emulator.url,
    });

    expect(await healthcheck()).toBe(0);
    expect((await call(url, 'GET', '/readyz')).status).toBe(200);
    const login = await call(url, 'POST', '/graphql', {
      json: {
        query: 'mutation { login(input: {userName: "tsadmin", password: "admin"}) { userName } }',
      },
    });
    expect(login.json).toEqual({ data: { login: { userName: 'tsadmin' } } });
    const session = await call(url, 'POST', '/graphql', {
      json: { query: '{ session { userName } }' },
      cookie: cookieHeader(login.setCookie),
    });
    expect(session.json).toEqual({ data: { session: { userName: 'tsadmin' } } });
    const introspection = await call(url, 'POST', '/graphql', {
      json: { query: '{ __schema { types { name } } }' },
    });
    expect(introspection.json).toMatchObject({
      errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
    });

    expect(await gateway.stop('SIGTERM', 15_000)).toEqual({ code: 0, signal: null });
    expect(gateway.stderr()).toBe('');
    // And the health check can fail: nothing listens any more.
    expect(await healthcheck()).not.toBe(0);
  });
});
