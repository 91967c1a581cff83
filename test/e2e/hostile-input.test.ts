import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CallOptions, CallResult } from '../support/http';
import { call } from '../support/http';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';

/**
 * Hostile input against the gateway at its default limits: each request gets a 4xx or a GraphQL
 * error with a clear message, quickly; the next caller's answer is unaffected; and the process's
 * memory does not grow with repetition. test/e2e/http.test.ts covers the plain HTTP-level cases
 * (malformed JSON, CSRF content types, GET mutations, missing queries, body limits, batches);
 * test/e2e/query-limits.test.ts each document limit at its boundary.
 */

/** Generous: a refusal takes milliseconds; this only catches one that grinds. */
const QUICK_MS = 2000;
/** Generous: heap growth over the whole battery repeated, after a full collection. */
const HEAP_GROWTH_BYTES = 24 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Refusal {
  status: number;
  /** extensions.code of the first error. */
  code: string;
  /** The message of one of the errors, exactly or by pattern. */
  message: string | RegExp;
}

interface Case {
  name: string;
  send(g: TestGateway): Promise<CallResult>;
  expected: Refusal;
}

const JSON_TYPE = 'application/json';
const post = (g: TestGateway, options: CallOptions) => call(g.url, 'POST', '/graphql', options);
const postJson = (body: unknown) => (g: TestGateway) => post(g, { json: body });
const postRaw =
  (body: string | Buffer, contentType = JSON_TYPE) =>
  (g: TestGateway) =>
    post(g, { body, contentType });
const get = (search: string) => (g: TestGateway) =>
  call(g.url, 'GET', `/graphql?${search}`, { headers: { 'apollo-require-preflight': 'true' } });

/** `n` copies of `part`, numbered from 1 where `part` holds `#`. */
const times = (n: number, part: string) =>
  Array.from({ length: n }, (_, i) => part.replaceAll('#', String(i + 1))).join(' ');

/** Fragments F0..Fn, each spreading the next twice: 2^n expansions of the last. */
function fragmentBomb(n: number, leaf: string): string {
  const chain = Array.from(
    { length: n },
    (_, i) => `fragment F${i} on Session { ...F${i + 1} ...F${i + 1} }`,
  );
  return `{ session { ...F0 } } ${chain.join(' ')} fragment F${n} on Session { ${leaf} }`;
}

const BODY_MISSING = 'POST body missing, invalid Content-Type, or JSON object has no keys.';
const NO_QUERY =
  'GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.';
const LOGIN = 'mutation ($input: LoginInput) { login(input: $input) { userName } }';

