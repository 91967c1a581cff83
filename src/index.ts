import 'reflect-metadata';
import type { Config } from './config';
import { ConfigError, loadConfig } from './config';
import type { EmulatorHandle } from './emulator';
import type { LogOutput } from './observability/log-output';
import { boundedOutput } from './observability/log-output';
import type { Logger } from './observability/logger';
import { createLogger } from './observability/logger';
import { createGateway } from './server';
import { API_TITLES } from './thoughtspot/session-apis';

/**
 * `npm start`: the gateway in front of THOUGHTSPOT_URL, or, outside production, in front of the
 * built-in emulator when no URL is set (and it says so).
 */

async function upstreamFor(
  config: Config,
  logger: Logger,
): Promise<{ url: string; emulator?: EmulatorHandle }> {
  if (config.thoughtspotUrl !== undefined) return { url: config.thoughtspotUrl };
  // loadConfig already refuses this combination; kept so no later change can slip it through.
  if (config.production) throw new ConfigError(['THOUGHTSPOT_URL is required in production']);
  // Loaded only here, so production (which never gets this far) never loads the emulator's code.
  const { defaultSeed, startEmulator } = await import('./emulator');
  const emulator = await startEmulator({
    seed: defaultSeed(
      config.emulator.secretKey !== undefined ? { secretKey: config.emulator.secretKey } : {},
    ),
  });
  logger.warn(
    { emulator: emulator.url },
    'THOUGHTSPOT_URL is not set: using the built-in ThoughtSpot emulator (development only). ' +
      'Demo users: tsadmin / admin (orgs 0 and 1), analyst / analyst (org 0).',
  );
  return { url: emulator.url, emulator };
}

/** How long closing upstream connections and stopping Apollo may take after the grace period. */
const SHUTDOWN_MARGIN_MS = 5_000;
/**
 * How long the last log lines may wait for a slow reader of stdout before the exit: within the
 * margin above, so a stuck reader delays the exit by this much and no more.
 */
const LOG_FLUSH_MS = 1_000;

/** Exits once the log lines queued so far are written (or LOG_FLUSH_MS have passed). */
function exitAfterFlush(output: LogOutput, code: number): void {
  void output.flush(LOG_FLUSH_MS).then(() => process.exit(code));
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const output = boundedOutput(config.logBufferBytes);
  const logger = createLogger(config.logLevel, output);
  const { url, emulator } = await upstreamFor(config, logger);
  const gateway = await createGateway({ config, thoughtspotUrl: url, logger });
  const address = await gateway.listen(config.port, config.host);
  logger.info(
    { upstream: emulator ? 'emulator' : url, api: config.thoughtspotApi },
    `GraphQL gateway ready at ${address}${config.graphqlPath}`,
  );
  // One call, not awaited: the log says which API answered, or (readiness's own warning) which
  // THOUGHTSPOT_API to set when the configured one is not there.
  void gateway.readiness.check().then((result) => {
    if (result.ready)
      logger.info(
        { api: config.thoughtspotApi },
        `ThoughtSpot answers ${API_TITLES[config.thoughtspotApi]}`,
      );
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const { shutdownGraceMs } = config.service;
    logger.info({ graceMs: shutdownGraceMs }, `${signal}: shutting down`);
    // The last resort, should stopping itself hang (say, Apollo's last usage report to an endpoint
    // that never answers): the orchestrator would kill the process anyway, without a word.
    setTimeout(() => {
      logger.error('shutdown did not finish in time: exiting');
      exitAfterFlush(output, 1);
    }, shutdownGraceMs + SHUTDOWN_MARGIN_MS).unref();
    gateway
      .close()
      .then(() => emulator?.close())
      .then(
        () => exitAfterFlush(output, 0),
        (error: unknown) => {
          logger.error({ err: error }, 'error while shutting down');
          exitAfterFlush(output, 1);
        },
      );
  };
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
