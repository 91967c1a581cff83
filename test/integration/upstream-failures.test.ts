import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TestGateway, TestGatewayOptions } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import type { CallResult } from '../support/http';
import { call, cookieHeader, upstreamError } from '../support/http';
import type { StubUpstream } from '../support/stub-upstream';
import { reply, startStubUpstream } from '../support/stub-upstream';
import { within } from '../support/within';

/**
 * The gateway's REST client over real sockets against hostile upstreams: the emulator's fault modes,
 * and small servers of our own that refuse, reset, trickle, overflow or lie. Every failure must reach
 * the caller as the exact error code, with nothing of the upstream (address, body, credentials) in it.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const A_UUID: unknown = expect.stringMatching(UUID);

// Credentials sent on every failing call: none may come back in an answer or a log line.
const BEARER = 'leakcheck-bearer-5f1c2e7a';
const JSESSION = 'leakcheck-jsession-93ab04';
const CLIENT_ID = 'leakcheck-client-11aa62';
const CREDENTIALS = { bearer: BEARER, cookie: `JSESSIONID=${JSESSION}; clientId=${CLIENT_ID}` };

const SESSION = '{ session { id userName currentOrgId } }';
const GET_TOKEN =
  'mutation { getToken(input: { userName: "analyst", password: "analyst" }) { userName token tokenType } }';

const MESSAGES = {
  UNAUTHENTICATED:
    'Not authenticated: the ThoughtSpot credentials are missing, invalid, expired or revoked.',
  FORBIDDEN: 'ThoughtSpot refused access.',
  UPSTREAM_TIMEOUT: 'ThoughtSpot did not answer in time.',
  UPSTREAM_UNAVAILABLE: 'ThoughtSpot could not be reached.',
  UPSTREAM_ERROR: 'ThoughtSpot failed to handle the request.',
  UNEXPECTED: 'ThoughtSpot returned an unexpected response.',
} as const;

interface GraphQLErrorBody {
  message: string;
  path?: string[];
  extensions: { code: string; requestId: string; upstream?: Record<string, unknown> };
}

/** A GraphQL request to the gateway over HTTP, as a client sends it. */
function graphql(
  g: TestGateway,
  query: string,
  credentials: { bearer?: string; cookie?: string } = CREDENTIALS,
): Promise<CallResult> {
  return call(g.url, 'POST', '/graphql', { json: { query }, ...credentials });
}

/** The one error of a failed session query (HTTP 200, data null, as GraphQL over HTTP answers). */
function onlyError(res: CallResult): GraphQLErrorBody {
  expect(res.status).toBe(200);
  const body = res.json as { data?: unknown; errors?: GraphQLErrorBody[] } | undefined;
  expect(body?.data).toBeNull();
  expect(body?.errors).toHaveLength(1);
  const error = body?.errors?.[0];
  if (error === undefined) throw new Error(`no error in ${res.text}`);
  expect(error.extensions.requestId).toBe(res.headers['x-request-id']);
  return error;
}

interface Expected {
  code: string;
  message: string;
  /** The whole `upstream` extension; absent means the extension must be absent. */
  upstream?: Record<string, unknown>;
  /** What the server log says about it; absent means no "upstream failure" line at all. */
  logDetail?: string | RegExp;
  /** More strings the answer must not contain (upstream body text). */
  leaks?: string[];
}

/**
 * Sends the session query with the leak-check credentials and asserts the exact error, that neither
 * the answer nor the log holds anything of the upstream, and what was logged for it.
 */