const CASES: Case[] = [
  // Bodies that are JSON, but not a GraphQL request.
  ...(['"{ session { id } }"', '42', 'null', 'true'] as const).map((body): Case => ({
    name: `a JSON body that is not an object: ${body}`,
    send: postRaw(body),
    expected: { status: 400, code: 'BAD_REQUEST', message: BODY_MISSING },
  })),
  {
    name: 'JSON nested 40,000 arrays deep',
    send: postRaw(`${'['.repeat(40_000)}${']'.repeat(40_000)}`),
    expected: { status: 400, code: 'BAD_REQUEST', message: 'Operation batching disabled.' },
  },
  {
    name: 'a body that is not UTF-8',
    send: postRaw(
      Buffer.concat([
        Buffer.from('{"query":"{ __typename }","x":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}'),
      ]),
    ),
    expected: { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid UTF-8.' },
  },
  {
    name: 'a password in an overlong UTF-8 encoding',
    send: postRaw(
      Buffer.concat([
        Buffer.from(
          `{"query":"${LOGIN}","variables":{"input":{"userName":"tsadmin","password":"adm`,
        ),
        Buffer.from([0xc0, 0xe9]),
        Buffer.from('n"}}}'),
      ]),
    ),
    expected: { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid UTF-8.' },
  },
  {
    name: 'a UTF-16 surrogate encoded as UTF-8',
    send: postRaw(
      Buffer.concat([
        Buffer.from('{"query":"{ __typename }","x":"'),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from('"}'),
      ]),
    ),
    expected: { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid UTF-8.' },
  },
  {
    name: 'a GET query string with a %-escape that is not UTF-8',
    send: get('query=%7B%20__typename%20%FF%7D'),
    expected: {
      status: 400,
      code: 'BAD_REQUEST',
      message: 'The query string is not well formed: a % escape is malformed or not UTF-8.',
    },
  },
  {
    name: 'a GET query string with a malformed %-escape',
    send: get('query=%7B__typename%7D&x=%zz'),
    expected: {
      status: 400,
      code: 'BAD_REQUEST',
      message: 'The query string is not well formed: a % escape is malformed or not UTF-8.',
    },
  },
  // Content types.
  {
    name: 'a JSON body sent as application/xml',
    send: postRaw('{"query":"{ __typename }"}', 'application/xml'),
    expected: { status: 400, code: 'BAD_REQUEST', message: BODY_MISSING },
  },
  {
    name: 'a bare query sent as application/graphql',
    send: postRaw('{ __typename }', 'application/graphql'),
    expected: { status: 400, code: 'BAD_REQUEST', message: BODY_MISSING },
  },
  // Queries that are missing, empty or not a string.
  ...(
    [
      ['an empty query', { query: '' }, NO_QUERY],
      ['a null query', { query: null }, NO_QUERY],
      ['only variables', { variables: { a: 1 } }, NO_QUERY],
      ['a query that is a number', { query: 42 }, 'GraphQL queries must be strings.'],
      ['a query that is an object', { query: { a: 1 } }, 'GraphQL queries must be strings.'],
    ] as const
  ).map(([name, body, message]): Case => ({
    name,
    send: postJson(body),
    expected: { status: 400, code: 'BAD_REQUEST', message },
  })),
  {
    name: 'a query of white space',
    send: postJson({ query: ' \n\t ' }),
    expected: {
      status: 400,
      code: 'GRAPHQL_PARSE_FAILED',
      message: 'Syntax Error: Unexpected <EOF>.',
    },
  },
  {
    name: 'a NUL character in the query',
    send: postJson({ query: '{ __typename }\u0000' }),
    expected: {
      status: 400,
      code: 'GRAPHQL_PARSE_FAILED',
      message: 'Syntax Error: Unexpected character: U+0000.',
    },
  },
  // Variables and operation names.
  {
    name: 'variables as a string',
    send: postJson({ query: LOGIN, variables: '{"input":{}}' }),
    expected: {
      status: 400,
      code: 'BAD_REQUEST',
      message:
        '`variables` in a POST body should be provided as an object, not a recursively JSON-encoded string.',
    },
  },
  {
    name: 'a required variable left out',
    send: postJson({ query: 'mutation ($input: SwitchOrgInput!) { switchOrg(input: $input) }' }),
    expected: {
      status: 400,
      code: 'BAD_USER_INPUT',
      message: 'Variable "$input" of required type "SwitchOrgInput!" was not provided.',
    },
  },
  {
    name: 'a variable nested 10,000 lists deep',
    // Written out: JSON.stringify itself would overflow the stack on it.
    send: postRaw(
      `{"query":"${LOGIN}","variables":{"input":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`,
    ),
    expected: {
      status: 400,
      code: 'BAD_USER_INPUT',
      message:
        /^Variable "\$input" got invalid value \[\[\[Array\]\]\]; Expected type "LoginInput" to be an object\.$/,
    },
  },
  {
    name: 'an operation name that is not in the document',
    send: postJson({ query: 'query A { __typename }', operationName: 'B' }),
    expected: {
      status: 400,
      code: 'OPERATION_RESOLUTION_FAILURE',
      message: 'Unknown operation named "B".',
    },
  },
  {
    name: 'an operation name that is a number',
    send: postJson({ query: 'query A { __typename }', operationName: 1 }),
    expected: {
      status: 400,
      code: 'BAD_REQUEST',
      message: '`operationName` in a POST body must be a string if provided.',
    },
  },
  {
    name: 'extensions that are not an object',
    send: postJson({ query: '{ __typename }', extensions: 'x' }),
    expected: {
      status: 400,
      code: 'BAD_REQUEST',
      message:
        '`extensions` in a POST body should be provided as an object, not a recursively JSON-encoded string.',
    },
  },
  // Huge strings.
  {
    name: 'a 95 KiB password (within the body limit): ThoughtSpot says no',
    send: postJson({
      query: LOGIN,
      variables: { input: { userName: 'tsadmin', password: 'p'.repeat(95 * 1024) } },
    }),
    expected: {
      status: 200,
      code: 'UNAUTHENTICATED',
      message:
        'Not authenticated: the ThoughtSpot credentials are missing, invalid, expired or revoked.',
    },
  },
  {
    name: 'a 95 KiB string in the query itself',
    send: postJson({ query: `{ __type(name: "${'T'.repeat(95 * 1024)}") { name } }` }),
    expected: {
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: /^Document size limit of 16384 bytes exceeded, found \d+\.$/,
    },
  },
  // Deep nesting, alias, fragment and directive bombs.
  {
    name: 'selections nested 9,000 deep',
    send: postJson({ query: `${'{ session '.repeat(9_000)}${'}'.repeat(9_000)}` }),
    expected: {
      status: 400,
      code: 'GRAPHQL_PARSE_FAILED',
      message: 'Syntax Error: Document contains more that 1000 tokens. Parsing aborted.',
    },
  },
  {
    name: 'a list literal nested 20,000 deep',
    send: postJson({
      query: `{ __type(name: ${'['.repeat(20_000)}${']'.repeat(20_000)}) { name } }`,
    }),
    expected: {
      status: 400,
      code: 'GRAPHQL_PARSE_FAILED',
      message: 'Syntax Error: Document contains more that 1000 tokens. Parsing aborted.',
    },
  },
  {
    name: 'an alias bomb: 300 aliases in one selection',
    send: postJson({ query: `{ session { ${times(300, 'a#: id')} } }` }),
    expected: {
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: 'Aliases limit of 15 exceeded, found 300.',
    },
  },
  {
    name: 'an alias bomb through fragments: 2^30 aliases',
    send: postJson({ query: fragmentBomb(30, 'a: id') }),
    expected: {
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: 'Aliases limit of 15 exceeded, found 1073741824.',
    },
  },
  {
    name: 'a fragment bomb: 2^40 expansions of one field',
    send: postJson({ query: fragmentBomb(40, 'id') }),
    expected: {
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: /^Query Cost limit of 5000 exceeded, found \d/,
    },
  },
  {
    name: 'a fragment that spreads itself',
    send: postJson({ query: '{ session { ...A } } fragment A on Session { id ...A }' }),
    expected: {
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: 'Cannot spread fragment "A" within itself.',
    },
  },
  {
    name: 'a fragment cycle through three fragments',
    send: postJson({
      query:
        '{ session { ...A } } fragment A on Session { id ...B } ' +
        'fragment B on Session { userName ...C } fragment C on Session { email ...A }',
    }),
    expected: {
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: 'Cannot spread fragment "A" within itself via "B", "C".',
    },
  },
  {
    name: 'a directive flood: 140 on one field',
    send: postJson({ query: `{ session { id ${'@include(if: true) '.repeat(140)}} }` }),
    expected: {
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: 'Directives limit of 50 exceeded, found 140.',
    },
  },
  {
    name: 'a flood of 400 unknown directives',
    send: postJson({ query: `{ __typename ${times(400, '@d#')} }` }),
    expected: {
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: 'Directives limit of 50 exceeded, found 400.',
    },
  },
];

describe('hostile input', () => {
  let g: TestGateway;
  let token: string;
  let userGUID: string;
  /** One line per request the emulator answered. */
  const upstream: string[] = [];

  beforeAll(async () => {
    g = await startTestGateway({ emulator: { log: (line) => upstream.push(line) } });
    token = await g.ts.token('analyst', 'analyst');
    userGUID = (await g.ts.sessionInfo({ bearer: token })).userGUID as string;
  });
  afterAll(() => g.close());

  /** A well-behaved caller right after: its own answer, whole. */
  async function expectNextCallerServed(): Promise<void> {
    const res = await post(g, { json: { query: '{ session { id userName } }' }, bearer: token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: { session: { id: userGUID, userName: 'analyst' } } });
  }

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    upstream.length = 0;
    const started = performance.now();
    const res = await c.send(g);
    const elapsed = performance.now() - started;

    const errors = (res.json as { errors?: { message: string; extensions: { code: string } }[] })
      .errors;
    expect({ status: res.status, code: errors?.[0]?.extensions.code }).toEqual({
      status: c.expected.status,
      code: c.expected.code,
    });
    const { message } = c.expected;
    const messages = (errors ?? []).map((e) => e.message);
    expect(messages).toContainEqual(
      typeof message === 'string' ? message : expect.stringMatching(message),
    );
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    // Only the oversized password was worth asking ThoughtSpot about.
    if (c.expected.code !== 'UNAUTHENTICATED') expect(upstream).toEqual([]);
    expect(elapsed).toBeLessThan(QUICK_MS);
    await expectNextCallerServed();
  });

  it('a header block over 16 KiB is refused by Node with 431, and the next caller is served', async () => {
    const res = await post(g, { json: { query: '{ __typename }' }, bearer: 'x'.repeat(20_000) });
    expect(res.status).toBe(431);
    await expectNextCallerServed();
  });

  it('a request line with bytes that are not ASCII is refused by Node with 400', async () => {
    const { port } = new URL(g.url);
    const socket = connect(Number(port), '127.0.0.1');
    const answer = await new Promise<string>((resolve, reject) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.write(
        Buffer.concat([
          Buffer.from('GET /graphql?query='),
          Buffer.from([0xff, 0xfe]),
          Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n'),
        ]),
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await expectNextCallerServed();
  });

  it('does not grow the heap: the whole battery, five times over', async () => {
    const battery = async () => {
      for (const c of CASES) await c.send(g);
    };
    // Once first, so that everything a first request builds (caches, JIT) is in the baseline.
    await battery();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 5; i++) await battery();
    gc();
    const growth = process.memoryUsage().heapUsed - before;
    expect(growth).toBeLessThan(HEAP_GROWTH_BYTES);
    await expectNextCallerServed();
  }, 60_000);
});
