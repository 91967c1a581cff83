import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import { call } from '../support/http';
import type { StubUpstream } from '../support/stub-upstream';
import { replyJson, startStubUpstream } from '../support/stub-upstream';

/** The caller's W3C trace context reaches ThoughtSpot on every call made for it, and only then. */

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const TRACESTATE = 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7';

let stub: StubUpstream;
let g: TestGateway;

beforeAll(async () => {
  stub = await startStubUpstream((_request, res) => {
    replyJson(res, 200, { userGUID: 'guid-1', userName: 'someone' });
  });
  g = await startTestGateway({
    thoughtspotUrl: stub.url,
    env: { CORS_ORIGINS: 'https://app.example.com' },
  });
});
afterAll(async () => {
  await g.close();
  await stub.close();
});
beforeEach(() => {
  stub.requests.length = 0;
});

const session = (headers: Record<string, string>) =>
  call(g.url, 'POST', '/graphql', { json: { query: '{ session { id } }' }, headers });

/** Header names as they came on the wire, lower-cased, of the only upstream request. */
function upstreamHeaderNames(): string[] {
  expect(stub.requests).toHaveLength(1);
  const raw = stub.requests[0]?.rawHeaders ?? [];
  return raw.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase());
}

it('forwards a valid traceparent and its tracestate unchanged', async () => {
  const res = await session({ traceparent: TRACEPARENT, tracestate: TRACESTATE });
  expect(res.status).toBe(200);
  expect(stub.requests[0]?.headers.traceparent).toBe(TRACEPARENT);
  expect(stub.requests[0]?.headers.tracestate).toBe(TRACESTATE);
  expect(upstreamHeaderNames().filter((name) => name.startsWith('trace'))).toEqual([
    'traceparent',
    'tracestate',
  ]);
});

it('forwards a valid traceparent alone when its tracestate is malformed', async () => {
  await session({ traceparent: TRACEPARENT, tracestate: 'Not Valid=' });
  expect(stub.requests[0]?.headers.traceparent).toBe(TRACEPARENT);
  expect(upstreamHeaderNames()).not.toContain('tracestate');
});

it.each([
  ['a malformed traceparent', { traceparent: 'not-a-traceparent', tracestate: TRACESTATE }],
  ['a zero trace id', { traceparent: `00-${'0'.repeat(32)}-b7ad6b7169203331-01` }],
  ['a tracestate alone', { tracestate: TRACESTATE }],
  ['nothing', {}],
])('sends no trace header for %s', async (_what, headers: Record<string, string>) => {
  const res = await session(headers);
  expect(res.status).toBe(200);
  const names = upstreamHeaderNames();
  expect(names).not.toContain('traceparent');
  expect(names).not.toContain('tracestate');
});

it("gives each concurrent caller's call its own trace context, and none to a caller without one", async () => {
  const parents = Array.from(
    { length: 8 },
    (_, i) => `00-${String(i + 1).padStart(32, 'a')}-b7ad6b716920333${i}-01`,
  );
  await Promise.all([
    ...parents.map((traceparent, i) => session({ traceparent, 'x-request-id': `trace-${i}` })),
    session({ 'x-request-id': 'trace-none' }),
  ]);
  expect(stub.requests).toHaveLength(parents.length + 1);
  for (const request of stub.requests) {
    const id = String(request.headers['x-request-id']);
    if (id === 'trace-none') expect(request.headers.traceparent).toBeUndefined();
    else expect(request.headers.traceparent).toBe(parents[Number(id.slice('trace-'.length))]);
  }
});

it('lets a browser app on an allowed origin send both headers (CORS preflight)', async () => {
  const res = await call(g.url, 'OPTIONS', '/graphql', {
    headers: {
      origin: 'https://app.example.com',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,traceparent,tracestate',
    },
  });
  expect(res.status).toBe(204);
  expect(String(res.headers['access-control-allow-headers']).split(/,\s*/)).toEqual(
    expect.arrayContaining(['content-type', 'traceparent', 'tracestate']),
  );
  expect(stub.requests).toEqual([]);
});
