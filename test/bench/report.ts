import type { OperationName, Target } from './scenarios';
import { median, ratio, round } from './stats';

/** From the runs of every round to the table and the JSON line: pure, so it is unit-tested. */

export interface Measurement {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** The server process's CPU time (user + system, from the OS) over the run, per request. */
  cpuMsPerRequest: number;
}

export interface Cell {
  operation: OperationName;
  connections: number;
}

/** One operation and concurrency in one round: each target's run. */
export interface RoundResult extends Cell {
  round: number;
  proxy: Measurement;
  floor: Measurement;
  gateway: Measurement;
  /** The gateway again, its logs read slowly: at the headline concurrency only. */
  slowLog?: Measurement;
}

export interface CellSummary extends Cell {
  rounds: number;
  /** Medians over the rounds. */
  proxy: Measurement;
  floor: Measurement;
  gateway: Measurement;
  slowLog?: Measurement;
  /** Gateway ÷ proxy (or gateway − proxy) within each round, then the median over the rounds. */
  rpsRatio: number;
  cpuRatio: number;
  addedP50Ms: number;
  addedP99Ms: number;
  /** Gateway ÷ floor, the same way. */
  floorRpsRatio: number;
  floorCpuRatio: number;
  floorAddedP99Ms: number;
  /** Slow-log gateway ÷ gateway CPU per request, the same way; NaN where not measured. */
  slowLogCpuRatio: number;
}

function medianMeasurement(ms: Measurement[]): Measurement {
  return {
    requests: median(ms.map((m) => m.requests)),
    rps: median(ms.map((m) => m.rps)),
    p50Ms: median(ms.map((m) => m.p50Ms)),
    p99Ms: median(ms.map((m) => m.p99Ms)),
    cpuMsPerRequest: median(ms.map((m) => m.cpuMsPerRequest)),
  };
}

/** One summary per operation and concurrency, in the order first seen. */
export function summarize(results: readonly RoundResult[]): CellSummary[] {
  const cells = new Map<string, RoundResult[]>();
  for (const result of results) {
    const key = `${result.operation}/${result.connections}`;
    cells.set(key, [...(cells.get(key) ?? []), result]);
  }
  return [...cells.values()].map((rs) => {
    const first = rs[0] as RoundResult;
    const slow = rs.filter((r): r is RoundResult & { slowLog: Measurement } => !!r.slowLog);
    return {
      operation: first.operation,
      connections: first.connections,
      rounds: rs.length,
      proxy: medianMeasurement(rs.map((r) => r.proxy)),
      floor: medianMeasurement(rs.map((r) => r.floor)),
      gateway: medianMeasurement(rs.map((r) => r.gateway)),
      ...(slow.length > 0 && { slowLog: medianMeasurement(slow.map((r) => r.slowLog)) }),
      rpsRatio: median(rs.map((r) => ratio(r.gateway.rps, r.proxy.rps))),
      cpuRatio: median(rs.map((r) => ratio(r.gateway.cpuMsPerRequest, r.proxy.cpuMsPerRequest))),
      addedP50Ms: median(rs.map((r) => r.gateway.p50Ms - r.proxy.p50Ms)),
      addedP99Ms: median(rs.map((r) => r.gateway.p99Ms - r.proxy.p99Ms)),
      floorRpsRatio: median(rs.map((r) => ratio(r.gateway.rps, r.floor.rps))),
      floorCpuRatio: median(
        rs.map((r) => ratio(r.gateway.cpuMsPerRequest, r.floor.cpuMsPerRequest)),
      ),
      floorAddedP99Ms: median(rs.map((r) => r.gateway.p99Ms - r.floor.p99Ms)),
      slowLogCpuRatio: median(
        slow.map((r) => ratio(r.slowLog.cpuMsPerRequest, r.gateway.cpuMsPerRequest)),
      ),
    };
  });
}

export interface ProcessFigures {
  gatewayPeakRssMb: number;
  floorPeakRssMb: number;
  proxyPeakRssMb: number;
  /** Median over the cold starts. */
  coldStartMs: number;
  coldStartsMs: number[];
  /** Heap in use after GC, at the end minus after warm-up, and the gateway requests in between. */
  heapGrowthMb: number;
  heapGrowthRequests: number;
}

/**
 * The targets, as the headline figures they apply to: the gateway against the floor (floor.ts),
 * its logs read slowly against read fast, and its latency against the proxy.
 */
export const TARGETS = {
  minFloorRpsRatio: 0.95,
  maxFloorCpuRatio: 1.05,
  maxSlowLogCpuRatio: 1.1,
  maxAddedP99Ms: 15,
  maxPeakRssMb: 160,
  maxHeapGrowthMb: 1,
  maxColdStartMs: 1000,
} as const;

export interface Headline {
  /** The concurrency the ratio and latency figures are at: the largest measured (50 by default). */
  connections: number;
  sessionRpsRatio: number;
  loginRpsRatio: number;
  sessionCpuRatio: number;
  loginCpuRatio: number;
  sessionFloorRpsRatio: number;
  loginFloorRpsRatio: number;
  sessionFloorCpuRatio: number;
  loginFloorCpuRatio: number;
  /** Slow ÷ fast log reader, the gateway's CPU per request: the larger of the two operations. */
  slowLogCpuRatio: number;
  /** The larger of the two operations' added p99. */
  addedP99Ms: number;
  sessionAddedP99Ms: number;
  loginAddedP99Ms: number;
  peakRssMb: number;
  floorPeakRssMb: number;
  coldStartMs: number;
  heapGrowthMb: number;
  heapGrowthRequests: number;
  targetsMet: Record<string, boolean>;
}

