/* eslint-disable no-console -- a command-line program reports on the console */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, request } from 'undici';
import { runCaller } from './caller';
import type { Operation } from './ledger';
import { Ledger } from './ledger';
import type { ApiName, MemoryUsage } from './processes';
import { API_NAMES } from './processes';
import { startEmulator, startGateway, stopAll } from './processes';
import { soakUsers } from './users';

/**
 * `npm run soak` (`-- --short` for the CI run, `-- --help` for the usage): many concurrent callers, each its own user with
 * its own cookie or token, through the real gateway process in front of the emulator process, with
 * ThoughtSpot faults switched on part of the time over the emulator's control API. Bounded in
 * requests and in time; loopback only. Fails if any caller is answered about another, if a session
 * outlives its logout, if an error comes without a fault to explain it, or if the gateway's heap
 * grows grossly; prints what it saw either way (and writes it to reports/soak.json, by API).
 * `--api 2.0` or `--api beta` runs one ThoughtSpot API; both run by default, one after the other.
 */

interface Settings {
  requests: number;
  callers: number;
  maxSeconds: number;
}

const SHORT: Settings = { requests: 6000, callers: 16, maxSeconds: 45 };
const FULL: Settings = { requests: 60_000, callers: 64, maxSeconds: 300 };
/**
 * The gateway's budget per ThoughtSpot call during the soak: short, so that hang and latency
 * faults pass quickly, yet long enough that a busy machine's slow answers are not timeouts.
 */
const UPSTREAM_TIMEOUT_MS = 2000;
/** Share of the requests run first, before the memory baseline is taken. */
const WARM_UP = 0.15;
/** Generous: only a gross leak fails the run; the figures are printed either way. */
const MAX_HEAP_GROWTH = 48 * 1024 * 1024;

/**
 * One fault at a time, in turn, on one operation (or on all): switched by the soak's progress, so
 * that a short run on a slow machine still goes through every kind.
 */
const FAULTS: [Operation | '*', Record<string, unknown>][] = [
  ['getSessionInfo', { latencyMs: 5000 }],
  ['login', { mode: 'html' }],
  ['getToken', { mode: 'drop' }],
  ['getSessionInfo', { mode: 'malformed-json' }],
  ['switchOrg', { mode: 'status', status: 503 }],
  ['revokeToken', { mode: 'hang' }],
  ['logout', { mode: 'truncated-json' }],
  ['getSessionInfo', { mode: 'hang' }],
  ['*', { mode: 'drop' }],
];
const HEALTHY = { requests: 350, maxMs: 3000 };
const FAULTY = { requests: 150, maxMs: 1500 };

const USAGE = `Usage: npm run soak [-- --short] [-- --api 2.0|beta] [-- --help]

Drives the production build (dist/index.js, NODE_ENV=production) in front of the emulator
(dist/emulator/cli.js --faults), both on 127.0.0.1, with concurrent callers and ThoughtSpot faults,
and fails if any caller is answered about another, a session outlives its logout, an error comes
without a fault, the gateway logs a warning, or its heap grows by more than ${MAX_HEAP_GROWTH / 1024 / 1024} MiB.
Writes reports/soak.json (by API). SIGINT or SIGTERM stops both processes and removes the temporary files.

  (none)    ${FULL.requests} requests, ${FULL.callers} callers, at most ${FULL.maxSeconds} s
  --short   ${SHORT.requests} requests, ${SHORT.callers} callers, at most ${SHORT.maxSeconds} s (the CI run)
  --api A   one ThoughtSpot API (2.0 or beta); both, one after the other, by default
  --help    this text

Environment: SOAK_REQUESTS, SOAK_CALLERS, SOAK_MAX_SECONDS override the three figures.
`;

