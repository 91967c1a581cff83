/**
 * The one place that reads the environment. `loadConfig` is pure (it takes the environment as an
 * argument), returns a frozen object, and throws a ConfigError that names every bad variable at
 * once, so a misconfigured deployment fails at start-up with the whole list rather than one at a time.
 */

import type { ApiName } from './contract';
import { API_NAMES, BETA_BASE_PATH, V1_BASE_PATH, V2_BASE_PATH } from './contract';

export type SameSite = 'Strict' | 'Lax' | 'None';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  /** NODE_ENV=production: no emulator fallback, no stack traces, introspection off by default. */
  production: boolean;
  /**
   * The ThoughtSpot cluster, e.g. https://acme.thoughtspot.cloud (no trailing slash; a path prefix
   * is kept for clusters behind a proxy). Absent means the built-in emulator.
   */
  thoughtspotUrl?: string;
  /** Which ThoughtSpot API to speak: REST API v2.0 (every current cluster), or the deprecated beta. */
  thoughtspotApi: ApiName;
  port: number;
  host: string;
  graphqlPath: string;
  upstream: {
    /** Whole-call budget for one upstream call: connect, headers and body. */
    timeoutMs: number;
    /** Connections to ThoughtSpot per endpoint, shared by all callers (connections, never credentials). */
    connections: number;
    /**
     * Whether an HTTP/1.1 connection may carry one call after another. Off: a response nobody asked
     * for would otherwise be read as the next caller's answer (src/thoughtspot/upstream.ts).
     */
    reuseHttp1Connections: boolean;
  };
  cookies: {
    /** The cookie names ThoughtSpot owns; only these are forwarded upstream. */
    names: readonly string[];
    /** Overrides the SameSite attribute of relayed cookies; absent keeps ThoughtSpot's. */
    sameSite?: SameSite;
    /** The longest lifetime a relayed cookie may ask for (Max-Age or Expires); longer is cut to it. */
    maxAgeSeconds: number;
  };
  /** Browser origins allowed to call with credentials (cookies). Empty: no cross-origin access. */
  corsOrigins: readonly string[];
  /** Largest request body read, in bytes, on any path. */
  maxBodyBytes: number;
  /** How long a client may take, and how many may connect: what a slow or idle client can hold. */
  clients: ClientLimits;
  introspection: boolean;
  /** Apollo Sandbox at the GraphQL path for browsers (GET with Accept: text/html). */
  landingPage: boolean;
  /** Bounds on one GraphQL document, checked once per distinct document (src/graphql/limits.ts). */
  queryLimits: QueryLimits;
  /** Bounds on what the gateway keeps of the documents it has seen (src/graphql/caches.ts). */
  documentCaches: DocumentCaches;
  logLevel: LogLevel;
  /** Log output waiting for a slow reader of stdout, in bytes; lines beyond it are dropped. */
  logBufferBytes: number;
  emulator: {
    /** Trusted-auth secret key of the built-in emulator's default seed (development only). */
    secretKey?: string;
  };
  /** Health, metrics and shutdown: what the platform around the gateway talks to. */
  operations: {
    /** How long requests in flight at SIGTERM/SIGINT may run on before their connections are closed. */
    shutdownGraceMs: number;
    /** How long one /readyz check of ThoughtSpot answers for, however many probes ask. */
    readinessCacheMs: number;
    /** Prometheus metrics on the main port, at metricsPath. */
    metricsEnabled: boolean;
    metricsPath: string;
  };
  /**
   * Apollo Studio usage reporting: present only when APOLLO_KEY and APOLLO_GRAPH_REF are both set.
   * The key is a secret: never logged or echoed in a configuration error.
   */
  apollo?: { key: string; graphRef: string };
}

export interface QueryLimits {
  /** Nesting of fields (fragments do not add to it); `__schema` introspection is exempt. */
  depth: number;
  /** Aliased fields, counted through fragments (`__typename` is free). */
  aliases: number;
  /** Distinct root fields of one operation: each is at most one ThoughtSpot call. */
  rootFields: number;
  /** Directives, counted through fragments. */
  directives: number;
  /** Lexical tokens; parsing stops at the first one over. Comments are not tokens to graphql-js. */
  tokens: number;
  /** Comments (`#` to the end of a line), which the token limit does not see. */
  comments: number;
  /** graphql-armor's cost (objects 2, scalars 1, times 1.5 per level); `__schema` is exempt. */
  cost: number;
  /** The document's size in UTF-8 bytes. */
  bytes: number;
}

