import { readFileSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { ENDPOINT_NAMES, ENDPOINTS, successOf } from '../support/api';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import type { CallResult } from '../support/http';
import { call, cookieHeader } from '../support/http';
import type { Exposition } from '../support/prometheus';
import { find, parseExposition, valueOf } from '../support/prometheus';

/**
 * /metrics in the Prometheus text format, scraped after a flow and parsed: request durations by
 * operation (root fields) and result code, ThoughtSpot call durations by endpoint and status,
 * requests in flight, the process metrics; and never anything a caller chose.
 */

const REQUESTS = 'thoughtspot_gateway_request_duration_seconds';
const UPSTREAM = 'thoughtspot_gateway_upstream_request_duration_seconds';
const IN_FLIGHT = 'thoughtspot_gateway_requests_in_flight';
const { version } = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'),
) as { version: string };

const LOGIN = 'mutation PrivateOpName($input: LoginInput) { login(input: $input) { userName } }';
const TSADMIN = { input: { userName: 'tsadmin', password: 'admin' } };

const gateways: TestGateway[] = [];
afterAll(async () => {
  for (const g of gateways) await g.close();
});

async function gateway(env: Record<string, string> = {}): Promise<TestGateway> {
  const g = await startTestGateway({ emulator: { faults: true }, env });
  gateways.push(g);
  return g;
}

const graphql = (
  g: TestGateway,
  query: string,
  variables?: unknown,
  headers: Record<string, string> = {},
): Promise<CallResult> => call(g.url, 'POST', '/graphql', { json: { query, variables }, headers });

