import type { ChildProcessByStdio } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ROOT, collectOutput } from '../support/entry-process';
import { within } from '../support/within';
import type { AppRequest } from './app/app-subgraph';
import { compose, exampleSubgraphs } from './compose';

/**
 * The supergraph's other two processes, started as production starts them: the example app subgraph
 * (`node dist-tools/app/main.js`) and Hive Gateway (its own CLI, from deploy/hive-gateway/, with the
 * configuration file shipped there, on a supergraph composed by The Guild's composer, as Hive's own
 * tools compose it). `npm test` builds the one and installs the other in pretest.
 */

const HIVE_DIR = join(ROOT, 'deploy', 'hive-gateway');
const HIVE_BIN = join(HIVE_DIR, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
const APP_MAIN = join(ROOT, 'dist-tools', 'app', 'main.js');
/** Start-up and exit: generous bounds for a loaded 2-core machine, not measurements. */
const START_MS = 30_000;
const EXIT_MS = 10_000;

type Child = ChildProcessByStdio<null, Readable, Readable>;

interface Running {
  child: Child;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<void>;
}

function run(args: string[], options: { cwd: string; env: Record<string, string> }): Running {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return { child, ...output, exited };
}

async function stop({ child, exited }: Running): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  child.kill('SIGTERM');
  try {
    await within(exited, EXIT_MS, 'an exit after SIGTERM');
  } catch {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Rejects with the process's output if it exits before `ready` settles. */
function unlessExited<T>(running: Running, ready: Promise<T>, what: string): Promise<T> {
  return within(
    Promise.race([
      ready,
      running.exited.then(() => {
        throw new Error(
          `${what} exited before it was ready:\n${running.stdout()}\n${running.stderr()}`,
        );
      }),
    ]),
    START_MS,
    `${what} starting`,
  );
}

export interface AppProcess {
  /** Its GraphQL endpoint. */
  url: string;
  /** Every request it got, and every `_entities` representation, from its output so far. */
  requests(): AppRequest[];
  representations(): Record<string, unknown>[];
  close(): Promise<void>;
}

type AppLine =
  { ready: string } | { request: AppRequest } | { representation: Record<string, unknown> };

export async function startAppProcess(): Promise<AppProcess> {
  if (!existsSync(APP_MAIN))
    throw new Error(
      `${APP_MAIN} is missing: run \`npm run tools:build\` (npm test does it in pretest)`,
    );
  const app = run([APP_MAIN], { cwd: ROOT, env: { PORT: '0' } });
  const lines = () =>
    app
      .stdout()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as AppLine);
  const url = await unlessExited(
    app,
    new Promise<string>((resolve) => {
      const check = () => {
        const ready = lines().find((line): line is { ready: string } => 'ready' in line);
        if (ready === undefined) return;
        app.child.stdout.off('data', check);
        resolve(ready.ready);
      };
      app.child.stdout.on('data', check);
    }),
    'the app subgraph',
  );
  return {
    url,
    requests: () => lines().flatMap((line) => ('request' in line ? [line.request] : [])),
    representations: () =>
      lines().flatMap((line) => ('representation' in line ? [line.representation] : [])),
    close: () => stop(app),
  };
}

export interface HiveProcess {
  /** The supergraph's GraphQL endpoint, e.g. http://127.0.0.1:43117/graphql */
  url: string;
  /** Its base URL, for the routes around it (/healthcheck, /readiness). */
  base: string;
  stdout(): string;
  stderr(): string;
  close(): Promise<void>;
}

/** A port free now. Hive's CLI logs the port it was given, not the one port 0 would choose. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** Resolves once Hive answers /readiness; gives up (unresolved) once the process has exited. */
async function readiness(base: string, running: Running): Promise<void> {
  while (running.child.exitCode === null && running.child.signalCode === null) {
    try {
      const res = await fetch(`${base}/readiness`);
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface HiveOptions {
  /** CORS_ALLOWED_ORIGINS of deploy/hive-gateway/gateway.config.ts. */
  corsAllowedOrigins?: readonly string[];
}

/** Hive Gateway in front of the two subgraphs at these URLs; retried on a port taken meanwhile. */
export async function startHiveGateway(
  urls: { thoughtspot: string; app: string },
  options: HiveOptions = {},
): Promise<HiveProcess> {
  if (!existsSync(HIVE_BIN))
    throw new Error(
      `${HIVE_BIN} is missing: run \`bash .ci/install-hive-gateway\` (npm test does it in pretest)`,
    );
  const composition = compose(exampleSubgraphs(ROOT, urls));
  if (!composition.ok) throw new Error(composition.problems.join('\n'));
  const dir = await mkdtemp(join(tmpdir(), 'hive-supergraph-'));
  const supergraph = join(dir, 'supergraph.graphql');
  await writeFile(supergraph, composition.guildSupergraphSdl);
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const base = `http://127.0.0.1:${String(port)}`;
    const hive = run(
      [
        HIVE_BIN,
        'supergraph',
        supergraph,
        '--config-path',
        join(HIVE_DIR, 'gateway.config.ts'),
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
      ],
      {
        cwd: HIVE_DIR,
        env: {
          CORS_ALLOWED_ORIGINS: (options.corsAllowedOrigins ?? []).join(','),
          LOG_FORMAT: 'json',
        },
      },
    );
    try {
      await unlessExited(hive, readiness(base, hive), 'Hive Gateway');
    } catch (error) {
      await stop(hive);
      if (attempt < 3 && hive.stderr().includes('EADDRINUSE')) continue;
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    return {
      url: `${base}/graphql`,
      base,
      stdout: hive.stdout,
      stderr: hive.stderr,
      async close() {
        await stop(hive);
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
}
