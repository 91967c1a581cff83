import { LoginDocument, SessionDocument } from '../generated/operations';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import { call } from '../support/http';
import { TSADMIN, errorOf, send } from './support';

/** One structured line per request: who asked (request id), what (operation), how it ended, how long. */

describe('access log', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway();
  });
  afterAll(() => g.close());

  const accessLines = (requestId: string) =>
    g.logs.filter((line) => line.msg === 'request' && line.requestId === requestId);

  async function lineFor(requestId: string): Promise<Record<string, unknown>> {
    for (let waited = 0; accessLines(requestId).length === 0 && waited < 2000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const lines = accessLines(requestId);
    expect(lines).toHaveLength(1);
    return lines[0] ?? {};
  }

  it('a login: operation, root fields, status, timings and the one upstream call', async () => {
    await send(g.client({ 'x-request-id': 'log-login' }), LoginDocument, {
      input: { userName: TSADMIN.userName, password: TSADMIN.password },
    });
    const line = await lineFor('log-login');
    expect(line).toMatchObject({
      level: 30,
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'Login',
      operationType: 'mutation',
      rootFields: 'login',
      upstreamCalls: 1,
    });
    expect(line.code).toBeUndefined();
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.upstreamMs).toEqual(expect.any(Number));
    expect(line.upstreamMs as number).toBeLessThanOrEqual(line.durationMs as number);
  });

  it('a failed query carries its error code', async () => {
    await errorOf(send(g.client({ 'x-request-id': 'log-unauth' }), SessionDocument));
    expect(await lineFor('log-unauth')).toMatchObject({
      status: 200,
      operationName: 'Session',
      operationType: 'query',
      rootFields: 'session',
      code: 'UNAUTHENTICATED',
      upstreamCalls: 1,
    });
  });

  it('root fields are read through fragments, and several are joined in order', async () => {
    const res = await call(g.url, 'POST', '/graphql', {
      json: { query: 'query Both { ...F __typename } fragment F on Query { session { id } }' },
      headers: { 'x-request-id': 'log-fragment' },
    });
    expect(res.status).toBe(200);
    expect(await lineFor('log-fragment')).toMatchObject({
      operationName: 'Both',
      rootFields: '__typename+session',
      code: 'UNAUTHENTICATED',
    });
  });

  it('a GET logs the path only: the query string, variables and all, never reaches the log', async () => {
    const variables = JSON.stringify({ secret: 'do-not-log-this-value' });
    const res = await call(
      g.url,
      'GET',
      `/graphql?query=${encodeURIComponent('query Q($secret: String!) { __type(name: $secret) { name } }')}&variables=${encodeURIComponent(variables)}`,
      { headers: { 'x-request-id': 'log-get', 'apollo-require-preflight': 'true' } },
    );
    expect(res.status).toBe(200);
    expect(await lineFor('log-get')).toMatchObject({ method: 'GET', path: '/graphql' });
    expect(g.rawLogs()).not.toContain('do-not-log-this-value');
  });

  it('requests refused before GraphQL runs are logged with their code', async () => {
    await call(g.url, 'POST', '/graphql', {
      body: '{"query":',
      contentType: 'application/json',
      headers: { 'x-request-id': 'log-bad-json' },
    });
    expect(await lineFor('log-bad-json')).toMatchObject({ status: 400, code: 'BAD_REQUEST' });

    // Refused by Apollo's CSRF prevention, which runs no plugin: the code comes from the answer.
    await call(g.url, 'GET', '/graphql?query=%7B__typename%7D', {
      headers: { 'x-request-id': 'log-csrf' },
    });
    expect(await lineFor('log-csrf')).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      upstreamCalls: 0,
    });

    await call(g.url, 'GET', '/elsewhere?x=1', { headers: { 'x-request-id': 'log-404' } });
    expect(await lineFor('log-404')).toMatchObject({
      level: 30,
      status: 404,
      code: 'NOT_FOUND',
      path: '/elsewhere',
    });
  });

  describe('a string the caller chose is cut: no request writes more than a few KB of log', () => {
    /** Every raw log line of the request, and their bytes. */
    const bytesOf = (requestId: string) =>
      g
        .rawLogs()
        .split('\n')
        .filter((line) => line.includes(`"${requestId}"`))
        .reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);

    it('an operation name of 100,000 characters, in a document that does not parse', async () => {
      const res = await call(g.url, 'POST', '/graphql', {
        json: { query: '{', operationName: 'x'.repeat(100_000) },
        headers: { 'x-request-id': 'log-long-name' },
      });
      expect(res.status).toBe(400);
      const line = await lineFor('log-long-name');
      expect(line.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(line.operationName).toBe(`${'x'.repeat(255)}…`);
      expect(bytesOf('log-long-name')).toBeLessThan(2048);
    });

    it('a valid operation named with 10,000 characters', async () => {
      const name = `Q${'x'.repeat(9_999)}`;
      const res = await call(g.url, 'POST', '/graphql', {
        json: { query: `query ${name} { __typename }`, operationName: name },
        headers: { 'x-request-id': 'log-long-operation' },
      });
      expect(res.status).toBe(200);
      expect((await lineFor('log-long-operation')).operationName).toBe(`Q${'x'.repeat(254)}…`);
      expect(bytesOf('log-long-operation')).toBeLessThan(2048);
    });

    it('a path of 12,000 characters', async () => {
      const res = await call(g.url, 'GET', `/${'p'.repeat(12_000)}`, {
        headers: { 'x-request-id': 'log-long-path' },
      });
      expect(res.status).toBe(404);
      expect((await lineFor('log-long-path')).path).toBe(`/${'p'.repeat(254)}…`);
      expect(bytesOf('log-long-path')).toBeLessThan(2048);
    });

    it('never inside a character: a surrogate pair at the cut is left out whole', async () => {
      await call(g.url, 'POST', '/graphql', {
        json: { query: '{', operationName: `${'a'.repeat(254)}${'😀'.repeat(10)}` },
        headers: { 'x-request-id': 'log-emoji-name' },
      });
      expect((await lineFor('log-emoji-name')).operationName).toBe(`${'a'.repeat(254)}…`);
    });

    it('a name within the bound is logged whole', async () => {
      const name = 'x'.repeat(256);
      await call(g.url, 'POST', '/graphql', {
        json: { query: '{', operationName: name },
        headers: { 'x-request-id': 'log-name-256' },
      });
      expect((await lineFor('log-name-256')).operationName).toBe(name);
    });
  });

  it('probes and scrapes are logged at debug, so info shows what callers did', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const requestId = `log-probe${path.replace('/', '-')}`;
      await call(g.url, 'GET', path, { headers: { 'x-request-id': requestId } });
      expect(await lineFor(requestId)).toMatchObject({ level: 20, path, status: 200 });
    }
  });
});