export interface ClientLimits {
  /** From the connection (or the first byte of a request on a kept-alive one) to the last header. */
  headersTimeoutMs: number;
  /** From there to the last byte of the body, however steadily it trickles in. */
  requestTimeoutMs: number;
  /** Longest silence while a body is being read. */
  bodyIdleTimeoutMs: number;
  /** How long a connection may wait, idle, for its next request. */
  keepAliveTimeoutMs: number;
  /** Open connections at most; the next one is closed as soon as it is accepted. */
  maxConnections: number;
}

/** One cache's bounds: whichever is reached first evicts the least recently used entries. */
export interface CacheBounds {
  /** What its entries may keep on the heap, by an upper estimate of each (0 turns the cache off). */
  maxBytes: number;
  /** How many entries (0 turns the cache off). */
  maxEntries: number;
}

export interface DocumentCaches {
  /** Parsed documents that passed validation, so that a repeated one is neither parsed nor validated. */
  documents: CacheBounds;
  /** Automatic persisted queries: document texts by their hash. */
  persistedQueries: CacheBounds;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULTS = {
  port: 4000,
  devHost: '127.0.0.1',
  productionHost: '0.0.0.0',
  graphqlPath: '/graphql',
  thoughtspotApi: '2.0' as ApiName,
  upstreamTimeoutMs: 10_000,
  upstreamConnections: 64,
  cookieNames: ['JSESSIONID', 'clientId'],
  // A week: longer than a ThoughtSpot session lives, far shorter than a cookie set for good.
  cookieMaxAgeSeconds: 7 * 24 * 3600,
  maxBodyBytes: 100 * 1024,
  // With these, no client holds a connection past ~21 s without a complete request, or ~5 s idle
  // (README, Security: "Slow and idle clients"). Keep-alive is below the 60 s idle timeout of common
  // proxies, which then must close first (README says how) or raise KEEP_ALIVE_TIMEOUT_MS.
  clients: {
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 20_000,
    bodyIdleTimeoutMs: 10_000,
    keepAliveTimeoutMs: 5_000,
    // Room under the common 1024 file descriptors for the ThoughtSpot connections (at most
    // 6 endpoints x UPSTREAM_CONNECTIONS, 384 by default) and the process's own.
    maxConnections: 512,
  },
  logLevel: 'info' as LogLevel,
  // A few thousand access log lines: seconds of a stalled reader at full load, a bounded heap cost.
  logBufferBytes: 1024 * 1024,
  // Below Kubernetes' default terminationGracePeriodSeconds (30 s), so the pod ends on its own terms.
  shutdownGraceMs: 10_000,
  readinessCacheMs: 5_000,
  metricsPath: '/metrics',
  // Far above what the gateway's own operations and the introspection query of Apollo Sandbox and
  // GraphQL Code Generator need (see test/e2e/query-limits.test.ts), far below what could hurt.
  queryLimits: {
    depth: 6,
    aliases: 15,
    rootFields: 5,
    directives: 50,
    tokens: 1000,
    comments: 100,
    cost: 5000,
    bytes: 16 * 1024,
  },
  // A few MiB hold every document a real client sends many times over (test/operations/ and an
  // introspection query take under 100 KiB); their sum bounds the heap a flood of distinct
  // documents can take (README, Security).
  documentCaches: {
    documents: { maxBytes: 8 * 1024 * 1024, maxEntries: 1000 },
    persistedQueries: { maxBytes: 4 * 1024 * 1024, maxEntries: 1000 },
  },
} as const;

/** Served outside GraphQL on fixed paths, so no other endpoint may take them. */
export const HEALTH_PATHS = { live: '/healthz', ready: '/readyz' } as const;

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];
const NODE_ENVS: readonly string[] = ['production', 'development', 'test'];
// RFC 6265 cookie-name token characters.
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

