import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import { call } from '../support/http';
import type { StubUpstream } from '../support/stub-upstream';
import { replyJson, startStubUpstream } from '../support/stub-upstream';

/**
 * How the gateway uses ThoughtSpot: exactly one call per operation, never retried (a retried login
 * or revoke could act twice), never shared between callers, each HTTP/1.1 call on a connection of
 * its own unless UPSTREAM_HTTP1_KEEP_ALIVE is set.
 */

const SESSION_INFO = { userGUID: 'guid-1', userName: 'someone' };
const TOKEN = {
  userName: 'someone',
  token: 'T',
  tokenCreatedTime: '1',
  tokenExpiryDuration: '2',
  tokenType: 'Bearer',
};

const OPERATIONS = [
  ['session', '{ session { id } }', 'GET', '/session'],
  [
    'login',
    'mutation { login(input: {userName: "a", password: "b"}) { token } }',
    'POST',
    '/session/login',
  ],
  ['logout', 'mutation { logout }', 'POST', '/session/logout'],
  [
    'getToken',
    'mutation { getToken(input: {userName: "a", password: "b"}) { token } }',
    'POST',
    '/session/gettoken',
  ],
  ['revokeToken', 'mutation { revokeToken }', 'POST', '/session/revoketoken'],
  ['switchOrg', 'mutation { switchOrg(input: {id: 1}) }', 'PUT', '/session/org'],
] as const;

let stub: StubUpstream;
let g: TestGateway;

beforeAll(async () => {
  stub = await startStubUpstream((_request, res) => {
    res.destroy();
  });
  g = await startTestGateway({ thoughtspotUrl: stub.url });
});
afterAll(async () => {
  await g.close();
  await stub.close();
});
beforeEach(() => {
  stub.requests.length = 0;
});

const graphql = (query: string, headers: Record<string, string> = {}) =>
  call(g.url, 'POST', '/graphql', { json: { query }, headers });

describe.each(OPERATIONS)('%s', (_name, query, method, path) => {
  it('a dropped connection is answered UPSTREAM_UNAVAILABLE after exactly one call', async () => {
    stub.answerWith((_request, res) => {
      res.destroy();
    });
    const res = await graphql(query);
    expect(
      (res.json as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ).toBe('UPSTREAM_UNAVAILABLE');
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `${method} /tspublic/rest/v2${path}`,
    ]);
  });

  it('a 503 is answered UPSTREAM_ERROR after exactly one call', async () => {
    stub.answerWith((_request, res) => {
      replyJson(res, 503, { error: 'busy' });
    });
    const res = await graphql(query);
    expect(
      (res.json as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ).toBe('UPSTREAM_ERROR');
    expect(stub.requests).toHaveLength(1);
  });
});

it('identical concurrent queries of two callers are two upstream calls, each with its own credentials', async () => {
  // Slow answers, so both requests are in flight together: a de-duplicating client would merge them.
  stub.answerWith((request, res) => {
    setTimeout(() => {
      replyJson(res, 200, { ...SESSION_INFO, userName: request.headers.authorization ?? '' });
    }, 100);
  });
  const [a, b] = await Promise.all([
    graphql('{ session { userName } }', { authorization: 'Bearer caller-a' }),
    graphql('{ session { userName } }', { authorization: 'Bearer caller-b' }),
  ]);
  expect(a.json).toEqual({ data: { session: { userName: 'Bearer caller-a' } } });
  expect(b.json).toEqual({ data: { session: { userName: 'Bearer caller-b' } } });
  expect(stub.requests.map((r) => r.headers.authorization).sort()).toEqual([
    'Bearer caller-a',
    'Bearer caller-b',
  ]);
});

it('each HTTP/1.1 call has a connection of its own, closed after its answer', async () => {
  stub.answerWith((request, res) => {
    replyJson(res, 200, request.path.endsWith('/gettoken') ? TOKEN : SESSION_INFO);
  });
  const before = stub.connections();
  for (let i = 0; i < 6; i++) {
    const res = await graphql(i % 2 === 0 ? '{ session { id } }' : OPERATIONS[3][1]);
    expect(res.json).not.toHaveProperty('errors');
  }
  expect(stub.requests.map((r) => r.headers.connection)).toEqual(Array(6).fill('close'));
  expect(stub.connections() - before).toBe(6);
});

it('with UPSTREAM_HTTP1_KEEP_ALIVE=true, sequential calls reuse one keep-alive connection', async () => {
  const reusing = await startTestGateway({
    thoughtspotUrl: stub.url,
    env: { UPSTREAM_HTTP1_KEEP_ALIVE: 'true' },
  });
  try {
    stub.answerWith((_request, res) => {
      replyJson(res, 200, SESSION_INFO);
    });
    const before = stub.connections();
    for (let i = 0; i < 20; i++) {
      const res = await call(reusing.url, 'POST', '/graphql', {
        json: { query: '{ session { id } }' },
      });
      expect(res.json).not.toHaveProperty('errors');
    }
    expect(stub.requests).toHaveLength(20);
    expect(stub.connections() - before).toBeLessThanOrEqual(1);
  } finally {
    await reusing.close();
  }
});

it("identifies itself upstream by the package's name and version", async () => {
  stub.answerWith((_request, res) => {
    replyJson(res, 200, SESSION_INFO);
  });
  await graphql('{ session { id } }');
  expect(stub.requests[0]?.headers['user-agent']).toBe('thoughtspot-graphql-gateway/0.1.0');
});
