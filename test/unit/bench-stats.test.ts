import { slowReaderPauseMs } from '../bench/processes';
import type { Measurement, RoundResult } from '../bench/report';
import { formatReport, headline, summarize } from '../bench/report';
import { roundOrder } from '../bench/rounds';
import { median, percentile, ratio, round, summarizeLatencies } from '../bench/stats';

describe('median', () => {
  it.each([
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
    [[2, 2, 9, 2], 2],
  ])('of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('is NaN for no values, and leaves its input alone', () => {
    expect(median([])).toBeNaN();
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it.each([
    [50, 50],
    [99, 99],
    [100, 100],
    [0, 1],
    [0.5, 1],
  ])('p%d of 1..100 is %d', (p, expected) => {
    expect(percentile(hundred, p)).toBe(expected);
  });

  it('p99 of ten values is the largest, p50 the fifth', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(ten, 99)).toBe(10);
    expect(percentile(ten, 50)).toBe(5);
  });

  it('is NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarizeLatencies', () => {
  it('sorts a copy, numerically', () => {
    const latencies = Float64Array.from([10.5, 2.25, 1, 100, 3]);
    expect(summarizeLatencies(latencies)).toEqual({ p50: 3, p99: 100, mean: 116.75 / 5 });
    expect([...latencies]).toEqual([10.5, 2.25, 1, 100, 3]);
  });
});

describe('ratio and round', () => {
  it('divides, NaN when there is nothing to divide by', () => {
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(3, 0)).toBeNaN();
    expect(ratio(3, NaN)).toBeNaN();
  });

  it('rounds to a number of decimals', () => {
    expect(round(0.123456, 3)).toBe(0.123);
    expect(round(2.5, 0)).toBe(3);
    expect(round(NaN, 2)).toBeNaN();
  });
});

const m = (rps: number, p99Ms: number, cpuMsPerRequest: number): Measurement => ({
  requests: rps * 5,
  rps,
  p50Ms: p99Ms / 4,
  p99Ms,
  cpuMsPerRequest,
});

// Three rounds of each operation at 50 connections and one at 10; round 2 is noisy for both.
const RESULTS: RoundResult[] = [
  {
    round: 1,
    operation: 'session',
    connections: 50,
    proxy: m(1000, 8, 0.1),
    floor: m(800, 11, 0.19),
    gateway: m(700, 12, 0.2),
    slowLog: m(700, 12, 0.22),
  },
  {
    round: 2,
    operation: 'session',
    connections: 50,
    proxy: m(500, 20, 0.2),
    floor: m(300, 25, 0.4),
    gateway: m(250, 30, 0.5),
    slowLog: m(250, 30, 0.6),
  },
  {
    round: 3,
    operation: 'session',
    connections: 50,
    proxy: m(900, 9, 0.1),
    floor: m(600, 12, 0.2),
    gateway: m(600, 13, 0.22),
  },
  {
    round: 1,
    operation: 'login',
    connections: 50,
    proxy: m(800, 10, 0.1),
    floor: m(560, 18, 0.3),
    gateway: m(560, 20, 0.3),
    slowLog: m(560, 20, 0.36),
  },
  {
    round: 2,
    operation: 'login',
    connections: 50,
    proxy: m(400, 30, 0.2),
    floor: m(250, 40, 0.5),
    gateway: m(200, 50, 0.6),
    slowLog: m(200, 50, 0.6),
  },
  {
    round: 3,
    operation: 'login',
    connections: 50,
    proxy: m(800, 10, 0.1),
    floor: m(500, 12, 0.25),
    gateway: m(400, 14, 0.2),
    slowLog: m(400, 14, 0.2),
  },
  {
    round: 1,
    operation: 'login',
    connections: 10,
    proxy: m(100, 1, 0.1),
    floor: m(20, 50, 0.1),
    gateway: m(10, 100, 0.1),
  },
];

const FIGURES = {
  gatewayPeakRssMb: 120.04,
  floorPeakRssMb: 100,
  proxyPeakRssMb: 60,
  coldStartMs: 640.4,
  coldStartsMs: [700, 640.4, 600],
  heapGrowthMb: 0.2,
  heapGrowthRequests: 200_000,
};

describe('summarize', () => {
  it('takes the ratios within each round, then their median', () => {
    const [session] = summarize(RESULTS);
    // Within-round ratios: 0.7, 0.5, 0.667 (median 0.667), not 600 / 900 of the medians.
    expect(session?.rpsRatio).toBeCloseTo(2 / 3, 10);
    // 2, 2.5, 2.2
    expect(session?.cpuRatio).toBeCloseTo(2.2, 10);
    // 4, 10, 4
    expect(session?.addedP99Ms).toBe(4);
    expect(session?.addedP50Ms).toBe(1);
    expect(session?.proxy).toEqual({
      requests: 4500,
      rps: 900,
      p50Ms: 2.25,
      p99Ms: 9,
      cpuMsPerRequest: 0.1,
    });
    expect(session?.rounds).toBe(3);
    // Against the floor: rps 0.875, 0.833, 1 (median 0.875); CPU 1.053, 1.25, 1.1; p99 +1, +5, +1.
    expect(session?.floorRpsRatio).toBeCloseTo(0.875, 10);
    expect(session?.floorCpuRatio).toBeCloseTo(1.1, 10);
    expect(session?.floorAddedP99Ms).toBe(1);
    // Slow ÷ fast log, in the two rounds that have it: 1.1, 1.2.
    expect(session?.slowLogCpuRatio).toBeCloseTo(1.15, 10);
    expect(session?.slowLog?.cpuMsPerRequest).toBeCloseTo(0.41, 10);
  });

  it('has no slow-log figures where none was measured', () => {
    const cell = summarize(RESULTS).find((c) => c.connections === 10);
    expect(cell?.slowLog).toBeUndefined();
    expect(cell?.slowLogCpuRatio).toBeNaN();
  });

  it('keeps each operation and concurrency apart, in the order first seen', () => {
    expect(summarize(RESULTS).map((c) => [c.operation, c.connections, c.rounds])).toEqual([
      ['session', 50, 3],
      ['login', 50, 3],
      ['login', 10, 1],
    ]);
  });
});

