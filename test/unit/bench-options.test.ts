import { BenchUsageError, DEFAULT_BENCH_OPTIONS, parseBenchOptions } from '../bench/options';

describe('parseBenchOptions', () => {
  it('has defaults that keep the run to a few minutes', () => {
    expect(parseBenchOptions([], {})).toEqual({ ...DEFAULT_BENCH_OPTIONS, help: false });
    expect(DEFAULT_BENCH_OPTIONS).toEqual({
      api: '2.0',
      rounds: 5,
      roundSeconds: 4,
      warmupSeconds: 3,
      connections: [10, 50],
      coldStarts: 3,
      slowLogKiBps: 64,
      gatewayNodeOptions: [],
      floorNodeOptions: [],
    });
  });

  it('reads the environment, and the command line wins over it', () => {
    const env = {
      BENCH_ROUNDS: '3',
      BENCH_ROUND_SECONDS: '2.5',
      BENCH_WARMUP_SECONDS: '1',
      BENCH_CONNECTIONS: '50, 10,50',
      BENCH_COLD_STARTS: '1',
      BENCH_API: 'beta',
      BENCH_SLOW_LOG_KIBPS: '16',
      BENCH_GATEWAY_NODE_OPTIONS: ' --max-semi-space-size=4  --cpu-prof ',
      BENCH_FLOOR_NODE_OPTIONS: '--cpu-prof --cpu-prof-dir=/tmp/floor',
    };
    expect(parseBenchOptions([], env)).toEqual({
      api: 'beta',
      rounds: 3,
      roundSeconds: 2.5,
      warmupSeconds: 1,
      connections: [10, 50],
      coldStarts: 1,
      slowLogKiBps: 16,
      gatewayNodeOptions: ['--max-semi-space-size=4', '--cpu-prof'],
      floorNodeOptions: ['--cpu-prof', '--cpu-prof-dir=/tmp/floor'],
      help: false,
    });
    expect(
      parseBenchOptions(['--gateway-node-options=--max-old-space-size=96'], env).gatewayNodeOptions,
    ).toEqual(['--max-old-space-size=96']);
    expect(parseBenchOptions(['--floor-node-options=--cpu-prof'], env).floorNodeOptions).toEqual([
      '--cpu-prof',
    ]);
    expect(parseBenchOptions(['--api', '2.0'], env).api).toBe('2.0');
    expect(parseBenchOptions(['--rounds', '7', '--connections=100'], env)).toMatchObject({
      rounds: 7,
      connections: [100],
      roundSeconds: 2.5,
    });
  });

  it('lists every bad value, naming where it came from', () => {
    let error: unknown;
    try {
      parseBenchOptions(['--rounds', '0', '--connections', '10,x'], {
        BENCH_ROUND_SECONDS: 'long',
        BENCH_COLD_STARTS: '1.5',
        BENCH_API: 'v2',
        BENCH_SLOW_LOG_KIBPS: '0',
        BENCH_GATEWAY_NODE_OPTIONS: '--cpu-prof; rm -rf /',
        BENCH_FLOOR_NODE_OPTIONS: '$(reboot)',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BenchUsageError);
    expect((error as BenchUsageError).problems).toEqual([
      '--rounds must be a number from 1 to 100, not "0"',
      'BENCH_ROUND_SECONDS must be a number from 0.5 to 600, not "long"',
      '--connections must list concurrencies from 1 to 1000, like 10,50, not "10,x"',
      'BENCH_COLD_STARTS must be a whole number, not "1.5"',
      'BENCH_API must be 2.0 or beta, not "v2"',
      'BENCH_SLOW_LOG_KIBPS must be a number from 1 to 1000000, not "0"',
      'BENCH_GATEWAY_NODE_OPTIONS must be node flags like --flag=value, not "--cpu-prof; rm -rf /"',
      'BENCH_FLOOR_NODE_OPTIONS must be node flags like --flag=value, not "$(reboot)"',
    ]);
  });

  it('refuses unknown options and reads --help', () => {
    expect(() => parseBenchOptions(['--fast'], {})).toThrow(BenchUsageError);
    expect(parseBenchOptions(['--help'], {}).help).toBe(true);
  });
});
