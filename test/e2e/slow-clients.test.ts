import type { Socket } from 'node:net';
import type { RawConnection } from '../support/raw-socket';
import { openRaw, sleep } from '../support/raw-socket';
import { within } from '../support/within';
import { call } from '../support/http';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import { parseExposition, valueOf } from '../support/prometheus';

/**
 * Slow and idle clients over real sockets (src/http/clients.ts, body.ts): each timeout cuts the
 * connection within its configured value (small ones here), each cut is counted and logged at
 * debug with at most one warning per reason, and MAX_CONNECTIONS refuses the next connection at
 * once while the open ones keep being served.
 */

const LIMITS = {
  HEADERS_TIMEOUT_MS: 500,
  REQUEST_TIMEOUT_MS: 1000,
  BODY_IDLE_TIMEOUT_MS: 400,
  KEEP_ALIVE_TIMEOUT_MS: 1000,
};
/** How often Node checks the headers and request timeouts here (HEADERS_TIMEOUT_MS / 4). */
const CHECK_MS = 125;
/** Node closes an idle kept-alive connection this much after the timeout it announces. */
const KEEP_ALIVE_BUFFER_MS = 1000;
/** Generous: what a busy machine adds to a timer; never a measurement. */
const SLACK_MS = 700;
/** Below this, a cut came too early to be the timeout under test. */
const EARLY_MS = 50;

const HEALTHZ = 'GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n';
const OK = /^HTTP\/1\.1 200 OK\r\n[\s\S]*?\r\n\r\n\{"status":"ok"\}/;
const TIMEOUT_408 = /^HTTP\/1\.1 408 /;

function env(extra: Record<string, number> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries({ ...LIMITS, ...extra }).map(([name, value]) => [name, String(value)]),
  );
}

/** A GraphQL POST's head, for a body of `length` bytes. */
const postHead = (length: number, extra = '') =>
  'POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n' +
  `Content-Length: ${length}\r\n${extra}\r\n`;

function expectWithin(ms: number, low: number, high: number): void {
  expect(ms).toBeGreaterThanOrEqual(low - EARLY_MS);
  expect(ms).toBeLessThanOrEqual(high);
}

/** How many clients were cut for `reason`, by the gateway's own metrics. */
const cutsIn = (metrics: string, reason: string) =>
  valueOf(parseExposition(metrics), 'thoughtspot_gateway_clients_cut_total', { reason });

