import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { SoakUser } from './users';

/**
 * The two processes the soak drives, as they run in production: the emulator's command line
 * (`dist/emulator/cli.js`, fault injection on) and the gateway's entry point (`dist/index.js`)
 * in front of it, both on 127.0.0.1 and free ports. Only loopback is used. `stopAll` ends every
 * child still running and removes the soak's temporary files: the soak calls it however it ends.
 */

// The checkout the soak runs in (npm runs scripts from the package's root): not a path from this
// compiled file, which sits under node_modules/, and node_modules may be a link to another checkout.
const ROOT = process.cwd();
const DIST = path.join(ROOT, 'dist');
/** How long a child may take to exit after SIGTERM before it is killed. */
const STOP_MS = 10_000;

export interface MemoryUsage {
  heapUsed: number;
  rss: number;
}

export interface Child {
  process: ChildProcess;
  /** The base URL it printed when ready. */
  url: string;
  stop(): Promise<void>;
}

export interface Gateway extends Child {
  /** Its memory after a full collection (through the probe preloaded into it). */
  memory(): Promise<MemoryUsage>;
  /** stdout lines that are access log lines so far. */
  accessLines(): number;
  /** stdout lines at warn level or above so far, and anything on stderr. */
  problems(): string[];
}

function started(
  child: ChildProcess,
  ready: (line: string) => string | undefined,
  onLine: (line: string) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const lines = createInterface({ input: child.stdout ?? process.stdin });
    lines.on('line', (line) => {
      onLine(line);
      if (output.length < 10_000) output += `${line}\n`;
      const url = ready(line);
      if (url !== undefined) resolve(url);
    });
    child.once('exit', (code) => {
      reject(new Error(`exited with ${String(code)} before it was ready:\n${output}`));
    });
  });
}

/** Every child and temporary directory not yet stopped or removed, each with what ends it. */
const running = new Set<() => Promise<void>>();

/** Stops every child still running and removes the temporary files (once each, however called). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((stop) => stop()));
}

function registered(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const once = () => {
    stopping ??= stop().finally(() => running.delete(once));
    return stopping;
  };
  running.add(once);
  return once;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** SIGTERM, then SIGKILL if it has not exited after STOP_MS; resolves once it has exited. */
const stopper = (child: ChildProcess) =>
  registered(
    () =>
      new Promise<void>((resolve) => {
        if (exited(child)) {
          resolve();
          return;
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_MS);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  );

/** A directory of its own under the system's temporary directory, removed by stopAll. */
function temporaryDirectory(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'soak-'));
  registered(() => {
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  });
  return dir;
}

export async function startEmulator(users: readonly SoakUser[], secretKey: string): Promise<Child> {
  const seedFile = path.join(temporaryDirectory(), 'seed.json');
  const orgs = [
    { id: 0, name: 'Primary' },
    ...users.map((u) => ({ id: u.org, name: `Org ${u.org}` })),
  ];
  writeFileSync(
    seedFile,
    JSON.stringify({
      orgsEnabled: true,
      orgs,
      users: users.map((u) => ({
        name: u.userName,
        password: u.password,
        displayName: u.userName,
        guid: u.guid,
        email: `${u.userName}@example.com`,
        privileges: ['AUTHORING'],
        orgs: [0, u.org],
      })),
      trustedAuth: { enabled: true, secretKey },
    }),
  );
  const child = spawn(
    process.execPath,
    [path.join(DIST, 'emulator', 'cli.js'), '--port', '0', '--faults', '--seed', seedFile],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const stop = stopper(child);
  const url = await started(
    child,
    (line) => /^ThoughtSpot emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1],
    () => undefined,
  );
  return { process: child, url, stop };
}

/**
 * THOUGHTSPOT_API's values (src/contract/endpoint.ts): written here, since the soak is compiled on
 * its own (rootDir test/soak) and runs the built gateway, not its sources.
 */
export const API_NAMES = ['2.0', 'beta'] as const;
export type ApiName = (typeof API_NAMES)[number];

export async function startGateway(
  thoughtspotUrl: string,
  timeoutMs: number,
  api: ApiName,
): Promise<Gateway> {
  const probe = path.join(__dirname, 'memory-probe.js');
  const child = spawn(process.execPath, ['--expose-gc', '-r', probe, path.join(DIST, 'index.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      THOUGHTSPOT_URL: thoughtspotUrl,
      THOUGHTSPOT_API: api,
      HOST: '127.0.0.1',
      PORT: '0',
      UPSTREAM_TIMEOUT_MS: String(timeoutMs),
      LOG_LEVEL: 'info',
      // Every access line is counted against the requests: a queue the soak's own reading, slowed
      // by a busy machine, cannot overflow.
      LOG_BUFFER_BYTES: String(64 * 1024 * 1024),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const stop = stopper(child);
  let accessLines = 0;
  const problems: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => problems.push(`stderr: ${chunk}`));
  const url = await started(
    child,
    (line) =>
      /"msg":"GraphQL gateway ready at (http:\/\/127\.0\.0\.1:\d+)\/graphql"/.exec(line)?.[1],
    (line) => {
      if (line.includes('"msg":"request"')) accessLines++;
      // Upstream failures are expected while faults are on; anything else at warn or above is not.
      else if (/"level":(4|5|6)0/.test(line) && !line.includes('"msg":"upstream failure: '))
        problems.push(line);
    },
  );
  return {
    process: child,
    url,
    stop,
    accessLines: () => accessLines,
    problems: () => [...problems],
    memory: () =>
      new Promise<MemoryUsage>((resolve, reject) => {
        child.once('message', (usage: MemoryUsage & { collected: boolean }) => {
          if (usage.collected) resolve(usage);
          else reject(new Error('the gateway was not started with --expose-gc'));
        });
        child.send('memory');
      }),
  };
}
