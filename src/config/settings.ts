/**
 * Every setting, declared once: its variable, kind (with bounds), default, docs line and docs
 * section. `loadConfig` reads this table, the Config type is its shape, and docs/configuration.md's
 * tables are printed from it (`npm run config:write`; `npm run config:check` in CI).
 */
import { API_NAMES } from '../contract';
import { boolean, converted, integer, items, matching, oneOf, path, text } from './kinds';
import type { Kind } from './kinds';
import { AllOrNothing, ByMode } from './table';
import type { Optional, Setting } from './table';
import { clusterUrl, origins } from './urls';

/** The docs' sections, in their order. */
export const GROUPS = [
  'ThoughtSpot',
  'Serving',
  'Cookies and CORS',
  'Slow and idle clients',
  'GraphQL documents',
  'Logging',
  'Health, metrics and shutdown',
  'Apollo Studio',
] as const;
type Group = (typeof GROUPS)[number];

// The kind alone gives a setting's type (a default of '2.0' must not widen it to string).
const setting = <V>(row: Setting<NoInfer<V>> & { kind: Kind<V>; group: Group }): Setting<V> => row;
const optional = <V>(row: Optional<NoInfer<V>> & { kind: Kind<V>; group: Group }): Optional<V> =>
  row;

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

// RFC 6265 cookie-name token characters.
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const cookieNames: Kind<readonly string[]> = {
  read(value) {
    const names = items(value);
    return names.length > 0 && names.every((name) => COOKIE_NAME.test(name))
      ? { value: names }
      : { problems: [`must be a comma-separated list of cookie names, not "${value}"`] };
  },
  accepts: 'comma-separated cookie names',
  show: (names) => `\`${names.join(',')}\``,
};

