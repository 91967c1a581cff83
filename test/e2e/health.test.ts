import type { CallResult } from '../support/http';
import { call } from '../support/http';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import { API_TITLE, ENDPOINT_NAMES } from '../support/api';
import type { StubAnswer } from '../support/stub-bodies';
import { errorAnswer } from '../support/stub-bodies';
import type { StubHandler, StubUpstream } from '../support/stub-upstream';
import { reply, replyJson, startStubUpstream } from '../support/stub-upstream';

/**
 * /healthz (liveness: never calls ThoughtSpot) and /readyz (readiness: ThoughtSpot answers, checked
 * with one unauthenticated GET /session, remembered for READINESS_CACHE_MS, shared by concurrent
 * probes), outside GraphQL: no CSRF prevention, no CORS, but no-store and request ids as everywhere.
 */

const APP_ORIGIN = 'https://app.example.com';
const answer =
  ({ status, body, headers }: StubAnswer): StubHandler =>
  (_request, res) => {
    reply(res, status, body, headers);
  };
/** How ThoughtSpot refuses a call without credentials, in the API's envelope. */
const unauthenticated = answer(errorAnswer(401, 10002));
/** The reason /readyz gives for a status the session endpoint should not answer. */
const answered = (status: number) => `ThoughtSpot answered ${status} to ${API_TITLE}`;

let stub: StubUpstream;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  stub = await startStubUpstream(unauthenticated);
});
afterAll(async () => {
  await stub.close();
});
beforeEach(() => {
  stub.requests.length = 0;
  stub.answerWith(unauthenticated);
});
afterEach(async () => {
  for (const g of gateways.splice(0)) await g.close();
});

async function gatewayFor(env: Record<string, string> = {}, thoughtspotUrl?: string) {
  const g = await startTestGateway({
    env: { CORS_ORIGINS: APP_ORIGIN, ...env },
    ...(thoughtspotUrl !== undefined && { thoughtspotUrl }),
  });
  gateways.push(g);
  return g;
}

const get = (g: TestGateway, path: string, headers: Record<string, string> = {}) =>
  call(g.url, 'GET', path, { headers });

function expectJson(res: CallResult, status: number, body: unknown): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.json).toEqual(body);
}

