import { parseArgs } from 'node:util';

/** What `npm run bench` is asked for, from its arguments and environment: the one place it reads them. */
export interface BenchOptions {
  /** Interleaved rounds; each measures every operation and concurrency on both targets. */
  rounds: number;
  /** About how long one target's run of one operation lasts within a round. */
  roundSeconds: number;
  /** About how long each target warms up on each operation and concurrency. */
  warmupSeconds: number;
  /** Concurrent connections of the load generator; the largest is the headline's. */
  connections: number[];
  /** Gateway processes started from cold to measure the time to the first answered query. */
  coldStarts: number;
  /** The ThoughtSpot API the gateway speaks (THOUGHTSPOT_API). */
  api: ApiName;
  /** How fast the slow log reader reads the second gateway's stdout, in KiB per second. */
  slowLogKiBps: number;
  /** Node options for both gateway processes (say, --cpu-prof, or a heap setting to measure). */
  gatewayNodeOptions: string[];
  /** Node options for the floor's process: --cpu-prof, to compare its profile with the gateway's. */
  floorNodeOptions: string[];
  help: boolean;
}

/**
 * THOUGHTSPOT_API's values (src/contract/endpoint.ts): written here, since the benchmark is
 * compiled on its own (rootDir test/bench) and runs the built gateway, not its sources.
 */
export const API_NAMES = ['2.0', 'beta'] as const;
export type ApiName = (typeof API_NAMES)[number];

export const DEFAULT_BENCH_OPTIONS: Readonly<Omit<BenchOptions, 'help'>> = {
  api: '2.0',
  rounds: 5,
  roundSeconds: 4,
  warmupSeconds: 3,
  connections: [10, 50],
  coldStarts: 3,
  slowLogKiBps: 64,
  gatewayNodeOptions: [],
  floorNodeOptions: [],
};

export const BENCH_USAGE = `Usage: npm run bench -- [options]

Benchmarks the gateway (production build) against a raw keep-alive node:http reverse proxy and the
floor (the leanest Apollo Server + type-graphql + undici server for the same two operations), all in
front of the ThoughtSpot emulator, on loopback; and the gateway once more with a slow log reader.
Prints a table, then one JSON line.

Options (each also as an environment variable):
  --api NAME           BENCH_API             the ThoughtSpot API: 2.0 or beta (default ${DEFAULT_BENCH_OPTIONS.api})
  --rounds N           BENCH_ROUNDS          interleaved rounds (default ${DEFAULT_BENCH_OPTIONS.rounds})
  --round-seconds S    BENCH_ROUND_SECONDS   length of one run within a round (default ${DEFAULT_BENCH_OPTIONS.roundSeconds})
  --warmup-seconds S   BENCH_WARMUP_SECONDS  warm-up per target, operation and concurrency (default ${DEFAULT_BENCH_OPTIONS.warmupSeconds})
  --connections LIST   BENCH_CONNECTIONS     comma-separated concurrencies (default ${DEFAULT_BENCH_OPTIONS.connections.join(',')})
  --cold-starts N      BENCH_COLD_STARTS     cold starts measured (default ${DEFAULT_BENCH_OPTIONS.coldStarts})
  --slow-log-kibps N   BENCH_SLOW_LOG_KIBPS  the slow log reader's pace, KiB/s (default ${DEFAULT_BENCH_OPTIONS.slowLogKiBps})
  --gateway-node-options="FLAGS"
                       BENCH_GATEWAY_NODE_OPTIONS
                                             node flags for both gateways, e.g. "--max-semi-space-size=4"
  --floor-node-options="FLAGS"
                       BENCH_FLOOR_NODE_OPTIONS
                                             node flags for the floor, e.g. "--cpu-prof"
  --help               show this text
`;

export class BenchUsageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'BenchUsageError';
  }
}

function number(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    problems.push(`${name} must be a number from ${min} to ${max}, not "${value}"`);
    return fallback;
  }
  return n;
}

function integer(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const n = number(value, name, fallback, min, max, problems);
  if (Number.isInteger(n)) return n;
  problems.push(`${name} must be a whole number, not "${value ?? ''}"`);
  return fallback;
}

