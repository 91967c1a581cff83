/**
 * The one place that reads the environment. `loadConfig` is pure (it takes the environment as an
 * argument), returns a frozen object, and throws a ConfigError that names every bad variable at
 * once, so a misconfigured deployment fails at start-up with the whole list rather than one at a time.
 * The settings themselves are one table, src/config/settings.ts.
 */
import type { LOG_LEVELS } from './config/settings';
import { SETTINGS } from './config/settings';
import type { Values } from './config/table';
import { inMode, readTable } from './config/table';
import type { Reading } from './config/table';
import { ProblemsError } from './problems';

/** The configuration: the shape of the settings table, one property per setting. */
export type Config = Values<typeof SETTINGS>;
export type SameSite = NonNullable<Config['cookies']['sameSite']>;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** Bounds on one GraphQL document, checked once per distinct document (src/graphql/limits.ts). */
export type QueryLimits = Config['queryLimits'];
/** How long a client may take, and how many may connect: what a slow or idle client can hold. */
export type ClientLimits = Config['clients'];
/** Bounds on what the gateway keeps of the documents it has seen (src/graphql/caches.ts). */
export type DocumentCaches = Config['documentCaches'];
/** One cache's bounds: whichever is reached first evicts the least recently used entries. */
export type CacheBounds = DocumentCaches['documents'];

export class ConfigError extends ProblemsError {
  constructor(problems: readonly string[]) {
    super('Invalid configuration', problems);
  }
}

/** Served outside GraphQL on fixed paths, so no other endpoint may take them. */
export const HEALTH_PATHS = { live: '/healthz', ready: '/readyz' } as const;
const HEALTH: readonly string[] = Object.values(HEALTH_PATHS);

/**
 * Rules between settings, each checked only when none of its variables was refused (a refused one
 * is already named, and its default would make a second, misleading problem).
 */
const CHECKS: { vars: string[]; problem: (config: Config) => string | undefined }[] = [
  {
    vars: ['NODE_ENV', 'THOUGHTSPOT_URL'],
    problem: (c) =>
      c.production && c.thoughtspotUrl === undefined
        ? 'THOUGHTSPOT_URL is required when NODE_ENV=production (the built-in emulator is for development only)'
        : undefined,
  },
  {
    // Node's own rule: the headers are part of the request, so their time cannot be the longer.
    vars: ['HEADERS_TIMEOUT_MS', 'REQUEST_TIMEOUT_MS'],
    problem: ({ clients: { headersTimeoutMs: headers, requestTimeoutMs: request } }) =>
      headers > request
        ? `HEADERS_TIMEOUT_MS (${headers}) must not exceed REQUEST_TIMEOUT_MS (${request})`
        : undefined,
  },
  {
    vars: ['GRAPHQL_PATH'],
    problem: (c) =>
      HEALTH.includes(c.graphqlPath)
        ? `GRAPHQL_PATH must not be ${HEALTH.join(' or ')}: the health checks are there`
        : undefined,
  },
  {
    vars: ['METRICS_ENABLED', 'METRICS_PATH', 'GRAPHQL_PATH'],
    problem: ({ service: { metricsEnabled, metricsPath }, graphqlPath }) =>
      metricsEnabled && (HEALTH.includes(metricsPath) || metricsPath === graphqlPath)
        ? `METRICS_PATH must differ from GRAPHQL_PATH and from ${HEALTH.join(' and ')}, not "${metricsPath}"`
        : undefined,
  },
];

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const reading: Reading = { problems: [], refused: new Set() };
  const values = readTable(SETTINGS, env, reading);
  inMode(values, values.production === true);
  const config = values as Config;
  for (const check of CHECKS) {
    if (check.vars.some((name) => reading.refused.has(name))) continue;
    const problem = check.problem(config);
    if (problem !== undefined) reading.problems.push(problem);
  }
  if (reading.problems.length > 0) throw new ConfigError(reading.problems);
  return deepFreeze(config);
}

/** The development defaults: the configuration of an empty environment. */
export const DEFAULTS: Config = loadConfig({});

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value))
    if (typeof child === 'object' && child !== null) deepFreeze(child as object);
  return Object.freeze(value);
}
