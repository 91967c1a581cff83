import type { Socket } from 'node:net';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import { call } from '../support/http';
import type { RawRequest, RawUpstream } from '../support/raw-upstream';
import { rawResponse, startRawUpstream } from '../support/raw-upstream';

/**
 * An upstream (or a proxy in front of it) that sends a response nobody asked for. Over a reused
 * HTTP/1.1 connection, the stray bytes would be read as the answer to the next request sent on it,
 * and every answer after it would reach the caller after the one it was meant for: another caller's
 * session and JSESSIONID. Each caller here is told apart by its bearer token; whatever the upstream
 * sends, a caller may only ever see its own session and cookie.
 */

const CALLERS = 16;
// The answer comes ANSWER_MS after its request; the stray copy STRAY_MS after the answer, while the
// next caller's request (sent as soon as the connection is free) waits for its own answer.
const ANSWER_MS = 60;
const STRAY_MS = 20;

function sessionOf(request: RawRequest): string {
  const caller = /^Bearer caller-(\d+)$/.exec(request.headers.authorization ?? '')?.[1] ?? 'none';
  return rawResponse(
    200,
    JSON.stringify({ userGUID: `guid-${caller}`, userName: `user-${caller}` }),
    [['Set-Cookie', `JSESSIONID=sess-${caller}; Path=/; HttpOnly`]],
  );
}

let upstream: RawUpstream;
let g: TestGateway;

// A new upstream and gateway for each test: answers still on their way from one cannot reach the next.
beforeEach(async () => {
  upstream = await startRawUpstream(() => undefined);
  // One connection per endpoint: every caller's call queues for the same socket, as under load.
  g = await startTestGateway({
    thoughtspotUrl: upstream.url,
    env: { UPSTREAM_CONNECTIONS: '1', UPSTREAM_TIMEOUT_MS: '10000' },
  });
});

afterEach(async () => {
  await g.close();
  await upstream.close();
});

async function callersSee(): Promise<{ caller: number; userName: unknown; setCookie: string[] }[]> {
  return Promise.all(
    Array.from({ length: CALLERS }, async (_, caller) => {
      const res = await call(g.url, 'POST', '/graphql', {
        json: { query: '{ session { userName } }' },
        bearer: `caller-${caller}`,
      });
      const body = res.json as { data?: { session?: { userName?: unknown } } } | undefined;
      return { caller, userName: body?.data?.session?.userName, setCookie: res.setCookie };
    }),
  );
}

it.each([
  [
    'a copy of the first answer on each connection, sent late',
    (request: RawRequest, socket: Socket) => {
      const answer = sessionOf(request);
      setTimeout(() => {
        socket.write(answer);
        if (request.onConnection === 1) setTimeout(() => socket.write(answer), STRAY_MS);
      }, ANSWER_MS);
    },
  ],
  // undici already refuses bytes that come when no request is waiting: it closes the connection.
  [
    'a copy of every answer, in the same write',
    (request: RawRequest, socket: Socket) => {
      const answer = sessionOf(request);
      setTimeout(() => socket.write(answer + answer), ANSWER_MS);
    },
  ],
])('%s: every caller sees its own session and cookie, never another’s', async (_what, answer) => {
  upstream.answerWith(answer);
  const seen = await callersSee();
  // Every caller that saw anything but its own, listed, so a failure shows how far it spread.
  const wrong = seen.filter(
    ({ caller, userName, setCookie }) =>
      userName !== `user-${caller}` ||
      setCookie.length !== 1 ||
      setCookie[0] !== `JSESSIONID=sess-${caller}; Path=/; HttpOnly`,
  );
  expect(wrong).toEqual([]);
  expect(seen).toHaveLength(CALLERS);
});
