import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { GraphQLClient } from 'graphql-request';
import { failureOf } from '../e2e/support';
import type { StubUpstream } from '../support/stub-upstream';
import { startStubUpstream } from '../support/stub-upstream';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';

/** The gateway on its own, as the router and `rover subgraph introspect` see it: a subgraph. */

describe('the gateway as a Federation 2 subgraph', () => {
  let g: TestGateway;
  let upstream: StubUpstream;
  beforeAll(async () => {
    upstream = await startStubUpstream((_request, res) => res.destroy());
    g = await startTestGateway({ thoughtspotUrl: upstream.url });
  });
  afterAll(async () => {
    await g.close();
    await upstream.close();
  });

  it('serves _service { sdl }: the subgraph committed as schema/schema.graphql, with its @link', async () => {
    const { _service } = await new GraphQLClient(g.endpoint).request<{ _service: { sdl: string } }>(
      '{ _service { sdl } }',
    );
    expect(_service.sdl).toContain(
      'extend schema\n  @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key", "@shareable"])',
    );
    const committed = await readFile(resolve(__dirname, '../../schema/schema.graphql'), 'utf8');
    // The served SDL spells out the federation definitions too; as a subgraph, it is the same one.
    expect(`${printSubgraphSchema(buildSubgraphSchema(parse(_service.sdl)))}\n`).toBe(committed);
  });

  it('refuses to look a Session up by reference: BAD_USER_INPUT, no upstream call, no error log', async () => {
    const failure = await failureOf(
      new GraphQLClient(g.endpoint).request(
        `query ($representations: [_Any!]!) {
          _entities(representations: $representations) { ... on Session { id userName } }
        }`,
        {
          representations: [{ __typename: 'Session', id: '59481331-ee53-42be-a548-bd87be6ddd4a' }],
        },
      ),
    );
    expect(failure.errors).toEqual([
      {
        message:
          "A Session cannot be looked up by reference: query `session` with the user's own credentials.",
        path: ['_entities'],
        extensions: { code: 'BAD_USER_INPUT', requestId: expect.any(String) as unknown },
      },
    ]);
    expect(upstream.requests).toEqual([]);
    expect(g.logs.filter((line) => (line.level as number) >= 50)).toEqual([]);
  });

  it.each([
    ['a type that is not in the schema', { __typename: 'Nothing', id: '1' }],
    ['a type that is no entity', { __typename: 'Org', id: 1 }],
    ['no __typename at all', { id: '1' }],
  ])(
    'refuses _entities for %s as BAD_USER_INPUT, with no error log a caller could flood',
    async (_what, representation) => {
      const failure = await failureOf(
        new GraphQLClient(g.endpoint).request(
          'query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
          { r: [representation] },
        ),
      );
      expect(failure.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(upstream.requests).toEqual([]);
      expect(g.logs.filter((line) => (line.level as number) >= 50)).toEqual([]);
    },
  );
});

describe('with INTROSPECTION=false', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway({ env: { INTROSPECTION: 'false' } });
  });
  afterAll(() => g.close());

  it('still serves _service { sdl } (rover reads it to compose), but not __schema', async () => {
    const client = new GraphQLClient(g.endpoint);
    const { _service } = await client.request<{ _service: { sdl: string } }>(
      '{ _service { sdl } }',
    );
    expect(_service.sdl).toContain('type Session');
    const refused = await failureOf(client.request('{ __schema { queryType { name } } }'));
    expect(refused.errors[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