async function expectSessionFailure(
  g: TestGateway,
  upstreamUrl: string,
  expected: Expected,
): Promise<GraphQLErrorBody> {
  const res = await graphql(g, SESSION);
  const error = onlyError(res);
  expect(error.message).toBe(expected.message);
  expect(error.path).toEqual(['session']);
  expect(error.extensions).toEqual({
    code: expected.code,
    requestId: error.extensions.requestId,
    ...(expected.upstream && { upstream: expected.upstream }),
  });

  const { host } = new URL(upstreamUrl);
  const forbidden = [
    upstreamUrl,
    host,
    'tspublic',
    'stack',
    BEARER,
    JSESSION,
    CLIENT_ID,
    ...(expected.leaks ?? []),
  ];
  for (const text of forbidden) {
    expect(error.message.toLowerCase()).not.toContain(text.toLowerCase());
    expect(res.text.toLowerCase()).not.toContain(text.toLowerCase());
  }

  const logs = g.rawLogs();
  for (const text of [upstreamUrl, host, BEARER, JSESSION, CLIENT_ID])
    expect(logs).not.toContain(text);
  const lines = g.logs.filter(
    (entry) =>
      entry.requestId === error.extensions.requestId &&
      typeof entry.msg === 'string' &&
      entry.msg.startsWith('upstream failure'),
  );
  if (expected.logDetail === undefined) expect(lines).toEqual([]);
  else {
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        requestId: error.extensions.requestId,
        code: expected.code,
        msg: expect.stringMatching(
          typeof expected.logDetail === 'string'
            ? `^upstream failure: ${expected.logDetail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`
            : expected.logDetail,
        ) as unknown,
      }),
    ]);
  }
  return error;
}

