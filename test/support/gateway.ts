import { Writable } from 'node:stream';
import { GraphQLClient } from 'graphql-request';
import type { Config } from '../../src/config';
import { loadConfig } from '../../src/config';
import type { EmulatorOptions } from '../../src/emulator';
import type { UsageReportingOverrides } from '../../src/observability/apollo-reporting';
import { createLogger } from '../../src/observability/logger';
import type { Server } from 'node:http';
import type { GatewayMetrics } from '../../src/observability/metrics';
import type { Gateway } from '../../src/server';
import { API } from './api';
import type { TestEmulator } from './emulator';
import { startTestEmulator } from './emulator';
import { gatewayParts, publicView } from './internals';

export interface TestGateway {
  /** Base URL of the gateway, e.g. http://127.0.0.1:43117 */
  url: string;
  /** The GraphQL endpoint: `${url}/graphql` unless GRAPHQL_PATH says otherwise. */
  endpoint: string;
  /** The gateway as an embedder has it. */
  gateway: Gateway;
  /** Its HTTP server, for tests that watch its connections and requests. */
  server: Server;
  /** Its metrics; absent when METRICS_ENABLED=false. */
  metrics?: GatewayMetrics;
  config: Config;
  /** The emulator behind it (port 0, manual clock), unless `thoughtspotUrl` was given. */
  ts: TestEmulator;
  /** Every log line the gateway wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Every log line, raw, for "this secret never appears" checks. */
  rawLogs(): string;
  /** A graphql-request client for the endpoint, with these headers on every request. */
  client(headers?: Record<string, string>): GraphQLClient;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Environment for loadConfig, on top of the test defaults. */
  env?: Record<string, string>;
  emulator?: EmulatorOptions;
  /** Point the gateway somewhere else than the emulator (the emulator still starts). */
  thoughtspotUrl?: string;
  /** Where Apollo usage reports go, when APOLLO_KEY and APOLLO_GRAPH_REF are in `env`. */
  usageReporting?: UsageReportingOverrides;
}

/** The emulator on port 0 and the gateway on port 0 in front of it, as `npm start` wires them. */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const ts = await startTestEmulator(options.emulator);
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    THOUGHTSPOT_API: API,
    ...options.env,
  });
  const parts = await gatewayParts({
    config,
    thoughtspotUrl: options.thoughtspotUrl ?? ts.emulator.url,
    logger: createLogger(config.logLevel, sink),
    ...(options.usageReporting && { usageReporting: options.usageReporting }),
  });
  const { server, metrics } = parts;
  const gateway = publicView(parts);
  const url = await gateway.listen(0, '127.0.0.1');
  const endpoint = `${url}${config.graphqlPath}`;
  return {
    url,
    endpoint,
    gateway,
    server,
    ...(metrics && { metrics }),
    config,
    ts,
    get logs() {
      return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    rawLogs: () => lines.join('\n'),
    client: (headers = {}) => new GraphQLClient(endpoint, { headers }),
    async close() {
      await gateway.close();
      await ts.close();
    },
  };
}
