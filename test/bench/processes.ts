import type { ChildProcess } from 'node:child_process';
import { fork, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { HeapReport } from './gateway-process';
import type { ApiName } from './options';

/** The benchmark's processes: the emulator, the baseline proxy, the gateway, each on its own. */

/** The repository: the nearest folder up from here with a package.json (from test/ or dist-bench/). */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export interface Started {
  child: ChildProcess;
  pid: number;
  /** The base URL the process said it listens on. */
  url: string;
  /** The last lines it wrote, for a report of what went wrong. */
  recentOutput(): string;
}

/**
 * Waits for the process to print a line matching `ready` (its first group is the URL), keeps
 * draining its output afterwards (a full pipe would stall it) and remembers the last lines.
 */
function whenReady(child: ChildProcess, ready: RegExp, what: string): Promise<Started> {
  const lines: string[] = [];
  const recentOutput = () => lines.join('\n');
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      fail(new Error(`${what} did not start within 30 s:\n${recentOutput()}`));
    }, 30_000);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue;
        lines.push(line);
        if (lines.length > 40) lines.shift();
        const match = settled ? null : ready.exec(line);
        if (match?.[1] !== undefined && child.pid !== undefined) {
          settled = true;
          clearTimeout(timer);
          resolve({ child, pid: child.pid, url: match[1], recentOutput });
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      fail(
        new Error(
          `${what} exited (${code ?? signal ?? '?'}) before it was ready:\n${recentOutput()}`,
        ),
      );
    });
  });
}

const nodeArgs = (root: string, script: string, args: string[] = []) => [
  join(root, script),
  ...args,
];

export function startEmulator(root: string): Promise<Started> {
  // --faults for the control API's request counters; no fault rule is ever set.
  const child = spawn(
    process.execPath,
    nodeArgs(root, 'dist/emulator/cli.js', ['--port', '0', '--faults']),
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '' },
    },
  );
  return whenReady(child, /listening on (http:\/\/\S+)/, 'the emulator');
}

export function startProxy(root: string, upstream: string): Promise<Started> {
  const child = spawn(process.execPath, nodeArgs(root, 'dist-bench/proxy-process.js', [upstream]), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '' },
  });
  return whenReady(child, /proxy listening on (http:\/\/\S+)/, 'the proxy');
}

/** The environment the gateway runs with: production, loopback, a free port, ThoughtSpot = the emulator. */
export function gatewayEnv(thoughtspotUrl: string, api: ApiName): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    THOUGHTSPOT_URL: thoughtspotUrl,
    THOUGHTSPOT_API: api,
    HOST: '127.0.0.1',
    PORT: '0',
    UPSTREAM_HTTP1_KEEP_ALIVE: process.env.UPSTREAM_HTTP1_KEEP_ALIVE ?? 'false',
  };
}

const GATEWAY_READY = /GraphQL gateway ready at (http:\/\/[^\s"/]+)/;

/** `node dist/index.js`, exactly as in production. */
export function startGateway(root: string, thoughtspotUrl: string, api: ApiName): Promise<Started> {
  const child = spawn(process.execPath, nodeArgs(root, 'dist/index.js'), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: gatewayEnv(thoughtspotUrl, api),
  });
  return whenReady(child, GATEWAY_READY, 'the gateway');
}

export interface GatewayWithHeap extends Started {
  /** Heap in use after a full garbage collection. */
  heap(): Promise<HeapReport>;
}

/** dist/index.js through test/bench/gateway-process.ts: the same gateway, plus --expose-gc and IPC. */
export async function startGatewayWithHeap(
  root: string,
  thoughtspotUrl: string,
  api: ApiName,
): Promise<GatewayWithHeap> {
  const child = fork(join(root, 'dist-bench/gateway-process.js'), [], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: gatewayEnv(thoughtspotUrl, api),
  });
  const started = await whenReady(child, GATEWAY_READY, 'the gateway');
  return {
    ...started,
    heap: () =>
      new Promise((resolve) => {
        child.once('message', (report) => {
          resolve(report as HeapReport);
        });
        child.send('heap');
      }),
  };
}

/** SIGTERM, then SIGKILL if it has not exited within 5 s. */
export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Milliseconds from spawning `node dist/index.js` to the first answered query (`ask` it). */
export async function measureColdStart(
  root: string,
  thoughtspotUrl: string,
  api: ApiName,
  ask: (url: string) => Promise<void>,
): Promise<number> {
  const startedAt = performance.now();
  const gateway = await startGateway(root, thoughtspotUrl, api);
  try {
    await ask(gateway.url);
    return performance.now() - startedAt;
  } finally {
    await stop(gateway.child);
  }
}
