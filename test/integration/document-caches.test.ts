import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { DocumentNode, FormattedExecutionResult, GraphQLSchema } from 'graphql';
import type { DocumentCaches } from '../../src/config';
import { DEFAULTS } from '../../src/config';
import { documentCaches } from '../../src/graphql/caches';
import { documentLimits } from '../../src/graphql/limits';
import { createSchema } from '../../src/schema';

/**
 * The gateway's document and persisted-query caches (src/graphql/caches.ts) in Apollo Server's
 * real pipeline (`executeOperation`, the gateway's schema and limits): what a repeated document
 * costs, what is evicted at each bound, and that a cached document answers as it did the first time.
 */

const BIG = { maxBytes: 64 * 1024 * 1024, maxEntries: 1000 };
const OFF = { maxBytes: 0, maxEntries: 0 };
const SWITCH_ORG = 'mutation ($id: Int!) { switchOrg(input: { id: $id }) }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Harness {
  run(
    query: string | undefined,
    options?: { variables?: Record<string, unknown>; apq?: string },
  ): Promise<FormattedExecutionResult>;
  /** Documents parsed so far (a cache hit parses none). */
  parsed(): number;
  /** The document the last request ran. */
  lastDocument(): DocumentNode | undefined;
  stop(): Promise<void>;
}

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

