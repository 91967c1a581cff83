import type { ChildProcessByStdio } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { API } from './api';
import { within } from './within';

/**
 * The real entry point (`node dist/index.js`, what `npm start` and the image run) as a child
 * process with only the environment given (plus PATH), its output collected as pino lines.
 * dist/ must be built first (`npm test` does it in pretest; alone, run `npm run build`).
 */

export const ROOT = path.join(__dirname, '..', '..');
export const ENTRY = path.join(ROOT, 'dist', 'index.js');
/** The "ready" line; its group is the base URL (the GraphQL endpoint is `${base}/graphql`). */
export const READY = /^GraphQL gateway ready at (http:\/\/127\.0\.0\.1:\d+)\/graphql$/;
/** Start-up, an exit after a signal: generous bounds, not measurements. */
const START_MS = 15_000;
const EXIT_MS = 5_000;

export type LogLine = Record<string, unknown> & { level: number; msg: string };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EntryProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything written to stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** stdout as pino lines; throws if a line is not JSON. */
  lines(): LogLine[];
  /** Settles when the process has exited and its output is closed. */
  exited: Promise<Exit>;
  /** The base URL from the "ready" line; rejects if the process exits first. */
  ready(): Promise<string>;
  /**
   * The line of the start-up call to ThoughtSpot (which API answers, or why it is not ready). That
   * call is made after the "ready" line without waiting: a test that sets an emulator fault on the
   * session endpoint waits for it first, or the fault may take that call instead of the test's.
   */
  checked(): Promise<LogLine>;
  /** Resolves with the first stdout line that passes `test`; rejects if the process exits first. */
  line(test: (line: LogLine) => boolean, ms?: number): Promise<LogLine>;
  /** Sends the signal and resolves with the exit once stdout and stderr are closed, within `ms`. */
  stop(signal?: NodeJS.Signals, ms?: number): Promise<Exit>;
  /** SIGKILL if still running, then waits for the exit. */
  kill(): Promise<void>;
}

export interface EntryOptions {
  /** The working directory: the repository by default. */
  cwd?: string;
  /** node's arguments: `[ENTRY]` by default; flags go before the script, e.g. `['--inspect', ENTRY]`. */
  args?: readonly string[];
}

/** Everything a child writes to stdout and stderr, as text, collected as it comes. */
export function collectOutput(child: ChildProcessByStdio<null, Readable, Readable>): {
  stdout: () => string;
  stderr: () => string;
} {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return { stdout: () => stdout, stderr: () => stderr };
}

/** Starts `node dist/index.js` (or `node ...args`) on 127.0.0.1, port 0 unless `env` says. */
export function startEntry(env: Record<string, string>, options: EntryOptions = {}): EntryProcess {
  if (options.args === undefined && !existsSync(ENTRY))
    throw new Error(`${ENTRY} is missing: run \`npm run build\` (npm test does it in pretest)`);
  const child = spawn(process.execPath, options.args ?? [ENTRY], {
    cwd: options.cwd ?? ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      THOUGHTSPOT_API: API,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const { stdout, stderr } = output;
  const exited = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => {
      resolve({ code, signal });
    });
  });
  const lines = () =>
    stdout()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LogLine);

  function line(test: (line: LogLine) => boolean, ms = START_MS): Promise<LogLine> {
    return within(
      new Promise<LogLine>((resolve, reject) => {
        const check = () => {
          const found = lines().find(test);
          if (found === undefined) return;
          child.stdout.off('data', check);
          resolve(found);
        };
        child.stdout.on('data', check);
        check();
        void exited.then(({ code, signal }) => {
          reject(new Error(`exited (${String(code ?? signal)}):\n${stdout()}\n${stderr()}`));
        });
      }),
      ms,
      'a log line',
    );
  }

  return {
    child,
    stdout,
    stderr,
    lines,
    exited,
    line,
    async ready() {
      const found = await line((l) => READY.test(l.msg));
      return READY.exec(found.msg)?.[1] ?? '';
    },
    checked: () => line((l) => l.msg.startsWith('ThoughtSpot answers ') || l.msg === 'not ready'),
    stop(signal = 'SIGTERM', ms = EXIT_MS) {
      child.kill(signal);
      return within(exited, ms, `exit after ${signal}`);
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