export function headline(cells: readonly CellSummary[], figures: ProcessFigures): Headline {
  const connections = Math.max(...cells.map((c) => c.connections));
  const at = (operation: OperationName) => {
    const cell = cells.find((c) => c.operation === operation && c.connections === connections);
    if (!cell) throw new Error(`no ${operation} results at ${connections} connections`);
    return cell;
  };
  const session = at('session');
  const login = at('login');
  const addedP99Ms = Math.max(session.addedP99Ms, login.addedP99Ms);
  // NaN (not measured) for an operation does not hide the other's figure.
  const slowLog = Math.max(
    ...[session.slowLogCpuRatio, login.slowLogCpuRatio].filter((r) => !Number.isNaN(r)),
  );
  const slowLogCpuRatio = Number.isFinite(slowLog) ? slowLog : NaN;
  return {
    connections,
    sessionRpsRatio: round(session.rpsRatio, 3),
    loginRpsRatio: round(login.rpsRatio, 3),
    sessionCpuRatio: round(session.cpuRatio, 3),
    loginCpuRatio: round(login.cpuRatio, 3),
    sessionFloorRpsRatio: round(session.floorRpsRatio, 3),
    loginFloorRpsRatio: round(login.floorRpsRatio, 3),
    sessionFloorCpuRatio: round(session.floorCpuRatio, 3),
    loginFloorCpuRatio: round(login.floorCpuRatio, 3),
    slowLogCpuRatio: round(slowLogCpuRatio, 3),
    addedP99Ms: round(addedP99Ms, 2),
    sessionAddedP99Ms: round(session.addedP99Ms, 2),
    loginAddedP99Ms: round(login.addedP99Ms, 2),
    peakRssMb: round(figures.gatewayPeakRssMb, 1),
    floorPeakRssMb: round(figures.floorPeakRssMb, 1),
    coldStartMs: round(figures.coldStartMs, 0),
    heapGrowthMb: round(figures.heapGrowthMb, 3),
    heapGrowthRequests: figures.heapGrowthRequests,
    targetsMet: {
      floorRps: Math.min(session.floorRpsRatio, login.floorRpsRatio) >= TARGETS.minFloorRpsRatio,
      floorCpu: Math.max(session.floorCpuRatio, login.floorCpuRatio) <= TARGETS.maxFloorCpuRatio,
      slowLog: slowLogCpuRatio <= TARGETS.maxSlowLogCpuRatio,
      addedP99: addedP99Ms <= TARGETS.maxAddedP99Ms,
      peakRss: figures.gatewayPeakRssMb < TARGETS.maxPeakRssMb,
      heap: figures.heapGrowthMb < TARGETS.maxHeapGrowthMb,
      coldStart: figures.coldStartMs < TARGETS.maxColdStartMs,
    },
  };
}

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const fixed = (value: number, digits: number) =>
  Number.isNaN(value) ? '-' : value.toFixed(digits);
const signed = (value: number, digits: number) => `${value >= 0 ? '+' : ''}${fixed(value, digits)}`;

/** The human-readable report: per operation and concurrency, each target and the ratios. */
export function formatReport(cells: readonly CellSummary[], figures: ProcessFigures): string {
  const rows: string[][] = [
    ['operation', 'conns', 'target', 'rps', 'p50 ms', 'p99 ms', 'cpu ms/req', 'requests'],
  ];
  const targetRow = (c: CellSummary, target: Target | 'slowLog') => {
    const m = c[target] as Measurement;
    return [
      c.operation,
      String(c.connections),
      target === 'slowLog' ? 'gateway, slow log reader' : target,
      fixed(m.rps, 0),
      fixed(m.p50Ms, 2),
      fixed(m.p99Ms, 2),
      fixed(m.cpuMsPerRequest, 3),
      fixed(m.requests, 0),
    ];
  };
  for (const c of cells) {
    rows.push(targetRow(c, 'proxy'), targetRow(c, 'floor'), targetRow(c, 'gateway'));
    if (c.slowLog) rows.push(targetRow(c, 'slowLog'));
    rows.push([
      '',
      '',
      'gateway/proxy',
      `${fixed(c.rpsRatio, 2)}x`,
      signed(c.addedP50Ms, 2),
      signed(c.addedP99Ms, 2),
      `${fixed(c.cpuRatio, 2)}x`,
      '',
    ]);
    rows.push([
      '',
      '',
      'gateway/floor',
      `${fixed(c.floorRpsRatio, 2)}x`,
      '',
      signed(c.floorAddedP99Ms, 2),
      `${fixed(c.floorCpuRatio, 2)}x`,
      '',
    ]);
    if (c.slowLog)
      rows.push(['', '', 'slow/fast log', '', '', '', `${fixed(c.slowLogCpuRatio, 2)}x`, '']);
  }
  const rounds = Math.max(...cells.map((c) => c.rounds));
  return [
    `Medians of ${rounds} interleaved rounds; the ratios and differences are taken within each round, then their median.`,
    table(rows),
    '',
    `peak RSS (VmHWM): gateway ${fixed(figures.gatewayPeakRssMb, 1)} MB, floor ${fixed(figures.floorPeakRssMb, 1)} MB, proxy ${fixed(figures.proxyPeakRssMb, 1)} MB`,
    `cold start to the first answered query: ${fixed(figures.coldStartMs, 0)} ms (median of ${figures.coldStartsMs.map((ms) => fixed(ms, 0)).join(', ')})`,
    `heap after GC: ${signed(figures.heapGrowthMb, 3)} MB over ${figures.heapGrowthRequests} gateway requests`,
  ].join('\n');
}
