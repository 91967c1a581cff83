import { Agent, request } from 'node:http';
import type { Proxy } from '../bench/proxy';
import { createProxy } from '../bench/proxy';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import { API, call, upstreamError } from '../support/http';
import type { StubUpstream } from '../support/stub-upstream';
import { replyJson, startStubUpstream } from '../support/stub-upstream';

/**
 * The benchmark's baseline proxy must be a real one-hop proxy: each request forwarded once, as
 * sent, over reused keep-alive connections, and the answer relayed as received.
 */

let proxy: Proxy | undefined;
let ts: TestEmulator | undefined;
let stub: StubUpstream | undefined;
afterEach(async () => {
  await proxy?.close();
  await ts?.close();
  await stub?.close();
  proxy = ts = stub = undefined;
});

describe('in front of the emulator', () => {
  it('answers as the emulator does: session by bearer, login with both cookies, errors', async () => {
    ts = await startTestEmulator();
    proxy = createProxy(ts.emulator.url);
    const url = await proxy.listen();
    const token = await ts.token('tsadmin', 'admin');

    const direct = await call(ts.emulator.url, 'GET', `${API}/session`, { bearer: token });
    const before = ts.emulator.requestCounts();
    const proxied = await call(url, 'GET', `${API}/session`, { bearer: token });
    expect(proxied.status).toBe(200);
    expect(proxied.text).toBe(direct.text);
    expect(proxied.headers['content-type']).toBe('application/json');

    const login = await call(url, 'POST', `${API}/session/login`, {
      json: { userName: 'analyst', password: 'analyst' },
    });
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ userName: 'analyst', tokenType: 'Cookie' });
    expect(login.setCookie.map((c) => c.split('=', 1)[0])).toEqual(['JSESSIONID', 'clientId']);

    const refused = await call(url, 'GET', `${API}/session`, { bearer: 'nope' });
    expect(refused.status).toBe(500);
    expect(upstreamError(refused.json)?.status).toBe(401);
    // One upstream call per proxied request.
    const after = ts.emulator.requestCounts();
    expect(after.total - before.total).toBe(3);
    expect(after.byOperation.getSessionInfo - before.byOperation.getSessionInfo).toBe(2);
    expect(after.byOperation.login - before.byOperation.login).toBe(1);
  });

  it('answers 502 when the upstream cannot be reached', async () => {
    stub = await startStubUpstream(() => undefined);
    const gone = stub.url;
    await stub.close();
    stub = undefined;
    proxy = createProxy(gone);
    const res = await call(await proxy.listen(), 'GET', `${API}/session`);
    expect(res.status).toBe(502);
  });
});

describe('forwarding', () => {
  it('sends each request once, as sent, over one reused upstream connection', async () => {
    stub = await startStubUpstream((recorded, res) => {
      replyJson(res, 201, { echo: recorded.body }, { 'set-cookie': ['a=1', 'b=2'], 'x-up': 'yes' });
    });
    proxy = createProxy(stub.url);
    const url = await proxy.listen();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (i: number) =>
      new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
        (resolve, reject) => {
          const req = request(
            `${url}/p/${i}?q=${i}`,
            {
              method: 'POST',
              agent,
              headers: { 'content-type': 'application/json', authorization: `Bearer t${i}` },
            },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => {
                resolve({
                  status: res.statusCode ?? 0,
                  body: Buffer.concat(chunks).toString('utf8'),
                  headers: res.headers,
                });
              });
            },
          );
          req.on('error', reject);
          req.end(JSON.stringify({ i }));
        },
      );
    for (let i = 0; i < 20; i++) {
      const res = await send(i);
      expect(res.status).toBe(201);
      expect(JSON.parse(res.body)).toEqual({ echo: JSON.stringify({ i }) });
      expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
      expect(res.headers['x-up']).toBe('yes');
    }
    agent.destroy();

    expect(stub.requests).toHaveLength(20);
    expect(stub.connections()).toBe(1);
    stub.requests.forEach((recorded, i) => {
      expect(recorded.method).toBe('POST');
      expect(recorded.path).toBe(`/p/${i}?q=${i}`);
      expect(recorded.body).toBe(JSON.stringify({ i }));
      expect(recorded.headers.authorization).toBe(`Bearer t${i}`);
      expect(recorded.headers.host).toBe(new URL(stub?.url ?? '').host);
    });
  });

  it('keeps hop-by-hop headers to its own connections', async () => {
    stub = await startStubUpstream((_recorded, res) => {
      replyJson(res, 200, {}, { 'keep-alive': 'timeout=1', 'x-up': 'yes' });
    });
    proxy = createProxy(stub.url);
    const res = await call(await proxy.listen(), 'GET', '/x', {
      headers: { 'proxy-authorization': 'Basic c2VjcmV0', te: 'trailers', 'x-mine': '1' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-up']).toBe('yes');
    expect(res.headers['keep-alive']).not.toBe('timeout=1');
    const [recorded] = stub.requests;
    expect(recorded?.headers['x-mine']).toBe('1');
    expect(recorded?.headers['proxy-authorization']).toBeUndefined();
    expect(recorded?.headers.te).toBeUndefined();
  });
});
