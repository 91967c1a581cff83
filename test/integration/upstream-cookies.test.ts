import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import { call } from '../support/http';
import { parseExposition, valueOf } from '../support/prometheus';
import type { StubUpstream } from '../support/stub-upstream';
import { replyJson, startStubUpstream } from '../support/stub-upstream';

/**
 * Cookies over real sockets, both ways. An upstream (or anything between it and the gateway) may
 * only set ThoughtSpot's own cookies on the gateway's origin, within bounds, and what it may not
 * set is dropped and counted; a browser's Cookie header reaches ThoughtSpot as exact, well-formed
 * pairs of ThoughtSpot's cookies, each once.
 */

const SESSION_INFO = { userGUID: 'guid-1', userName: 'someone' };
const DROPPED = 'thoughtspot_gateway_upstream_cookies_dropped_total';

let stub: StubUpstream;
let g: TestGateway;

beforeAll(async () => {
  stub = await startStubUpstream((_request, res) => {
    replyJson(res, 200, SESSION_INFO);
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

const session = (cookie?: string) =>
  call(g.url, 'POST', '/graphql', {
    json: { query: '{ session { userName } }' },
    ...(cookie !== undefined && { cookie }),
  });

async function dropped(): Promise<Record<string, number>> {
  const metrics = parseExposition((await call(g.url, 'GET', '/metrics')).text);
  const counts: Record<string, number> = {};
  for (const reason of ['name', 'malformed', 'too_large', 'duplicate'])
    counts[reason] = valueOf(metrics, DROPPED, { reason }) ?? 0;
  return counts;
}

describe('Set-Cookie from ThoughtSpot', () => {
  it('relays only THOUGHTSPOT_COOKIE_NAMES, with Path=/ and a bounded lifetime, one each; counts the rest', async () => {
    stub.answerWith((_request, res) => {
      replyJson(res, 200, SESSION_INFO, {
        'set-cookie': [
          'app_session=hijacked; Path=/; HttpOnly',
          '__Host-csrf=forged; Path=/; Secure',
          'JSESSIONID=first; Path=/; HttpOnly',
          'JSESSIONID=pinned; Path=/graphql; Max-Age=999999999; Domain=ts.example.com; HttpOnly',
          'clientId=a,b; Path=/',
          `clientId=${'x'.repeat(5000)}; Path=/`,
          ...Array.from({ length: 300 }, (_, i) => `flood${i}=x; Path=/`),
        ],
      });
    });
    const before = await dropped();
    const res = await session();
    expect(res.json).toEqual({ data: { session: { userName: 'someone' } } });
    expect(res.setCookie).toEqual(['JSESSIONID=pinned; Path=/; HttpOnly; Max-Age=604800']);
    const after = await dropped();
    expect({
      name: (after.name ?? 0) - (before.name ?? 0),
      malformed: (after.malformed ?? 0) - (before.malformed ?? 0),
      too_large: (after.too_large ?? 0) - (before.too_large ?? 0),
      duplicate: (after.duplicate ?? 0) - (before.duplicate ?? 0),
    }).toEqual({ name: 302, malformed: 1, too_large: 1, duplicate: 1 });
  });

  it('relays an expired cookie (a logout) as it came', async () => {
    const expired =
      'JSESSIONID=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly';
    stub.answerWith((_request, res) => {
      replyJson(res, 200, SESSION_INFO, { 'set-cookie': [expired] });
    });
    expect((await session()).setCookie).toEqual([expired]);
  });
});

describe('Cookie to ThoughtSpot', () => {
  it.each([
    [
      'the app’s cookies',
      'app=1; JSESSIONID=j; theme=dark; clientId=c',
      'JSESSIONID=j; clientId=c',
    ],
    ['a name with a space before "="', 'JSESSIONID =evil; clientId=c', 'clientId=c'],
    ['a repeated JSESSIONID', 'JSESSIONID=first; JSESSIONID=second', 'JSESSIONID=first'],
    ['a value with a comma', 'JSESSIONID=a,JSESSIONID=b; clientId=c', 'clientId=c'],
    ['a value with a space', 'JSESSIONID=a b; clientId=c', 'clientId=c'],
  ])('forwards exact, well-formed pairs once each: %s', async (_what, header, forwarded) => {
    await session(header);
    expect(stub.requests.map((r) => r.headers.cookie)).toEqual([forwarded]);
  });

  it('forwards no Cookie header when nothing is left', async () => {
    await session('JSESSIONID =x; app=1');
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]?.headers).not.toHaveProperty('cookie');
  });
});
