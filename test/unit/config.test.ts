import type { Config } from '../../src/config';
import { ConfigError, loadConfig } from '../../src/config';

/** The ConfigError loadConfig throws for this environment (fails the test if it does not throw). */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** The problems of a refused environment that holds one bad variable. */
function onlyProblem(env: Record<string, string>): string {
  const { problems } = configError(env);
  expect(problems).toHaveLength(1);
  return problems[0] ?? '';
}

const SERVICE_DEFAULTS: Config['service'] = {
  shutdownGraceMs: 10_000,
  readinessCacheMs: 5_000,
  metricsEnabled: true,
  metricsPath: '/metrics',
};

const CLIENT_DEFAULTS: Config['clients'] = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 20_000,
  bodyIdleTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 512,
};

const PRODUCTION = { NODE_ENV: 'production', THOUGHTSPOT_URL: 'https://acme.thoughtspot.cloud' };
// The same in development and production.
const QUERY_LIMITS = {
  depth: 6,
  aliases: 15,
  rootFields: 5,
  directives: 50,
  tokens: 1000,
  comments: 100,
  cost: 5000,
  bytes: 16 * 1024,
};
const DOCUMENT_CACHES = {
  documents: { maxBytes: 8 * 1024 * 1024, maxEntries: 1000 },
  persistedQueries: { maxBytes: 4 * 1024 * 1024, maxEntries: 1000 },
};

describe('loadConfig defaults', () => {
  it('gives the development defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toEqual<Config>({
      production: false,
      thoughtspotApi: '2.0',
      port: 4000,
      host: '127.0.0.1',
      graphqlPath: '/graphql',
      upstream: { timeoutMs: 10_000, connections: 64, reuseHttp1Connections: false },
      cookies: { names: ['JSESSIONID', 'clientId'], maxAgeSeconds: 604_800 },
      corsOrigins: [],
      maxBodyBytes: 100 * 1024,
      clients: CLIENT_DEFAULTS,
      introspection: true,
      landingPage: true,
      queryLimits: QUERY_LIMITS,
      documentCaches: DOCUMENT_CACHES,
      logLevel: 'info',
      logBufferBytes: 1024 * 1024,
      emulator: {},
      service: SERVICE_DEFAULTS,
    });
    expect('thoughtspotUrl' in config).toBe(false);
    expect('sameSite' in config.cookies).toBe(false);
    expect('secretKey' in config.emulator).toBe(false);
    expect('apollo' in config).toBe(false);
  });

  it('gives the production defaults: all interfaces, introspection off', () => {
    expect(loadConfig(PRODUCTION)).toEqual<Config>({
      production: true,
      thoughtspotUrl: 'https://acme.thoughtspot.cloud',
      thoughtspotApi: '2.0',
      port: 4000,
      host: '0.0.0.0',
      graphqlPath: '/graphql',
      upstream: { timeoutMs: 10_000, connections: 64, reuseHttp1Connections: false },
      cookies: { names: ['JSESSIONID', 'clientId'], maxAgeSeconds: 604_800 },
      corsOrigins: [],
      maxBodyBytes: 100 * 1024,
      clients: CLIENT_DEFAULTS,
      introspection: false,
      landingPage: false,
      queryLimits: QUERY_LIMITS,
      documentCaches: DOCUMENT_CACHES,
      logLevel: 'info',
      logBufferBytes: 1024 * 1024,
      emulator: {},
      service: SERVICE_DEFAULTS,
    });
  });

  it('treats blank values as unset', () => {
    const config = loadConfig({
      PORT: '',
      HOST: '   ',
      GRAPHQL_PATH: '',
      LOG_LEVEL: ' ',
      INTROSPECTION: '',
      THOUGHTSPOT_URL: '  ',
      CORS_ORIGINS: '',
    });
    expect(config.port).toBe(4000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.graphqlPath).toBe('/graphql');
    expect(config.logLevel).toBe('info');
    expect(config.introspection).toBe(true);
    expect(config.thoughtspotUrl).toBeUndefined();
    expect(config.corsOrigins).toEqual([]);
  });

  it('only NODE_ENV=production is production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).production).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).production).toBe(false);
    expect(loadConfig({ NODE_ENV: ' production ', THOUGHTSPOT_URL: 'http://ts' }).production).toBe(
      true,
    );
  });

  it.each(['prod', 'staging', 'Production', 'PRODUCTION', 'dev', 'production,test'])(
    'refuses NODE_ENV=%j rather than taking it for development',
    (value) => {
      expect(onlyProblem({ NODE_ENV: value })).toBe(
        `NODE_ENV must be production, development, test or unset (development), not "${value}"`,
      );
    },
  );

  it('reads only the environment it is given', () => {
    const saved = process.env.PORT;
    process.env.PORT = '1234';
    try {
      expect(loadConfig({}).port).toBe(4000);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });
});

