import { GraphQLClient } from 'graphql-request';
import { GetTokenDocument, LoginDocument } from '../generated/operations';
import { SET_COOKIE, send } from '../e2e/support';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import type { AppSubgraph } from './app/app-subgraph';
import { startAppSubgraph } from './app/app-subgraph';
import { supergraphFlows } from './flows';
import type { Supergraph } from './supergraph';
import { startSupergraph } from './supergraph';
import { onlyErrorOf } from './support';

/**
 * The gateway as the thoughtspot subgraph of @apollo/gateway, in this process: the supergraph
 * composed with @apollo/composition, ThoughtSpotDataSource (the recipe docs/supergraph.md shows)
 * for the thoughtspot subgraph, the gateway (on the emulator) and the example app subgraph, every
 * hop real HTTP on 127.0.0.1. Clients speak only to the supergraph. Hive Gateway, run as the
 * separate processes of production, is hive-gateway.test.ts.
 */

const { JSESSIONID_REMEMBERED, CLIENT_ID } = SET_COOKIE;

interface Running {
  g: TestGateway;
  app: AppSubgraph;
  supergraph: Supergraph;
  client(headers?: Record<string, string>): GraphQLClient;
  close(): Promise<void>;
}

async function startAll(
  env: Record<string, string> = {},
  fetcher?: Parameters<typeof startSupergraph>[1],
): Promise<Running> {
  const g = await startTestGateway({ env });
  const app = await startAppSubgraph();
  const supergraph = await startSupergraph({ thoughtspot: g.endpoint, app: app.url }, fetcher);
  return {
    g,
    app,
    supergraph,
    client: (headers = {}) => new GraphQLClient(supergraph.url, { headers }),
    async close() {
      await supergraph.close();
      await app.close();
      await g.close();
    },
  };
}

describe('through a supergraph (@apollo/gateway)', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startAll();
  });
  afterAll(() => s.close());

  supergraphFlows(() => ({
    url: s.supergraph.url,
    appRepresentations: () => s.app.representations,
    appRequests: () => s.app.requests,
    internalAddresses: () => [s.g.url, s.g.ts.emulator.url, s.app.url],
  }));
});

describe('through a supergraph, an HTTP error of the subgraph', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startAll({ MAX_BODY_BYTES: '1024' });
  });
  afterAll(() => s.close());

  it('passes on as the GraphQL error the gateway answered with, without the subgraph URL', async () => {
    const { error, failure } = await onlyErrorOf(
      send(s.client(), GetTokenDocument, {
        input: { userName: 'tsadmin', password: 'x'.repeat(2048) },
      }),
    );
    expect(error.message).toBe('The request body is larger than 1024 bytes.');
    expect(error.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(JSON.stringify(failure)).not.toContain(s.g.url);
  });
});

describe('through a supergraph whose data source fetches with WHATWG fetch', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startAll({}, fetch);
  });
  afterAll(() => s.close());

  it('login still relays both cookies, each its own header (getSetCookie)', async () => {
    const login = await send(s.client(), LoginDocument, {
      input: { userName: 'tsadmin', password: 'admin', rememberMe: true },
    });
    expect(login.setCookies).toHaveLength(2);
    expect(login.setCookies[0]).toMatch(JSESSIONID_REMEMBERED);
    expect(login.setCookies[1]).toMatch(CLIENT_ID);
  });
});
