import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The flood's two processes, on 127.0.0.1 and free ports: the emulator's command line, and the
 * production gateway (`NODE_ENV=production node --expose-gc --max-old-space-size=128
 * dist/index.js`, docs/performance.md's container advice) with a probe preloaded that reports its heap
 * after a full collection.
 */

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

// Preloaded into the gateway: on "memory" over IPC, a full collection (twice: the first runs
// finalizers that free more for the second), then the heap. Never keeps the process alive.
export const PROBE = `
process.on('message', (message) => {
  if (message !== 'memory') return;
  global.gc();
  global.gc();
  process.send(process.memoryUsage());
});
process.channel.unref();
`;

export interface Child {
  process: ChildProcess;
  url: string;
}

export interface Gateway extends Child {
  /** Its heap after a full collection. */
  heap(): Promise<number>;
  /** stdout lines at warn level or above, anything on stderr. */
  problems: string[];
}

const START_MS = 30_000;

function started(
  child: ChildProcess,
  ready: RegExp,
  onLine: (line: string) => void = () => undefined,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not ready in time')), START_MS);
    createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
      const url = ready.exec(line)?.[1];
      if (url === undefined) onLine(line);
      else {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${String(code ?? signal)}) before it was ready`));
    });
  });
}

export async function startEmulator(children: ChildProcess[]): Promise<Child> {
  const child = spawn(process.execPath, [path.join(DIST, 'emulator', 'cli.js'), '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const url = await started(
    child,
    /^ThoughtSpot emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/,
  );
  return { process: child, url };
}

export async function startGateway(
  children: ChildProcess[],
  options: { thoughtspotUrl: string; probe: string; env: Record<string, string> },
): Promise<Gateway> {
  const child = spawn(
    process.execPath,
    // FLOOD_NODE_OPTIONS: the heap flags to flood the gateway with (the Dockerfile's NODE_OPTIONS, to
    // measure them); by default the old-space cap the flood was written for.
    [
      '--expose-gc',
      ...(process.env.FLOOD_NODE_OPTIONS?.trim().split(/\s+/) ?? ['--max-old-space-size=128']),
      '-r',
      options.probe,
      path.join(DIST, 'index.js'),
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        THOUGHTSPOT_URL: options.thoughtspotUrl,
        HOST: '127.0.0.1',
        PORT: '0',
        // info, for the "ready" line; the access lines are read and dropped.
        LOG_LEVEL: 'info',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  children.push(child);
  const problems: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => problems.push(chunk.toString('utf8')));
  const url = await started(child, /ready at (http:\/\/127\.0\.0\.1:\d+)\//, (line) => {
    // pino's levels: 40 is warn.
    if (!line.startsWith('{') || (JSON.parse(line) as { level: number }).level >= 40)
      problems.push(line);
  });
  return {
    process: child,
    url,
    problems,
    heap: () =>
      new Promise((resolve, reject) => {
        const exited = () => reject(new Error('the gateway exited'));
        child.once('exit', exited);
        child.once('message', (usage) => {
          child.off('exit', exited);
          resolve((usage as NodeJS.MemoryUsage).heapUsed);
        });
        child.send('memory');
      }),
  };
}