/** With every fault cleared, the same gateway answers a normal session query. */
async function expectRecovered(g: TestGateway): Promise<void> {
  g.ts.emulator.faults.clear();
  const token = await g.ts.token('analyst', 'analyst');
  const res = await graphql(g, SESSION, { bearer: token });
  expect(res.status).toBe(200);
  expect(res.json).toEqual({
    data: {
      session: { id: '0c6e4a3b-95f1-4d7e-8b2a-3f5d7c9e1a20', userName: 'analyst', currentOrgId: 0 },
    },
  });
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const started: TestGateway[] = [];
const servers: { close(): Promise<void> }[] = [];

async function gateway(options: TestGatewayOptions): Promise<TestGateway> {
  const g = await startTestGateway(options);
  started.push(g);
  return g;
}

afterAll(async () => {
  for (const g of started.splice(0)) await g.close();
  for (const s of servers.splice(0)) await s.close();
});

function listen(server: Server | ReturnType<typeof createNetServer>): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

/** A stand-in ThoughtSpot, closed after each test, answering as the test says. */
async function startHostileServer(): Promise<StubUpstream> {
  const stub = await startStubUpstream((_request, res) => res.end());
  servers.push(stub);
  return stub;
}

describe('no answer at all', () => {
  it('connection refused (a port opened and closed): UPSTREAM_UNAVAILABLE, no upstream extension', async () => {
    const closed = createServer();
    const url = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const g = await gateway({ thoughtspotUrl: url });
    await expectSessionFailure(g, url, {
      code: 'UPSTREAM_UNAVAILABLE',
      message: MESSAGES.UPSTREAM_UNAVAILABLE,
      logDetail: 'ECONNREFUSED',
    });
  });

  it.each([
    ['closes the connection on the request', (socket: Socket) => socket.destroy()],
    ['resets the connection on the request', (socket: Socket) => socket.resetAndDestroy()],
  ])('a raw TCP server that %s: UPSTREAM_UNAVAILABLE', async (_what, hangUp) => {
    const sockets = new Set<Socket>();
    const server = createNetServer((socket) => {
      sockets.add(socket);
      socket.once('data', () => hangUp(socket));
      socket.on('error', () => undefined);
    });
    const url = await listen(server);
    servers.push({
      close: () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    });
    const g = await gateway({ thoughtspotUrl: url });
    await expectSessionFailure(g, url, {
      code: 'UPSTREAM_UNAVAILABLE',
      message: MESSAGES.UPSTREAM_UNAVAILABLE,
      logDetail: /^upstream failure: (UND_ERR_SOCKET|ECONNRESET|EPIPE)$/,
    });
    expect(sockets.size).toBeGreaterThanOrEqual(1);
  });

  it('a host that does not resolve (.invalid, RFC 6761): UPSTREAM_UNAVAILABLE', async () => {
    const url = 'http://gateway-test.invalid';
    const g = await gateway({ thoughtspotUrl: url, env: { UPSTREAM_TIMEOUT_MS: '5000' } });
    await expectSessionFailure(g, url, {
      code: 'UPSTREAM_UNAVAILABLE',
      message: MESSAGES.UPSTREAM_UNAVAILABLE,
      logDetail: /^upstream failure: (ENOTFOUND|EAI_AGAIN)$/,
    });
  });
});

describe('emulator faults', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await gateway({ emulator: { faults: true } });
  });
  afterEach(async () => {
    await expectRecovered(g);
  });

  it('drop (the emulator destroys the socket): UPSTREAM_UNAVAILABLE', async () => {
    g.ts.emulator.faults.set('getSessionInfo', { mode: 'drop' });
    await expectSessionFailure(g, g.ts.emulator.url, {
      code: 'UPSTREAM_UNAVAILABLE',
      message: MESSAGES.UPSTREAM_UNAVAILABLE,
      logDetail: /^upstream failure: (UND_ERR_SOCKET|ECONNRESET)$/,
    });
  });

  it('malformed JSON with 200: UPSTREAM_ERROR, upstream status 200', async () => {
    g.ts.emulator.faults.set('getSessionInfo', { mode: 'malformed-json' });
    await expectSessionFailure(g, g.ts.emulator.url, {
      code: 'UPSTREAM_ERROR',
      message: MESSAGES.UNEXPECTED,
      upstream: { status: 200 },
      logDetail: 'the body is not JSON',
      leaks: ['tsadmin, "tokenType"'],
    });
  });

  it('truncated JSON (the connection closes before Content-Length arrives): UPSTREAM_UNAVAILABLE', async () => {
    // The HTTP message itself is incomplete, so the gateway never got an answer to read: a dropped
    // connection, not a wrong body. (A complete message with half a JSON body is below.)
    g.ts.emulator.faults.set('getSessionInfo', { mode: 'truncated-json' });
    await expectSessionFailure(g, g.ts.emulator.url, {
      code: 'UPSTREAM_UNAVAILABLE',
      message: MESSAGES.UPSTREAM_UNAVAILABLE,
      logDetail: /^upstream failure: (UND_ERR_SOCKET|UND_ERR_RES_CONTENT_LENGTH_MISMATCH)$/,
    });
  });

  it('a login cut off after its headers still relays the cookies of the session it made', async () => {
    g.ts.emulator.faults.set('login', { mode: 'truncated-json', times: 1 });
    const res = await call(g.url, 'POST', '/graphql', {
      json: {
        query:
          'mutation { login(input: {userName: "analyst", password: "analyst"}) { tokenType } }',
      },
    });
    expect(onlyError(res).extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(res.setCookie.map((c) => c.split('=', 1)[0])).toEqual(['JSESSIONID', 'clientId']);
    // The session exists upstream; with the relayed cookies the caller can use it (or log it out).
    const session = await graphql(g, '{ session { userName } }', {
      cookie: cookieHeader(res.setCookie),
    });
    expect(session.json).toEqual({ data: { session: { userName: 'analyst' } } });
  });

  it('a proxy’s HTML 502 page: UPSTREAM_ERROR, upstream status 502', async () => {
    g.ts.emulator.faults.set('getSessionInfo', { mode: 'html' });
    await expectSessionFailure(g, g.ts.emulator.url, {
      code: 'UPSTREAM_ERROR',
      message: MESSAGES.UPSTREAM_ERROR,
      upstream: { status: 502 },
      logDetail: 'upstream status 502',
      leaks: ['<html', 'nginx', 'Bad Gateway'],
    });
  });

  it('a proxy’s HTML 504 page: UPSTREAM_TIMEOUT, upstream status 504', async () => {
    g.ts.emulator.faults.set('getSessionInfo', { mode: 'html', status: 504 });
    await expectSessionFailure(g, g.ts.emulator.url, {
      code: 'UPSTREAM_TIMEOUT',
      message: MESSAGES.UPSTREAM_TIMEOUT,
      upstream: { status: 504 },
      logDetail: 'upstream status 504',
      leaks: ['<html', 'nginx', 'Gateway Time'],
    });
  });

  it('a 200 session info without userGUID: UPSTREAM_ERROR, upstream status 200', async () => {
    g.ts.emulator.faults.set('getSessionInfo', {
      mode: 'status',
      status: 200,
      body: { userName: 'tsadmin', privileges: ['ADMINISTRATION'] },
    });
    await expectSessionFailure(g, g.ts.emulator.url, {
      code: 'UPSTREAM_ERROR',
      message: MESSAGES.UNEXPECTED,
      upstream: { status: 200 },
      logDetail: 'session info has no userGUID',
      leaks: ['ADMINISTRATION'],
    });
  });

  it('a plain 401 with an empty body: UNAUTHENTICATED, upstream status 401 and nothing else', async () => {
    g.ts.emulator.faults.set('getSessionInfo', { mode: 'status', status: 401, body: '' });
    await expectSessionFailure(g, g.ts.emulator.url, {
      code: 'UNAUTHENTICATED',
      message: MESSAGES.UNAUTHENTICATED,
      upstream: { status: 401 },
    });
  });

  it('the ERRPNG shape in a 500 with inner status 403: FORBIDDEN, with its code and ids', async () => {
    const incident = '8d0c5f7e-2b1a-4c3d-9e8f-0a1b2c3d4e5f';
    const trace = '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b';
    const debug = '["User tsadmin is not a member of org 7 (at com.thoughtspot.callosum.Foo)"]';
    g.ts.emulator.faults.set('getSessionInfo', {
      mode: 'status',
      status: 500,
      body: {
        errors: [
          {
            message: 'Error: Request failed with status code 403',
            locations: [{ line: 2, column: 3 }],
            path: ['restapiV2__getSessionInfo'],
            extensions: {
              service: 'CALLOSUM',
              upstreamResponse: {
                data: { code: 10004, incident_id_guid: incident, trace_id_guid: trace, debug },
                status: 403,
              },
              code: 'UPSTREAM_FAILURE',
            },
          },
        ],
      },
    });
    await expectSessionFailure(g, g.ts.emulator.url, {
      code: 'FORBIDDEN',
      message: MESSAGES.FORBIDDEN,
      upstream: { status: 403, code: 10004, incidentId: incident, traceId: trace },
      leaks: ['not a member', 'com.thoughtspot', 'restapiV2', 'CALLOSUM', 'UPSTREAM_FAILURE'],
    });
  });

  it('a 504 with a text body: UPSTREAM_TIMEOUT, upstream status 504', async () => {
    g.ts.emulator.faults.set('getSessionInfo', {
      mode: 'status',
      status: 504,
      body: 'upstream request timeout from envoy at 10.1.2.3',
    });
    await expectSessionFailure(g, g.ts.emulator.url, {
      code: 'UPSTREAM_TIMEOUT',
      message: MESSAGES.UPSTREAM_TIMEOUT,
      upstream: { status: 504 },
      logDetail: 'upstream status 504',
      leaks: ['envoy', '10.1.2.3'],
    });
  });

  it('the emulator’s own 401: UNAUTHENTICATED with its code, incidentId and traceId', async () => {
    const direct = await g.ts.api('GET', '/session', { bearer: BEARER });
    const debug = upstreamError(direct.json)?.debug;
    expect(debug).toEqual(expect.any(String));
    await expectSessionFailure(g, g.ts.emulator.url, {
      code: 'UNAUTHENTICATED',
      message: MESSAGES.UNAUTHENTICATED,
      upstream: { status: 401, code: 10003, incidentId: A_UUID, traceId: A_UUID },
      leaks: [debug ?? 'no debug string', 'restapiV2', 'CALLOSUM', 'UPSTREAM_FAILURE'],
    });
  });
});

