/* eslint-disable no-console -- a command-line program talks on the console */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { LoadRequest, LoadResult } from './load';
import { BENCH_USAGE, BenchUsageError, parseBenchOptions } from './options';
import type { BenchOptions } from './options';
import { clockTicksPerSecond, readCpuMs, readPeakRssMb } from './proc';
import type { Started } from './processes';
import {
  measureColdStart,
  repoRoot,
  startEmulator,
  startFloor,
  startGatewayWithHeap,
  startProxy,
  stop,
} from './processes';
import type { Measurement, ProcessFigures, RoundResult } from './report';
import { formatReport, headline, summarize } from './report';
import type { Answer, RequestSpec, Scenario } from './scenarios';
import type { Measured } from './rounds';
import { TARGETS, roundOrder } from './rounds';
import { BETA_BASE_PATH, USER, checkFloor, scenarios, wireOf } from './scenarios';
import { median } from './stats';

/**
 * `npm run bench`: the emulator, the baseline proxy, the floor, the gateway and a second gateway
 * whose logs are read slowly, in processes of their own, a load generator in another; warm-up, then
 * interleaved rounds; the table on stdout and, last, one JSON line. Progress goes to stderr. Exits 1
 * if any request was not answered with the exact expected status and body, or any request did not
 * make exactly one upstream call.
 */

const GRAPHQL_PATH = '/graphql';

