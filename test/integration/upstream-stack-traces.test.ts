import type { StubUpstream } from '../support/stub-upstream';
import { replyJson, startStubUpstream } from '../support/stub-upstream';
import { upstreamTo } from '../support/internals';

/**
 * src/thoughtspot/upstream.ts turns stack traces off while undici closes a connection after its one
 * call (the error it closes it with is never seen, and its stack cost ~7% of CPU). What runs after
 * the call, the resolvers and the gateway's own errors, must get them back: Error.stackTraceLimit
 * is restored before the caller's code continues, whether the connection is closed or reused.
 */

let stub: StubUpstream;
beforeAll(async () => {
  stub = await startStubUpstream((_request, res) => {
    replyJson(res, 200, { ok: true });
  });
});
afterAll(async () => {
  await stub.close();
});

describe.each([false, true])('reuseHttp1Connections %s', (reuseHttp1Connections) => {
  it('the caller continues with the stack trace limit it had, and errors get stacks', async () => {
    const upstream = upstreamTo(stub.url, { reuseHttp1Connections });
    const limit = Error.stackTraceLimit;
    try {
      for (let i = 0; i < 3; i++) {
        const answer = await upstream.call({ method: 'GET', path: '/session', headers: {} });
        expect(answer.status).toBe(200);
        expect(Error.stackTraceLimit).toBe(limit);
        expect(new Error('after the call').stack).toMatch(/\n\s+at /);
      }
      // And once the event loop has gone on (undici's close of the socket included).
      await new Promise((resolve) => setImmediate(resolve));
      expect(Error.stackTraceLimit).toBe(limit);
    } finally {
      await upstream.destroy();
    }
  });
});

it('calls in flight together each leave the limit as it was', async () => {
  const upstream = upstreamTo(stub.url);
  const limit = Error.stackTraceLimit;
  try {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        upstream.call({ method: 'GET', path: '/session', headers: {} }).then((answer) => {
          expect(Error.stackTraceLimit).toBe(limit);
          return answer.status;
        }),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 20 }, () => 200));
    await new Promise((resolve) => setImmediate(resolve));
    expect(Error.stackTraceLimit).toBe(limit);
  } finally {
    await upstream.destroy();
  }
});
