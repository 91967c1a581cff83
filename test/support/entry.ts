import type { ChildProcessByStdio } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { within } from './within';

/**
 * The real entry point, `node dist/index.js` (what `npm start` runs), as a child process on
 * 127.0.0.1 and a free port, with only PATH from this environment. dist/ must be built first
 * (`npm test` does it in pretest).
 */

export const ENTRY = path.join(__dirname, '..', '..', 'dist', 'index.js');
const READY = /^GraphQL gateway ready at (http:\/\/127\.0\.0\.1:\d+\/graphql)$/;

export interface EntryProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything written to stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** The GraphQL URL from the "ready" line; rejects if the process exits first. */
  ready(timeoutMs?: number): Promise<string>;
  /** Sends the signal and resolves with the exit code once stdout and stderr are closed. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  /** SIGKILL if still running. */
  kill(): Promise<void>;
}

export function startEntry(
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): EntryProcess {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [...nodeArgs, ENTRY], {
    cwd: path.dirname(path.dirname(ENTRY)),
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (stdout += chunk));
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => {
    child.once('close', (code) => {
      resolve(code);
    });
  });
  const readyUrl = () => {
    for (const line of stdout.split('\n')) {
      if (!line.startsWith('{')) continue;
      const match = READY.exec((JSON.parse(line) as { msg?: string }).msg ?? '');
      if (match?.[1] !== undefined) return match[1];
    }
    return undefined;
  };
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    ready: (timeoutMs = 10_000) =>
      within(
        new Promise<string>((resolve, reject) => {
          const check = () => {
            const url = readyUrl();
            if (url === undefined) return;
            child.stdout.off('data', check);
            resolve(url);
          };
          child.stdout.on('data', check);
          check();
          void exited.then((code) => {
            reject(new Error(`exited (${String(code)}) before ready:\n${stdout}\n${stderr}`));
          });
        }),
        timeoutMs,
        'start-up',
      ),
    stop: (signal = 'SIGTERM', timeoutMs = 5000) => {
      child.kill(signal);
      return within(exited, timeoutMs, `exit after ${signal}`);
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
