import { parseArgs } from 'node:util';
import { ProblemsError } from '../problems';

/** What `npm run emulator` is asked for, from its arguments and environment: the one place it reads them. */
export interface CliOptions {
  port: number;
  host: string;
  seedFile?: string;
  secretKey?: string;
  faults: boolean;
  log: boolean;
  help: boolean;
}

export const DEFAULT_PORT = 4001;

export const USAGE = `Usage: npm run emulator -- [options]

Runs a ThoughtSpot emulator serving, over one set of users, orgs, sessions and tokens, REST API
v2.0's session and token endpoints (/api/rest/2.0/auth/...), the v1 org endpoints
(/callosum/v1/tspublic/v1/session/orgs) and the 2022 beta's six (/tspublic/rest/v2/session/...).

Options:
  --port N        port to listen on (default: EMULATOR_PORT, else ${DEFAULT_PORT}; 0 picks a free one)
  --host H        address to listen on (default 127.0.0.1)
  --seed FILE     JSON seed of users, orgs and trusted authentication, instead of the default one
  --faults        enable fault injection and its control API under /__emulator/faults
  --log           print one line per request (method, path, status, time; never credentials)
  --help          show this text

Environment:
  EMULATOR_PORT                     port, when --port is not given
  THOUGHTSPOT_EMULATOR_SECRET_KEY   trusted-authentication secret key of the default seed
`;

export class CliUsageError extends ProblemsError {
  constructor(problems: readonly string[]) {
    super('invalid arguments', problems);
  }
}

function parsePort(value: string, from: string, problems: string[]): number {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port > 65535) {
    problems.push(`${from} must be a port number from 0 to 65535, not "${value}"`);
    return DEFAULT_PORT;
  }
  return port;
}

export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        faults: { type: 'boolean', default: false },
        log: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError([error instanceof Error ? error.message : String(error)]);
  }
  const problems: string[] = [];
  const port =
    values.port !== undefined
      ? parsePort(values.port, '--port', problems)
      : env.EMULATOR_PORT
        ? parsePort(env.EMULATOR_PORT, 'EMULATOR_PORT', problems)
        : DEFAULT_PORT;
  if (values.host === '') problems.push('--host must not be empty');
  if (values.seed === '') problems.push('--seed needs a file name');
  const secretKey = env.THOUGHTSPOT_EMULATOR_SECRET_KEY;
  if (problems.length > 0) throw new CliUsageError(problems);
  return {
    port,
    host: values.host ?? '127.0.0.1',
    ...(values.seed !== undefined && { seedFile: values.seed }),
    ...(secretKey !== undefined && secretKey !== '' && { secretKey }),
    faults: values.faults,
    log: values.log,
    help: values.help,
  };
}
