import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { FaultRule, FaultTarget } from './faults';
import { FaultController } from './faults';
import type { RequestCountsSnapshot } from './request-counts';
import { RequestCounts } from './request-counts';
import type { Seed } from './seed';
import { defaultSeed, validateSeed } from './seed';
import { createListener } from './server';
import type { StateLimits } from './state';
import { DEFAULT_LIMITS, EmulatorState } from './state';

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback unless told otherwise. */
  host?: string;
  /** The users, orgs and trusted-auth settings; the default seed of docs/emulator.md if absent. */
  seed?: Seed;
  /** Where time comes from; a ManualClock lets tests expire tokens and sessions. */
  clock?: Clock;
  /**
   * Fault injection: off unless enabled. `true` enables it with no rule in force; an object
   * enables it with these rules in force from the start.
   */
  faults?: boolean | Partial<Record<FaultTarget, FaultRule>>;
  /** Largest request body read, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  limits?: Partial<StateLimits>;
  /** One line per request and any unexpected error; silent if absent. */
  log?: (line: string) => void;
}

export interface EmulatorHandle {
  /** The base URL, e.g. http://127.0.0.1:4001 (no trailing slash). */
  url: string;
  port: number;
  /** The emulated cluster, for tests and tools: administration and counts. */
  state: EmulatorState;
  /** The fault rules; setting one throws unless the emulator was started with faults enabled. */
  faults: FaultController;
  /** Requests received so far, in all and by operation (also GET /__emulator/requests with faults on). */
  requestCounts(): RequestCountsSnapshot;
  /** Stops listening, ends every open connection (hung requests included) and resolves when closed. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Starts the ThoughtSpot emulator over HTTP: REST API v2.0, the v1 org endpoints and the beta, over
 * one state (docs/emulator.md).
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const seed = options.seed ? validateSeed(options.seed) : defaultSeed();
  const clock = options.clock ?? systemClock;
  const state = new EmulatorState(seed, clock, { ...DEFAULT_LIMITS, ...options.limits });
  const faults = new FaultController(options.faults !== undefined && options.faults !== false);
  if (typeof options.faults === 'object') {
    for (const [target, rule] of Object.entries(options.faults))
      faults.set(target as FaultTarget, rule);
  }
  const requests = new RequestCounts();
  const { listener, cancelTimers } = createListener({
    state,
    faults,
    requests,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    ...(options.log && { log: options.log }),
  });

  const server = createServer({ keepAlive: true }, listener);
  // Longer than the keep-alive of common clients (undici: 4 s), so a client never reuses a socket
  // the server is closing.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    state,
    faults,
    requestCounts: () => requests.snapshot(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        cancelTimers();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export { ManualClock, systemClock } from './clock';
export type { Clock } from './clock';
export { THOUGHTSPOT_ERROR_CODES, V2_EMULATOR_ERROR_CODES } from './errors';
export type { ErrorEnvelope } from './errors';
export { FAULT_MODES, ACTIONS } from './faults';
export type { FaultMode, FaultRule, FaultTarget, Action } from './faults';
export { defaultSeed, DEVELOPMENT_SECRET_KEY, loadSeedFile, SeedError, validateSeed } from './seed';
export type { Seed, SeedOrg, SeedUser } from './seed';
export type { RequestCountsSnapshot } from './request-counts';
export type { EmulatorState } from './state';