type Env = Readonly<Record<string, string | undefined>>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  /** The trimmed value, or undefined when unset or blank. */
  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max}, not "${value}"`);
      return fallback;
    }
    return n;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    this.problems.push(`${name} must be true or false, not "${value}"`);
    return fallback;
  }

  list(name: string): string[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
}

function readThoughtSpotUrl(r: Reader, production: boolean): string | undefined {
  const value = r.raw('THOUGHTSPOT_URL');
  if (value === undefined) {
    if (production)
      r.problems.push(
        'THOUGHTSPOT_URL is required when NODE_ENV=production (the built-in emulator is for development only)',
      );
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    r.problems.push(`THOUGHTSPOT_URL must be an absolute http(s) URL, not "${value}"`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    r.problems.push(`THOUGHTSPOT_URL must use http or https, not ${url.protocol}`);
    return undefined;
  }
  // Credentials in the URL would be sent on every caller's behalf and printed at start-up.
  if (url.username !== '' || url.password !== '') {
    r.problems.push('THOUGHTSPOT_URL must not contain a user name or password');
    return undefined;
  }
  if (/[?#]/.test(value)) {
    r.problems.push('THOUGHTSPOT_URL must not have a query string or fragment');
    return undefined;
  }
  // The gateway adds the API's own paths; a URL that already has one would double it.
  const apiPath = API_PATHS.find((path) =>
    `${url.pathname.replace(/\/+$/, '')}/`.includes(`${path}/`),
  );
  if (apiPath !== undefined) {
    r.problems.push(
      `THOUGHTSPOT_URL must be the cluster's base URL (e.g. https://acme.thoughtspot.cloud), without an API path like ${apiPath}; choose the API with THOUGHTSPOT_API`,
    );
    return undefined;
  }
  return url.href.replace(/\/+$/, '');
}

// Paths of ThoughtSpot's APIs, which a base URL must not contain.
const API_PATHS = [BETA_BASE_PATH, V2_BASE_PATH, V1_BASE_PATH];

function readThoughtSpotApi(r: Reader): ApiName {
  const value = r.raw('THOUGHTSPOT_API');
  if (value === undefined) return DEFAULTS.thoughtspotApi;
  const api = API_NAMES.find((name) => name === value.toLowerCase());
  if (api === undefined) {
    r.problems.push(
      `THOUGHTSPOT_API must be ${API_NAMES.join(' (REST API v2.0, the default) or ')} (the deprecated REST API v2 beta), not "${value}"`,
    );
    return DEFAULTS.thoughtspotApi;
  }
  return api;
}

function readCorsOrigins(r: Reader): string[] {
  const valid: string[] = [];
  for (const origin of r.list('CORS_ORIGINS') ?? []) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    // A credentialed CORS answer must name one exact origin; '*', a path or a query is a mistake.
    // Written forms of the same origin (upper-case host, default port) are stored as browsers send them.
    if (
      !url ||
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      url.pathname !== '/' ||
      /[?#]/.test(origin) ||
      url.username !== '' ||
      url.password !== ''
    ) {
      r.problems.push(
        `CORS_ORIGINS must list exact origins like https://app.example.com (scheme, host, optional port; no path or "*"), not "${origin}"`,
      );
    } else valid.push(url.origin);
  }
  return valid;
}

function readCookies(r: Reader): Config['cookies'] {
  const names = r.list('THOUGHTSPOT_COOKIE_NAMES') ?? [...DEFAULTS.cookieNames];
  const badNames = names.filter((name) => !COOKIE_NAME.test(name));
  if (names.length === 0 || badNames.length > 0)
    r.problems.push(
      `THOUGHTSPOT_COOKIE_NAMES must be a comma-separated list of cookie names, not "${r.raw('THOUGHTSPOT_COOKIE_NAMES') ?? ''}"`,
    );
  const sameSiteRaw = r.raw('COOKIE_SAME_SITE');
  let sameSite: SameSite | undefined;
  if (sameSiteRaw !== undefined) {
    const match = (['Strict', 'Lax', 'None'] as const).find(
      (s) => s.toLowerCase() === sameSiteRaw.toLowerCase(),
    );
    if (match) sameSite = match;
    else r.problems.push(`COOKIE_SAME_SITE must be Strict, Lax or None, not "${sameSiteRaw}"`);
  }
  // Browsers cap a cookie's lifetime at 400 days whatever it asks for.
  const maxAgeSeconds = r.integer(
    'COOKIE_MAX_AGE_SECONDS',
    DEFAULTS.cookieMaxAgeSeconds,
    0,
    400 * 24 * 3600,
  );
  return { names, ...(sameSite && { sameSite }), maxAgeSeconds };
}