/** The settings, or undefined once the usage is printed (--help, or an argument it does not know). */
function settings(argv: readonly string[]): Settings | undefined {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return undefined;
  }
  const unknown = argv.filter(
    (arg, i) => arg !== '--short' && arg !== '--api' && argv[i - 1] !== '--api',
  );
  if (unknown.length > 0) {
    process.stderr.write(`soak: unknown argument ${unknown.join(' ')}\n\n${USAGE}`);
    process.exitCode = 2;
    return undefined;
  }
  const base = argv.includes('--short') ? SHORT : FULL;
  const read = (name: string, fallback: number) => {
    const value = process.env[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
    return n;
  };
  return {
    requests: read('SOAK_REQUESTS', base.requests),
    callers: read('SOAK_CALLERS', base.callers),
    maxSeconds: read('SOAK_MAX_SECONDS', base.maxSeconds),
  };
}

function apis(argv: readonly string[]): readonly ApiName[] {
  const at = argv.indexOf('--api');
  if (at === -1) return API_NAMES;
  const value = argv[at + 1];
  const api = API_NAMES.find((name) => name === value);
  if (api === undefined) throw new Error(`--api must be ${API_NAMES.join(' or ')}`);
  return [api];
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Exit codes after a signal, as a shell reports them (128 + the signal's number). */
const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

/** On SIGINT/SIGTERM: both processes stopped, the temporary files removed, then the exit. */
function stopOnSignals(): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`soak: ${signal}: stopping the gateway and the emulator`);
      void stopAll().finally(() => process.exit(SIGNAL_EXIT[signal]));
    });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const config = settings(argv);
  if (config === undefined) return;
  const which = apis(argv);
  stopOnSignals();
  const reports: Record<string, unknown> = {};
  let failed = false;
  try {
    for (const api of which) {
      const { report, passed } = await soak(config, api);
      reports[api] = report;
      failed ||= !passed;
    }
  } finally {
    await stopAll();
  }
  mkdirSync('reports', { recursive: true });
  writeFileSync(path.join('reports', 'soak.json'), `${JSON.stringify(reports, null, 2)}\n`);
  process.exitCode = failed ? 1 : 0;
}