/** Unset means development; anything else unknown is a typo that must not quietly mean development. */
const nodeEnv = converted(
  oneOf(['production', 'development', 'test'], { exactCase: true, unset: 'development' }),
  (word) => word === 'production',
  (production) => (production ? '`production`' : 'development'),
);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const SETTINGS = {
  /** NODE_ENV=production: no emulator fallback, no stack traces, introspection off by default. */
  production: setting({
    env: 'NODE_ENV',
    kind: nodeEnv,
    default: false,
    doc: '`production`: no emulator; introspection, Sandbox and suggestions off',
    group: 'Serving',
  }),
  /** Absent means the built-in emulator. */
  thoughtspotUrl: optional({
    env: 'THOUGHTSPOT_URL',
    kind: clusterUrl,
    doc: "the cluster's base URL, e.g. `https://acme.thoughtspot.cloud` (a proxy's path prefix is kept)",
    defaultNote: 'the built-in emulator; required in production',
    group: 'ThoughtSpot',
  }),
  thoughtspotApi: setting({
    env: 'THOUGHTSPOT_API',
    kind: oneOf(API_NAMES, {
      notes: { '2.0': 'REST API v2.0, the default', beta: 'the deprecated REST API v2 beta' },
    }),
    default: '2.0',
    doc: 'the API to speak: REST API v2.0, or the deprecated REST API v2 beta',
    group: 'ThoughtSpot',
  }),
  port: setting({
    env: 'PORT',
    kind: integer(0, 65535),
    default: 4000,
    doc: 'port to listen on',
    group: 'Serving',
  }),
  host: setting({
    env: 'HOST',
    kind: text,
    default: new ByMode('127.0.0.1', '0.0.0.0'),
    doc: 'address to listen on',
    group: 'Serving',
  }),
  graphqlPath: setting({
    env: 'GRAPHQL_PATH',
    kind: path,
    default: '/graphql',
    doc: 'path of the GraphQL endpoint (not `/healthz` or `/readyz`)',
    group: 'Serving',
  }),
  upstream: {
    timeoutMs: setting({
      env: 'UPSTREAM_TIMEOUT_MS',
      kind: integer(1, 300_000),
      default: 10_000,
      doc: 'time budget of one ThoughtSpot call, connect to last byte',
      group: 'ThoughtSpot',
    }),
    /** Shared by all callers (connections, never credentials). */
    connections: setting({
      env: 'UPSTREAM_CONNECTIONS',
      kind: integer(1, 1024),
      default: 64,
      doc: "connections to ThoughtSpot open at once, per endpoint (a hung endpoint cannot take the others')",
      group: 'ThoughtSpot',
    }),
    /**
     * Off: a response nobody asked for would otherwise be read as the next caller's answer
     * (src/thoughtspot/upstream.ts).
     */
    reuseHttp1Connections: setting({
      env: 'UPSTREAM_HTTP1_KEEP_ALIVE',
      kind: boolean,
      default: false,
      defaultNote: 'one call per HTTP/1.1 connection',
      doc: 'let one HTTP/1.1 connection carry call after call (unsafe: see the security docs)',
      group: 'ThoughtSpot',
    }),
  },
  cookies: {
    /** Only these are forwarded upstream. */
    names: setting({
      env: 'THOUGHTSPOT_COOKIE_NAMES',
      kind: cookieNames,
      default: ['JSESSIONID', 'clientId'],
      doc: 'the cookies forwarded to ThoughtSpot',
      group: 'Cookies and CORS',
    }),
    sameSite: optional({
      env: 'COOKIE_SAME_SITE',
      kind: oneOf(['Strict', 'Lax', 'None']),
      doc: 'sets SameSite on relayed cookies (`None` adds `Secure`)',
      defaultNote: 'as ThoughtSpot sets it',
      group: 'Cookies and CORS',
    }),
    maxAgeSeconds: setting({
      env: 'COOKIE_MAX_AGE_SECONDS',
      // Browsers cap a cookie's lifetime at 400 days whatever it asks for.
      kind: integer(0, 400 * 24 * 3600),
      // A week: longer than a ThoughtSpot session lives, far shorter than a cookie set for good.
      default: 7 * 24 * 3600,
      defaultNote: '7 days',
      doc: 'longest lifetime of a relayed cookie: a longer `Max-Age` or `Expires` becomes this `Max-Age`',
      group: 'Cookies and CORS',
    }),
  },
  corsOrigins: setting({
    env: 'CORS_ORIGINS',
    kind: origins,
    default: [],
    defaultNote: 'none: same origin only',
    doc: 'browser origins allowed to call with credentials (cookies)',
    group: 'Cookies and CORS',
  }),
  maxBodyBytes: setting({
    env: 'MAX_BODY_BYTES',
    kind: integer(KIB, 10 * MIB),
    default: 100 * KIB,
    defaultNote: '100 KiB',
    doc: 'largest request body read, on any path',
    group: 'Slow and idle clients',
  }),
  // With these, no client holds a connection past ~21 s without a complete request, or ~5 s idle.
  // Keep-alive is below the 60 s idle timeout of common proxies, which then must close first (the
  // security docs say how) or raise KEEP_ALIVE_TIMEOUT_MS.
  clients: {
    headersTimeoutMs: setting({
      env: 'HEADERS_TIMEOUT_MS',
      kind: integer(100, 600_000),
      default: 10_000,
      doc: "from a connection or a request's first byte to its last header (≤ `REQUEST_TIMEOUT_MS`)",
      group: 'Slow and idle clients',
    }),
    requestTimeoutMs: setting({
      env: 'REQUEST_TIMEOUT_MS',
      kind: integer(100, 3_600_000),
      default: 20_000,
      doc: "from a request's first byte to its body's last, however steadily it trickles",
      group: 'Slow and idle clients',
    }),
    bodyIdleTimeoutMs: setting({
      env: 'BODY_IDLE_TIMEOUT_MS',
      kind: integer(100, 600_000),
      default: 10_000,
      doc: 'longest silence while a request body is read (408 `REQUEST_TIMEOUT`)',
      group: 'Slow and idle clients',
    }),
    keepAliveTimeoutMs: setting({
      env: 'KEEP_ALIVE_TIMEOUT_MS',
      // Announced to clients in whole seconds (`Keep-Alive: timeout=5`): a second at least.
      kind: integer(1000, 600_000),
      default: 5_000,
      doc: 'how long an idle connection waits for its next request',
      group: 'Slow and idle clients',
    }),
    maxConnections: setting({
      env: 'MAX_CONNECTIONS',
      kind: integer(1, 1_000_000),
      // Room under the common 1024 file descriptors for the ThoughtSpot connections (at most
      // 6 endpoints x UPSTREAM_CONNECTIONS, 384 by default) and the process's own.
      default: 512,
      doc: 'open connections at most; the next one is closed as soon as it is accepted',
      group: 'Slow and idle clients',
    }),
  },
  introspection: setting({
    env: 'INTROSPECTION',
    kind: boolean,
    default: new ByMode(true, false),
    doc: 'answer introspection queries',
    group: 'Serving',
  }),
  /** Apollo Sandbox at the GraphQL path for browsers (GET with Accept: text/html). */
  landingPage: setting({
    env: 'LANDING_PAGE',
    kind: boolean,
    default: new ByMode(true, false),
    doc: 'Apollo Sandbox for a browser opening the GraphQL URL',
    group: 'Serving',
  }),
  // Checked once per distinct document (src/graphql/limits.ts). The defaults are far above what the
  // gateway's own operations and the introspection query of Apollo Sandbox and GraphQL Code
  // Generator need (see test/e2e/query-limits.test.ts), far below what could hurt.
  queryLimits: {
    depth: setting({
      env: 'MAX_QUERY_DEPTH',
      kind: integer(1, 1000),
      default: 6,
      doc: 'deepest nesting of fields (fragments add none; `__schema` introspection exempt)',
      group: 'GraphQL documents',
    }),
    aliases: setting({
      env: 'MAX_QUERY_ALIASES',
      kind: integer(0, 10_000),
      default: 15,
      doc: 'most aliases, counted through fragments (aliases of `__typename` are free)',
      group: 'GraphQL documents',
    }),
    rootFields: setting({
      env: 'MAX_QUERY_ROOT_FIELDS',
      kind: integer(1, 1000),
      default: 5,
      doc: 'most root fields in one operation (each is one ThoughtSpot call)',
      group: 'GraphQL documents',
    }),
    directives: setting({
      env: 'MAX_QUERY_DIRECTIVES',
      kind: integer(0, 10_000),
      default: 50,
      doc: 'most directives, counted through fragments',
      group: 'GraphQL documents',
    }),
    /** Parsing stops at the first one over. */
    tokens: setting({
      env: 'MAX_QUERY_TOKENS',
      kind: integer(10, 1_000_000),
      default: 1000,
      doc: 'most lexical tokens in a document',
      group: 'GraphQL documents',
    }),
    comments: setting({
      env: 'MAX_QUERY_COMMENTS',
      kind: integer(0, 1_000_000),
      default: 100,
      doc: 'most comments (`#` to the end of a line), which the token limit does not count',
      group: 'GraphQL documents',
    }),
    cost: setting({
      env: 'MAX_QUERY_COST',
      kind: integer(1, 1_000_000_000),
      default: 5000,
      doc: 'highest graphql-armor cost (objects 2, scalars 1, ×1.5 per level; `__schema` exempt)',
      group: 'GraphQL documents',
    }),
    bytes: setting({
      env: 'MAX_QUERY_BYTES',
      kind: integer(64, 10 * MIB),
      default: 16 * KIB,
      defaultNote: '16 KiB',
      doc: 'largest GraphQL document, in UTF-8 bytes',
      group: 'GraphQL documents',
    }),
  },
  // Bounds on what the gateway keeps of the documents it has seen (src/graphql/caches.ts); whichever
  // of a cache's two is reached first evicts the least recently used entries. A few MiB hold every
  // document a real client sends many times over (test/operations/ and an introspection query take
  // under 100 KiB); their sum bounds the heap a flood of distinct documents can take.
  documentCaches: {
    /** Parsed documents that passed validation, so that a repeated one is neither parsed nor validated. */
    documents: {
      maxBytes: setting({
        env: 'DOCUMENT_CACHE_BYTES',
        kind: integer(0, GIB),
        default: 8 * MIB,
        defaultNote: '8 MiB',
        doc: 'heap the cache of parsed, validated documents may hold, by an upper estimate (`0`: no cache)',
        group: 'GraphQL documents',
      }),
      maxEntries: setting({
        env: 'DOCUMENT_CACHE_ENTRIES',
        kind: integer(0, 1_000_000),
        default: 1000,
        doc: 'most documents in that cache (`0`: no cache)',
        group: 'GraphQL documents',
      }),
    },
    /** Automatic persisted queries: document texts by their hash. */
    persistedQueries: {
      maxBytes: setting({
        env: 'APQ_CACHE_BYTES',
        kind: integer(0, GIB),
        default: 4 * MIB,
        defaultNote: '4 MiB',
        doc: 'heap the automatic persisted-query cache may hold, by an upper estimate (`0`: APQ off)',
        group: 'GraphQL documents',
      }),
      maxEntries: setting({
        env: 'APQ_CACHE_ENTRIES',
        kind: integer(0, 1_000_000),
        default: 1000,
        doc: 'most persisted queries in that cache (`0`: APQ off)',
        group: 'GraphQL documents',
      }),
    },
  },
  logLevel: setting({
    env: 'LOG_LEVEL',
    kind: oneOf(LOG_LEVELS),
    default: 'info',
    doc: 'the least severe level logged (JSON lines on stdout)',
    group: 'Logging',
  }),
  logBufferBytes: setting({
    env: 'LOG_BUFFER_BYTES',
    kind: integer(16 * KIB, 256 * MIB),
    // A few thousand access log lines: seconds of a stalled reader at full load, a bounded heap cost.
    default: MIB,
    defaultNote: '1 MiB',
    doc: 'log output waiting for a slow reader of stdout; lines beyond it are dropped and counted',
    group: 'Logging',
  }),
  emulator: {
    secretKey: optional({
      env: 'THOUGHTSPOT_EMULATOR_SECRET_KEY',
      kind: text,
      doc: "trusted-auth secret key of the built-in emulator's default seed (development only)",
      defaultNote: 'the development key (docs/emulator.md)',
      group: 'ThoughtSpot',
    }),
  },
  // Running the service itself: shutdown, probes, metrics ("operations" is GraphQL's word here).
  service: {
    shutdownGraceMs: setting({
      env: 'SHUTDOWN_GRACE_MS',
      kind: integer(0, 600_000),
      // Below Kubernetes' default terminationGracePeriodSeconds (30 s), so the pod ends on its own terms.
      default: 10_000,
      doc: 'on SIGTERM/SIGINT, how long requests in flight may finish before they are cut',
      group: 'Health, metrics and shutdown',
    }),
    readinessCacheMs: setting({
      env: 'READINESS_CACHE_MS',
      kind: integer(0, 300_000),
      default: 5_000,
      doc: 'how long one `/readyz` check of ThoughtSpot answers for (`0`: only concurrent probes share one)',
      group: 'Health, metrics and shutdown',
    }),
    metricsEnabled: setting({
      env: 'METRICS_ENABLED',
      kind: boolean,
      default: true,
      doc: 'serve Prometheus metrics on the main port',
      group: 'Health, metrics and shutdown',
    }),
    metricsPath: setting({
      env: 'METRICS_PATH',
      kind: path,
      default: '/metrics',
      doc: 'path of the metrics (not `GRAPHQL_PATH`, `/healthz` or `/readyz`)',
      group: 'Health, metrics and shutdown',
    }),
  },
  /**
   * Both or nothing: Apollo Server would read these variables from the environment by itself; here
   * they are read once, and usage reporting is on only when both are set (server.ts passes them on).
   */
  apollo: new AllOrNothing({
    key: optional({
      env: 'APOLLO_KEY',
      // The key is a secret: the problem never quotes it.
      kind: matching(
        /^[\x21-\x7e]{1,512}$/,
        'an Apollo API key',
        () => 'must be an Apollo API key (visible ASCII characters, no spaces)',
      ),
      doc: 'Apollo Studio API key (a secret, never logged); reporting needs `APOLLO_GRAPH_REF` too',
      defaultNote: 'none: no reporting',
      group: 'Apollo Studio',
    }),
    graphRef: optional({
      env: 'APOLLO_GRAPH_REF',
      kind: matching(
        /^[\w.-]{1,64}(@[\w./-]{1,64})?$/,
        '`graph-id@variant`',
        (value) => `must be a graph ref like my-graph@current, not "${value}"`,
      ),
      doc: 'the Studio graph; reporting needs `APOLLO_KEY` too',
      defaultNote: 'none: no reporting',
      group: 'Apollo Studio',
    }),
  }),
};
