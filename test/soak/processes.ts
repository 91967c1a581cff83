import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { SoakUser } from './users';

/**
 * The two processes the soak drives, as they run in production: the emulator's command line
 * (`dist/emulator/cli.js`, fault injection on) and the gateway's entry point (`dist/index.js`)
 * in front of it, both on 127.0.0.1 and free ports. Only loopback is used.
 */

const ROOT = path.join(__dirname, '..', '..', '..');
const DIST = path.join(ROOT, 'dist');

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

const stopper = (child: ChildProcess) => () =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

export async function startEmulator(users: readonly SoakUser[], secretKey: string): Promise<Child> {
  const seedFile = path.join(tmpdir(), `soak-seed-${process.pid}.json`);
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
  const url = await started(
    child,
    (line) => /^ThoughtSpot emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1],
    () => undefined,
  );
  return { process: child, url, stop: stopper(child) };
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
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
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
    stop: stopper(child),
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
