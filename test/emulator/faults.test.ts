import { request as httpRequest, STATUS_CODES } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import type { FaultRule, FaultTarget, Action } from '../../src/emulator';
import { FAULT_MODES, startEmulator } from '../../src/emulator';
import {
  FaultInjectionDisabledError,
  FaultRuleError,
  MALFORMED_JSON,
} from '../../src/emulator/faults';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import type { CallOptions, CallResult } from '../support/http';
import { API, call, cookieHeader, upstreamError } from '../support/http';
import { within } from '../support/within';

/** How to make a successful request of each operation, and what its normal answer looks like. */
interface OperationCase {
  method: string;
  path: string;
  /** Sets up what the request needs (a session, a token) and returns its options. */
  prepare(t: TestEmulator): Promise<CallOptions>;
  /** Asserts the normal, fault-free answer. */
  expectNormal(res: CallResult): void;
}

/** The beta's operations; v2-faults.test.ts covers the v2.0 endpoints. */
type BetaOp = Extract<
  Action,
  'getSessionInfo' | 'login' | 'logout' | 'getToken' | 'revokeToken' | 'switchOrg'
>;

const CASES: Record<BetaOp, OperationCase> = {
  getSessionInfo: {
    method: 'GET',
    path: '/session',
    prepare: async (t) => ({ bearer: await t.token('tsadmin', 'admin') }),
    expectNormal: (res) => {
      expect(res.status).toBe(200);
      // The org is the last one the user was in: a switchOrg test may have moved it.
      expect(res.json).toMatchObject({ userName: 'tsadmin' });
      expect(typeof (res.json as { currentOrgId?: unknown }).currentOrgId).toBe('number');
    },
  },
  login: {
    method: 'POST',
    path: '/session/login',
    prepare: () => Promise.resolve({ json: { userName: 'analyst', password: 'analyst' } }),
    expectNormal: (res) => {
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        userName: 'analyst',
        token: '',
        tokenCreatedTime: '-1',
        tokenExpiryDuration: '-1',
        tokenType: 'Cookie',
      });
      expect(res.setCookie).toHaveLength(2);
    },
  },
  logout: {
    method: 'POST',
    path: '/session/logout',
    prepare: async (t) => ({ cookie: (await t.login('tsadmin', 'admin')).cookie }),
    expectNormal: (res) => {
      expect(res.status).toBe(200);
      expect(res.json).toBe(true);
      expect(res.setCookie).toHaveLength(2);
    },
  },
  getToken: {
    method: 'POST',
    path: '/session/gettoken',
    prepare: () => Promise.resolve({ json: { userName: 'tsadmin', password: 'admin' } }),
    expectNormal: (res) => {
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ userName: 'tsadmin', tokenType: 'Bearer' });
    },
  },
  revokeToken: {
    method: 'POST',
    path: '/session/revoketoken',
    prepare: async (t) => ({ bearer: await t.token('tsadmin', 'admin') }),
    expectNormal: (res) => {
      expect(res.status).toBe(200);
      expect(res.json).toBe(true);
    },
  },
  switchOrg: {
    method: 'PUT',
    path: '/session/org',
    prepare: async (t) => ({
      cookie: (await t.login('tsadmin', 'admin')).cookie,
      json: { id: '1' },
    }),
    expectNormal: (res) => {
      expect(res.status).toBe(200);
      expect(res.json).toBe(true);
    },
  },
};

const OPERATIONS = Object.keys(CASES) as BetaOp[];

const run = (t: TestEmulator, op: BetaOp, options: CallOptions) =>
  t.api(CASES[op].method, CASES[op].path, options);

/** Prepares a request of `op`, then sends it (after any fault rule set in between). */
async function callNormally(t: TestEmulator, op: BetaOp): Promise<CallResult> {
  return run(t, op, await CASES[op].prepare(t));
}

/** The emulator still answers every operation normally. */
async function expectServingNormally(t: TestEmulator): Promise<void> {
  for (const op of OPERATIONS) CASES[op].expectNormal(await callNormally(t, op));
}

interface RawResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The whole message (Content-Length bytes) arrived. */
  complete: boolean;
}