function codeOf(res: CallResult): unknown {
  return (res.json as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code;
}

async function scrape(g: TestGateway, metricsPath = '/metrics'): Promise<Exposition> {
  const res = await call(g.url, 'GET', metricsPath);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  return parseExposition(res.text);
}

/** Every histogram series of a family is whole: cumulative buckets, +Inf equal to _count. */
function expectWholeHistograms(exposition: Exposition, family: string): void {
  const counts = find(exposition, `${family}_count`);
  expect(counts.length).toBeGreaterThan(0);
  for (const count of counts) {
    const buckets = find(exposition, `${family}_bucket`, count.labels);
    const values = buckets.map((b) => b.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(buckets.find((b) => b.labels.le === '+Inf')?.value).toBe(count.value);
    expect(valueOf(exposition, `${family}_sum`, count.labels)).toBeGreaterThanOrEqual(0);
  }
}

describe('after a flow of successes and failures', () => {
  let g: TestGateway;
  let exposition: Exposition;
  let text: string;

  beforeAll(async () => {
    g = await gateway({ UPSTREAM_TIMEOUT_MS: '1000' });
    const headers = { 'x-request-id': 'metrics-request-id' };
    const login = await graphql(g, LOGIN, TSADMIN, headers);
    expect(codeOf(login)).toBeUndefined();
    const cookie = cookieHeader(login.setCookie);
    expect(codeOf(await graphql(g, '{ session { id } }', undefined, { cookie }))).toBeUndefined();
    expect(codeOf(await graphql(g, '{ __typename session { id } }', undefined, { cookie }))).toBe(
      undefined,
    );
    expect(codeOf(await graphql(g, '{ session { id } }'))).toBe('UNAUTHENTICATED');
    g.ts.emulator.faults.set('login', { mode: 'status', status: 503, times: 1 });
    expect(codeOf(await graphql(g, LOGIN, TSADMIN))).toBe('UPSTREAM_ERROR');
    g.ts.emulator.faults.set('getToken', { latencyMs: 3000, times: 1 });
    expect(
      codeOf(
        await graphql(g, 'mutation { getToken(input: {userName: "a", password: "b"}) { token } }'),
      ),
    ).toBe('UPSTREAM_TIMEOUT');
    expect(codeOf(await graphql(g, '{ session '))).toBe('GRAPHQL_PARSE_FAILED');
    expect(codeOf(await graphql(g, '{ nope }'))).toBe('GRAPHQL_VALIDATION_FAILED');
    // Not GraphQL requests: not counted.
    for (const p of ['/healthz', '/readyz', '/metrics', '/elsewhere']) await call(g.url, 'GET', p);

    const res = await call(g.url, 'GET', '/metrics');
    text = res.text;
    exposition = parseExposition(text);
  });

  it('declares its families with their types', () => {
    expect(exposition.types.get(REQUESTS)).toBe('histogram');
    expect(exposition.types.get(UPSTREAM)).toBe('histogram');
    expect(exposition.types.get(IN_FLIGHT)).toBe('gauge');
    expect(exposition.types.get('thoughtspot_gateway_info')).toBe('gauge');
    expect(valueOf(exposition, 'thoughtspot_gateway_info', { version })).toBe(1);
    // Both reasons from the start, so an alert on either needs no series to appear first.
    const dropped = 'thoughtspot_gateway_log_lines_dropped_total';
    expect(exposition.types.get(dropped)).toBe('counter');
    for (const reason of ['full', 'broken'])
      expect(valueOf(exposition, dropped, { reason })).toBe(0);
  });

  it('counts each GraphQL request by its root fields and result code', () => {
    const counts = find(exposition, `${REQUESTS}_count`).map(
      (s) => `${s.labels.operation} ${s.labels.code} ${s.value}`,
    );
    expect(counts.sort()).toEqual(
      [
        'login OK 1',
        'session OK 1',
        '__typename+session OK 1',
        'session UNAUTHENTICATED 1',
        'login UPSTREAM_ERROR 1',
        'getToken UPSTREAM_TIMEOUT 1',
        'none GRAPHQL_PARSE_FAILED 1',
        'none GRAPHQL_VALIDATION_FAILED 1',
      ].sort(),
    );
    for (const s of find(exposition, `${REQUESTS}_count`))
      expect(Object.keys(s.labels).sort()).toEqual(['code', 'operation']);
    expectWholeHistograms(exposition, REQUESTS);
  });

  it('counts each ThoughtSpot call by endpoint and the status it meant, or why none came', () => {
    const counts = find(exposition, `${UPSTREAM}_count`).map(
      (s) => `${s.labels.endpoint} ${s.labels.status} ${s.value}`,
    );
    const { session, login, getToken } = ENDPOINT_NAMES;
    // The readiness check's session call is not a request's call: it is not here.
    expect(counts.sort()).toEqual(
      [
        `${login} ${successOf(ENDPOINTS.login)} 1`,
        `${session} 200 2`,
        `${session} 401 1`,
        `${login} 503 1`,
        `${getToken} timeout 1`,
      ].sort(),
    );
    expectWholeHistograms(exposition, UPSTREAM);
    const timeout = { endpoint: getToken, status: 'timeout' };
    expect(valueOf(exposition, `${UPSTREAM}_sum`, timeout)).toBeGreaterThanOrEqual(0.9);
    expect(valueOf(exposition, `${UPSTREAM}_bucket`, { ...timeout, le: '0.5' })).toBe(0);
  });

  it('has no request in flight once they are all answered', () => {
    expect(valueOf(exposition, IN_FLIGHT)).toBe(0);
  });

  it('holds nothing a caller chose: no operation name, request id or credential', () => {
    expect(text).not.toContain('PrivateOpName');
    expect(text).not.toContain('metrics-request-id');
    expect(text).not.toContain('admin');
    expect(text).not.toContain('nope');
  });

  it('serves the process metrics', () => {
    const families: [string, string][] = [
      ['process_cpu_user_seconds_total', 'counter'],
      ['process_resident_memory_bytes', 'gauge'],
      ['process_start_time_seconds', 'gauge'],
      ['nodejs_heap_size_used_bytes', 'gauge'],
      ['nodejs_eventloop_lag_seconds', 'gauge'],
      ['nodejs_version_info', 'gauge'],
    ];
    for (const [name, type] of families) {
      expect(exposition.types.get(name)).toBe(type);
      expect(find(exposition, name).length).toBeGreaterThan(0);
    }
    expect(find(exposition, 'nodejs_version_info')[0]?.labels.version).toBe(process.version);
  });
});

describe('requests in flight', () => {
  it('counts a request while it is served', async () => {
    const g = await gateway();
    g.ts.emulator.faults.set('getSessionInfo', { latencyMs: 3000, times: 1 });
    const slow = graphql(g, '{ session { id } }');
    let inFlight: number | undefined = 0;
    for (let tries = 0; inFlight === 0 && tries < 100; tries++) {
      inFlight = valueOf(await scrape(g), IN_FLIGHT);
      if (inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(inFlight).toBe(1);
    expect(codeOf(await slow)).toBe('UNAUTHENTICATED');
    expect(valueOf(await scrape(g), IN_FLIGHT)).toBe(0);
  });

  it('counts a request whose caller went away as ABORTED', async () => {
    const g = await gateway();
    g.ts.emulator.faults.set('getSessionInfo', { latencyMs: 5000, times: 1 });
    const controller = new AbortController();
    const aborted = request(`${g.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ session { id } }' }),
      signal: controller.signal,
    });
    while (valueOf(await scrape(g), IN_FLIGHT) === 0)
      await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await expect(aborted).rejects.toThrow();
    let exposition = await scrape(g);
    for (let tries = 0; valueOf(exposition, IN_FLIGHT) !== 0 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      exposition = await scrape(g);
    }
    expect(
      valueOf(exposition, `${REQUESTS}_count`, { operation: 'session', code: 'ABORTED' }),
    ).toBe(1);
  });
});

describe('where metrics are served', () => {
  it('keeps each gateway’s counts its own', async () => {
    const a = await gateway();
    const b = await gateway();
    await graphql(a, '{ __typename }');
    expect(
      valueOf(await scrape(a), `${REQUESTS}_count`, { operation: '__typename', code: 'OK' }),
    ).toBe(1);
    expect(find(await scrape(b), `${REQUESTS}_count`)).toEqual([]);
  });

  it('moves to METRICS_PATH, and is not served with METRICS_ENABLED=false', async () => {
    const moved = await gateway({ METRICS_PATH: '/internal/metrics' });
    await scrape(moved, '/internal/metrics');
    expect((await call(moved.url, 'GET', '/metrics')).status).toBe(404);

    const off = await gateway({ METRICS_ENABLED: 'false' });
    const res = await call(off.url, 'GET', '/metrics');
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    expect(off.metrics).toBeUndefined();
  });
});
