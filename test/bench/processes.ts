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
 * How the benchmark reads a server's stdout once it is ready. `fast`: as a container runtime does,
 * a pipe drained as fast as it fills (each chunk taken as it comes, nothing parsed). `slow`: a
 * reader that takes `bytesPerSecond` at most (a stalled log shipper): after each chunk, the pipe is
 * left unread for as long as that chunk is worth, so it fills and the server's writes wait.
 */
export type LogReader = { kind: 'fast' } | { kind: 'slow'; bytesPerSecond: number };

/** How long a slow reader leaves the pipe unread after a chunk of `bytes`. */
export function slowReaderPauseMs(bytes: number, bytesPerSecond: number): number {
  return Math.ceil((bytes / bytesPerSecond) * 1000);
}

/**
 * Waits for the process to print a line matching `ready` (its first group is the URL), keeps
 * draining its output afterwards (a full pipe would stall it) and remembers the last lines.
 */
function whenReady(
  child: ChildProcess,
  ready: RegExp,
  what: string,
  reader: LogReader = { kind: 'fast' },
): Promise<Started> {
  const lines: string[] = [];
  let tail = '';
  const recentOutput = () => [...lines, tail].join('\n');
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
      // Once ready, only the last chunk is kept, for a report of what went wrong: the reader's
      // own work stays small, as a runtime's copy to its log file is.
      if (settled) {
        tail = chunk.toString('utf8', Math.max(0, chunk.length - 4096));
        return;
      }
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
    const stdout = child.stdout;
    stdout?.on('data', (chunk: Buffer) => {
      onData(chunk);
      if (settled && reader.kind === 'slow') {
        stdout.pause();
        setTimeout(() => stdout.resume(), slowReaderPauseMs(chunk.length, reader.bytesPerSecond));
      }
    });
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

/** The floor (floor.ts), production mode, with the gateway's upstream connection use. */
export function startFloor(
  root: string,
  upstream: string,
  api: ApiName,
  execArgv: readonly string[] = [],
): Promise<Started> {
  const child = spawn(
    process.execPath,
    [...execArgv, ...nodeArgs(root, 'dist-bench/floor-process.js', [upstream, api])],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        UPSTREAM_HTTP1_KEEP_ALIVE: gatewayEnv(upstream, api).UPSTREAM_HTTP1_KEEP_ALIVE,
      },
    },
  );
  return whenReady(child, /floor listening on (http:\/\/\S+)/, 'the floor');
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
  reader: LogReader = { kind: 'fast' },
  execArgv: readonly string[] = [],
): Promise<GatewayWithHeap> {
  const child = fork(join(root, 'dist-bench/gateway-process.js'), [], {
    execArgv: ['--expose-gc', ...execArgv],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: gatewayEnv(thoughtspotUrl, api),
  });
  const started = await whenReady(child, GATEWAY_READY, 'the gateway', reader);
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