async function harness(caches: DocumentCaches): Promise<Harness> {
  let parsed = 0;
  let last: DocumentNode | undefined;
  const counting: ApolloServerPlugin = {
    requestDidStart: () =>
      Promise.resolve({
        parsingDidStart: () => {
          parsed += 1;
          return Promise.resolve();
        },
        didResolveOperation: ({ document }) => {
          last = document;
          return Promise.resolve();
        },
      }),
  };
  const apollo = new ApolloServer({
    schema,
    ...documentLimits(DEFAULTS.queryLimits),
    ...documentCaches(caches),
    plugins: [counting, ApolloServerPluginInlineTraceDisabled()],
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();
  return {
    async run(query, options = {}) {
      const response: GraphQLResponse = await apollo.executeOperation({
        ...(query !== undefined && { query }),
        ...(options.variables && { variables: options.variables }),
        ...(options.apq !== undefined && {
          extensions: { persistedQuery: { version: 1, sha256Hash: options.apq } },
        }),
      });
      if (response.body.kind !== 'single') throw new Error('not a single result');
      return response.body.singleResult;
    },
    parsed: () => parsed,
    lastDocument: () => last,
    stop: () => apollo.stop(),
  };
}

/** Every object reachable from `root` that is a graphql-js token (it links to its neighbours). */
function tokensIn(root: unknown): number {
  let tokens = 0;
  const seen = new Set<unknown>();
  const pending = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if ('prev' in value || 'next' in value || 'startToken' in value) tokens += 1;
    pending.push(...(Object.values(value) as unknown[]));
  }
  return tokens;
}

describe('the document cache', () => {
  it('parses and validates a repeated document once', async () => {
    const h = await harness({ documents: BIG, persistedQueries: OFF });
    for (let i = 0; i < 3; i++)
      expect(await h.run('{ __typename }')).toEqual({ data: { __typename: 'Query' } });
    expect(h.parsed()).toBe(1);
    await h.stop();
  });

  it('answers a cached document as it did the first time: errors keep their locations', async () => {
    const h = await harness({ documents: BIG, persistedQueries: OFF });
    const first = await h.run(SWITCH_ORG, { variables: { id: 'one' } });
    const again = await h.run(SWITCH_ORG, { variables: { id: 'one' } });
    expect(h.parsed()).toBe(1);
    expect(first.errors?.[0]).toMatchObject({
      locations: [{ line: 1, column: 11 }],
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(again).toEqual(first);
    await h.stop();
  });

  it('keeps no token of a cached document, comments included', async () => {
    const h = await harness({ documents: BIG, persistedQueries: OFF });
    await h.run(`# a comment\n{ __typename } # another`);
    expect(tokensIn(h.lastDocument())).toBe(0);
    await h.stop();
  });

  it('evicts the least recently used document beyond its entries', async () => {
    const h = await harness({
      documents: { maxBytes: BIG.maxBytes, maxEntries: 2 },
      persistedQueries: OFF,
    });
    const [a, b, c] = ['{ a: __typename }', '{ b: __typename }', '{ c: __typename }'];
    await h.run(a);
    await h.run(b);
    await h.run(a); // a hit: b is now the least recently used
    await h.run(c); // evicts b
    expect(h.parsed()).toBe(3);
    await h.run(a);
    await h.run(c);
    expect(h.parsed()).toBe(3);
    await h.run(b);
    expect(h.parsed()).toBe(4);
    await h.stop();
  });

  it('evicts beyond its bytes, and keeps no document larger than them', async () => {
    // One small document is about 2.3 KB by the estimate; a 4 KB string literal makes one over 20 KB.
    const h = await harness({
      documents: { maxBytes: 5 * 1024, maxEntries: 1000 },
      persistedQueries: OFF,
    });
    const [a, b, c] = ['{ a: __typename }', '{ b: __typename }', '{ c: __typename }'];
    await h.run(a);
    await h.run(b);
    await h.run(a);
    expect(h.parsed()).toBe(2);
    await h.run(c); // two fit, not three: b goes
    await h.run(a);
    expect(h.parsed()).toBe(3);
    await h.run(b);
    expect(h.parsed()).toBe(4);
    const large = `{ __type(name: "${'x'.repeat(4096)}") { name } }`;
    await h.run(large);
    await h.run(large);
    expect(h.parsed()).toBe(6);
    await h.stop();
  });

  it('is off at 0: every request is parsed', async () => {
    const h = await harness({
      documents: { maxBytes: 0, maxEntries: 1000 },
      persistedQueries: OFF,
    });
    await h.run('{ __typename }');
    await h.run('{ __typename }');
    expect(h.parsed()).toBe(2);
    await h.stop();
  });
});

describe('the persisted-query cache', () => {
  const notFound = {
    errors: [expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } })],
  };

  it('registers a document and runs it by its hash', async () => {
    const h = await harness({ documents: BIG, persistedQueries: BIG });
    const query = '{ __typename }';
    expect(await h.run(undefined, { apq: sha256(query) })).toEqual(notFound);
    expect(await h.run(query, { apq: sha256(query) })).toEqual({ data: { __typename: 'Query' } });
    expect(await h.run(undefined, { apq: sha256(query) })).toEqual({
      data: { __typename: 'Query' },
    });
    await h.stop();
  });

  it('never registers a document that failed validation', async () => {
    const h = await harness({ documents: BIG, persistedQueries: BIG });
    const query = 'subscription { __typename }';
    const refused = await h.run(query, { apq: sha256(query) });
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await h.run(undefined, { apq: sha256(query) })).toEqual(notFound);
    await h.stop();
  });

  it('evicts the least recently used text beyond its entries, and beyond its bytes', async () => {
    const byEntries = await harness({
      documents: BIG,
      persistedQueries: { maxBytes: BIG.maxBytes, maxEntries: 1 },
    });
    const [a, b] = ['{ a: __typename }', '{ b: __typename }'];
    await byEntries.run(a, { apq: sha256(a) });
    await byEntries.run(b, { apq: sha256(b) });
    expect(await byEntries.run(undefined, { apq: sha256(a) })).toEqual(notFound);
    expect(await byEntries.run(undefined, { apq: sha256(b) })).toEqual({ data: { b: 'Query' } });
    await byEntries.stop();

    // A key and a short text are about 350 bytes by the estimate: one fits in 600, not two.
    const byBytes = await harness({
      documents: BIG,
      persistedQueries: { maxBytes: 600, maxEntries: 1000 },
    });
    await byBytes.run(a, { apq: sha256(a) });
    await byBytes.run(b, { apq: sha256(b) });
    expect(await byBytes.run(undefined, { apq: sha256(a) })).toEqual(notFound);
    expect(await byBytes.run(undefined, { apq: sha256(b) })).toEqual({ data: { b: 'Query' } });
    await byBytes.stop();
  });

  it('is off at 0: a persisted query is not supported', async () => {
    const h = await harness({ documents: BIG, persistedQueries: OFF });
    const query = '{ __typename }';
    expect(await h.run(query, { apq: sha256(query) })).toEqual({
      errors: [expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' } })],
    });
    await h.stop();
  });
});
