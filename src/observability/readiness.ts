import { randomUUID } from 'node:crypto';
import type { ApiName } from '../contract';
import { API_NAMES } from '../contract';
import { UpstreamCaller } from '../thoughtspot/caller';
import { API_TITLES, PROBE_ENDPOINTS } from '../thoughtspot/session-apis';
import type { Upstream } from '../thoughtspot/upstream';
import { UpstreamTransportError } from '../thoughtspot/upstream';
import type { Logger } from './logger';

/**
 * Readiness: whether ThoughtSpot answers, checked with one cheap call and remembered for a short
 * period, with concurrent probes sharing the check in flight, so however many probes come (every
 * replica's kubelet, a load balancer, a probe storm) ThoughtSpot sees at most one call per period.
 * While the gateway shuts down it is not ready, whatever ThoughtSpot says.
 */

export type ReadinessResult = { ready: true } | { ready: false; reason: string };

export interface Readiness {
  check(): Promise<ReadinessResult>;
  /** Not ready from now on: the gateway is shutting down. */
  drain(): void;
}

/** What one check found: the status the configured API meant, and, after a 404, the other API's. */
export interface ProbeOutcome {
  api: ApiName;
  status: number;
  other?: { api: ApiName; status: number };
}

export interface ReadinessOptions {
  /** One check of ThoughtSpot, or a throw when no answer came. */
  probe(): Promise<ProbeOutcome>;
  /** How long a result is reused; 0 keeps only the sharing of a check in flight. */
  cacheMs: number;
  logger: Logger;
}

const READY: ReadinessResult = { ready: true };
const DRAINING: ReadinessResult = { ready: false, reason: 'shutting down' };

// The session endpoint answers a call without credentials with 401 (403 on some clusters). Any
// other answer is not ThoughtSpot's session API as configured: a 5xx is it (or its proxy) failing,
// a 404 or a redirect a wrong THOUGHTSPOT_URL, path prefix or THOUGHTSPOT_API, which should stop a
// rollout at readiness rather than fail every request after it.
const answers = (status: number) =>
  (status >= 200 && status <= 299) || status === 401 || status === 403;

/**
 * The configured API's session endpoint without credentials, through the pool every request uses;
 * after a 404, the other API's too, so the reason can say which THOUGHTSPOT_API would work.
 */
export function probeThoughtSpot(
  upstream: Upstream,
  userAgent: string,
  api: ApiName,
): () => Promise<ProbeOutcome> {
  const probe = (which: ApiName) =>
    new UpstreamCaller({
      upstream,
      credentials: {},
      requestId: randomUUID(),
      userAgent,
      onSetCookie: () => undefined,
    }).probe(PROBE_ENDPOINTS[which]);
  const other = API_NAMES.find((name) => name !== api) ?? api;
  return async () => {
    const status = await probe(api);
    if (status !== 404) return { api, status };
    const otherStatus = await probe(other).catch(() => undefined);
    return otherStatus === undefined
      ? { api, status }
      : { api, status, other: { api: other, status: otherStatus } };
  };
}

function resultOf({ api, status, other }: ProbeOutcome): ReadinessResult {
  if (answers(status)) return READY;
  if (other !== undefined && answers(other.status))
    return {
      ready: false,
      reason: `ThoughtSpot answered ${status} to ${API_TITLES[api]} (THOUGHTSPOT_API=${api}), but ${API_TITLES[other.api]} answers: set THOUGHTSPOT_API=${other.api}`,
    };
  return { ready: false, reason: `ThoughtSpot answered ${status} to ${API_TITLES[api]}` };
}

function failureOf(error: unknown): ReadinessResult {
  if (error instanceof UpstreamTransportError) {
    if (error.failure.kind === 'timeout')
      return { ready: false, reason: 'ThoughtSpot did not answer in time' };
    if (error.failure.kind === 'unavailable')
      return { ready: false, reason: 'ThoughtSpot could not be reached' };
  }
  return { ready: false, reason: 'ThoughtSpot check failed' };
}

export function createReadiness(options: ReadinessOptions): Readiness {
  let draining = false;
  let cached: { result: ReadinessResult; at: number } | undefined;
  let inFlight: Promise<ReadinessResult> | undefined;

  async function run(): Promise<ReadinessResult> {
    let result: ReadinessResult;
    try {
      result = resultOf(await options.probe());
    } catch (error) {
      result = failureOf(error);
      // Not a failure of ThoughtSpot's: a bug, worth its stack in the log.
      if (!(error instanceof UpstreamTransportError))
        options.logger.error({ err: error }, 'readiness check failed');
    }
    // Changes only, so a steady state writes nothing however often probes come.
    const previous = cached?.result;
    if (previous === undefined ? !result.ready : previous.ready !== result.ready) {
      if (result.ready) options.logger.info('ready: ThoughtSpot answers');
      else options.logger.warn({ reason: result.reason }, 'not ready');
    }
    cached = { result, at: performance.now() };
    return result;
  }

  return {
    drain() {
      draining = true;
    },
    check() {
      if (draining) return Promise.resolve(DRAINING);
      if (cached !== undefined && performance.now() - cached.at < options.cacheMs)
        return Promise.resolve(cached.result);
      inFlight ??= run().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}