/** One soak against the gateway speaking `api`, on a fresh emulator. */
async function soak(config: Settings, api: ApiName): Promise<{ report: unknown; passed: boolean }> {
  const users = soakUsers(config.callers);
  const secretKey = randomBytes(16).toString('hex');
  const emulator = await startEmulator(users, secretKey);
  const gateway = await startGateway(emulator.url, UPSTREAM_TIMEOUT_MS, api).catch(
    async (error: unknown) => {
      await emulator.stop();
      throw error;
    },
  );
  console.log(
    `soak (THOUGHTSPOT_API=${api}): gateway ${gateway.url} in front of the emulator ${emulator.url}: ` +
      `${config.requests} requests from ${config.callers} callers, at most ${config.maxSeconds} s`,
  );
  const ledger = new Ledger();
  // Callers share keep-alive connections, as they would behind a proxy: nothing of one caller may
  // stick to a connection another one uses next.
  const dispatcher = new Pool(gateway.url, { connections: Math.max(2, config.callers / 2) });
  const deadline = performance.now() + config.maxSeconds * 1000;
  const started = performance.now();
  // Set from within the callers' and the fault loop's closures.
  const state = { stoppedByTime: false };

  const control = async (method: 'PUT' | 'DELETE', target = '', rule?: unknown) => {
    const res = await request(`${emulator.url}/__emulator/faults${target && `/${target}`}`, {
      method,
      ...(rule !== undefined && {
        body: JSON.stringify(rule),
        headers: { 'content-type': 'application/json' },
      }),
    });
    await res.body.dump();
    if (res.statusCode !== 200)
      throw new Error(`fault control ${method} ${target}: ${res.statusCode}`);
  };

  /** Runs every caller until `budget` requests have been taken (or time is up). */
  async function phase(budget: number, withFaults: boolean): Promise<void> {
    let left = budget;
    let taken = 0;
    const take = () => {
      if (performance.now() > deadline) state.stoppedByTime = true;
      if (left <= 0 || state.stoppedByTime) return false;
      left--;
      taken++;
      return true;
    };
    let callersDone = false;
    const faultsGoOn = () => withFaults && !callersDone;
    /** Until `requests` more have been taken, `maxMs` have passed, or the callers are done. */
    const progress = async ({ requests, maxMs }: { requests: number; maxMs: number }) => {
      const until = taken + requests;
      const started = performance.now();
      while (faultsGoOn() && taken < until && performance.now() - started < maxMs) await sleep(5);
    };
    const faults = (async () => {
      for (let i = 0; faultsGoOn(); i++) {
        await progress(HEALTHY);
        if (!faultsGoOn()) break;
        const [operation, rule] = FAULTS[i % FAULTS.length] ?? ['*', {}];
        const off = ledger.faultOn(operation);
        await control('PUT', operation, rule);
        await progress(FAULTY);
        await control('DELETE');
        off();
      }
    })();
    await Promise.all(
      users.map((user, i) =>
        runCaller({
          endpoint: `${gateway.url}/graphql`,
          user,
          secretKey,
          mode: i % 2 === 0 ? 'cookie' : 'bearer',
          api,
          ledger,
          dispatcher,
          take,
        }),
      ),
    );
    callersDone = true;
    await faults;
  }

  let baseline: MemoryUsage;
  let end: MemoryUsage;
  try {
    await phase(Math.round(config.requests * WARM_UP), false);
    baseline = await gateway.memory();
    await phase(config.requests - ledger.requests, true);
    end = await gateway.memory();
  } finally {
    await dispatcher.close();
    await gateway.stop();
    await emulator.stop();
  }

  const seconds = (performance.now() - started) / 1000;
  const growth = end.heapUsed - baseline.heapUsed;
  const problems = [
    ...ledger.crossCaller.map((p) => `cross-caller: ${p}`),
    ...ledger.stale.map((p) => `stale: ${p}`),
    ...ledger.unexpected.map((p) => `unexpected: ${p}`),
    ...gateway.problems().map((p) => `gateway log: ${p}`),
    ...(gateway.accessLines() === ledger.requests
      ? []
      : [`access log: ${gateway.accessLines()} lines for ${ledger.requests} requests`]),
    ...(growth > MAX_HEAP_GROWTH ? [`heap grew by ${mib(growth)}`] : []),
  ];
  const report = {
    requests: ledger.requests,
    callers: config.callers,
    seconds: Math.round(seconds * 10) / 10,
    requestsPerSecond: Math.round(ledger.requests / seconds),
    stoppedByTime: state.stoppedByTime,
    faultWindows: ledger.faultWindows(),
    faultShare: Math.round((ledger.faultMs() / (seconds * 1000)) * 100) / 100,
    byCode: Object.fromEntries([...ledger.byCode].sort(([a], [b]) => a.localeCompare(b))),
    crossCallerAnswers: ledger.crossCaller.length,
    staleAnswers: ledger.stale.length,
    unexpected: ledger.unexpected.length,
    memory: { afterWarmUp: baseline, end },
    problems: problems.slice(0, 50),
  };
  console.log(
    `soak (THOUGHTSPOT_API=${api}): ${report.requests} requests from ${report.callers} callers in ${report.seconds} s ` +
      `(${report.requestsPerSecond}/s)${state.stoppedByTime ? ', stopped by the time bound' : ''}; ` +
      `faults on ${Math.round(report.faultShare * 100)}% of the time (${report.faultWindows} windows)`,
  );
  console.log(
    `  answers by code: ${Object.entries(report.byCode)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ')}`,
  );
  console.log(`  answers about another caller: ${report.crossCallerAnswers}`);
  console.log(`  sessions served after their logout or revocation: ${report.staleAnswers}`);
  console.log(`  errors no fault explains: ${report.unexpected}`);
  console.log(`  access log lines: ${gateway.accessLines()}`);
  console.log(
    `  gateway memory after warm-up: heap ${mib(baseline.heapUsed)}, RSS ${mib(baseline.rss)}; ` +
      `at the end: heap ${mib(end.heapUsed)}, RSS ${mib(end.rss)}`,
  );
  for (const problem of problems.slice(0, 20)) console.log(`  ! ${problem}`);
  console.log(
    problems.length === 0
      ? `soak (THOUGHTSPOT_API=${api}): passed`
      : `soak (THOUGHTSPOT_API=${api}): FAILED (${problems.length} problems)`,
  );
  return { report, passed: problems.length === 0 };
}

main().catch((error: unknown) => {
  console.error('soak: could not run:', error);
  process.exitCode = 1;
});
