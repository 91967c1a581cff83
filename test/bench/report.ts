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

/** One operation and concurrency in one round: the proxy's run and the gateway's. */
export interface RoundResult extends Cell {
  round: number;
  proxy: Measurement;
  gateway: Measurement;
}

export interface CellSummary extends Cell {
  rounds: number;
  /** Medians over the rounds. */
  proxy: Measurement;
  gateway: Measurement;
  /** Gateway ÷ proxy (or gateway − proxy) within each round, then the median over the rounds. */
  rpsRatio: number;
  cpuRatio: number;
  addedP50Ms: number;
  addedP99Ms: number;
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
    return {
      operation: first.operation,
      connections: first.connections,
      rounds: rs.length,
      proxy: medianMeasurement(rs.map((r) => r.proxy)),
      gateway: medianMeasurement(rs.map((r) => r.gateway)),
      rpsRatio: median(rs.map((r) => ratio(r.gateway.rps, r.proxy.rps))),
      cpuRatio: median(rs.map((r) => ratio(r.gateway.cpuMsPerRequest, r.proxy.cpuMsPerRequest))),
      addedP50Ms: median(rs.map((r) => r.gateway.p50Ms - r.proxy.p50Ms)),
      addedP99Ms: median(rs.map((r) => r.gateway.p99Ms - r.proxy.p99Ms)),
    };
  });
}

export interface ProcessFigures {
  gatewayPeakRssMb: number;
  proxyPeakRssMb: number;
  /** Median over the cold starts. */
  coldStartMs: number;
  coldStartsMs: number[];
  /** Heap in use after GC, at the end minus after warm-up, and the gateway requests in between. */
  heapGrowthMb: number;
  heapGrowthRequests: number;
}

/** The targets, as the headline figures they apply to. */
export const TARGETS = {
  minRpsRatio: 0.6,
  maxCpuRatio: 2.5,
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
  /** The larger of the two operations' added p99. */
  addedP99Ms: number;
  sessionAddedP99Ms: number;
  loginAddedP99Ms: number;
  peakRssMb: number;
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
  return {
    connections,
    sessionRpsRatio: round(session.rpsRatio, 3),
    loginRpsRatio: round(login.rpsRatio, 3),
    sessionCpuRatio: round(session.cpuRatio, 3),
    loginCpuRatio: round(login.cpuRatio, 3),
    addedP99Ms: round(addedP99Ms, 2),
    sessionAddedP99Ms: round(session.addedP99Ms, 2),
    loginAddedP99Ms: round(login.addedP99Ms, 2),
    peakRssMb: round(figures.gatewayPeakRssMb, 1),
    coldStartMs: round(figures.coldStartMs, 0),
    heapGrowthMb: round(figures.heapGrowthMb, 3),
    heapGrowthRequests: figures.heapGrowthRequests,
    targetsMet: {
      rps: Math.min(session.rpsRatio, login.rpsRatio) >= TARGETS.minRpsRatio,
      cpu: Math.max(session.cpuRatio, login.cpuRatio) <= TARGETS.maxCpuRatio,
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
  const targetRow = (c: CellSummary, target: Target) => {
    const m = c[target];
    return [
      c.operation,
      String(c.connections),
      target,
      fixed(m.rps, 0),
      fixed(m.p50Ms, 2),
      fixed(m.p99Ms, 2),
      fixed(m.cpuMsPerRequest, 3),
      fixed(m.requests, 0),
    ];
  };
  for (const c of cells) {
    rows.push(targetRow(c, 'proxy'), targetRow(c, 'gateway'));
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
  }
  const rounds = Math.max(...cells.map((c) => c.rounds));
  return [
    `Medians of ${rounds} interleaved rounds; the gateway/proxy ratios and differences are taken within each round, then their median.`,
    table(rows),
    '',
    `peak RSS (VmHWM): gateway ${fixed(figures.gatewayPeakRssMb, 1)} MB, proxy ${fixed(figures.proxyPeakRssMb, 1)} MB`,
    `cold start to the first answered query: ${fixed(figures.coldStartMs, 0)} ms (median of ${figures.coldStartsMs.map((ms) => fixed(ms, 0)).join(', ')})`,
    `heap after GC: ${signed(figures.heapGrowthMb, 3)} MB over ${figures.heapGrowthRequests} gateway requests`,
  ].join('\n');
}
