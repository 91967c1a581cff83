/* eslint-disable no-console -- a command-line program reports on the console */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import type { Gateway } from './processes';
import { PROBE, startEmulator, startGateway } from './processes';

/**
 * `npm run flood`: distinct documents cannot grow the production gateway's heap without bound
 * (src/graphql/caches.ts). The gateway (`--max-old-space-size=128`) takes 10,000 comment-padded
 * documents of 16 KB (each kept ~720 KB by Apollo Server's own document cache), 50,000 tiny ones
 * (every other one registered as a persisted query) and 1,000 dense ones (1,000 tokens, refused
 * after parsing); after a full collection its heap must have grown by at most 64 MiB, and it must still
 * answer. Prints the growth after each part (and writes it to reports/flood.json).
 */

const USAGE = `usage: npm run flood -- [--padded N] [--tiny N] [--dense N] [--comments N]
  --padded N    comment-padded 16 KB documents (10000)
  --tiny N      tiny distinct documents, every other one as a persisted query (50000)
  --dense N     1,000-token documents (1000)
  --comments N  the gateway's MAX_QUERY_COMMENTS (its default): 10000 lets the padded documents
                into the document cache, to measure the cache's bound alone`;

const MIB = 1024 * 1024;
const MAX_GROWTH = 64 * MIB;
const CONCURRENCY = 8;

const padded = (i: number) => `{ __typename }\n${'#\n'.repeat(8000)}# ${i}`;
const tiny = (i: number) => `{ t${i}: __typename }`;
// 1,000 tokens, two nodes a token (the default limits refuse it after parsing: 400).
const dense = (i: number) => `{ d${i}: __typename ${'__typename '.repeat(995)}}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Settings {
  padded: number;
  tiny: number;
  dense: number;
  comments?: number;
}

function settings(argv: readonly string[]): Settings | undefined {
  const result: Settings = { padded: 10_000, tiny: 50_000, dense: 1_000 };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (
      !['padded', 'tiny', 'dense', 'comments'].includes(name ?? '') ||
      !Number.isSafeInteger(value) ||
      value < 0
    )
      return undefined;
    result[name as keyof Settings] = value;
  }
  return result;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const chosen = argv.includes('--help') ? undefined : settings(argv);
  if (chosen === undefined) {
    console.log(USAGE);
    return argv.includes('--help') ? 0 : 2;
  }
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'flood-'));
  const cleanUp = () => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      cleanUp();
      process.exit(130);
    });
  try {
    const probe = path.join(dir, 'probe.js');
    writeFileSync(probe, PROBE);
    const emulator = await startEmulator(children);
    const gateway = await startGateway(children, {
      thoughtspotUrl: emulator.url,
      probe,
      env: chosen.comments === undefined ? {} : { MAX_QUERY_COMMENTS: String(chosen.comments) },
    });
    return await flood(gateway, chosen);
  } finally {
    cleanUp();
  }
}

async function flood(gateway: Gateway, chosen: Settings): Promise<number> {
  const pool = new Pool(gateway.url, { connections: CONCURRENCY });
  const post = async (body: unknown): Promise<number> => {
    const res = await pool.request({
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.body.dump();
    return res.statusCode;
  };
  /** `count` requests, CONCURRENCY at a time: how many got each status ("error": no answer). */
  const send = async (count: number, body: (i: number) => unknown) => {
    const statuses: Record<string, number> = {};
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) {
          const status = await post(body(next++)).catch(() => 'error');
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }),
    );
    return statuses;
  };

  const report: Record<string, unknown> = { settings: chosen };
  const started = performance.now();
  let ok = true;
  try {
    // Warm-up: each kind a few times, so the baseline holds the code they run.
    await send(300, (i) => ({ query: [tiny, padded, dense][i % 3]?.(-1 - i).replace('-', 'w') }));
    const baseline = await gateway.heap();
    report.baselineMiB = baseline / MIB;
    const parts: [string, number, (i: number) => unknown][] = [
      ['padded', chosen.padded, (i) => ({ query: padded(i) })],
      [
        'tiny',
        chosen.tiny,
        (i) =>
          i % 2 === 0
            ? { query: tiny(i) }
            : {
                query: tiny(i),
                extensions: { persistedQuery: { version: 1, sha256Hash: sha256(tiny(i)) } },
              },
      ],
      ['dense', chosen.dense, (i) => ({ query: dense(i) })],
    ];
    let growth = 0;
    for (const [name, count, body] of parts) {
      const partStarted = performance.now();
      const statuses = await send(count, body);
      growth = (await gateway.heap()) - baseline;
      const seconds = (performance.now() - partStarted) / 1000;
      report[name] = { requests: count, statuses, seconds, heapGrowthMiB: growth / MIB };
      console.log(
        `${name}: ${count} requests in ${seconds.toFixed(1)} s, answered ${JSON.stringify(statuses)}; heap grown by ${(growth / MIB).toFixed(1)} MiB`,
      );
    }
    const last = await post({ query: '{ __typename }' }).catch(() => 0);
    report.lastStatus = last;
    // The most it ever held resident (VmHWM), for the container's memory limit.
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(
      readFileSync(`/proc/${gateway.process.pid ?? 0}/status`, 'utf8'),
    );
    report.peakRssMiB = Number(hwm?.[1] ?? NaN) / 1024;
    console.log(`peak RSS: ${(report.peakRssMiB as number).toFixed(1)} MiB`);
    report.heapGrowthMiB = growth / MIB;
    if (growth > MAX_GROWTH) {
      console.log(`FAILED: the heap grew by more than ${MAX_GROWTH / MIB} MiB`);
      ok = false;
    }
    if (last !== 200) {
      console.log(`FAILED: the gateway answers ${String(last)} after the flood`);
      ok = false;
    }
  } catch (error) {
    console.log(`FAILED: ${String(error)}`);
    ok = false;
  }
  if (gateway.process.exitCode !== null || gateway.process.signalCode !== null) {
    console.log('FAILED: the gateway exited');
    ok = false;
  }
  if (gateway.problems.length > 0) {
    console.log(
      `FAILED: the gateway wrote warnings or errors:\n${gateway.problems.slice(0, 5).join('\n')}`,
    );
    ok = false;
  }
  report.seconds = (performance.now() - started) / 1000;
  report.problems = gateway.problems.slice(0, 20);
  await pool.destroy();
  const out = path.join(__dirname, '..', 'reports');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'flood.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `${ok ? 'passed' : 'failed'} in ${(report.seconds as number).toFixed(0)} s (reports/flood.json)`,
  );
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
