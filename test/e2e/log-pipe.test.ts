import type { ChildProcessByStdio } from 'node:child_process';
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import type { Exit, LogLine } from '../support/entry-process';
import { ENTRY, READY, ROOT } from '../support/entry-process';
import { call } from '../support/http';
import { parseExposition, valueOf } from '../support/prometheus';
import { within } from '../support/within';

/**
 * The log pipe: `node dist/index.js` with stdout a pipe whose reader this test plays, and plays
 * badly. A reader that stops reading, one that reads a little and rarely, one that goes away: the
 * gateway answers on, promptly, drops and counts the lines its LOG_BUFFER_BYTES queue cannot hold,
 * notes a broken stdout once on stderr, and exits on SIGTERM within the grace period.
 */

/** Generous bounds, never measurements. */
const START_MS = 15_000;
const GRACE_MS = 5_000;
const PROMPT_MS = 2_000;
/** The smallest queue LOG_BUFFER_BYTES allows: filled by a few dozen access log lines. */
const BUFFER_BYTES = 16 * 1024;
/**
 * Requests sent to fill the pipe, BATCH at a time: their access log lines (about 290 bytes each,
 * 1.1 MB) are several times what a stopped reader's side can hold: the socket buffer
 * (net.core.wmem_default, 208 KiB on Linux), what this process reads ahead (64 KiB at most) and the
 * gateway's queue.
 */
const FILL = 4_000;
const BATCH = 20;

const DROPPED = 'thoughtspot_gateway_log_lines_dropped_total';
const LOGIN = 'mutation { login(input: {userName: "tsadmin", password: "admin"}) { userName } }';

interface PipedGateway {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  /** What the test read of stdout after the "ready" line, before pausing. */
  rest: string;
  stderr(): string;
  exited: Promise<Exit>;
}

let ts: TestEmulator;
const children: PipedGateway['child'][] = [];

beforeAll(async () => {
  ts = await startTestEmulator();
});
afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child.stdout.destroy();
  }
});
afterAll(async () => {
  await ts.close();
});

/**
 * The production gateway with stdout a pipe this test reads until the "ready" line, and then no
 * more (stdout paused): what happens to it after is up to each test.
 */
async function startPiped(): Promise<PipedGateway> {
  const child = spawn(process.execPath, [ENTRY], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      THOUGHTSPOT_URL: ts.emulator.url,
      HOST: '127.0.0.1',
      PORT: '0',
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      LOG_BUFFER_BYTES: String(BUFFER_BYTES),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  const { url, rest } = await within(
    new Promise<{ url: string; rest: string }>((resolve, reject) => {
      let stdout = '';
      const onData = (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const lines = stdout.split('\n');
        for (const [i, line] of lines.slice(0, -1).entries()) {
          const match = READY.exec((JSON.parse(line) as LogLine).msg);
          if (match?.[1] === undefined) continue;
          child.stdout.off('data', onData);
          child.stdout.pause();
          resolve({ url: match[1], rest: lines.slice(i + 1).join('\n') });
          return;
        }
      };
      child.stdout.on('data', onData);
      void exited.then(() => {
        reject(new Error(`exited before it was ready:\n${stderr}`));
      });
    }),
    START_MS,
    'start-up',
  );
  return { child, url, rest, stderr: () => stderr, exited };
}

async function dropped(url: string, reason: 'full' | 'broken'): Promise<number> {
  const res = await call(url, 'GET', '/metrics');
  expect(res.status).toBe(200);
  return valueOf(parseExposition(res.text), DROPPED, { reason }) ?? 0;
}

/** FILL requests, each answered 200 within PROMPT_MS. */
async function fill(url: string): Promise<void> {
  let slowest = 0;
  for (let sent = 0; sent < FILL; sent += BATCH)
    await Promise.all(
      Array.from({ length: BATCH }, async () => {
        const started = performance.now();
        const res = await call(url, 'POST', '/graphql', { json: { query: '{ __typename }' } });
        expect(res.status).toBe(200);
        slowest = Math.max(slowest, performance.now() - started);
      }),
    );
  expect(slowest).toBeLessThan(PROMPT_MS);
}

/** Answers /healthz and a GraphQL call through ThoughtSpot. */
async function stillServing(url: string): Promise<void> {
  expect((await call(url, 'GET', '/healthz')).status).toBe(200);
  const login = await call(url, 'POST', '/graphql', { json: { query: LOGIN } });
  expect(login.status).toBe(200);
  expect(login.json).toEqual({ data: { login: { userName: 'tsadmin' } } });
}

/** SIGTERM, and the exit (0) within the grace period. */
async function stopsOnSigterm(gateway: PipedGateway): Promise<void> {
  gateway.child.kill('SIGTERM');
  expect(await within(gateway.exited, GRACE_MS, 'exit after SIGTERM')).toEqual({
    code: 0,
    signal: null,
  });
}

// The counts are read before SIGTERM and checked after it, so that a gateway that does not exit
// fails as such.
describe('a stdout pipe whose reader misbehaves (node dist/index.js)', () => {
  it('a reader that stops reading: requests are answered promptly, lines dropped and counted, SIGTERM exits', async () => {
    const gateway = await startPiped();
    await fill(gateway.url);
    await stillServing(gateway.url);
    const full = await dropped(gateway.url, 'full');
    const broken = await dropped(gateway.url, 'broken');
    await stopsOnSigterm(gateway);
    expect(full).toBeGreaterThan(0);
    expect(broken).toBe(0);
    // What the queue still held at the exit is given up after a bounded wait, and said so.
    expect(gateway.stderr()).toMatch(/^log output: \d+ queued log lines given up after \d+ ms\n$/);
  }, 120_000);

  it('a reader that goes away: noticed once, the gateway serves on and exits on SIGTERM', async () => {
    const gateway = await startPiped();
    // Lines queued in the gateway when the reader goes: the state in which a sonic-boom
    // destination retried its writes forever at exit.
    await fill(gateway.url);
    gateway.child.stdout.destroy();
    await stillServing(gateway.url);
    const before = await dropped(gateway.url, 'broken');
    await stillServing(gateway.url);
    const after = await dropped(gateway.url, 'broken');
    await stopsOnSigterm(gateway);
    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(before);
    expect(gateway.stderr()).toBe(
      'log output failed (EPIPE): log lines are dropped from now on and counted in ' +
        `${DROPPED}{reason="broken"}\n`,
    );
  }, 120_000);

  it('a reader that reads a little, rarely: requests are answered promptly, what it reads is whole lines', async () => {
    const gateway = await startPiped();
    let read = gateway.rest;
    // 4 KiB every 100 ms: a reader far slower than the gateway's access log under load.
    const reader = setInterval(() => {
      const chunk = gateway.child.stdout.read(4096) as Buffer | null;
      if (chunk !== null) read += chunk.toString('utf8');
    }, 100);
    let full: number;
    try {
      await fill(gateway.url);
      await stillServing(gateway.url);
      full = await dropped(gateway.url, 'full');
    } finally {
      clearInterval(reader);
    }
    await stopsOnSigterm(gateway);
    expect(full).toBeGreaterThan(0);
    // Lines are dropped whole, never cut or interleaved: every complete line read is a log line.
    const lines = read.split('\n').slice(0, -1);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('msg');
  }, 120_000);
});