function readQueryLimits(r: Reader): QueryLimits {
  const d = DEFAULTS.queryLimits;
  return {
    depth: r.integer('MAX_QUERY_DEPTH', d.depth, 1, 1000),
    aliases: r.integer('MAX_QUERY_ALIASES', d.aliases, 0, 10_000),
    rootFields: r.integer('MAX_QUERY_ROOT_FIELDS', d.rootFields, 1, 1000),
    directives: r.integer('MAX_QUERY_DIRECTIVES', d.directives, 0, 10_000),
    tokens: r.integer('MAX_QUERY_TOKENS', d.tokens, 10, 1_000_000),
    comments: r.integer('MAX_QUERY_COMMENTS', d.comments, 0, 1_000_000),
    cost: r.integer('MAX_QUERY_COST', d.cost, 1, 1_000_000_000),
    bytes: r.integer('MAX_QUERY_BYTES', d.bytes, 64, 10 * 1024 * 1024),
  };
}

function readClientLimits(r: Reader): ClientLimits {
  const d = DEFAULTS.clients;
  const limits: ClientLimits = {
    headersTimeoutMs: r.integer('HEADERS_TIMEOUT_MS', d.headersTimeoutMs, 100, 600_000),
    requestTimeoutMs: r.integer('REQUEST_TIMEOUT_MS', d.requestTimeoutMs, 100, 3_600_000),
    bodyIdleTimeoutMs: r.integer('BODY_IDLE_TIMEOUT_MS', d.bodyIdleTimeoutMs, 100, 600_000),
    // Announced to clients in whole seconds (`Keep-Alive: timeout=5`): a second at least.
    keepAliveTimeoutMs: r.integer('KEEP_ALIVE_TIMEOUT_MS', d.keepAliveTimeoutMs, 1000, 600_000),
    maxConnections: r.integer('MAX_CONNECTIONS', d.maxConnections, 1, 1_000_000),
  };
  // Node's own rule: the headers are part of the request, so their time cannot be the longer.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    r.problems.push(
      `HEADERS_TIMEOUT_MS (${limits.headersTimeoutMs}) must not exceed REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs})`,
    );
  return limits;
}

/** Unset means development; anything else unknown is a typo that must not quietly mean development. */
function readProduction(r: Reader): boolean {
  const nodeEnv = r.raw('NODE_ENV');
  if (nodeEnv === undefined || NODE_ENVS.includes(nodeEnv)) return nodeEnv === 'production';
  r.problems.push(
    `NODE_ENV must be ${NODE_ENVS.join(', ')} or unset (development), not "${nodeEnv}"`,
  );
  return false;
}

function readDocumentCaches(r: Reader): DocumentCaches {
  const { documents: d, persistedQueries: p } = DEFAULTS.documentCaches;
  const GIB = 1024 * 1024 * 1024;
  return {
    documents: {
      maxBytes: r.integer('DOCUMENT_CACHE_BYTES', d.maxBytes, 0, GIB),
      maxEntries: r.integer('DOCUMENT_CACHE_ENTRIES', d.maxEntries, 0, 1_000_000),
    },
    persistedQueries: {
      maxBytes: r.integer('APQ_CACHE_BYTES', p.maxBytes, 0, GIB),
      maxEntries: r.integer('APQ_CACHE_ENTRIES', p.maxEntries, 0, 1_000_000),
    },
  };
}

function readGraphqlPath(r: Reader): string {
  const path = r.raw('GRAPHQL_PATH') ?? DEFAULTS.graphqlPath;
  if (!/^\/[\w\-./]*$/.test(path) || path.includes('//')) {
    r.problems.push(`GRAPHQL_PATH must be a URL path starting with "/", not "${path}"`);
    return DEFAULTS.graphqlPath;
  }
  return path;
}

