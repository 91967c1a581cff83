#!/usr/bin/env node
/* eslint-disable no-console -- a command-line program talks on the console */
import { CliUsageError, parseCliOptions, USAGE } from './cli-options';
import type { Seed } from './seed';
import { defaultSeed, loadSeedFile, SeedError } from './seed';
import { startEmulator } from './index';
import { BETA_BASE_PATH, V1_ORGS_PATH, V2_BASE_PATH } from '../contract';

function describe(url: string, seed: Seed, faults: boolean): string {
  const users = seed.users.map((u) => {
    const orgs = seed.orgsEnabled ? `  orgs ${u.orgs.join(', ')}` : '';
    return `    ${u.name} / ${u.password}  (${u.displayName})${orgs}`;
  });
  const orgs = seed.orgs.map((o) => `    ${o.id}  ${o.name}`);
  return [
    `ThoughtSpot emulator listening on ${url}`,
    `  REST API v2.0:     ${url}${V2_BASE_PATH}/auth/...`,
    `  v1 org endpoints:  ${url}${V1_ORGS_PATH}`,
    `  REST API v2 beta:  ${url}${BETA_BASE_PATH}/session/...`,
    `  users:`,
    ...users,
    ...(seed.orgsEnabled ? ['  orgs:', ...orgs] : ['  orgs:        disabled']),
    `  trusted authentication: ${seed.trustedAuth.enabled ? 'enabled' : 'disabled'}`,
    `  secret key:  ${seed.trustedAuth.secretKey}`,
    `  faults:      ${faults ? `enabled (control API: ${url}/__emulator/faults)` : 'off'}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2), process.env);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const seed = options.seedFile
    ? await loadSeedFile(options.seedFile, options.secretKey)
    : defaultSeed(options.secretKey === undefined ? {} : { secretKey: options.secretKey });
  const emulator = await startEmulator({
    port: options.port,
    host: options.host,
    seed,
    faults: options.faults,
    ...(options.log && { log: (line: string) => console.log(line) }),
  });
  console.log(describe(emulator.url, seed, options.faults));

  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof CliUsageError || error instanceof SeedError) {
    console.error(`emulator: ${error.message}`);
    if (error instanceof CliUsageError) console.error(`\n${USAGE}`);
    process.exit(2);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    console.error(`emulator: cannot listen: ${(error as Error).message}`);
    process.exit(1);
  }
  console.error('emulator: failed to start', error);
  process.exit(1);
});