/** A request over node:http, which hands over whatever part of a cut-off answer arrived. */
function rawCall(t: TestEmulator, op: BetaOp, options: CallOptions): Promise<RawResult> {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  if (options.cookie !== undefined) headers.cookie = options.cookie;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${t.emulator.url}${API}${CASES[op].path}`,
      { method: CASES[op].method, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', () => undefined);
        res.on('close', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            complete: res.complete,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let t: TestEmulator | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The test emulator of the current test, with fault injection on. */
async function withFaults(faults: EmulatorFaults = true): Promise<TestEmulator> {
  t = await startTestEmulator({ faults });
  return t;
}
type EmulatorFaults = boolean | Partial<Record<FaultTarget, FaultRule>>;

describe('fault injection is off by default', () => {
  it('refuses to set or clear a rule through the handle', async () => {
    t = await startTestEmulator();
    expect(t.emulator.faults.enabled).toBe(false);
    expect(() => t?.emulator.faults.set('login', { mode: 'drop' })).toThrow(
      FaultInjectionDisabledError,
    );
    expect(() => t?.emulator.faults.set('login', { mode: 'drop' })).toThrow(
      'fault injection is off: start the emulator with faults enabled (--faults, or faults: true)',
    );
    expect(() => t?.emulator.faults.clear()).toThrow(FaultInjectionDisabledError);
    expect(t.emulator.faults.list()).toEqual({});
    await expectServingNormally(t);
  });

  it('does not serve the control API: /__emulator/faults is an unknown path', async () => {
    t = await startTestEmulator();
    for (const [method, path] of [
      ['GET', '/__emulator/faults'],
      ['PUT', '/__emulator/faults/login'],
      ['DELETE', '/__emulator/faults'],
    ] as const) {
      const res = await call(t.emulator.url, method, path, {
        json: { mode: 'drop' },
      });
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toBe('application/json');
      expect(upstreamError(res.json)).toMatchObject({
        status: 404,
        code: 10005,
        path: [],
        debug: `No endpoint at ${method} ${path}`,
      });
    }
    await expectServingNormally(t);
  });

  it('faults: false is the same as no faults option', async () => {
    t = await startTestEmulator({ faults: false });
    expect(t.emulator.faults.enabled).toBe(false);
    const res = await call(t.emulator.url, 'GET', '/__emulator/faults');
    expect(upstreamError(res.json)?.status).toBe(404);
  });
});

describe.each(OPERATIONS)('faults on %s', (op) => {
  const other: BetaOp = op === 'getToken' ? 'login' : 'getToken';

  it('latencyMs delays an otherwise normal answer', async () => {
    const e = await withFaults();
    const options = await CASES[op].prepare(e);
    e.emulator.faults.set(op, { latencyMs: 150 });
    const started = performance.now();
    const res = await run(e, op, options);
    const elapsed = performance.now() - started;
    // Timers run on whole milliseconds: allow for the rounding of one.
    expect(elapsed).toBeGreaterThanOrEqual(149);
    CASES[op].expectNormal(res);
    // Other operations are not delayed by it... and the rule stays until cleared.
    expect(e.emulator.faults.list()).toEqual({ [op]: { latencyMs: 150 } });
    CASES[other].expectNormal(await callNormally(e, other));
  });

  it('status answers the given status and JSON body without touching the cluster', async () => {
    const e = await withFaults();
    const options = await CASES[op].prepare(e);
    const before = e.emulator.state.counts();
    e.emulator.faults.set(op, { mode: 'status', status: 503, body: { message: 'maintenance' } });
    const res = await run(e, op, options);
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.text).toBe('{"message":"maintenance"}');
    expect(res.setCookie).toEqual([]);
    expect(e.emulator.state.counts()).toEqual(before);
    CASES[other].expectNormal(await callNormally(e, other));
    e.emulator.faults.clear(op);
    await expectServingNormally(e);
  });

  it('status answers a string body with the given content type', async () => {
    const e = await withFaults();
    const options = await CASES[op].prepare(e);
    e.emulator.faults.set(op, {
      mode: 'status',
      status: 429,
      body: 'slow down',
      contentType: 'text/plain; charset=utf-8',
    });
    const res = await run(e, op, options);
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-length']).toBe('9');
    expect(res.text).toBe('slow down');
    e.emulator.faults.clear();
    await expectServingNormally(e);
  });

  it('malformed-json answers 200 with a JSON content type and a body that does not parse', async () => {
    const e = await withFaults();
    const options = await CASES[op].prepare(e);
    const before = e.emulator.state.counts();
    e.emulator.faults.set(op, { mode: 'malformed-json' });
    const res = await run(e, op, options);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.text).toBe(MALFORMED_JSON);
    expect(() => JSON.parse(res.text) as unknown).toThrow(SyntaxError);
    expect(res.setCookie).toEqual([]);
    expect(e.emulator.state.counts()).toEqual(before);
    e.emulator.faults.clear();
    await expectServingNormally(e);
  });

  it('html answers a proxy error page, 502 by default', async () => {
    const e = await withFaults();
    const options = await CASES[op].prepare(e);
    e.emulator.faults.set(op, { mode: 'html' });
    const res = await run(e, op, options);
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toBe('text/html');
    expect(res.json).toBeUndefined();
    expect(res.text).toMatch(/^<html>/);
    expect(res.text).toContain('<title>502 Bad Gateway</title>');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.text)));
    e.emulator.faults.clear();
    await expectServingNormally(e);
  });

  it('html answers with a custom status', async () => {
    const e = await withFaults();
    const options = await CASES[op].prepare(e);
    e.emulator.faults.set(op, { mode: 'html', status: 504 });
    const res = await run(e, op, options);
    expect(res.status).toBe(504);
    expect(res.headers['content-type']).toBe('text/html');
    expect(res.text).toContain(`<title>504 ${STATUS_CODES[504] ?? ''}</title>`);
    e.emulator.faults.clear();
    await expectServingNormally(e);
  });

  it('drop closes the connection without an answer: the client rejects', async () => {
    const e = await withFaults();
    const options = await CASES[op].prepare(e);
    const before = e.emulator.state.counts();
    e.emulator.faults.set(op, { mode: 'drop' });
    await expect(run(e, op, options)).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
    expect(e.emulator.state.counts()).toEqual(before);
    // The rule is still there: the next request is dropped too.
    await expect(run(e, op, options)).rejects.toThrow();
    CASES[other].expectNormal(await callNormally(e, other));
    e.emulator.faults.clear();
    await expectServingNormally(e);
  });

  it('hang never answers: a client with a 300 ms timeout gives up', async () => {
    const e = await withFaults();
    const options = await CASES[op].prepare(e);
    const before = e.emulator.state.counts();
    e.emulator.faults.set(op, { mode: 'hang' });
    const headers: Record<string, string> = {};
    if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
    if (options.cookie !== undefined) headers.cookie = options.cookie;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    await expect(
      request(`${e.emulator.url}${API}${CASES[op].path}`, {
        method: CASES[op].method as 'GET',
        headers,
        ...(options.json !== undefined && { body: JSON.stringify(options.json) }),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(e.emulator.state.counts()).toEqual(before);
    CASES[other].expectNormal(await callNormally(e, other));
    e.emulator.faults.clear();
    await expectServingNormally(e);
  });

  it('truncated-json cuts the real answer off before its Content-Length', async () => {
    const e = await withFaults();
    const options = await CASES[op].prepare(e);
    e.emulator.faults.set(op, { mode: 'truncated-json' });
    const res = await rawCall(e, op, options);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const promised = Number(res.headers['content-length']);
    expect(res.complete).toBe(false);
    expect(res.body.length).toBe(Math.floor(promised / 2));
    expect(res.body.length).toBeLessThan(promised);
    expect(() => JSON.parse(res.body.toString('utf8')) as unknown).toThrow(SyntaxError);
    e.emulator.faults.clear();
    await expectServingNormally(e);
  });

  it('truncated-json fails a request made with undici', async () => {
    const e = await withFaults();
    const options = await CASES[op].prepare(e);
    e.emulator.faults.set(op, { mode: 'truncated-json' });
    await expect(run(e, op, options)).rejects.toThrow();
    e.emulator.faults.clear();
    await expectServingNormally(e);
  });

  it('times: the rule applies that many times, then the operation is normal again', async () => {
    const e = await withFaults();
    e.emulator.faults.set(op, { mode: 'status', status: 503, body: 'busy', times: 2 });
    expect((await callNormally(e, op)).status).toBe(503);
    expect(e.emulator.faults.list()).toEqual({
      [op]: { mode: 'status', status: 503, body: 'busy', times: 1 },
    });
    expect((await callNormally(e, op)).status).toBe(503);
    expect(e.emulator.faults.list()).toEqual({});
    CASES[op].expectNormal(await callNormally(e, op));
    CASES[op].expectNormal(await callNormally(e, op));
  });
});

describe('the state changes of a truncated answer still happen', () => {
  it('a truncated login still opens the session: its cookie works', async () => {
    const e = await withFaults({ login: { mode: 'truncated-json' } });
    const res = await rawCall(e, 'login', { json: { userName: 'tsadmin', password: 'admin' } });
    expect(res.complete).toBe(false);
    const setCookie = res.headers['set-cookie'] ?? [];
    expect(setCookie).toHaveLength(2);
    expect(e.emulator.state.counts().sessions).toBe(1);
    const info = await e.api('GET', '/session', { cookie: cookieHeader(setCookie) });
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({ userName: 'tsadmin' });
  });

  it('a truncated gettoken still creates the token', async () => {
    const e = await withFaults({ getToken: { mode: 'truncated-json' } });
    const res = await rawCall(e, 'getToken', { json: { userName: 'tsadmin', password: 'admin' } });
    expect(res.complete).toBe(false);
    expect(res.body.toString('utf8')).toMatch(/^\{"userName":"tsadmin"/);
    expect(e.emulator.state.counts().tokens).toBe(1);
  });

  it('a truncated logout still ends the session', async () => {
    const e = await withFaults();
    const { cookie } = await e.login('tsadmin', 'admin');
    e.emulator.faults.set('logout', { mode: 'truncated-json' });
    const res = await rawCall(e, 'logout', { cookie });
    expect(res.complete).toBe(false);
    expect(e.emulator.state.counts().sessions).toBe(0);
    const info = await e.api('GET', '/session', { cookie });
    expect(upstreamError(info.json)?.status).toBe(401);
  });

  it('a truncated revoketoken still revokes the token', async () => {
    const e = await withFaults();
    const token = await e.token('tsadmin', 'admin');
    e.emulator.faults.set('revokeToken', { mode: 'truncated-json' });
    // `true` is 4 bytes: 2 arrive.
    const res = await rawCall(e, 'revokeToken', { bearer: token });
    expect(res.complete).toBe(false);
    expect(res.body.toString('utf8')).toBe('tr');
    const info = await e.api('GET', '/session', { bearer: token });
    expect(upstreamError(info.json)).toMatchObject({
      status: 401,
      debug: 'The token has been revoked',
    });
  });

  it('a truncated switchOrg still switches the org', async () => {
    const e = await withFaults();
    const { cookie } = await e.login('tsadmin', 'admin');
    e.emulator.faults.set('switchOrg', { mode: 'truncated-json' });
    const res = await rawCall(e, 'switchOrg', { cookie, json: { id: '1' } });
    expect(res.complete).toBe(false);
    const info = await e.api('GET', '/session', { cookie });
    expect(info.json).toMatchObject({ currentOrgId: 1 });
  });

  it('a truncated error answer is the first half of the envelope', async () => {
    const e = await withFaults({ login: { mode: 'truncated-json' } });
    const res = await rawCall(e, 'login', { json: { userName: 'tsadmin', password: 'wrong' } });
    expect(res.status).toBe(500);
    expect(res.complete).toBe(false);
    expect(res.body.toString('utf8')).toMatch(/^\{"error":\{"errors":/);
    expect(e.emulator.state.counts().sessions).toBe(0);
  });
});

describe('latency combined with a mode', () => {
  it('waits, then fails', async () => {
    const e = await withFaults({ getToken: { latencyMs: 120, mode: 'status', status: 500 } });
    const started = performance.now();
    const res = await callNormally(e, 'getToken');
    expect(performance.now() - started).toBeGreaterThanOrEqual(119);
    expect(res.status).toBe(500);
    expect(res.text).toBe('');
    expect(res.headers['content-type']).toBe('text/plain');
  });
});

describe('rule selection', () => {
  it('* applies to every operation without a rule of its own', async () => {
    const e = await withFaults();
    const prepared = new Map<BetaOp, CallOptions>();
    for (const op of OPERATIONS) prepared.set(op, await CASES[op].prepare(e));
    e.emulator.faults.set('*', { mode: 'status', status: 503, body: { all: true } });
    for (const op of OPERATIONS) {
      const res = await run(e, op, prepared.get(op) ?? {});
      expect([op, res.status, res.json]).toEqual([op, 503, { all: true }]);
    }
  });

  it('a specific rule wins over *', async () => {
    const e = await withFaults({
      '*': { mode: 'status', status: 503 },
      login: { mode: 'status', status: 418, body: { teapot: true } },
    });
    const login = await callNormally(e, 'login');
    expect(login.status).toBe(418);
    expect(login.json).toEqual({ teapot: true });
    const token = await callNormally(e, 'getToken');
    expect(token.status).toBe(503);
    e.emulator.faults.clear('*');
    CASES.getToken.expectNormal(await callNormally(e, 'getToken'));
    expect((await callNormally(e, 'login')).status).toBe(418);
  });

  it('* with times counts requests of every operation', async () => {
    const e = await withFaults({ '*': { mode: 'html', times: 2 } });
    expect((await callNormally(e, 'getToken')).status).toBe(502);
    expect((await callNormally(e, 'login')).status).toBe(502);
    await expectServingNormally(e);
  });

  it('a rule on one operation leaves the others alone', async () => {
    const e = await withFaults();
    const others = OPERATIONS.filter((o) => o !== 'login');
    const prepared = new Map<BetaOp, CallOptions>();
    for (const op of others) prepared.set(op, await CASES[op].prepare(e));
    e.emulator.faults.set('login', { mode: 'drop' });
    for (const op of others) CASES[op].expectNormal(await run(e, op, prepared.get(op) ?? {}));
    await expect(callNormally(e, 'login')).rejects.toThrow();
  });

  it('requests that match no route are not faulted', async () => {
    const e = await withFaults({ '*': { mode: 'drop' } });
    const res = await call(e.emulator.url, 'GET', '/nowhere');
    expect(upstreamError(res.json)?.status).toBe(404);
    const wrongMethod = await e.api('DELETE', '/session');
    expect(upstreamError(wrongMethod.json)?.status).toBe(405);
  });

  it('setting a rule replaces the previous one for that operation', async () => {
    const e = await withFaults({ login: { mode: 'drop' } });
    e.emulator.faults.set('login', { mode: 'html', status: 503 });
    expect(e.emulator.faults.list()).toEqual({ login: { mode: 'html', status: 503 } });
    expect((await callNormally(e, 'login')).status).toBe(503);
  });
});

describe('closing while requests are held', () => {
  it('close() resolves promptly while a request hangs, and the client sees the connection end', async () => {
    const e = await withFaults({ login: { mode: 'hang', times: 1 } });
    const hung = callNormally(e, 'login').then(
      () => 'answered',
      () => 'failed',
    );
    // The rule removes itself when the request takes it: the request is now held.
    await waitUntil(() => e.emulator.faults.list().login === undefined, 'the hung request');
    await within(e.close(), 2000, 'close()');
    t = undefined;
    expect(await hung).toBe('failed');
  });

  it('close() resolves promptly while a request waits out a long latency', async () => {
    const e = await withFaults({ getToken: { latencyMs: 600_000, times: 1 } });
    const waiting = callNormally(e, 'getToken').then(
      () => 'answered',
      () => 'failed',
    );
    await waitUntil(() => e.emulator.faults.list().getToken === undefined, 'the delayed request');
    await within(e.close(), 2000, 'close()');
    t = undefined;
    expect(await waiting).toBe('failed');
  });
});

describe('rules given at start-up and through the handle', () => {
  it('starting with faults: { login: ... } puts the rule in force', async () => {
    const e = await withFaults({ login: { mode: 'status', status: 401, body: 'no' } });
    expect(e.emulator.faults.enabled).toBe(true);
    expect(e.emulator.faults.list()).toEqual({
      login: { mode: 'status', status: 401, body: 'no' },
    });
    const res = await callNormally(e, 'login');
    expect(res.status).toBe(401);
    expect(res.text).toBe('no');
  });

  it('faults: true enables injection with no rule in force', async () => {
    const e = await withFaults(true);
    expect(e.emulator.faults.list()).toEqual({});
    await expectServingNormally(e);
  });

  it('an invalid start-up rule fails startEmulator', async () => {
    await expect(
      startEmulator({ port: 0, faults: { login: { mode: 'explode' as 'drop' } } }),
    ).rejects.toThrow(FaultRuleError);
  });

  it('set validates rules and operation names, listing every problem', async () => {
    const e = await withFaults();
    const faults = e.emulator.faults;
    expect(() => faults.set('nope' as Action, { mode: 'drop' })).toThrow(
      'invalid fault rule: unknown operation nope',
    );
    let error: unknown;
    try {
      faults.set('login', {
        latencyMs: -1,
        mode: 'explode',
        status: 99,
        contentType: 5,
        times: 0,
        extra: 1,
      } as unknown as FaultRule);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FaultRuleError);
    expect((error as FaultRuleError).problems).toEqual([
      'unknown field extra',
      'latencyMs must be an integer from 0 to 600000',
      `mode must be one of ${FAULT_MODES.join(', ')}`,
      'status must be an HTTP status from 100 to 599',
      'contentType must be a string',
      'times must be a positive integer',
    ]);
    expect(() => faults.set('login', {})).toThrow(
      'invalid fault rule: give a mode, a latencyMs, or both',
    );
    expect(() => faults.set('login', { latencyMs: 1.5 })).toThrow('latencyMs must be an integer');
    expect(faults.list()).toEqual({});
  });

  it('list() returns copies: changing them changes no rule', async () => {
    const e = await withFaults({ login: { mode: 'status', status: 503, times: 3 } });
    const listed = e.emulator.faults.list();
    (listed.login as FaultRule).status = 200;
    expect(e.emulator.faults.list()).toEqual({ login: { mode: 'status', status: 503, times: 3 } });
  });
});

describe('the HTTP control API', () => {
  const control = (e: TestEmulator, method: string, path = '', options: CallOptions = {}) =>
    call(e.emulator.url, method, `/__emulator/faults${path}`, options);

  it('GET lists the rules in force', async () => {
    const e = await withFaults({ login: { mode: 'drop' } });
    const res = await control(e, 'GET');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json).toEqual({ login: { mode: 'drop' } });
  });

  it('PUT sets a rule that then applies, DELETE removes it', async () => {
    const e = await withFaults();
    const put = await control(e, 'PUT', '/login', {
      json: { mode: 'status', status: 503, body: { down: true } },
    });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ login: { mode: 'status', status: 503, body: { down: true } } });
    const faulted = await callNormally(e, 'login');
    expect(faulted.status).toBe(503);
    expect(faulted.json).toEqual({ down: true });

    const del = await control(e, 'DELETE', '/login');
    expect(del.status).toBe(200);
    expect(del.json).toEqual({});
    CASES.login.expectNormal(await callNormally(e, 'login'));
  });

  it('PUT on * and DELETE of every rule', async () => {
    const e = await withFaults();
    const logout = await CASES.logout.prepare(e);
    expect((await control(e, 'PUT', '/*', { json: { mode: 'html' } })).status).toBe(200);
    expect((await control(e, 'PUT', '/getToken', { json: { latencyMs: 1 } })).json).toEqual({
      '*': { mode: 'html' },
      getToken: { latencyMs: 1 },
    });
    expect((await run(e, 'logout', logout)).status).toBe(502);
    CASES.getToken.expectNormal(await callNormally(e, 'getToken'));
    const del = await control(e, 'DELETE');
    expect(del.status).toBe(200);
    expect(del.json).toEqual({});
    expect(e.emulator.faults.list()).toEqual({});
    await expectServingNormally(e);
  });

  it('an encoded operation name is decoded: %2A is *', async () => {
    const e = await withFaults();
    const res = await control(e, 'PUT', '/%2A', { json: { mode: 'drop', times: 1 } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ '*': { mode: 'drop', times: 1 } });
  });

  it.each([
    [{ mode: 'explode' }, `mode must be one of ${FAULT_MODES.join(', ')}`],
    [{}, 'give a mode, a latencyMs, or both'],
    [{ latencyMs: 'slow' }, 'latencyMs must be an integer from 0 to 600000'],
    [{ mode: 'status', status: 700 }, 'status must be an HTTP status from 100 to 599'],
    [{ mode: 'drop', times: -1 }, 'times must be a positive integer'],
    [{ mode: 'drop', when: 'now' }, 'unknown field when'],
    [[{ mode: 'drop' }], 'a fault rule must be an object'],
    ['drop', 'a fault rule must be an object'],
    [null, 'a fault rule must be an object'],
  ])('PUT of an invalid rule %j is 400 with a message', async (rule, message) => {
    const e = await withFaults();
    const res = await control(e, 'PUT', '/login', { json: rule });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json).toEqual({ error: `invalid fault rule: ${message}` });
    expect(e.emulator.faults.list()).toEqual({});
    CASES.login.expectNormal(await callNormally(e, 'login'));
  });

  it('PUT with a body that is not JSON is 400 with a message', async () => {
    const e = await withFaults();
    const res = await control(e, 'PUT', '/login', {
      body: '{mode: drop}',
      contentType: 'application/json',
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: 'Invalid parameter values: the request body is not valid JSON',
    });
  });

  it('PUT with an empty body is 400: no mode and no latency', async () => {
    const e = await withFaults();
    const res = await control(e, 'PUT', '/login');
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'invalid fault rule: give a mode, a latencyMs, or both' });
  });

  it.each(['GET', 'PUT', 'DELETE'])('%s on an unknown operation is 404', async (method) => {
    const e = await withFaults();
    const res = await control(e, method, '/nope', { json: { mode: 'drop' } });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: 'unknown operation nope' });
  });

  it('operation names are case-sensitive', async () => {
    const e = await withFaults();
    const res = await control(e, 'PUT', '/LOGIN', { json: { mode: 'drop' } });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: 'unknown operation LOGIN' });
  });

  it('a malformed percent-encoding in the operation is an unknown operation (404)', async () => {
    const e = await withFaults();
    const res = await control(e, 'PUT', '/%E0%A4%A', { json: { mode: 'drop' } });
    expect(res.status).toBe(404);
    await expectServingNormally(e);
  });

  it('other control paths are 404', async () => {
    const e = await withFaults();
    for (const path of ['/__emulator/', '/__emulator/state', '/__emulator/faultsx']) {
      const res = await call(e.emulator.url, 'GET', path);
      expect([path, res.status, res.json]).toEqual([
        path,
        404,
        { error: `no control endpoint at ${path}` },
      ]);
    }
  });

  it.each([
    ['POST', ''],
    ['PUT', ''],
    ['GET', '/login'],
    ['POST', '/login'],
  ])('%s /__emulator/faults%s is 405', async (method, path) => {
    const e = await withFaults();
    const res = await control(e, method, path, { json: { mode: 'drop' } });
    expect(res.status).toBe(405);
    expect(res.json).toEqual({
      error: `method ${method} not allowed on /__emulator/faults${path}`,
    });
    expect(e.emulator.faults.list()).toEqual({});
  });

  it('the control API answers while every operation is faulted', async () => {
    const e = await withFaults({ '*': { mode: 'hang' } });
    const res = await control(e, 'DELETE');
    expect(res.status).toBe(200);
    await expectServingNormally(e);
  });
});