describe('/healthz', () => {
  it('answers ok without calling ThoughtSpot, with no-store and the request id', async () => {
    const g = await gatewayFor({}, stub.url);
    const res = await get(g, '/healthz', { 'x-request-id': 'probe-1' });
    expectJson(res, 200, { status: 'ok' });
    expect(res.headers['x-request-id']).toBe('probe-1');
    const head = await call(g.url, 'HEAD', '/healthz');
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(stub.requests).toEqual([]);
  });

  it('stays live while ThoughtSpot is down', async () => {
    const g = await gatewayFor({}, 'http://127.0.0.1:9');
    expectJson(await get(g, '/healthz'), 200, { status: 'ok' });
  });

  it('is not subject to CSRF prevention or CORS', async () => {
    const g = await gatewayFor({}, stub.url);
    // The same kind of request on the GraphQL path is refused by CSRF prevention ...
    const graphql = await get(g, '/graphql?query=%7B__typename%7D');
    expect(graphql.status).toBe(400);
    // ... and not here, from any origin; no CORS header lets another origin's page read it.
    for (const origin of ['https://evil.example', APP_ORIGIN]) {
      for (const path of ['/healthz', '/readyz']) {
        const res = await get(g, path, { origin });
        expect(res.status).toBe(200);
        expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      }
    }
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('refuses %s with 405', async (method) => {
    const g = await gatewayFor({}, stub.url);
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const res = await call(g.url, method, path, {
        headers: { origin: APP_ORIGIN, 'access-control-request-method': 'GET' },
      });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
      expect(res.json).toMatchObject({ errors: [{ extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
    }
  });

  it('serves the health checks on their own paths only, with GRAPHQL_PATH elsewhere', async () => {
    const g = await gatewayFor({ GRAPHQL_PATH: '/api/graphql' }, stub.url);
    expectJson(await get(g, '/healthz'), 200, { status: 'ok' });
    expect((await get(g, '/healthz/')).status).toBe(404);
    expect((await get(g, '/api/healthz')).status).toBe(404);
  });
});

describe('/readyz', () => {
  it('is ready in front of the emulator (a 401 means ThoughtSpot is there)', async () => {
    const g = await gatewayFor();
    const res = await get(g, '/readyz', { 'x-request-id': 'ready-1' });
    expectJson(res, 200, { status: 'ready' });
    expect(res.headers['x-request-id']).toBe('ready-1');
  });

  it('makes one unauthenticated GET /session, never with the prober’s headers', async () => {
    const g = await gatewayFor({}, stub.url);
    const res = await get(g, '/readyz', {
      authorization: 'Bearer prober-token',
      cookie: 'JSESSIONID=prober-session',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    expectJson(res, 200, { status: 'ready' });
    expect(stub.requests).toHaveLength(1);
    const [probe] = stub.requests;
    expect(`${probe?.method} ${probe?.path}`).toBe(ENDPOINT_NAMES.session);
    expect(probe?.headers.authorization).toBeUndefined();
    expect(probe?.headers.cookie).toBeUndefined();
    expect(probe?.headers.traceparent).toBeUndefined();
    expect(probe?.headers['x-requested-by']).toBe('ThoughtSpot');
  });

  it.each<[string, StubHandler, number, string]>([
    ['a plain 503', (_q, res) => reply(res, 503, 'busy'), 503, answered(503)],
    [
      'a proxy’s HTML 502',
      (_q, res) => reply(res, 502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' }),
      503,
      answered(502),
    ],
    ['a bare 500', (_q, res) => reply(res, 500), 503, answered(500)],
    // The beta's HTTP 500 with 503 inside its envelope; v2.0's 503 in its own.
    ['an error envelope of 503', answer(errorAnswer(503, 10038)), 503, answered(503)],
    ['a dropped connection', (_q, res) => res.destroy(), 503, 'ThoughtSpot could not be reached'],
    // Not the session API: a wrong THOUGHTSPOT_URL or path prefix.
    ['a 404', (_q, res) => reply(res, 404), 503, answered(404)],
    [
      'a redirect',
      (_q, res) => reply(res, 302, '', { location: 'https://sso.example.com/' }),
      503,
      answered(302),
    ],
  ])('is not ready on %s', async (_what, handler, status, reason) => {
    stub.answerWith(handler);
    const g = await gatewayFor({}, stub.url);
    expectJson(await get(g, '/readyz'), status, { status: 'not ready', reason });
  });

  it.each<[string, StubHandler]>([
    ['a 200', (_q, res) => replyJson(res, 200, { userName: 'x' })],
    ['a plain 401', (_q, res) => reply(res, 401)],
    ['a 403', (_q, res) => reply(res, 403)],
  ])(
    'is ready on %s: the session API answered a call without credentials',
    async (_what, handler) => {
      stub.answerWith(handler);
      const g = await gatewayFor({}, stub.url);
      expectJson(await get(g, '/readyz'), 200, { status: 'ready' });
    },
  );

  it('is not ready when ThoughtSpot refuses connections, and says so once in the log', async () => {
    const g = await gatewayFor({ READINESS_CACHE_MS: '0' }, 'http://127.0.0.1:9');
    for (let i = 0; i < 3; i++)
      expectJson(await get(g, '/readyz'), 503, {
        status: 'not ready',
        reason: 'ThoughtSpot could not be reached',
      });
    const notReady = g.logs.filter((line) => line.msg === 'not ready');
    expect(notReady).toEqual([
      expect.objectContaining({ level: 40, reason: 'ThoughtSpot could not be reached' }),
    ]);
    // Never the upstream address.
    expect(g.rawLogs()).not.toContain('127.0.0.1:9');
  });

  it('is not ready when ThoughtSpot does not answer within UPSTREAM_TIMEOUT_MS', async () => {
    stub.answerWith(() => undefined);
    const g = await gatewayFor({ UPSTREAM_TIMEOUT_MS: '300' }, stub.url);
    expectJson(await get(g, '/readyz'), 503, {
      status: 'not ready',
      reason: 'ThoughtSpot did not answer in time',
    });
  });

  it('shares one check among concurrent probes and reuses it for READINESS_CACHE_MS', async () => {
    const held: (() => void)[] = [];
    stub.answerWith((request, res) => {
      held.push(() => {
        unauthenticated(request, res);
      });
    });
    const g = await gatewayFor({ READINESS_CACHE_MS: '300000' }, stub.url);
    const probes = Array.from({ length: 40 }, () => get(g, '/readyz'));
    // Every probe is waiting on the one check in flight.
    while (stub.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    for (const release of held.splice(0)) release();
    for (const res of await Promise.all(probes)) expectJson(res, 200, { status: 'ready' });
    expect(stub.requests).toHaveLength(1);

    // Within the period, from the cache.
    const again = await Promise.all(Array.from({ length: 20 }, () => get(g, '/readyz')));
    for (const res of again) expectJson(res, 200, { status: 'ready' });
    expect(stub.requests).toHaveLength(1);
  });

  it('checks again once the period is over; with 0, every probe not sharing a check makes one', async () => {
    const g = await gatewayFor({ READINESS_CACHE_MS: '0' }, stub.url);
    for (let i = 1; i <= 3; i++) {
      expectJson(await get(g, '/readyz'), 200, { status: 'ready' });
      expect(stub.requests).toHaveLength(i);
    }
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => get(g, '/readyz')));
    for (const res of concurrent) expect(res.status).toBe(200);
    expect(stub.requests.length).toBeLessThan(3 + 10);
  });

  it('follows ThoughtSpot going down and coming back, logging each change', async () => {
    const g = await gatewayFor({ READINESS_CACHE_MS: '0' }, stub.url);
    expectJson(await get(g, '/readyz'), 200, { status: 'ready' });
    stub.answerWith((_q, res) => reply(res, 503));
    expectJson(await get(g, '/readyz'), 503, {
      status: 'not ready',
      reason: answered(503),
    });
    stub.answerWith(unauthenticated);
    expectJson(await get(g, '/readyz'), 200, { status: 'ready' });
    const changes = g.logs
      .filter((line) => line.msg === 'not ready' || line.msg === 'ready: ThoughtSpot answers')
      .map((line) => line.msg);
    expect(changes).toEqual(['not ready', 'ready: ThoughtSpot answers']);
  });
});