function readOperations(r: Reader, graphqlPath: string): Config['operations'] {
  const metricsEnabled = r.boolean('METRICS_ENABLED', true);
  let metricsPath = r.raw('METRICS_PATH') ?? DEFAULTS.metricsPath;
  if (!/^\/[\w\-./]*$/.test(metricsPath) || metricsPath.includes('//')) {
    r.problems.push(`METRICS_PATH must be a URL path starting with "/", not "${metricsPath}"`);
    metricsPath = DEFAULTS.metricsPath;
  }
  const health: string[] = Object.values(HEALTH_PATHS);
  if (health.includes(graphqlPath))
    r.problems.push(`GRAPHQL_PATH must not be ${health.join(' or ')}: the health checks are there`);
  if (metricsEnabled && (health.includes(metricsPath) || metricsPath === graphqlPath))
    r.problems.push(
      `METRICS_PATH must differ from GRAPHQL_PATH and from ${health.join(' and ')}, not "${metricsPath}"`,
    );
  return {
    shutdownGraceMs: r.integer('SHUTDOWN_GRACE_MS', DEFAULTS.shutdownGraceMs, 0, 600_000),
    readinessCacheMs: r.integer('READINESS_CACHE_MS', DEFAULTS.readinessCacheMs, 0, 300_000),
    metricsEnabled,
    metricsPath,
  };
}

/**
 * Both or nothing: Apollo Server would read these variables from the environment by itself; here
 * they are read once, and usage reporting is on only when both are set (server.ts passes them on).
 */
function readApollo(r: Reader): Config['apollo'] {
  const key = r.raw('APOLLO_KEY');
  const graphRef = r.raw('APOLLO_GRAPH_REF');
  let valid = true;
  // The key is a secret: the problem never quotes it.
  if (key !== undefined && !/^[\x21-\x7e]{1,512}$/.test(key)) {
    r.problems.push('APOLLO_KEY must be an Apollo API key (visible ASCII characters, no spaces)');
    valid = false;
  }
  if (graphRef !== undefined && !/^[\w.-]{1,64}(@[\w./-]{1,64})?$/.test(graphRef)) {
    r.problems.push(
      `APOLLO_GRAPH_REF must be a graph ref like my-graph@current, not "${graphRef}"`,
    );
    valid = false;
  }
  return valid && key !== undefined && graphRef !== undefined ? { key, graphRef } : undefined;
}

export function loadConfig(env: Env): Config {
  const r = new Reader(env);
  const production = readProduction(r);

  const logLevel = (r.raw('LOG_LEVEL')?.toLowerCase() ?? DEFAULTS.logLevel) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    r.problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`);

  const config: Config = {
    production,
    ...optional('thoughtspotUrl', readThoughtSpotUrl(r, production)),
    thoughtspotApi: readThoughtSpotApi(r),
    port: r.integer('PORT', DEFAULTS.port, 0, 65535),
    host: r.raw('HOST') ?? (production ? DEFAULTS.productionHost : DEFAULTS.devHost),
    graphqlPath: readGraphqlPath(r),
    upstream: {
      timeoutMs: r.integer('UPSTREAM_TIMEOUT_MS', DEFAULTS.upstreamTimeoutMs, 1, 300_000),
      connections: r.integer('UPSTREAM_CONNECTIONS', DEFAULTS.upstreamConnections, 1, 1024),
      reuseHttp1Connections: r.boolean('UPSTREAM_HTTP1_KEEP_ALIVE', false),
    },
    cookies: readCookies(r),
    corsOrigins: readCorsOrigins(r),
    maxBodyBytes: r.integer('MAX_BODY_BYTES', DEFAULTS.maxBodyBytes, 1024, 10 * 1024 * 1024),
    clients: readClientLimits(r),
    introspection: r.boolean('INTROSPECTION', !production),
    landingPage: r.boolean('LANDING_PAGE', !production),
    queryLimits: readQueryLimits(r),
    documentCaches: readDocumentCaches(r),
    logLevel: LOG_LEVELS.includes(logLevel) ? logLevel : DEFAULTS.logLevel,
    logBufferBytes: r.integer(
      'LOG_BUFFER_BYTES',
      DEFAULTS.logBufferBytes,
      16 * 1024,
      256 * 1024 * 1024,
    ),
    emulator: optional('secretKey', r.raw('THOUGHTSPOT_EMULATOR_SECRET_KEY')),
    operations: readOperations(r, r.raw('GRAPHQL_PATH') ?? DEFAULTS.graphqlPath),
    ...optional('apollo', readApollo(r)),
  };

  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return deepFreeze(config);
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value))
    if (typeof child === 'object' && child !== null) deepFreeze(child as object);
  return Object.freeze(value);
}
