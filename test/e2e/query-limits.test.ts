import type { IntrospectionQuery } from 'graphql';
import { buildClientSchema, getIntrospectionQuery, print } from 'graphql';
import {
  GetTokenDocument,
  LoginDocument,
  LogoutDocument,
  RevokeTokenDocument,
  SessionDocument,
  SwitchOrgDocument,
} from '../generated/operations';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import type { CallResult } from '../support/http';
import { call } from '../support/http';

/**
 * The limits on one GraphQL document (src/graphql/limits.ts) over real HTTP: what the real clients
 * send fits within the defaults, and one over any limit is refused with 400 and a message naming it,
 * before any resolver runs (ThoughtSpot never sees the request).
 */

const JSON_UTF8 = 'application/json; charset=utf-8';

/** `n` copies of `part`, numbered from 1 where `part` holds `#`. */
const times = (n: number, part: string) =>
  Array.from({ length: n }, (_, i) => part.replaceAll('#', String(i + 1))).join(' ');

/** A `__type` query whose fields nest `depth` deep: __type, fields, type, then ofTypes, then name. */
const deepTypeQuery = (depth: number) => {
  const k = depth - 4;
  return `{ __type(name: "Session") { fields { type { ${'ofType { '.repeat(k)}name${' }'.repeat(k)} } } } }`;
};