describe('headline', () => {
  it('reports the largest concurrency, the worse added p99 and the targets', () => {
    // login at 50: rps ratios 0.7, 0.5, 0.5; CPU ratios 3, 3, 2; added p99 10, 20, 4.
    const line = headline(summarize(RESULTS), FIGURES);
    expect(line).toEqual({
      connections: 50,
      sessionRpsRatio: 0.667,
      loginRpsRatio: 0.5,
      sessionCpuRatio: 2.2,
      loginCpuRatio: 3,
      // login against the floor: rps 1, 0.8, 0.8; CPU 1, 1.2, 0.8; slow log 1.2, 1, 1.
      sessionFloorRpsRatio: 0.875,
      loginFloorRpsRatio: 0.8,
      sessionFloorCpuRatio: 1.1,
      loginFloorCpuRatio: 1,
      slowLogCpuRatio: 1.15,
      addedP99Ms: 10,
      sessionAddedP99Ms: 4,
      loginAddedP99Ms: 10,
      peakRssMb: 120,
      floorPeakRssMb: 100,
      coldStartMs: 640,
      heapGrowthMb: 0.2,
      heapGrowthRequests: 200_000,
      targetsMet: {
        floorRps: false,
        floorCpu: false,
        slowLog: false,
        addedP99: true,
        peakRss: true,
        heap: true,
        coldStart: true,
      },
    });
  });

  it('needs both operations at the headline concurrency', () => {
    expect(() => headline(summarize(RESULTS.slice(0, 3)), FIGURES)).toThrow(
      'no login results at 50 connections',
    );
  });
});

describe('formatReport', () => {
  it('has a row per target and a ratio row per operation and concurrency', () => {
    const report = formatReport(summarize(RESULTS), FIGURES);
    const lines = report.split('\n');
    expect(lines[1]).toMatch(
      /^operation +conns +target +rps +p50 ms +p99 ms +cpu ms\/req +requests$/,
    );
    expect(lines[2]).toMatch(/^session +50 +proxy +900 +2\.25 +9\.00 +0\.100 +4500$/);
    expect(lines[3]).toMatch(/^session +50 +floor +600 +3\.00 +12\.00 +0\.200 +3000$/);
    expect(lines[4]).toMatch(/^session +50 +gateway +600 +3\.25 +13\.00 +0\.220 +3000$/);
    expect(lines[5]).toMatch(
      /^session +50 +gateway, slow log reader +475 +5\.25 +21\.00 +0\.410 +2375$/,
    );
    expect(lines[6]).toMatch(/^ +gateway\/proxy +0\.67x +\+1\.00 +\+4\.00 +2\.20x$/);
    expect(lines[7]).toMatch(/^ +gateway\/floor +0\.88x +\+1\.00 +1\.10x$/);
    expect(lines[8]).toMatch(/^ +slow\/fast log +1\.15x$/);
    expect(report).toContain('peak RSS (VmHWM): gateway 120.0 MB, floor 100.0 MB, proxy 60.0 MB');
    expect(report).toContain(
      'cold start to the first answered query: 640 ms (median of 700, 640, 600)',
    );
    expect(report).toContain('heap after GC: +0.200 MB over 200000 gateway requests');
  });
});

describe('roundOrder', () => {
  it('rotates the targets by one a round, each first once in three', () => {
    expect([1, 2, 3, 4].map((round) => roundOrder(round, false))).toEqual([
      ['proxy', 'floor', 'gateway'],
      ['floor', 'gateway', 'proxy'],
      ['gateway', 'proxy', 'floor'],
      ['proxy', 'floor', 'gateway'],
    ]);
  });

  it('puts the slow-log gateway right after the gateway at the headline concurrency', () => {
    expect(roundOrder(2, true)).toEqual(['floor', 'gateway', 'slowLog', 'proxy']);
    expect(roundOrder(3, true)).toEqual(['gateway', 'slowLog', 'proxy', 'floor']);
  });
});

describe('slowReaderPauseMs', () => {
  it("leaves the pipe unread for as long as the chunk is worth at the reader's pace", () => {
    expect(slowReaderPauseMs(65_536, 65_536)).toBe(1000);
    expect(slowReaderPauseMs(100, 65_536)).toBe(2);
    expect(slowReaderPauseMs(1, 1024)).toBe(1);
  });
});