describe('THOUGHTSPOT_URL', () => {
  it.each([
    ['https://acme.thoughtspot.cloud', 'https://acme.thoughtspot.cloud'],
    ['https://acme.thoughtspot.cloud/', 'https://acme.thoughtspot.cloud'],
    ['https://acme.thoughtspot.cloud///', 'https://acme.thoughtspot.cloud'],
    ['https://proxy.example.com/thoughtspot/', 'https://proxy.example.com/thoughtspot'],
    ['https://proxy.example.com/a/b//', 'https://proxy.example.com/a/b'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['  https://acme.thoughtspot.cloud  ', 'https://acme.thoughtspot.cloud'],
    ['HTTPS://ACME.ThoughtSpot.cloud:443/', 'https://acme.thoughtspot.cloud'],
  ])('%j becomes %j', (value, expected) => {
    expect(loadConfig({ THOUGHTSPOT_URL: value }).thoughtspotUrl).toBe(expected);
  });

  it('is required in production', () => {
    expect(onlyProblem({ NODE_ENV: 'production' })).toBe(
      'THOUGHTSPOT_URL is required when NODE_ENV=production (the built-in emulator is for development only)',
    );
  });

  it('refuses credentials without echoing them', () => {
    for (const value of [
      'https://admin:s3cr3tpw@acme.example.com',
      'https://admin@acme.example.com',
    ]) {
      const problem = onlyProblem({ THOUGHTSPOT_URL: value });
      expect(problem).toBe('THOUGHTSPOT_URL must not contain a user name or password');
      expect(problem).not.toContain('s3cr3tpw');
    }
  });

  it.each([
    'https://acme.example.com/?token=1',
    'https://acme.example.com/#x',
    'https://a.b/p?q',
    'https://a.b/p?',
  ])('refuses a query string or fragment: %j', (value) => {
    expect(onlyProblem({ THOUGHTSPOT_URL: value })).toBe(
      'THOUGHTSPOT_URL must not have a query string or fragment',
    );
  });

  it.each([
    ['ftp://acme.example.com', 'ftp:'],
    ['file:///etc/passwd', 'file:'],
    ['javascript:alert(1)', 'javascript:'],
    ['ws://acme.example.com', 'ws:'],
  ])('refuses the non-http scheme of %j', (value, scheme) => {
    expect(onlyProblem({ THOUGHTSPOT_URL: value })).toBe(
      `THOUGHTSPOT_URL must use http or https, not ${scheme}`,
    );
  });

  it.each(['acme.thoughtspot.cloud', '/tspublic', 'http://', 'https://exa mple.com'])(
    'refuses the non-URL %j',
    (value) => {
      expect(onlyProblem({ THOUGHTSPOT_URL: value })).toBe(
        `THOUGHTSPOT_URL must be an absolute http(s) URL, not "${value}"`,
      );
    },
  );
});

describe('THOUGHTSPOT_API and API paths in THOUGHTSPOT_URL', () => {
  it.each([
    [undefined, '2.0'],
    ['2.0', '2.0'],
    ['beta', 'beta'],
    [' BETA ', 'beta'],
  ])('%j is %j', (value, expected) => {
    expect(loadConfig(value === undefined ? {} : { THOUGHTSPOT_API: value }).thoughtspotApi).toBe(
      expected,
    );
  });

  it('refuses anything else, listed with the other problems', () => {
    const { problems } = configError({ THOUGHTSPOT_API: 'v2', PORT: 'x' });
    expect(problems).toContain(
      'THOUGHTSPOT_API must be 2.0 (REST API v2.0, the default) or beta (the deprecated REST API v2 beta), not "v2"',
    );
    expect(problems).toHaveLength(2);
  });

  it.each([
    ['https://acme.thoughtspot.cloud/api/rest/2.0', '/api/rest/2.0'],
    ['https://acme.thoughtspot.cloud/api/rest/2.0/', '/api/rest/2.0'],
    ['https://acme.thoughtspot.cloud/api/rest/2.0/auth/session/user', '/api/rest/2.0'],
    ['https://acme.thoughtspot.cloud/tspublic/rest/v2', '/tspublic/rest/v2'],
    ['https://proxy.example.com/ts/tspublic/rest/v2/', '/tspublic/rest/v2'],
    ['https://acme.thoughtspot.cloud/callosum/v1', '/callosum/v1'],
  ])('refuses %j: the base URL, not an API path', (url, path) => {
    expect(onlyProblem({ THOUGHTSPOT_URL: url })).toBe(
      `THOUGHTSPOT_URL must be the cluster's base URL (e.g. https://acme.thoughtspot.cloud), without an API path like ${path}; choose the API with THOUGHTSPOT_API`,
    );
  });

  it.each(['https://proxy.example.com/api', 'https://proxy.example.com/api/rest/2.01'])(
    'keeps %j: a proxy prefix that only looks alike',
    (url) => {
      expect(loadConfig({ THOUGHTSPOT_URL: url }).thoughtspotUrl).toBe(url);
    },
  );
});

describe('numbers', () => {
  it.each([
    ['PORT', '8080', (c: Config) => c.port, 8080],
    ['PORT', '0', (c: Config) => c.port, 0],
    ['PORT', '65535', (c: Config) => c.port, 65535],
    ['PORT', ' 8081 ', (c: Config) => c.port, 8081],
    ['UPSTREAM_TIMEOUT_MS', '2500', (c: Config) => c.upstream.timeoutMs, 2500],
    ['UPSTREAM_TIMEOUT_MS', '1', (c: Config) => c.upstream.timeoutMs, 1],
    ['UPSTREAM_TIMEOUT_MS', '300000', (c: Config) => c.upstream.timeoutMs, 300_000],
    ['UPSTREAM_CONNECTIONS', '8', (c: Config) => c.upstream.connections, 8],
    ['UPSTREAM_CONNECTIONS', '1024', (c: Config) => c.upstream.connections, 1024],
    ['COOKIE_MAX_AGE_SECONDS', '0', (c: Config) => c.cookies.maxAgeSeconds, 0],
    ['COOKIE_MAX_AGE_SECONDS', '34560000', (c: Config) => c.cookies.maxAgeSeconds, 34_560_000],
    ['MAX_BODY_BYTES', '1024', (c: Config) => c.maxBodyBytes, 1024],
    ['MAX_BODY_BYTES', '10485760', (c: Config) => c.maxBodyBytes, 10 * 1024 * 1024],
    ['MAX_QUERY_DEPTH', '12', (c: Config) => c.queryLimits.depth, 12],
    ['MAX_QUERY_DEPTH', '1', (c: Config) => c.queryLimits.depth, 1],
    ['MAX_QUERY_ALIASES', '0', (c: Config) => c.queryLimits.aliases, 0],
    ['MAX_QUERY_ALIASES', '100', (c: Config) => c.queryLimits.aliases, 100],
    ['MAX_QUERY_ROOT_FIELDS', '1', (c: Config) => c.queryLimits.rootFields, 1],
    ['MAX_QUERY_DIRECTIVES', '0', (c: Config) => c.queryLimits.directives, 0],
    ['MAX_QUERY_TOKENS', '5000', (c: Config) => c.queryLimits.tokens, 5000],
    ['MAX_QUERY_COST', '1000000000', (c: Config) => c.queryLimits.cost, 1_000_000_000],
    ['MAX_QUERY_BYTES', '65536', (c: Config) => c.queryLimits.bytes, 65536],
  ])('%s=%j is read', (name, value, read, expected) => {
    expect(read(loadConfig({ [name]: value }))).toBe(expected);
  });

  it.each([
    ['PORT', '65536', 0, 65535],
    ['PORT', '-1', 0, 65535],
    ['PORT', '80.5', 0, 65535],
    ['PORT', '1e3', 0, 65535],
    ['PORT', 'http', 0, 65535],
    ['PORT', '0x50', 0, 65535],
    ['PORT', '99999999999999999999', 0, 65535],
    ['UPSTREAM_TIMEOUT_MS', '0', 1, 300_000],
    ['UPSTREAM_TIMEOUT_MS', '300001', 1, 300_000],
    ['UPSTREAM_TIMEOUT_MS', '10s', 1, 300_000],
    ['UPSTREAM_CONNECTIONS', '0', 1, 1024],
    ['UPSTREAM_CONNECTIONS', '1025', 1, 1024],
    ['COOKIE_MAX_AGE_SECONDS', '34560001', 0, 34_560_000],
    ['COOKIE_MAX_AGE_SECONDS', '1d', 0, 34_560_000],
    ['MAX_BODY_BYTES', '1023', 1024, 10 * 1024 * 1024],
    ['MAX_BODY_BYTES', '10485761', 1024, 10 * 1024 * 1024],
    ['MAX_BODY_BYTES', '100kb', 1024, 10 * 1024 * 1024],
    ['MAX_QUERY_DEPTH', '0', 1, 1000],
    ['MAX_QUERY_ALIASES', '-1', 0, 10_000],
    ['MAX_QUERY_ROOT_FIELDS', '0', 1, 1000],
    ['MAX_QUERY_DIRECTIVES', 'many', 0, 10_000],
    ['MAX_QUERY_TOKENS', '9', 10, 1_000_000],
    ['MAX_QUERY_COST', '0', 1, 1_000_000_000],
    ['MAX_QUERY_BYTES', '16kb', 64, 10 * 1024 * 1024],
  ])('%s=%j is refused by name', (name, value, min, max) => {
    expect(onlyProblem({ [name]: value })).toBe(
      `${name} must be an integer from ${min} to ${max}, not "${value}"`,
    );
  });
});

describe('strings and lists', () => {
  it('HOST is taken as given, in development and production', () => {
    expect(loadConfig({ HOST: '::' }).host).toBe('::');
    expect(loadConfig({ ...PRODUCTION, HOST: '10.1.2.3' }).host).toBe('10.1.2.3');
  });

  it.each(['/api/graphql', '/', '/v1.0/graph-ql_x'])('GRAPHQL_PATH=%j is read', (path) => {
    expect(loadConfig({ GRAPHQL_PATH: path }).graphqlPath).toBe(path);
  });

  it.each(['graphql', '/a//b', '/a b', '/graphql?x=1', '//evil.example.com', '/a#b'])(
    'GRAPHQL_PATH=%j is refused by name',
    (path) => {
      expect(onlyProblem({ GRAPHQL_PATH: path })).toBe(
        `GRAPHQL_PATH must be a URL path starting with "/", not "${path}"`,
      );
    },
  );

  it('THOUGHTSPOT_COOKIE_NAMES is a trimmed comma-separated list', () => {
    expect(
      loadConfig({ THOUGHTSPOT_COOKIE_NAMES: ' JSESSIONID , clientId,,X-Ts_Token ' }).cookies.names,
    ).toEqual(['JSESSIONID', 'clientId', 'X-Ts_Token']);
  });

  it.each([',,', 'JSESSIONID, bad name', 'a;b', 'a=b', 'JSESSIONID,"quoted"'])(
    'THOUGHTSPOT_COOKIE_NAMES=%j is refused by name',
    (value) => {
      expect(onlyProblem({ THOUGHTSPOT_COOKIE_NAMES: value })).toBe(
        `THOUGHTSPOT_COOKIE_NAMES must be a comma-separated list of cookie names, not "${value}"`,
      );
    },
  );

  it.each([
    ['strict', 'Strict'],
    ['Strict', 'Strict'],
    ['LAX', 'Lax'],
    ['lax', 'Lax'],
    ['none', 'None'],
    [' NoNe ', 'None'],
  ])('COOKIE_SAME_SITE=%j is %s', (value, expected) => {
    expect(loadConfig({ COOKIE_SAME_SITE: value }).cookies.sameSite).toBe(expected);
  });

  it('COOKIE_SAME_SITE refuses anything else by name', () => {
    expect(onlyProblem({ COOKIE_SAME_SITE: 'sometimes' })).toBe(
      'COOKIE_SAME_SITE must be Strict, Lax or None, not "sometimes"',
    );
  });

  it('CORS_ORIGINS lists exact origins', () => {
    expect(
      loadConfig({
        CORS_ORIGINS: 'https://app.example.com, http://localhost:3000 ,,http://127.0.0.1:8080',
      }).corsOrigins,
    ).toEqual(['https://app.example.com', 'http://localhost:3000', 'http://127.0.0.1:8080']);
  });

  it('CORS_ORIGINS stores other spellings of an origin as browsers send it', () => {
    expect(
      loadConfig({
        CORS_ORIGINS: 'https://App.Example.com/,https://app.example.com:443,http://localhost:80',
      }).corsOrigins,
    ).toEqual(['https://app.example.com', 'https://app.example.com', 'http://localhost']);
  });

  it.each([
    '*',
    'https://app.example.com/app',
    'https://app.example.com/?',
    'https://user@app.example.com',
    'https://app.example.com?x=1',
    'app.example.com',
    'ftp://app.example.com',
    'null',
  ])('CORS_ORIGINS refuses %j by name', (origin) => {
    expect(onlyProblem({ CORS_ORIGINS: `https://ok.example.com,${origin}` })).toBe(
      `CORS_ORIGINS must list exact origins like https://app.example.com (scheme, host, optional port; no path or "*"), not "${origin}"`,
    );
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['false', false],
    ['False', false],
    ['0', false],
  ])('INTROSPECTION=%j is %s, in development and production', (value, expected) => {
    expect(loadConfig({ INTROSPECTION: value }).introspection).toBe(expected);
    expect(loadConfig({ ...PRODUCTION, INTROSPECTION: value }).introspection).toBe(expected);
  });

  it('UPSTREAM_HTTP1_KEEP_ALIVE is off unless set, and refuses anything but a boolean', () => {
    expect(loadConfig({ UPSTREAM_HTTP1_KEEP_ALIVE: 'true' }).upstream.reuseHttp1Connections).toBe(
      true,
    );
    expect(onlyProblem({ UPSTREAM_HTTP1_KEEP_ALIVE: 'always' })).toBe(
      'UPSTREAM_HTTP1_KEEP_ALIVE must be true or false, not "always"',
    );
  });

  it('LANDING_PAGE is on in development and off in production unless set', () => {
    expect(loadConfig({ LANDING_PAGE: 'false' }).landingPage).toBe(false);
    expect(loadConfig({ ...PRODUCTION, LANDING_PAGE: 'true' }).landingPage).toBe(true);
    expect(onlyProblem({ LANDING_PAGE: 'sandbox' })).toBe(
      'LANDING_PAGE must be true or false, not "sandbox"',
    );
  });

  it('INTROSPECTION refuses anything else by name, quoting it as written', () => {
    expect(onlyProblem({ INTROSPECTION: 'Yes' })).toBe(
      'INTROSPECTION must be true or false, not "Yes"',
    );
  });

  it.each([
    ['fatal', 'fatal'],
    ['ERROR', 'error'],
    ['warn', 'warn'],
    ['Debug', 'debug'],
    ['trace', 'trace'],
    ['silent', 'silent'],
  ])('LOG_LEVEL=%j is %s', (value, expected) => {
    expect(loadConfig({ LOG_LEVEL: value }).logLevel).toBe(expected);
  });

  it('LOG_LEVEL refuses anything else by name', () => {
    expect(onlyProblem({ LOG_LEVEL: 'verbose' })).toBe(
      'LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent, not "verbose"',
    );
  });

  it('LOG_BUFFER_BYTES is read, and refused outside 16 KiB to 256 MiB', () => {
    expect(loadConfig({ LOG_BUFFER_BYTES: '65536' }).logBufferBytes).toBe(65536);
    expect(onlyProblem({ LOG_BUFFER_BYTES: '1000' })).toBe(
      'LOG_BUFFER_BYTES must be an integer from 16384 to 268435456, not "1000"',
    );
    expect(onlyProblem({ LOG_BUFFER_BYTES: '1MiB' })).toBe(
      'LOG_BUFFER_BYTES must be an integer from 16384 to 268435456, not "1MiB"',
    );
  });

  it('THOUGHTSPOT_EMULATOR_SECRET_KEY is read', () => {
    expect(loadConfig({ THOUGHTSPOT_EMULATOR_SECRET_KEY: ' my-key ' }).emulator).toEqual({
      secretKey: 'my-key',
    });
  });
});

describe('ConfigError', () => {
  it('reports every bad variable at once', () => {
    const error = configError({
      NODE_ENV: 'production',
      PORT: 'eighty',
      GRAPHQL_PATH: 'graphql',
      UPSTREAM_TIMEOUT_MS: '0',
      UPSTREAM_CONNECTIONS: '5000',
      THOUGHTSPOT_COOKIE_NAMES: 'a b',
      COOKIE_SAME_SITE: 'maybe',
      CORS_ORIGINS: '*',
      MAX_BODY_BYTES: '1',
      INTROSPECTION: 'perhaps',
      LOG_LEVEL: 'loud',
      HEADERS_TIMEOUT_MS: '50',
      MAX_CONNECTIONS: '0',
    });
    const expected = [
      'HEADERS_TIMEOUT_MS must be an integer from 100 to 600000, not "50"',
      'MAX_CONNECTIONS must be an integer from 1 to 1000000, not "0"',
      'THOUGHTSPOT_URL is required when NODE_ENV=production (the built-in emulator is for development only)',
      'PORT must be an integer from 0 to 65535, not "eighty"',
      'GRAPHQL_PATH must be a URL path starting with "/", not "graphql"',
      'UPSTREAM_TIMEOUT_MS must be an integer from 1 to 300000, not "0"',
      'UPSTREAM_CONNECTIONS must be an integer from 1 to 1024, not "5000"',
      'THOUGHTSPOT_COOKIE_NAMES must be a comma-separated list of cookie names, not "a b"',
      'COOKIE_SAME_SITE must be Strict, Lax or None, not "maybe"',
      'CORS_ORIGINS must list exact origins like https://app.example.com (scheme, host, optional port; no path or "*"), not "*"',
      'MAX_BODY_BYTES must be an integer from 1024 to 10485760, not "1"',
      'INTROSPECTION must be true or false, not "perhaps"',
      'LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent, not "loud"',
    ];
    expect([...error.problems].sort()).toEqual([...expected].sort());
    expect(error.name).toBe('ConfigError');
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(
      `Invalid configuration:\n${error.problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    for (const problem of expected) expect(error.message).toContain(problem);
  });

  it('reports two bad URLs in one error', () => {
    const { problems } = configError({
      THOUGHTSPOT_URL: 'ftp://x',
      CORS_ORIGINS: 'https://a.example.com/path',
    });
    expect([...problems].sort()).toEqual([
      'CORS_ORIGINS must list exact origins like https://app.example.com (scheme, host, optional port; no path or "*"), not "https://a.example.com/path"',
      'THOUGHTSPOT_URL must use http or https, not ftp:',
    ]);
  });
});

describe('the result', () => {
  it('is frozen, deeply', () => {
    const config = loadConfig({
      THOUGHTSPOT_URL: 'https://acme.thoughtspot.cloud',
      CORS_ORIGINS: 'https://app.example.com',
      COOKIE_SAME_SITE: 'Lax',
      THOUGHTSPOT_EMULATOR_SECRET_KEY: 'k',
    });
    for (const part of [
      config,
      config.upstream,
      config.cookies,
      config.cookies.names,
      config.corsOrigins,
      config.emulator,
    ])
      expect(Object.isFrozen(part)).toBe(true);

    expect(() => {
      config.port = 1;
    }).toThrow(TypeError);
    expect(() => {
      config.upstream.timeoutMs = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.cookies.names as string[]).push('app_session');
    }).toThrow(TypeError);
    expect(() => {
      (config.corsOrigins as string[])[0] = '*';
    }).toThrow(TypeError);
    expect(config.port).toBe(4000);
    expect(config.upstream.timeoutMs).toBe(10_000);
    expect(config.cookies.names).toEqual(['JSESSIONID', 'clientId']);
    expect(config.corsOrigins).toEqual(['https://app.example.com']);
  });

  it('shares nothing between calls', () => {
    const a = loadConfig({});
    const b = loadConfig({});
    expect(a).not.toBe(b);
    expect(a.cookies.names).not.toBe(b.cookies.names);
    expect(a).toEqual(b);
  });
});

describe('service: shutdown, readiness, metrics', () => {
  it('reads the shutdown grace period and the readiness cache period', () => {
    const { service } = loadConfig({ SHUTDOWN_GRACE_MS: '0', READINESS_CACHE_MS: '250' });
    expect(service.shutdownGraceMs).toBe(0);
    expect(service.readinessCacheMs).toBe(250);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '25000' }).service.shutdownGraceMs).toBe(25_000);
  });

  it.each([
    ['SHUTDOWN_GRACE_MS', '-1', 0, 600_000],
    ['SHUTDOWN_GRACE_MS', '10s', 0, 600_000],
    ['SHUTDOWN_GRACE_MS', '600001', 0, 600_000],
    ['READINESS_CACHE_MS', '300001', 0, 300_000],
    ['READINESS_CACHE_MS', '1.5', 0, 300_000],
  ])('%s=%j is refused by name', (name, value, min, max) => {
    expect(onlyProblem({ [name]: value })).toBe(
      `${name} must be an integer from ${min} to ${max}, not "${value}"`,
    );
  });

  it('serves metrics unless METRICS_ENABLED is false, at METRICS_PATH', () => {
    expect(loadConfig({ METRICS_ENABLED: 'false' }).service.metricsEnabled).toBe(false);
    expect(loadConfig({ METRICS_ENABLED: '0' }).service.metricsEnabled).toBe(false);
    expect(loadConfig({ METRICS_ENABLED: 'TRUE' }).service.metricsEnabled).toBe(true);
    expect(loadConfig({ METRICS_PATH: '/internal/metrics' }).service.metricsPath).toBe(
      '/internal/metrics',
    );
    expect(onlyProblem({ METRICS_ENABLED: 'yes' })).toBe(
      'METRICS_ENABLED must be true or false, not "yes"',
    );
  });

  it.each(['metrics', '/a b', '/a//b', '/m?x=1'])('refuses the METRICS_PATH %j', (value) => {
    expect(onlyProblem({ METRICS_PATH: value })).toBe(
      `METRICS_PATH must be a URL path starting with "/", not "${value}"`,
    );
  });

  it('keeps the health paths, GraphQL and metrics apart', () => {
    expect(onlyProblem({ GRAPHQL_PATH: '/healthz' })).toBe(
      'GRAPHQL_PATH must not be /healthz or /readyz: the health checks are there',
    );
    expect(onlyProblem({ METRICS_PATH: '/readyz' })).toBe(
      'METRICS_PATH must differ from GRAPHQL_PATH and from /healthz and /readyz, not "/readyz"',
    );
    expect(onlyProblem({ GRAPHQL_PATH: '/api', METRICS_PATH: '/api' })).toBe(
      'METRICS_PATH must differ from GRAPHQL_PATH and from /healthz and /readyz, not "/api"',
    );
    // With metrics off, its path takes nothing.
    expect(
      loadConfig({ METRICS_ENABLED: 'false', METRICS_PATH: '/graphql' }).service.metricsEnabled,
    ).toBe(false);
  });
});

describe('client limits: timeouts and the connection cap', () => {
  it('reads each variable', () => {
    expect(
      loadConfig({
        HEADERS_TIMEOUT_MS: '2000',
        REQUEST_TIMEOUT_MS: '3000',
        BODY_IDLE_TIMEOUT_MS: '400',
        KEEP_ALIVE_TIMEOUT_MS: '65000',
        MAX_CONNECTIONS: '10',
      }).clients,
    ).toEqual({
      headersTimeoutMs: 2000,
      requestTimeoutMs: 3000,
      bodyIdleTimeoutMs: 400,
      keepAliveTimeoutMs: 65_000,
      maxConnections: 10,
    });
  });

  it('cuts any slow or idle client within 30 s by default', () => {
    const { clients } = loadConfig({});
    // Node checks the headers and request timeouts once a second (src/http/clients.ts).
    expect(clients.requestTimeoutMs + 1000).toBeLessThanOrEqual(30_000);
    expect(clients.headersTimeoutMs + 1000).toBeLessThanOrEqual(30_000);
    expect(clients.bodyIdleTimeoutMs).toBeLessThanOrEqual(30_000);
    // Node adds a second to the keep-alive timeout it announces.
    expect(clients.keepAliveTimeoutMs + 1000).toBeLessThanOrEqual(30_000);
  });

  it.each([
    ['HEADERS_TIMEOUT_MS', '0', 'an integer from 100 to 600000'],
    ['REQUEST_TIMEOUT_MS', '99', 'an integer from 100 to 3600000'],
    ['BODY_IDLE_TIMEOUT_MS', '1.5', 'an integer from 100 to 600000'],
    ['KEEP_ALIVE_TIMEOUT_MS', '999', 'an integer from 1000 to 600000'],
    ['MAX_CONNECTIONS', 'many', 'an integer from 1 to 1000000'],
  ])('refuses %s=%j', (name, value, rule) => {
    expect(onlyProblem({ [name]: value })).toBe(`${name} must be ${rule}, not "${value}"`);
  });

  it('refuses a headers timeout longer than the whole request timeout', () => {
    expect(onlyProblem({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '4000' })).toBe(
      'HEADERS_TIMEOUT_MS (5000) must not exceed REQUEST_TIMEOUT_MS (4000)',
    );
    expect(onlyProblem({ REQUEST_TIMEOUT_MS: '9999' })).toBe(
      'HEADERS_TIMEOUT_MS (10000) must not exceed REQUEST_TIMEOUT_MS (9999)',
    );
  });
});

describe('APOLLO_KEY and APOLLO_GRAPH_REF', () => {
  const KEY = 'service:my-graph:Zx9-secret-key-value';

  it('turns Apollo usage reporting on only when both are set', () => {
    expect(loadConfig({ APOLLO_KEY: KEY, APOLLO_GRAPH_REF: 'my-graph@current' }).apollo).toEqual({
      key: KEY,
      graphRef: 'my-graph@current',
    });
    expect(loadConfig({ APOLLO_GRAPH_REF: 'my-graph' }).apollo).toBeUndefined();
    expect('apollo' in loadConfig({ APOLLO_KEY: KEY })).toBe(false);
    expect('apollo' in loadConfig({ APOLLO_GRAPH_REF: 'my-graph@current' })).toBe(false);
    expect('apollo' in loadConfig({ APOLLO_KEY: ' ', APOLLO_GRAPH_REF: 'g@v' })).toBe(false);
  });

  it('accepts a graph ref with or without a variant', () => {
    for (const graphRef of ['my-graph', 'my_graph@prod', 'g.1@feature/x-2'])
      expect(loadConfig({ APOLLO_KEY: KEY, APOLLO_GRAPH_REF: graphRef }).apollo?.graphRef).toBe(
        graphRef,
      );
  });

  it('refuses a malformed key without quoting it', () => {
    const problem = onlyProblem({ APOLLO_KEY: 'service:g:has a space', APOLLO_GRAPH_REF: 'g@v' });
    expect(problem).toBe(
      'APOLLO_KEY must be an Apollo API key (visible ASCII characters, no spaces)',
    );
    expect(problem).not.toContain('has a space');
  });

  it.each(['my graph', 'g@v@w', '@current', 'g@'])('refuses the graph ref %j', (graphRef) => {
    expect(onlyProblem({ APOLLO_KEY: KEY, APOLLO_GRAPH_REF: graphRef })).toBe(
      `APOLLO_GRAPH_REF must be a graph ref like my-graph@current, not "${graphRef}"`,
    );
  });

  it('never keeps the key in a refused configuration', () => {
    const error = configError({ APOLLO_KEY: KEY, APOLLO_GRAPH_REF: 'bad ref', PORT: 'x' });
    expect(error.problems).toHaveLength(2);
    expect(error.message).not.toContain(KEY);
  });
});
