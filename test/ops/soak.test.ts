import type { ChildProcessByStdio } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { collectOutput, ROOT } from '../support/entry-process';
import { within } from '../support/within';

/**
 * The soak's own hygiene (not the soak itself, which `.ci/run` runs): `--help`, a refused
 * argument, and a soak stopped by SIGINT or SIGTERM while it runs, which must leave neither its
 * gateway and emulator processes nor its temporary files behind. The soak is compiled here by its
 * own tsconfig into a temporary directory; it runs the repository's dist/ (`npm run build`).
 */

/** Generous bounds, never measurements. */
const COMPILE_MS = 120_000;
const START_MS = 60_000;
const EXIT_MS = 20_000;

let dir: string;
let run: string;
const leftovers: number[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'soak-test-'));
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      path.join(ROOT, 'test', 'soak', 'tsconfig.json'),
      '--outDir',
      path.join(dir, 'soak'),
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
  run = path.join(dir, 'soak', 'run.js');
}, COMPILE_MS);
afterEach(() => {
  for (const pid of leftovers.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Soak {
  child: ChildProcessByStdio<null, Readable, Readable>;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

function startSoak(args: string[], env: Record<string, string> = {}): Soak {
  const child = spawn(process.execPath, [run, ...args], {
    cwd: ROOT,
    // Compiled outside the repository, it finds the repository's packages through NODE_PATH.
    env: { PATH: process.env.PATH ?? '', NODE_PATH: path.join(ROOT, 'node_modules'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) leftovers.push(child.pid);
  const { stdout, stderr } = collectOutput(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('close', (code) => {
      resolve(code);
    });
  });
  return { child, stdout, stderr, exited };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The processes whose parent is `pid`, from Linux's /proc. */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the command name (which may hold spaces): state, then the parent's pid.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) found.push(Number(entry));
  }
  return found;
}

describe('npm run soak, its command line', () => {
  it('--help prints the usage and exits 0', async () => {
    const soak = startSoak(['--help']);
    expect(await within(soak.exited, EXIT_MS, 'exit')).toBe(0);
    expect(soak.stdout()).toMatch(
      /^Usage: npm run soak \[-- --short\] \[-- --api 2\.0\|beta\] \[-- --help\]\n/,
    );
    expect(soak.stdout()).toContain('SOAK_REQUESTS');
    expect(soak.stderr()).toBe('');
  });

  it('refuses an argument it does not know, with the usage, exit 2, and starts nothing', async () => {
    const soak = startSoak(['--shrot']);
    expect(await within(soak.exited, EXIT_MS, 'exit')).toBe(2);
    expect(soak.stderr()).toMatch(/^soak: unknown argument --shrot\n\nUsage: npm run soak/);
    expect(soak.stdout()).toBe('');
  });
});

describe.each([
  ['SIGTERM', 143],
  ['SIGINT', 130],
] as const)('npm run soak stopped by %s', (signal, code) => {
  it(
    'stops the gateway and the emulator, removes its temporary files, exits 128 + the signal',
    async () => {
      const tmp = path.join(dir, `tmp-${signal}`);
      mkdirSync(tmp);
      const soak = startSoak(['--short'], { TMPDIR: tmp, SOAK_MAX_SECONDS: '120' });
      await within(
        new Promise<void>((resolve, reject) => {
          const check = () => {
            if (
              /^soak \(THOUGHTSPOT_API=[\w.]+\): gateway http:\/\/127\.0\.0\.1:\d+ in front of/m.test(
                soak.stdout(),
              )
            )
              resolve();
          };
          soak.child.stdout.on('data', check);
          void soak.exited.then(() => {
            reject(new Error(`exited before it was running:\n${soak.stdout()}\n${soak.stderr()}`));
          });
        }),
        START_MS,
        'the soak running',
      );
      const pid = soak.child.pid ?? 0;
      const children = childrenOf(pid);
      leftovers.push(...children);
      expect(children).toHaveLength(2);
      expect(readdirSync(tmp)).toHaveLength(1);

      soak.child.kill(signal);
      expect(await within(soak.exited, EXIT_MS, `exit after ${signal}`)).toBe(code);
      expect(soak.stdout()).toContain(`soak: ${signal}: stopping the gateway and the emulator\n`);
      expect(children.filter(alive)).toEqual([]);
      expect(readdirSync(tmp)).toEqual([]);
    },
    START_MS + EXIT_MS + 10_000,
  );
});