describe('timeouts (UPSTREAM_TIMEOUT_MS=300)', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await gateway({ emulator: { faults: true }, env: { UPSTREAM_TIMEOUT_MS: '300' } });
  });

  /** The timeout answer, within the timeout and a generous 2 s margin, never before it. */
  async function expectTimeout(target: TestGateway, url: string): Promise<void> {
    const start = performance.now();
    await within(
      expectSessionFailure(target, url, {
        code: 'UPSTREAM_TIMEOUT',
        message: 'ThoughtSpot did not answer within 300 ms.',
        logDetail: 'timeout after 300 ms',
      }),
      300 + 2000,
      'the timeout answer',
    );
    expect(performance.now() - start).toBeGreaterThanOrEqual(250);
  }

  it('hang: UPSTREAM_TIMEOUT', async () => {
    g.ts.emulator.faults.set('getSessionInfo', { mode: 'hang' });
    await expectTimeout(g, g.ts.emulator.url);
    await expectRecovered(g);
  });

  it('latencyMs 5000: UPSTREAM_TIMEOUT', async () => {
    g.ts.emulator.faults.set('getSessionInfo', { latencyMs: 5000 });
    await expectTimeout(g, g.ts.emulator.url);
    await expectRecovered(g);
  });

  it('hang: never answered before the budget, wherever in undici’s half-second timer tick a call starts', async () => {
    // undici's own timers tick every ~500 ms and can fire up to a tick early; the budget must not.
    const budget = 700;
    const timed = await gateway({
      emulator: { faults: true },
      env: { UPSTREAM_TIMEOUT_MS: String(budget) },
    });
    timed.ts.emulator.faults.set('getSessionInfo', { mode: 'hang' });
    const calls = Array.from({ length: 6 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 90));
      const start = performance.now();
      const res = await graphql(timed, SESSION);
      return { code: onlyError(res).extensions.code, ms: performance.now() - start };
    });
    const answers = await within(Promise.all(calls), 6 * 90 + budget + 2000, 'the six timeouts');
    for (const { code, ms } of answers) {
      expect(code).toBe('UPSTREAM_TIMEOUT');
      expect(ms).toBeGreaterThanOrEqual(budget - 10);
    }
  });

  it('a body trickling one byte every 100 ms is cut at the timeout', async () => {
    const hostile = await startHostileServer();
    let written = 0;
    let closed = false;
    hostile.answerWith((_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      written = 1;
      const timer = setInterval(() => {
        res.write(' ');
        written += 1;
      }, 100);
      res.on('close', () => {
        clearInterval(timer);
        closed = true;
      });
    });
    const trickled = await gateway({
      thoughtspotUrl: hostile.url,
      env: { UPSTREAM_TIMEOUT_MS: '300' },
    });
    await expectTimeout(trickled, hostile.url);
    // The body had started and kept coming (no idle gap), and the gateway hung up on it.
    expect(written).toBeGreaterThanOrEqual(2);
    await waitUntil(() => closed, 'the gateway to close the trickling connection');
  });
});