interface RequestCounts {
  total: number;
  byOperation: Record<string, number>;
}

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** One request with exactly the headers the load generator sends (fetch would add Accept-Language). */
function send(baseUrl: string, spec: RequestSpec): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}${spec.path}`,
      { method: spec.method, headers: spec.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            setCookie: res.headers['set-cookie'] ?? [],
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(spec.body);
  });
}

async function getToken(emulatorUrl: string): Promise<string> {
  const answer = await send(emulatorUrl, {
    method: 'POST',
    path: `${BETA_BASE_PATH}/session/gettoken`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(USER),
  });
  if (answer.status !== 200) throw new Error(`gettoken: HTTP ${answer.status}`);
  return (JSON.parse(answer.body) as { token: string }).token;
}

function loadGenerator(root: string): {
  child: ChildProcess;
  run(request: LoadRequest): Promise<LoadResult>;
} {
  const child = fork(join(root, 'dist-bench/load.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    child,
    run: (request) =>
      new Promise((resolve, reject) => {
        const onExit = () => {
          reject(new Error('the load generator exited'));
        };
        child.once('exit', onExit);
        child.once('message', (message) => {
          child.off('exit', onExit);
          const answer = message as { ok: true; result: LoadResult } | { ok: false; error: string };
          if (answer.ok) resolve(answer.result);
          else reject(new Error(`load generator: ${answer.error}`));
        });
        child.send(request);
      }),
  };
}

async function main(options: BenchOptions): Promise<number> {
  const root = repoRoot();
  const ticksPerSecond = clockTicksPerSecond();
  const children: ChildProcess[] = [];
  const failures: string[] = [];
  const startLoad = loadavg().map((l) => Math.round(l * 100) / 100);
  try {
    const emulator = await startEmulator(root);
    children.push(emulator.child);
    const requestCounts = async (): Promise<RequestCounts> =>
      JSON.parse(
        (await send(emulator.url, { method: 'GET', path: '/__emulator/requests', headers: {} }))
          .body,
      ) as RequestCounts;
    const token = await getToken(emulator.url);
    const list = scenarios(GRAPHQL_PATH, token, options.api);
    const sessionScenario = list[0] as Scenario;

    // Cold starts first, while nothing else of the benchmark is busy.
    const coldStartsMs: number[] = [];
    for (let i = 0; i < options.coldStarts; i++) {
      const ms = await measureColdStart(root, emulator.url, options.api, async (url) => {
        const answer = await send(url, sessionScenario.requests.gateway);
        if (answer.status !== 200 || !answer.body.includes(`"userName":"${USER.userName}"`))
          throw new Error(`cold start: the first query answered ${answer.status} ${answer.body}`);
      });
      coldStartsMs.push(ms);
      progress(`cold start ${i + 1}: ${ms.toFixed(0)} ms`);
    }

    const proxy = await startProxy(root, emulator.url);
    children.push(proxy.child);
    const floor = await startFloor(root, emulator.url, options.api, options.floorNodeOptions);
    children.push(floor.child);
    const gateway = await startGatewayWithHeap(
      root,
      emulator.url,
      options.api,
      { kind: 'fast' },
      options.gatewayNodeOptions,
    );
    children.push(gateway.child);
    const slowLog = await startGatewayWithHeap(
      root,
      emulator.url,
      options.api,
      { kind: 'slow', bytesPerSecond: options.slowLogKiBps * 1024 },
      options.gatewayNodeOptions,
    );
    children.push(slowLog.child);
    const loader = loadGenerator(root);
    children.push(loader.child);
    const servers: Record<Measured, Started> = { proxy, floor, gateway, slowLog };

    // One reference answer per operation and target, checked; its exact body is then expected of
    // every answer of every run. The floor and the slow-log gateway must answer exactly what the
    // gateway does.
    const expected = new Map<string, string>();
    for (const scenario of list) {
      const answers = {
        proxy: await send(proxy.url, scenario.requests.proxy),
        gateway: await send(gateway.url, scenario.requests.gateway),
      };
      scenario.checkReference(answers);
      checkFloor(
        await send(floor.url, scenario.requests.gateway),
        answers.gateway,
        scenario.operation,
      );
      const slow = await send(slowLog.url, scenario.requests.gateway);
      if (slow.body !== answers.gateway.body)
        throw new Error(`slow-log gateway ${scenario.operation}: ${slow.body}`);
      expected.set(`${scenario.operation}/proxy`, answers.proxy.body);
      expected.set(`${scenario.operation}/gateway`, answers.gateway.body);
    }

    const measure = async (
      target: Measured,
      scenario: Scenario,
      connections: number,
      amount: number,
      label: string,
    ): Promise<Measurement> => {
      const server = servers[target];
      const wire = target === 'slowLog' ? 'gateway' : wireOf(target);
      const spec = scenario.requests[wire];
      const before = await requestCounts();
      const cpuBefore = readCpuMs(server.pid, ticksPerSecond);
      const result = await loader.run({
        url: `${server.url}${spec.path}`,
        method: spec.method,
        headers: spec.headers,
        ...(spec.body !== undefined && { body: spec.body }),
        connections,
        amount,
        expectBody: expected.get(`${scenario.operation}/${wire}`) ?? '',
      });
      const cpuMs = readCpuMs(server.pid, ticksPerSecond) - cpuBefore;
      const after = await requestCounts();
      const upstreamCalls = after.total - before.total;
      const operationCalls =
        (after.byOperation[scenario.upstreamOperation] ?? 0) -
        (before.byOperation[scenario.upstreamOperation] ?? 0);
      const problems = [
        result.completed !== amount && `${result.completed} of ${amount} requests answered`,
        (result.statuses[String(spec.status ?? 200)] ?? 0) !== amount &&
          `statuses ${JSON.stringify(result.statuses)}`,
        result.errors > 0 && `${result.errors} connection errors or timeouts`,
        result.mismatches > 0 &&
          `${result.mismatches} unexpected bodies, e.g. ${result.mismatchSample ?? '?'}`,
        (upstreamCalls !== amount || operationCalls !== amount) &&
          `${upstreamCalls} upstream calls (${operationCalls} ${scenario.upstreamOperation}) for ${amount} requests`,
      ].filter((p): p is string => typeof p === 'string');
      for (const problem of problems) failures.push(`${label} ${target}: ${problem}`);
      return {
        requests: result.completed,
        rps: result.completed / (result.elapsedMs / 1000),
        p50Ms: result.latencyMs.p50,
        p99Ms: result.latencyMs.p99,
        cpuMsPerRequest: cpuMs / result.completed,
      };
    };

    const cells = list.flatMap((scenario) =>
      options.connections.map((connections) => ({ scenario, connections })),
    );
    const key = (target: Measured, cell: { scenario: Scenario; connections: number }) =>
      `${target}/${cell.scenario.operation}/${cell.connections}`;
    const lastRps = new Map<string, number>();
    const amountFor = (rps: number, seconds: number, connections: number) =>
      Math.max(connections * 10, Math.round(rps * seconds));

    const headlineConnections = Math.max(...options.connections);
    // The slow reader runs at the headline concurrency only: its figure is one ratio.
    const measuredIn = (cell: { connections: number }): Measured[] =>
      cell.connections === headlineConnections ? [...TARGETS, 'slowLog'] : [...TARGETS];
    for (const cell of cells) {
      for (const target of measuredIn(cell)) {
        const label = `warm-up ${cell.scenario.operation} x${cell.connections}`;
        const probe = await measure(
          target,
          cell.scenario,
          cell.connections,
          cell.connections * 20,
          label,
        );
        const warm = await measure(
          target,
          cell.scenario,
          cell.connections,
          amountFor(probe.rps, options.warmupSeconds, cell.connections),
          label,
        );
        lastRps.set(key(target, cell), warm.rps);
        progress(`${label} ${target}: ${warm.rps.toFixed(0)} rps`);
      }
    }

    const heapBefore = await gateway.heap();
    let gatewayRequests = 0;
    const results: RoundResult[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      for (const cell of cells) {
        const label = `round ${round} ${cell.scenario.operation} x${cell.connections}`;
        const measured: Partial<Record<Measured, Measurement>> = {};
        for (const target of roundOrder(round, cell.connections === headlineConnections)) {
          const amount = amountFor(
            lastRps.get(key(target, cell)) ?? 0,
            options.roundSeconds,
            cell.connections,
          );
          const m = await measure(target, cell.scenario, cell.connections, amount, label);
          measured[target] = m;
          lastRps.set(key(target, cell), m.rps);
          if (target === 'gateway') gatewayRequests += m.requests;
        }
        const proxyRun = measured.proxy as Measurement;
        const floorRun = measured.floor as Measurement;
        const gatewayRun = measured.gateway as Measurement;
        results.push({
          round,
          operation: cell.scenario.operation,
          connections: cell.connections,
          proxy: proxyRun,
          floor: floorRun,
          gateway: gatewayRun,
          ...(measured.slowLog && { slowLog: measured.slowLog }),
        });
        const cpu = (m: Measurement) => m.cpuMsPerRequest.toFixed(3);
        progress(
          `${label}: rps proxy ${proxyRun.rps.toFixed(0)}, floor ${floorRun.rps.toFixed(0)}, gateway ${gatewayRun.rps.toFixed(0)} (${(gatewayRun.rps / floorRun.rps).toFixed(2)}x floor); cpu ms/req floor ${cpu(floorRun)}, gateway ${cpu(gatewayRun)}${measured.slowLog ? `, slow log ${cpu(measured.slowLog)}` : ''}`,
        );
      }
    }
    const heapAfter = await gateway.heap();

    const figures: ProcessFigures = {
      gatewayPeakRssMb: readPeakRssMb(gateway.pid),
      floorPeakRssMb: readPeakRssMb(floor.pid),
      proxyPeakRssMb: readPeakRssMb(proxy.pid),
      coldStartMs: median(coldStartsMs),
      coldStartsMs,
      heapGrowthMb: (heapAfter.heapUsed - heapBefore.heapUsed) / 1e6,
      heapGrowthRequests: gatewayRequests,
    };
    const summaries = summarize(results);
    console.log(formatReport(summaries, figures));
    if (failures.length > 0) {
      console.log(`\nVERIFICATION FAILED (${failures.length}):`);
      for (const failure of failures.slice(0, 20)) console.log(`  ${failure}`);
    }
    console.log(
      JSON.stringify({
        ...headline(summaries, figures),
        verified: failures.length === 0,
        date: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        loadAverageAtStart: startLoad,
        rounds: options.rounds,
        roundSeconds: options.roundSeconds,
        api: options.api,
        slowLogKiBps: options.slowLogKiBps,
        gatewayNodeOptions: options.gatewayNodeOptions.join(' '),
        floorNodeOptions: options.floorNodeOptions.join(' '),
      }),
    );
    return failures.length === 0 ? 0 : 1;
  } finally {
    for (const child of children.reverse()) await stop(child);
  }
}

let options: BenchOptions;
try {
  options = parseBenchOptions(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof BenchUsageError)) throw error;
  console.error(`bench: ${error.message}\n\n${BENCH_USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(BENCH_USAGE);
  process.exit(0);
}
main(options).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
