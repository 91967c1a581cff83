import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntryProcess } from '../support/entry-process';
import { ROOT, startEntry } from '../support/entry-process';
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

/** Stops the process with SIGTERM, then SIGKILL if it is still there after EXIT_MS. */
async function stop(running: EntryProcess): Promise<void> {
  try {
    await running.stop('SIGTERM', EXIT_MS);
  } catch {
    await running.kill();
  }
}

export interface AppProcess {
  /** Its GraphQL endpoint. */
  url: string;
  /** Every request it got, and every `_entities` representation, from its output so far. */
  requests(): AppRequest[];
  representations(): Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startAppProcess(): Promise<AppProcess> {
  if (!existsSync(APP_MAIN))
    throw new Error(
      `${APP_MAIN} is missing: run \`npm run tools:build\` (npm test does it in pretest)`,
    );
  const app = startEntry({}, { args: [APP_MAIN] });
  const ready = await app.line((line) => 'ready' in line, START_MS);
  // Its lines are not pino's: each has exactly one of `ready`, `request` or `representation`.
  const records = <K extends 'request' | 'representation'>(key: K) =>
    app.lines().flatMap((line) => (key in line ? [line[key] as AppRecord[K]] : []));
  return {
    url: String(ready.ready),
    requests: () => records('request'),
    representations: () => records('representation'),
    close: () => stop(app),
  };
}

interface AppRecord {
  request: AppRequest;
  representation: Record<string, unknown>;
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
async function readiness(base: string, running: EntryProcess): Promise<void> {
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
    // startEntry's HOST and PORT are what Hive's CLI reads too; the flags say them again, plainly.
    const hive = startEntry(
      {
        HOST: '127.0.0.1',
        PORT: String(port),
        CORS_ALLOWED_ORIGINS: (options.corsAllowedOrigins ?? []).join(','),
        LOG_FORMAT: 'json',
      },
      {
        cwd: HIVE_DIR,
        args: [
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
      },
    );
    try {
      const exited = hive.exited.then(() => {
        throw new Error(
          `Hive Gateway exited before it was ready:\n${hive.stdout()}\n${hive.stderr()}`,
        );
      });
      // Once ready, Hive exits only when closed: that rejection is nobody's to handle.
      exited.catch(() => undefined);
      await within(
        Promise.race([readiness(base, hive), exited]),
        START_MS,
        'Hive Gateway starting',
      );
    } catch (error) {
      await stop(hive);
      if (attempt < 3 && hive.stderr().includes('EADDRINUSE')) continue;
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    return {
      url: `${base}/graphql`,
      base,
      stdout: () => hive.stdout(),
      stderr: () => hive.stderr(),
      async close() {
        await stop(hive);
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
}