describe('hostile HTTP answers', () => {
  let hostile: StubUpstream;
  let g: TestGateway;
  beforeAll(async () => {
    hostile = await startHostileServer();
    g = await gateway({ thoughtspotUrl: hostile.url });
  });

  it('a complete 200 message holding half a JSON body: UPSTREAM_ERROR, upstream status 200', async () => {
    const json = JSON.stringify({ userGUID: 'x', userName: 'secret-user-name', orgs: [] });
    hostile.answerWith((_request, res) => {
      reply(res, 200, json.slice(0, json.length / 2), { 'content-type': 'application/json' });
    });
    await expectSessionFailure(g, hostile.url, {
      code: 'UPSTREAM_ERROR',
      message: MESSAGES.UNEXPECTED,
      upstream: { status: 200 },
      logDetail: 'the body is not JSON',
      leaks: ['userGUID', 'secret-user'],
    });
  });

  it('a 200 body over 4 MiB: UPSTREAM_ERROR, upstream status 200 (just under the limit works)', async () => {
    const withPadding = (bytes: number) => {
      const head = '{"userGUID":"x","userName":"y","pad":"';
      return head + 'a'.repeat(bytes - head.length - 2) + '"}';
    };
    hostile.answerWith((_request, res) => {
      reply(res, 200, withPadding(4 * 1024 * 1024 - 64), { 'content-type': 'application/json' });
    });
    const fits = await graphql(g, '{ session { id userName } }');
    expect(fits.json).toEqual({ data: { session: { id: 'x', userName: 'y' } } });

    hostile.answerWith((_request, res) => {
      res.on('error', () => undefined);
      reply(res, 200, withPadding(4 * 1024 * 1024 + 1), { 'content-type': 'application/json' });
    });
    await expectSessionFailure(g, hostile.url, {
      code: 'UPSTREAM_ERROR',
      message: MESSAGES.UNEXPECTED,
      upstream: { status: 200 },
      logDetail: 'response body over 4194304 bytes',
      leaks: ['aaaaaaaa', 'userGUID'],
    });
  });

  it('Set-Cookie on a 401 (JSESSIONID expired) reaches the caller, each value whole, Domain dropped', async () => {
    hostile.answerWith((_request, res) => {
      reply(res, 401, '', {
        'set-cookie': [
          'JSESSIONID=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Domain=ts.example.com; HttpOnly',
          'clientId=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly',
        ],
      });
    });
    const res = await graphql(g, SESSION);
    const error = onlyError(res);
    expect(error.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      requestId: error.extensions.requestId,
      upstream: { status: 401 },
    });
    expect(res.setCookie).toEqual([
      'JSESSIONID=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly',
      'clientId=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly',
    ]);
  });
});