function connectionList(value: string | undefined, name: string, problems: string[]): number[] {
  if (value === undefined || value.trim() === '') return [...DEFAULT_BENCH_OPTIONS.connections];
  const list = value.split(',').map((item) => Number(item.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) {
    problems.push(`${name} must list concurrencies from 1 to 1000, like 10,50, not "${value}"`);
    return [...DEFAULT_BENCH_OPTIONS.connections];
  }
  return [...new Set(list)].sort((a, b) => a - b);
}

function apiName(value: string | undefined, name: string, problems: string[]): ApiName {
  if (value === undefined || value.trim() === '') return DEFAULT_BENCH_OPTIONS.api;
  const api = API_NAMES.find((n) => n === value.trim());
  if (api !== undefined) return api;
  problems.push(`${name} must be ${API_NAMES.join(' or ')}, not "${value}"`);
  return DEFAULT_BENCH_OPTIONS.api;
}

function nodeFlags(value: string | undefined, name: string, problems: string[]): string[] {
  if (value === undefined || value.trim() === '') return [];
  const flags = value.trim().split(/\s+/);
  const bad = flags.filter((flag) => !/^--[a-z0-9-]+(=\S+)?$/.test(flag));
  if (bad.length > 0)
    problems.push(`${name} must be node flags like --flag=value, not "${bad.join(' ')}"`);
  return flags;
}

export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        rounds: { type: 'string' },
        'round-seconds': { type: 'string' },
        'warmup-seconds': { type: 'string' },
        connections: { type: 'string' },
        'cold-starts': { type: 'string' },
        api: { type: 'string' },
        'slow-log-kibps': { type: 'string' },
        'gateway-node-options': { type: 'string' },
        'floor-node-options': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BenchUsageError([error instanceof Error ? error.message : String(error)]);
  }
  // The command line wins over the environment; a problem names where the value came from.
  const from = (flag: string | undefined, cli: string, variable: string) =>
    flag !== undefined
      ? { value: flag, name: `--${cli}` }
      : { value: env[variable], name: variable };
  const problems: string[] = [];
  const d = DEFAULT_BENCH_OPTIONS;
  const rounds = from(values.rounds, 'rounds', 'BENCH_ROUNDS');
  const roundSeconds = from(values['round-seconds'], 'round-seconds', 'BENCH_ROUND_SECONDS');
  const warmupSeconds = from(values['warmup-seconds'], 'warmup-seconds', 'BENCH_WARMUP_SECONDS');
  const connections = from(values.connections, 'connections', 'BENCH_CONNECTIONS');
  const coldStarts = from(values['cold-starts'], 'cold-starts', 'BENCH_COLD_STARTS');
  const api = from(values.api, 'api', 'BENCH_API');
  const slowLog = from(values['slow-log-kibps'], 'slow-log-kibps', 'BENCH_SLOW_LOG_KIBPS');
  const nodeOptions = from(
    values['gateway-node-options'],
    'gateway-node-options',
    'BENCH_GATEWAY_NODE_OPTIONS',
  );
  const floorNodeOptions = from(
    values['floor-node-options'],
    'floor-node-options',
    'BENCH_FLOOR_NODE_OPTIONS',
  );
  const options: BenchOptions = {
    rounds: integer(rounds.value, rounds.name, d.rounds, 1, 100, problems),
    roundSeconds: number(roundSeconds.value, roundSeconds.name, d.roundSeconds, 0.5, 600, problems),
    warmupSeconds: number(
      warmupSeconds.value,
      warmupSeconds.name,
      d.warmupSeconds,
      0.5,
      600,
      problems,
    ),
    connections: connectionList(connections.value, connections.name, problems),
    coldStarts: integer(coldStarts.value, coldStarts.name, d.coldStarts, 1, 20, problems),
    api: apiName(api.value, api.name, problems),
    slowLogKiBps: number(slowLog.value, slowLog.name, d.slowLogKiBps, 1, 1_000_000, problems),
    gatewayNodeOptions: nodeFlags(nodeOptions.value, nodeOptions.name, problems),
    floorNodeOptions: nodeFlags(floorNodeOptions.value, floorNodeOptions.name, problems),
    help: values.help,
  };
  if (problems.length > 0) throw new BenchUsageError(problems);
  return options;
}
