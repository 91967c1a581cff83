import { connect } from 'node:net';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import type { EntryProcess } from '../support/entry-process';
import { startEntry } from '../support/entry-process';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import type { CallResult } from '../support/http';
import { call, cookieHeader } from '../support/http';
import { valueOf, parseExposition } from '../support/prometheus';
import { within } from '../support/within';

/**
 * Graceful shutdown: on SIGTERM/SIGINT the gateway stops accepting connections, lets the requests
 * in flight finish within SHUTDOWN_GRACE_MS, cuts those that outlast it, closes its ThoughtSpot
 * connections and exits 0. Tested on the real entry point with a slow ThoughtSpot (the emulator's
 * latency fault), and in process for what a child process cannot show.
 */

/** Bounds for "promptly": generous, never measurements. */
const EXIT_MS = 10_000;
const MARGIN_MS = 5_000;

const LOGIN =
  'mutation { login(input: {userName: "tsadmin", password: "admin"}) { userName tokenType } }';
const SESSION = '{ session { userName } }';

const graphql = (url: string, query: string, headers: Record<string, string> = {}) =>
  call(url, 'POST', '/graphql', { json: { query }, headers });

/** Resolves once the gateway reports `n` GraphQL requests in flight (bounded). */
async function untilInFlight(url: string, n: number): Promise<void> {
  for (let tries = 0; tries < 250; tries++) {
    const res = await call(url, 'GET', '/metrics');
    if (valueOf(parseExposition(res.text), 'thoughtspot_gateway_requests_in_flight') === n) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`never ${n} requests in flight`);
}

/** Whether a new TCP connection to the URL's port is refused. */
function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'ECONNREFUSED');
    });
  });
}

/** Polls until new connections are refused (bounded). */
async function untilRefused(url: string): Promise<void> {
  for (let tries = 0; tries < 250; tries++) {
    if (await refused(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('still accepting connections');
}

describe('the entry point on SIGTERM, with a request in flight', () => {
  let ts: TestEmulator;
  const runs: EntryProcess[] = [];

  beforeAll(async () => {
    ts = await startTestEmulator({ faults: true });
  });
  afterEach(async () => {
    ts.emulator.faults.clear();
    for (const run of runs.splice(0)) await run.kill();
  });
  afterAll(async () => {
    await ts.close();
  });

  function start(env: Record<string, string>): EntryProcess {
    const run = startEntry({ THOUGHTSPOT_URL: ts.emulator.url, ...env });
    runs.push(run);
    return run;
  }

  it('finishes the request, refuses new connections, and exits 0', async () => {
    const run = start({ SHUTDOWN_GRACE_MS: '15000' });
    const url = await run.ready();
    await run.checked();
    const login = await graphql(url, LOGIN);
    expect(login.status).toBe(200);
    const cookie = cookieHeader(login.setCookie);

    ts.emulator.faults.set('getSessionInfo', { latencyMs: 3000, times: 1 });
    const inFlight = graphql(url, SESSION, { cookie });
    await untilInFlight(url, 1);
    run.child.kill('SIGTERM');
    await run.line((line) => line.msg === 'SIGTERM: shutting down', EXIT_MS);

    await untilRefused(url);
    const answer: CallResult = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ data: { session: { userName: 'tsadmin' } } });
    // Its connection closes after it, so a keep-alive client goes elsewhere for the next request.
    expect(answer.headers.connection).toBe('close');

    expect(await within(run.exited, EXIT_MS, 'exit')).toEqual({ code: 0, signal: null });
    const messages = run.lines().map((line) => line.msg);
    expect(messages).toContain('draining: waiting for the requests in flight');
    expect(messages).not.toContain('grace period over: closing the connections still busy');
    expect(run.stderr()).toBe('');
  });

  it('cuts a request that outlasts SHUTDOWN_GRACE_MS and still exits 0, within the grace period and a margin', async () => {
    const graceMs = 1000;
    // ThoughtSpot would answer long after the grace period, and within the upstream timeout.
    const run = start({ SHUTDOWN_GRACE_MS: String(graceMs), UPSTREAM_TIMEOUT_MS: '60000' });
    const url = await run.ready();
    await run.checked();
    ts.emulator.faults.set('getSessionInfo', { latencyMs: 30_000, times: 1 });
    const inFlight = graphql(url, SESSION).then(
      (res) => res,
      (error: unknown) => error,
    );
    await untilInFlight(url, 1);

    const signalledAt = performance.now();
    const exit = await run.stop('SIGTERM', graceMs + MARGIN_MS);
    const elapsed = performance.now() - signalledAt;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(elapsed).toBeGreaterThanOrEqual(graceMs * 0.9);

    // The caller's connection was closed without an answer.
    const outcome = await inFlight;
    expect(outcome).toBeInstanceOf(Error);
    const cut = run.lines().find((line) => line.msg.startsWith('grace period over'));
    expect(cut).toMatchObject({ level: 40, connections: 1, graceMs });
    expect(run.stderr()).toBe('');
  });

  it('exits 0 on SIGINT too, with nothing in flight, at once', async () => {
    const run = start({ SHUTDOWN_GRACE_MS: '60000' });
    const url = await run.ready();
    expect((await graphql(url, '{ __typename }')).status).toBe(200);
    // An idle keep-alive connection does not hold the shutdown for the grace period.
    expect(await run.stop('SIGINT', EXIT_MS)).toEqual({ code: 0, signal: null });
  });
});

describe('Gateway.close(graceMs), in process', () => {
  let g: TestGateway;
  beforeEach(async () => {
    g = await startTestGateway({ emulator: { faults: true } });
  });
  afterEach(async () => {
    await g.gateway.close(0);
    await g.ts.close();
  });

  it('is not ready from the moment it starts, while the request in flight still gets its answer', async () => {
    const ready = await call(g.url, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    g.ts.emulator.faults.set('getSessionInfo', { latencyMs: 2500, times: 1 });
    const slow = graphql(g.url, SESSION);
    await untilInFlight(g.url, 1);

    const closing = g.gateway.close(10_000);
    // New connections are refused, so /readyz cannot be asked over HTTP any more; a request that
    // still reached it (on a connection already open) would get this, as a 503.
    expect(await g.gateway.readiness.check()).toEqual({ ready: false, reason: 'shutting down' });
    expect(await refused(g.url)).toBe(true);

    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.headers.connection).toBe('close');
    expect(answer.json).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    await within(closing, EXIT_MS, 'close');
  });

  it('does not wait for a cut request’s ThoughtSpot call to time out', async () => {
    await g.gateway.close(0);
    await g.ts.close();
    g = await startTestGateway({
      emulator: { faults: { getSessionInfo: { latencyMs: 60_000 } } },
      env: { UPSTREAM_TIMEOUT_MS: '120000' },
    });
    const inFlight = graphql(g.url, SESSION).catch((error: unknown) => error);
    await untilInFlight(g.url, 1);
    await within(g.gateway.close(200), MARGIN_MS, 'close after a 200 ms grace period');
    expect(await inFlight).toBeInstanceOf(Error);
  });
});
