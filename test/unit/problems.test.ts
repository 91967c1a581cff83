import { ConfigError, loadConfig } from '../../src/config';
import { CliUsageError, parseCliOptions } from '../../src/emulator/cli-options';
import { SeedError, validateSeed } from '../../src/emulator/seed';
import { ProblemsError } from '../../src/problems';

/** What `fn` throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('errors that list problems', () => {
  it.each([
    [
      'ConfigError',
      ConfigError,
      'Invalid configuration',
      () => loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' }),
    ],
    ['SeedError', SeedError, 'invalid seed', () => validateSeed({ orgsEnabled: 1, users: [] })],
    [
      'CliUsageError',
      CliUsageError,
      'invalid arguments',
      () => parseCliOptions(['--port', 'x', '--seed='], {}),
    ],
  ])(
    '%s lists each of its problems on a line of its own, under its title',
    (name, type, title, fn) => {
      const error = thrown(fn);
      expect(error).toBeInstanceOf(type);
      expect(error).toBeInstanceOf(ProblemsError);
      const { problems, message } = error as ProblemsError;
      expect((error as Error).name).toBe(name);
      expect(problems.length).toBeGreaterThan(1);
      expect(message).toBe(
        [`${title}:`, ...problems.map((problem) => `  - ${problem}`)].join('\n'),
      );
    },
  );
});
