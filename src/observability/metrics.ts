import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ClientCut } from '../http/clients';
import { droppedLogLines } from './log-output';
import type { RequestObserver } from './request-record';

/**
 * Prometheus metrics, as an observer of the request records. Every label value comes from a fixed
 * set (the schema's root fields, the error codes, the REST endpoints and HTTP statuses), never from
 * the caller: no operation names, ids or anything a client can choose, so a scrape cannot grow
 * without bound and says nothing about who called.
 */

export interface GatewayMetrics extends RequestObserver {
  /** The Content-Type of what render() returns. */
  readonly contentType: string;
  /** The text exposition of the gateway's metrics and the process's. */
  render(): Promise<string>;
  /** A client cut for being slow or idle, or a connection refused at MAX_CONNECTIONS. */
  clientCut(reason: ClientCut): void;
}

export interface MetricsOptions {
  /** Only GraphQL requests are counted: probes and scrapes would drown them out. */
  graphqlPath: string;
  /** The gateway's version, for the info metric. */
  version: string;
}

const PREFIX = 'thoughtspot_gateway_';
// Prometheus' default buckets, and one for calls that ran into a long UPSTREAM_TIMEOUT_MS.
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
// Error codes are SCREAMING_SNAKE_CASE constants of this gateway, Apollo and the validation rules.
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

// Process metrics describe the process, not a gateway: one collector per process (module), however
// many gateways it holds (tests make many), so their GC observers and event-loop monitors are not
// installed again for each. The global registry of prom-client is never used.
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    // The log output is the process's stdout: counted by log-output.ts, read at each scrape.
    new Counter({
      name: `${PREFIX}log_lines_dropped_total`,
      help: 'Log lines not written, by reason: "full" (the reader of stdout is too slow for the LOG_BUFFER_BYTES queue) or "broken" (writing to stdout failed)',
      labelNames: ['reason'] as const,
      registers: [processRegistry],
      collect() {
        this.reset();
        for (const [reason, count] of Object.entries(droppedLogLines()))
          this.inc({ reason }, count);
      },
    });
  }
  return processRegistry;
}

export function createMetrics(options: MetricsOptions): GatewayMetrics {
  const own = new Registry();
  const requestDuration = new Histogram({
    name: `${PREFIX}request_duration_seconds`,
    help: 'GraphQL requests by operation (its root fields, or "none" when not resolved) and result code ("OK" or the first error\'s code)',
    labelNames: ['operation', 'code'] as const,
    buckets: BUCKETS,
    registers: [own],
  });
  const upstreamDuration = new Histogram({
    name: `${PREFIX}upstream_request_duration_seconds`,
    help: 'ThoughtSpot calls by endpoint and status (the HTTP status, or "timeout", "unavailable" or "error" when none came)',
    labelNames: ['endpoint', 'status'] as const,
    buckets: BUCKETS,
    registers: [own],
  });
  const droppedCookies = new Counter({
    name: `${PREFIX}upstream_cookies_dropped_total`,
    help: 'ThoughtSpot Set-Cookie headers not relayed, by reason: "name" (not in THOUGHTSPOT_COOKIE_NAMES), "malformed", "too_large" (over 4096 bytes) or "duplicate" (replaced by a later one of the same name)',
    labelNames: ['reason'] as const,
    registers: [own],
  });
  const inFlight = new Gauge({
    name: `${PREFIX}requests_in_flight`,
    help: 'GraphQL requests being served',
    registers: [own],
  });
  new Gauge({
    name: `${PREFIX}info`,
    help: 'The gateway version, always 1',
    labelNames: ['version'] as const,
    registers: [own],
  }).set({ version: options.version }, 1);
  const clientsCut = new Counter({
    name: `${PREFIX}clients_cut_total`,
    help: 'Connections closed for a client too slow (headers_timeout, request_timeout, body_idle_timeout) or refused at MAX_CONNECTIONS (connection_limit)',
    labelNames: ['reason'] as const,
    registers: [own],
  });
  const registry = Registry.merge([own, processMetrics()]);

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    clientCut: (reason) => {
      clientsCut.inc({ reason });
    },
    requestStarted(record) {
      if (record.path === options.graphqlPath) inFlight.inc();
    },
    requestFinished({ record, durationMs, aborted }) {
      if (record.path !== options.graphqlPath) return;
      inFlight.dec();
      let code = record.errorCode ?? (aborted ? 'ABORTED' : 'OK');
      if (!CODE.test(code)) code = 'OTHER';
      requestDuration.observe({ operation: record.rootFields ?? 'none', code }, durationMs / 1000);
      for (const call of record.upstreamCalls)
        upstreamDuration.observe(
          {
            endpoint: call.endpoint,
            status: call.status !== undefined ? String(call.status) : (call.failure ?? 'error'),
          },
          call.durationMs / 1000,
        );
      for (const reason of record.droppedCookies) droppedCookies.inc({ reason });
    },
  };
}