describe('isolation and recovery', () => {
  it('while one call hangs, a concurrent getToken is answered normally; then it all recovers', async () => {
    const g = await gateway({ emulator: { faults: true }, env: { UPSTREAM_TIMEOUT_MS: '2000' } });
    // One use only: the rule removes itself once the hung request has arrived.
    g.ts.emulator.faults.set('getSessionInfo', { mode: 'hang', times: 1 });
    let settled = false;
    const hung = graphql(g, SESSION).finally(() => {
      settled = true;
    });
    await waitUntil(
      () => Object.keys(g.ts.emulator.faults.list()).length === 0,
      'the hung request to reach the emulator',
    );

    const token = await graphql(g, GET_TOKEN, {});
    expect(settled).toBe(false);
    expect(token.status).toBe(200);
    expect(token.json).toEqual({
      data: {
        getToken: {
          userName: 'analyst',
          token: expect.any(String) as unknown,
          tokenType: 'Bearer',
        },
      },
    });

    const error = onlyError(await hung);
    expect(error.extensions).toEqual({
      code: 'UPSTREAM_TIMEOUT',
      requestId: error.extensions.requestId,
    });
    expect(error.message).toBe('ThoughtSpot did not answer within 2000 ms.');
    await expectRecovered(g);
  });

  it('the emulator gateway recovers after every fault mode in a row', async () => {
    const g = await gateway({ emulator: { faults: true } });
    for (const [mode, code] of [
      ['drop', 'UPSTREAM_UNAVAILABLE'],
      ['malformed-json', 'UPSTREAM_ERROR'],
      ['truncated-json', 'UPSTREAM_UNAVAILABLE'],
      ['html', 'UPSTREAM_ERROR'],
    ] as const) {
      g.ts.emulator.faults.set('*', { mode });
      expect(onlyError(await graphql(g, SESSION)).extensions.code).toBe(code);
    }
    await expectRecovered(g);
    // Not only session: a login works too, with its cookies.
    const login = await call(g.url, 'POST', '/graphql', {
      json: {
        query:
          'mutation { login(input: { userName: "analyst", password: "analyst" }) { tokenType } }',
      },
    });
    expect(login.json).toEqual({ data: { login: { tokenType: 'Cookie' } } });
    expect(login.setCookie).toHaveLength(2);
  });
});