describe('query limits', () => {
  let g: TestGateway;
  /** The emulator's log: one line per request it answered. */
  const upstream: string[] = [];
  const post = (body: unknown) => call(g.url, 'POST', '/graphql', { json: body });

  /** A refusal before GraphQL ran: 400, the code, the exact message, the request id, no upstream call. */
  function expectRefused(res: CallResult, code: string, message: string): void {
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe(JSON_UTF8);
    expect(res.json).toEqual({
      errors: [
        expect.objectContaining({
          message,
          extensions: { code, requestId: res.headers['x-request-id'] },
        }),
      ],
    });
    expect(upstream).toEqual([]);
  }

  /** Answered by GraphQL: data, no error. */
  function expectData(res: CallResult): Record<string, unknown> {
    expect(res.status).toBe(200);
    const body = res.json as { data?: Record<string, unknown>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data ?? {};
  }

  beforeAll(async () => {
    g = await startTestGateway({ emulator: { log: (line) => upstream.push(line) } });
  });
  afterAll(() => g.close());
  beforeEach(() => {
    upstream.length = 0;
  });

  it('are the documented defaults', () => {
    expect(g.config.queryLimits).toEqual({
      depth: 6,
      aliases: 15,
      rootFields: 5,
      directives: 50,
      tokens: 1000,
      comments: 100,
      cost: 5000,
      bytes: 16384,
    });
  });

  describe('what real clients send fits', () => {
    it.each([
      ['Session', SessionDocument],
      ['Login', LoginDocument],
      ['GetToken', GetTokenDocument],
      ['SwitchOrg', SwitchOrgDocument],
      ['Logout', LogoutDocument],
      ['RevokeToken', RevokeTokenDocument],
    ])('the client operation %s reaches its resolver', async (_name, document) => {
      // Without credentials or variables: any answer but a refused document will do.
      const res = await post({ query: print(document) });
      const codes = (
        (res.json as { errors?: { extensions: { code: string } }[] }).errors ?? []
      ).map((e) => e.extensions.code);
      expect(codes).not.toContain('GRAPHQL_VALIDATION_FAILED');
      expect(codes).not.toContain('GRAPHQL_PARSE_FAILED');
    });

    it.each([
      ['graphql-js defaults (GraphiQL)', {}],
      [
        'every option (Apollo Sandbox, GraphQL Code Generator)',
        {
          descriptions: true,
          specifiedByUrl: true,
          directiveIsRepeatable: true,
          schemaDescription: true,
          inputValueDeprecation: true,
          oneOf: true,
        },
      ],
    ])('the introspection query of %s, in development', async (_name, options) => {
      const query = getIntrospectionQuery(options);
      const data = expectData(await post({ query, operationName: 'IntrospectionQuery' }));
      const schema = buildClientSchema(data as unknown as IntrospectionQuery);
      expect(schema.getQueryType()?.getFields()).toHaveProperty('session');
      expect(Object.keys(schema.getMutationType()?.getFields() ?? {})).toEqual(
        expect.arrayContaining(['login', 'logout', 'getToken', 'revokeToken', 'switchOrg']),
      );
      expect(upstream).toEqual([]);
    });
  });

  describe('at the default limits', () => {
    it('depth: 6 levels pass, 7 are refused', async () => {
      const ok = expectData(await post({ query: deepTypeQuery(6) }));
      expect(ok).toHaveProperty('__type');
      expectRefused(
        await post({ query: deepTypeQuery(7) }),
        'GRAPHQL_VALIDATION_FAILED',
        'Query depth limit of 6 exceeded, found 7.',
      );
    });

    it('depth: fragments add none, and `__schema` introspection is exempt', async () => {
      const viaFragments =
        '{ ...A } fragment A on Query { __type(name: "Session") { ...B } } ' +
        'fragment B on __Type { fields { ...C } } fragment C on __Field { type { ofType { ofType { name } } } }';
      expect(expectData(await post({ query: viaFragments }))).toHaveProperty('__type');
      const schemaDeep = `{ __schema { types { fields { type { ${'ofType { '.repeat(6)}name${' }'.repeat(6)} } } } } }`;
      expect(expectData(await post({ query: schemaDeep }))).toHaveProperty('__schema');
    });

    it('aliases: 15 pass, 16 are refused, counted through fragments', async () => {
      const aliases = (n: number) => `{ __schema { ${times(n, 'a#: queryType { name }')} } }`;
      expect(expectData(await post({ query: aliases(15) }))).toHaveProperty('__schema.a15');
      expectRefused(
        await post({ query: aliases(16) }),
        'GRAPHQL_VALIDATION_FAILED',
        'Aliases limit of 15 exceeded, found 16.',
      );
      const viaFragments =
        '{ __schema { ...F ...G } } ' +
        `fragment F on __Schema { ${times(8, 'a#: queryType { name }')} } ` +
        `fragment G on __Schema { ${times(8, 'b#: queryType { name }')} }`;
      expectRefused(
        await post({ query: viaFragments }),
        'GRAPHQL_VALIDATION_FAILED',
        'Aliases limit of 15 exceeded, found 16.',
      );
    });

    it('root fields: 5 pass, 6 are refused, counted through fragments', async () => {
      // Aliases of __typename are free under the alias limit: only the root-field limit is at work.
      expect(expectData(await post({ query: `{ ${times(5, 't#: __typename')} }` }))).toEqual(
        Object.fromEntries(
          times(5, 't#')
            .split(' ')
            .map((key) => [key, 'Query']),
        ),
      );
      expectRefused(
        await post({ query: `{ ${times(6, 't#: __typename')} }` }),
        'GRAPHQL_VALIDATION_FAILED',
        'Root fields limit of 5 exceeded, found 6.',
      );
      expectRefused(
        await post({
          query: `{ t1: __typename ...F ... on Query { t6: __typename } } fragment F on Query { ${times(4, 'u#: __typename')} }`,
        }),
        'GRAPHQL_VALIDATION_FAILED',
        'Root fields limit of 5 exceeded, found 6.',
      );
    });

    it('root fields: six logins in one mutation never reach ThoughtSpot', async () => {
      const logins = times(
        6,
        'l#: login(input: { userName: "tsadmin", password: "admin" }) { userName }',
      );
      expectRefused(
        await post({ query: `mutation { ${logins} }` }),
        'GRAPHQL_VALIDATION_FAILED',
        'Root fields limit of 5 exceeded, found 6.',
      );
    });

    it('directives: 50 pass, 51 are refused', async () => {
      const directives = (n: number) =>
        `{ __schema { ${times(n, 't#: __typename @include(if: true)')} } }`;
      expect(expectData(await post({ query: directives(50) }))).toHaveProperty('__schema.t50');
      expectRefused(
        await post({ query: directives(51) }),
        'GRAPHQL_VALIDATION_FAILED',
        'Directives limit of 50 exceeded, found 51.',
      );
    });

    it('tokens: 1000 pass, 1001 are refused while parsing', async () => {
      // `{ __schema {`, k aliased and r plain __typename, `} }`: 5 + 3k + r tokens. Aliases of
      // __typename are free and distinct response keys keep graphql-js's field-merging check cheap.
      const tokens = (n: number) => {
        const k = Math.floor((n - 5) / 3);
        return `{ __schema { ${times(k, 't#: __typename')} ${'__typename '.repeat(n - 5 - 3 * k)}} }`;
      };
      expect(expectData(await post({ query: tokens(1000) }))).toHaveProperty('__schema.t331');
      expectRefused(
        await post({ query: tokens(1001) }),
        'GRAPHQL_PARSE_FAILED',
        'Syntax Error: Document contains more that 1000 tokens. Parsing aborted.',
      );
    });

    it('comments: 100 pass, 101 are refused, though graphql-js counts none as a token', async () => {
      const commented = (n: number) => `{ __typename }\n${'# a comment\n'.repeat(n)}`;
      expect(expectData(await post({ query: commented(100) }))).toEqual({ __typename: 'Query' });
      expectRefused(
        await post({ query: commented(101) }),
        'GRAPHQL_VALIDATION_FAILED',
        'Comments limit of 100 exceeded, found 101.',
      );
      // Within the size limit, 8,000 lines of `#` kept ~720 KB each in Apollo's document cache.
      const padded = `{ __typename }\n${'#\n'.repeat(8000)}`;
      expect(Buffer.byteLength(padded)).toBeLessThanOrEqual(16_384);
      expectRefused(
        await post({ query: padded }),
        'GRAPHQL_VALIDATION_FAILED',
        'Comments limit of 100 exceeded, found 8000.',
      );
    });

    it('document size: 16384 bytes pass, 16385 are refused', async () => {
      const sized = (bytes: number) => {
        const query = '{ __typename }';
        return query + ' '.repeat(bytes - query.length);
      };
      expect(expectData(await post({ query: sized(16_384) }))).toEqual({ __typename: 'Query' });
      expectRefused(
        await post({ query: sized(16_385) }),
        'GRAPHQL_VALIDATION_FAILED',
        'Document size limit of 16384 bytes exceeded, found 16385.',
      );
      // Bytes, not characters: 5462 three-byte characters in a comment are 16386 bytes.
      expectRefused(
        await post({ query: `{ __typename } #${'€'.repeat(5462)}` }),
        'GRAPHQL_VALIDATION_FAILED',
        'Document size limit of 16384 bytes exceeded, found 16402.',
      );
    });

    it('are checked over GET too', async () => {
      const query = `{ ${times(6, 't#: __typename')} }`;
      const res = await call(
        g.url,
        'GET',
        `/graphql?${new URLSearchParams({ query }).toString()}`,
        { headers: { 'apollo-require-preflight': 'true' } },
      );
      expectRefused(res, 'GRAPHQL_VALIDATION_FAILED', 'Root fields limit of 5 exceeded, found 6.');
    });

    it('a document over two limits gets both refusals', async () => {
      const query = `{ ${times(16, 'a#: __type(name: "Query") { name }')} }`;
      const res = await post({ query });
      expect(res.status).toBe(400);
      const messages = (res.json as { errors: { message: string }[] }).errors.map((e) => e.message);
      expect(messages).toEqual(
        expect.arrayContaining([
          'Root fields limit of 5 exceeded, found 16.',
          'Aliases limit of 15 exceeded, found 16.',
        ]),
      );
      expect(upstream).toEqual([]);
    });

    it('the access log names the refusal by its code', async () => {
      const res = await call(g.url, 'POST', '/graphql', {
        json: { query: `{ ${times(6, 't#: __typename')} }` },
        headers: { 'x-request-id': 'limits-log' },
      });
      expect(res.status).toBe(400);
      let line: Record<string, unknown> | undefined;
      for (let waited = 0; line === undefined && waited < 2000; waited += 10) {
        line = g.logs.find((l) => l.msg === 'request' && l.requestId === 'limits-log');
        if (line === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(line).toMatchObject({
        status: 400,
        code: 'GRAPHQL_VALIDATION_FAILED',
        upstreamCalls: 0,
      });
    });
  });
});

describe('operation types the schema has not', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway();
  });
  afterAll(() => g.close());

  it.each([
    ['POST', (query: string) => call(g.url, 'POST', '/graphql', { json: { query } })],
    [
      'GET',
      (query: string) =>
        call(g.url, 'GET', `/graphql?${new URLSearchParams({ query }).toString()}`, {
          headers: { 'apollo-require-preflight': 'true' },
        }),
    ],
  ])(
    "a subscription over %s is the caller's mistake: 400, logged at info",
    async (_method, send) => {
      const res = await send('subscription { __typename }');
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        errors: [
          {
            message: 'The subscription operation is not supported by the schema.',
            locations: [{ line: 1, column: 1 }],
            extensions: {
              code: 'GRAPHQL_VALIDATION_FAILED',
              requestId: res.headers['x-request-id'],
            },
          },
        ],
      });
      const requestId = res.headers['x-request-id'];
      let line: Record<string, unknown> | undefined;
      for (let waited = 0; line === undefined && waited < 2000; waited += 10) {
        line = g.logs.find((l) => l.msg === 'request' && l.requestId === requestId);
        if (line === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(line).toMatchObject({ level: 30, status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
      // pino's levels: 40 is warn, 50 error.
      expect(g.logs.filter((l) => (l.level as number) >= 40)).toEqual([]);
    },
  );
});

describe('query limits from the environment', () => {
  const messages = (res: CallResult) =>
    ((res.json as { errors?: { message: string }[] }).errors ?? []).map((e) => e.message);

  it.each([
    [
      'MAX_QUERY_DEPTH',
      '3',
      '{ session { orgs { id } } }',
      '{ __type(name: "Session") { fields { type { name } } } }',
      'Query depth limit of 3 exceeded, found 4.',
    ],
    [
      'MAX_QUERY_ALIASES',
      '1',
      '{ session { a: id } }',
      '{ session { a: id b: id } }',
      'Aliases limit of 1 exceeded, found 2.',
    ],
    [
      'MAX_QUERY_ROOT_FIELDS',
      '1',
      '{ session { id } }',
      '{ session { id } __typename }',
      'Root fields limit of 1 exceeded, found 2.',
    ],
    [
      'MAX_QUERY_DIRECTIVES',
      '1',
      '{ session { id @skip(if: false) } }',
      '{ session { id @skip(if: false) userName @skip(if: false) } }',
      'Directives limit of 1 exceeded, found 2.',
    ],
    [
      'MAX_QUERY_TOKENS',
      '10',
      '{ session { id userName email locale timezone } }',
      '{ session { id userName email locale timezone userType } }',
      'Syntax Error: Document contains more that 10 tokens. Parsing aborted.',
    ],
    [
      'MAX_QUERY_COMMENTS',
      '1',
      '# one\n{ session { id } }',
      '# one\n{ session { id } } # two',
      'Comments limit of 1 exceeded, found 2.',
    ],
    [
      'MAX_QUERY_COST',
      '10',
      '{ session { id userName email locale timezone } }',
      '{ session { id userName email locale timezone userType } }',
      'Query Cost limit of 10 exceeded, found 11.',
    ],
    [
      'MAX_QUERY_BYTES',
      '100',
      `{ session { id } }${' '.repeat(82)}`,
      `{ session { id } }${' '.repeat(83)}`,
      'Document size limit of 100 bytes exceeded, found 101.',
    ],
  ])('%s=%s is applied', async (name, value, within, over, message) => {
    const g = await startTestGateway({ env: { [name]: value } });
    try {
      const post = (query: string) => call(g.url, 'POST', '/graphql', { json: { query } });
      // Within the limit: the session resolver runs (no credentials, so ThoughtSpot refuses).
      const ok = await post(within);
      expect(ok.status).toBe(200);
      expect(ok.json).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
      const res = await post(over);
      expect(res.status).toBe(400);
      expect(messages(res)).toEqual([message]);
    } finally {
      await g.close();
    }
  });
});