describe('slow and idle clients', () => {
  let tg: TestGateway;
  const open: RawConnection[] = [];
  const raw = async () => {
    const connection = await openRaw(tg.url);
    open.push(connection);
    return connection;
  };

  beforeAll(async () => {
    tg = await startTestGateway({ env: env() });
  });
  afterEach(() => {
    for (const connection of open.splice(0)) connection.socket.destroy();
  });
  afterAll(async () => {
    await tg.close();
  });

  it('cuts a connection that sends nothing within HEADERS_TIMEOUT_MS', async () => {
    const c = await raw();
    const ms = await c.closed;
    expectWithin(ms, LIMITS.HEADERS_TIMEOUT_MS, LIMITS.HEADERS_TIMEOUT_MS + CHECK_MS + SLACK_MS);
    expect(c.received()).toMatch(TIMEOUT_408);
  });

  it('cuts a kept-alive connection left idle within KEEP_ALIVE_TIMEOUT_MS', async () => {
    const c = await raw();
    c.write(HEALTHZ);
    await c.until(OK);
    expect(c.received()).toContain(
      `Keep-Alive: timeout=${LIMITS.KEEP_ALIVE_TIMEOUT_MS / 1000}\r\n`,
    );
    const answeredAt = performance.now();
    await c.closed;
    expectWithin(
      performance.now() - answeredAt,
      LIMITS.KEEP_ALIVE_TIMEOUT_MS,
      LIMITS.KEEP_ALIVE_TIMEOUT_MS + KEEP_ALIVE_BUFFER_MS + SLACK_MS,
    );
  });

  it('cuts a client trickling its headers within HEADERS_TIMEOUT_MS, however steadily', async () => {
    const c = await raw();
    c.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\n');
    for (let i = 0; i < 40 && !c.socket.destroyed; i++) {
      c.write(`X-Trickle-${i}: x\r\n`);
      await sleep(50);
    }
    const ms = await c.closed;
    expectWithin(ms, LIMITS.HEADERS_TIMEOUT_MS, LIMITS.HEADERS_TIMEOUT_MS + CHECK_MS + SLACK_MS);
    expect(c.received()).toMatch(TIMEOUT_408);
  });

  it('cuts a client trickling its body within REQUEST_TIMEOUT_MS, each byte under BODY_IDLE_TIMEOUT_MS', async () => {
    const c = await raw();
    c.write(postHead(1000, 'X-Request-Id: trickling-body\r\n'));
    for (let i = 0; i < 40 && !c.socket.destroyed; i++) {
      c.write(' ');
      await sleep(LIMITS.BODY_IDLE_TIMEOUT_MS / 4);
    }
    const ms = await c.closed;
    expectWithin(ms, LIMITS.REQUEST_TIMEOUT_MS, LIMITS.REQUEST_TIMEOUT_MS + CHECK_MS + SLACK_MS);
    expect(c.received()).toMatch(TIMEOUT_408);
    // The request the handler was reading: no error line, an aborted access line.
    await sleep(50);
    const lines = tg.logs.filter((line) => line.requestId === 'trickling-body');
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'request', aborted: true }));
    expect(lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
  });

  it('answers 408 to a body gone silent for BODY_IDLE_TIMEOUT_MS and closes', async () => {
    const c = await raw();
    c.write(`${postHead(100, 'X-Request-Id: silent-body\r\n')}{"query":`);
    const ms = await c.closed;
    expectWithin(ms, LIMITS.BODY_IDLE_TIMEOUT_MS, LIMITS.BODY_IDLE_TIMEOUT_MS + SLACK_MS);
    expect(ms).toBeLessThan(LIMITS.REQUEST_TIMEOUT_MS);
    const answer = c.received();
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(answer.slice(answer.indexOf('\r\n\r\n') + 4)).toBe(
      JSON.stringify({
        errors: [
          {
            message: `The request body stalled: nothing came for ${LIMITS.BODY_IDLE_TIMEOUT_MS} ms.`,
            extensions: { code: 'REQUEST_TIMEOUT', requestId: 'silent-body' },
          },
        ],
      }),
    );
  });

  it('keeps serving a client that sends its body steadily', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const c = await raw();
    c.write(postHead(body.length));
    for (const char of body) {
      c.write(char);
      await sleep(5);
    }
    const answer = await c.until(/\{"data":\{"__typename":"Query"\}\}/);
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('cuts a client that pipelines requests and never reads the answers', async () => {
    const side = new Promise<Socket>((resolve) => {
      tg.server.once('connection', resolve);
    });
    const c = await raw();
    const socket = await side;
    c.socket.pause();
    // Far more answers than the connection's buffers hold: Node stops reading the requests in the
    // middle of one, whose headers then time out. (The client, reading nothing, sees no close.)
    c.write(HEALTHZ.repeat(20_000));
    // Node's defaults (60 s headers timeout, checked every 30 s) would keep it for over a minute.
    await within(new Promise((resolve) => socket.once('close', resolve)), 10_000, 'the cut');
  }, 15_000);

  it('counted every cut, and warned once per reason whatever their number', async () => {
    // Two more of each: none may add a warning.
    const more = await Promise.all([raw(), raw()]);
    for (const c of more) c.write(`${postHead(100)}{`);
    await Promise.all(more.map((c) => c.closed));
    const idle = await Promise.all([raw(), raw()]);
    await Promise.all(idle.map((c) => c.closed));

    const metrics = (await call(tg.url, 'GET', '/metrics')).text;
    const cut = (reason: string) => cutsIn(metrics, reason);
    expect(cut('headers_timeout')).toBe(5);
    expect(cut('request_timeout')).toBe(1);
    expect(cut('body_idle_timeout')).toBe(3);

    const cuts = tg.logs.filter((line) => typeof line.reason === 'string');
    const warnings = cuts.filter((line) => line.level === 40);
    expect(warnings.map((line) => [line.reason, line.count])).toEqual([
      ['headers_timeout', 1],
      ['request_timeout', 1],
      ['body_idle_timeout', 1],
    ]);
    expect(cuts.filter((line) => line.level === 20)).toHaveLength(9);
  });
});

describe('MAX_CONNECTIONS', () => {
  const MAX = 3;
  let tg: TestGateway;
  const open: RawConnection[] = [];

  beforeAll(async () => {
    tg = await startTestGateway({ env: { MAX_CONNECTIONS: String(MAX) } });
  });
  afterAll(async () => {
    for (const connection of open.splice(0)) connection.socket.destroy();
    await tg.close();
  });

  it('refuses the next connection at once and keeps serving the open ones', async () => {
    for (let i = 0; i < MAX; i++) open.push(await openRaw(tg.url));
    for (const c of open) c.write(HEALTHZ);
    await Promise.all(open.map((c) => c.until(OK)));

    const refused = await openRaw(tg.url);
    const ms = await within(refused.closed, 5000, 'refusing the connection over the cap');
    expect(ms).toBeLessThan(SLACK_MS);
    expect(refused.received()).toBe('');

    // The open ones: liveness and GraphQL, again and again.
    const body = JSON.stringify({ query: '{ __typename }' });
    for (const [i, c] of open.entries()) {
      const before = c.received().length;
      c.write(HEALTHZ);
      c.write(`${postHead(body.length)}${body}`);
      await c.until(/\{"data":\{"__typename":"Query"\}\}/);
      expect(c.received().slice(before)).toMatch(OK);
      expect(c.socket.destroyed).toBe(false);
      expect(i).toBeLessThan(MAX);
    }

    const metrics = (await call(tg.url, 'GET', '/metrics').catch(() => undefined))?.text;
    // A new connection for /metrics is refused too, while the cap holds.
    expect(metrics).toBeUndefined();

    // One closes: a new one is served.
    const [first] = open.splice(0, 1);
    first?.socket.destroy();
    await first?.closed;
    await sleep(50);
    const res = await call(tg.url, 'GET', '/metrics');
    expect(res.status).toBe(200);
    expect(cutsIn(res.text, 'connection_limit')).toBe(2);
    const warnings = tg.logs.filter(
      (line) => line.reason === 'connection_limit' && line.level === 40,
    );
    expect(warnings).toEqual([
      expect.objectContaining({
        msg: expect.stringContaining('MAX_CONNECTIONS') as unknown,
        count: 1,
      }),
    ]);
  });
});
