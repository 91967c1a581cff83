import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import { call } from '../support/http';
import type { RawUpstream } from '../support/raw-upstream';
import { rawResponse, startRawUpstream } from '../support/raw-upstream';

/**
 * Answers that are not HTTP, written byte by byte by a raw TCP server: each is an upstream failure
 * with an UPSTREAM_* code and a warning that names undici's error code, and no log line holds any
 * of the upstream's bytes (undici's parser errors carry the bytes that follow the error). A body
 * nested deeper than the JSON bound is an upstream that lied: UPSTREAM_ERROR.
 */

// Upstream bytes after the point where each answer breaks: none may reach a log line or the caller.
const SECRET_HEADER = 'x-upstream-secret: header-bytes-5c1d';
const SECRET_BODY = JSON.stringify({ userGUID: 'g', userName: 'body-bytes-8e2a' });
const LEAKS = ['header-bytes-5c1d', 'body-bytes-8e2a', 'x-upstream-secret'];

let upstream: RawUpstream;
let g: TestGateway;

beforeAll(async () => {
  upstream = await startRawUpstream(() => undefined);
  g = await startTestGateway({ thoughtspotUrl: upstream.url });
});
afterAll(async () => {
  await g.close();
  await upstream.close();
});

interface ErrorBody {
  message: string;
  extensions: { code: string; requestId: string; upstream?: unknown };
}

async function failure(query: string): Promise<ErrorBody> {
  const res = await call(g.url, 'POST', '/graphql', { json: { query } });
  expect(res.status).toBe(200);
  const errors = (res.json as { errors?: ErrorBody[] } | undefined)?.errors;
  expect(errors).toHaveLength(1);
  const error = errors?.[0];
  if (error === undefined) throw new Error(`no error in ${res.text}`);
  for (const leak of LEAKS) expect(res.text).not.toContain(leak);
  return error;
}

/** The log lines of one request: exactly one warning that says why, no error line, no bytes. */
function expectLogged(requestId: string, detail: RegExp | string): void {
  const lines = g.logs.filter((entry) => entry.requestId === requestId);
  expect(lines.filter((entry) => (entry.level as number) >= 50)).toEqual([]);
  const failures = lines.filter(
    (entry) => typeof entry.msg === 'string' && entry.msg.startsWith('upstream failure'),
  );
  expect(failures).toHaveLength(1);
  expect(failures[0]?.level).toBe(40);
  if (typeof detail === 'string') expect(failures[0]?.msg).toBe(`upstream failure: ${detail}`);
  else expect(failures[0]?.msg).toMatch(detail);
  const raw = g.rawLogs();
  for (const leak of LEAKS) expect(raw).not.toContain(leak);
}

const answer = (bytes: string) =>
  upstream.answerWith((_request, socket) => {
    socket.write(bytes);
  });

describe('an answer that is not HTTP: UPSTREAM_UNAVAILABLE, its code logged, none of its bytes', () => {
  it.each([
    [
      'a control character in a header value',
      `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Bad: a\x01b\r\n${SECRET_HEADER}\r\nContent-Length: ${SECRET_BODY.length}\r\n\r\n${SECRET_BODY}`,
    ],
    [
      'an obs-fold (a header continued on the next line)',
      `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Folded: a\r\n b\r\n${SECRET_HEADER}\r\nContent-Length: ${SECRET_BODY.length}\r\n\r\n${SECRET_BODY}`,
    ],
    [
      'a bare LF ending the header lines',
      `HTTP/1.1 200 OK\nContent-Type: application/json\n${SECRET_HEADER}\nContent-Length: ${SECRET_BODY.length}\n\n${SECRET_BODY}`,
    ],
    [
      'a status line that is not HTTP',
      `HTTX/1.1 200 OK\r\n${SECRET_HEADER}\r\nContent-Length: ${SECRET_BODY.length}\r\n\r\n${SECRET_BODY}`,
    ],
    [
      'headers over 16 KiB',
      `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Pad: ${'p'.repeat(17 * 1024)}\r\n${SECRET_HEADER}\r\nContent-Length: ${SECRET_BODY.length}\r\n\r\n${SECRET_BODY}`,
    ],
  ])('%s', async (_what, bytes) => {
    answer(bytes);
    const error = await failure('{ session { userName } }');
    expect(error.message).toBe('ThoughtSpot could not be reached.');
    expect(error.extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      requestId: error.extensions.requestId,
    });
    expectLogged(
      error.extensions.requestId,
      /^upstream failure: (HTTPParserError \([\w ,./'-]+\)|UND_ERR_HEADERS_OVERFLOW)$/,
    );
  });
});

describe('a session body nested deep, selected through raw', () => {
  const nested = (depth: number) =>
    // The object itself is the first level.
    `{"userGUID":"g","userName":"u","deep":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

  it('10,000 levels: UPSTREAM_ERROR, upstream status 200, logged as a warning', async () => {
    answer(rawResponse(200, nested(10_000)));
    const error = await failure('{ session { raw } }');
    expect(error.message).toBe('ThoughtSpot returned an unexpected response.');
    expect(error.extensions).toEqual({
      code: 'UPSTREAM_ERROR',
      requestId: error.extensions.requestId,
      upstream: { status: 200 },
    });
    expectLogged(error.extensions.requestId, 'the body is nested deeper than 64 levels');
  });

  it('64 levels, the bound, is answered whole; brackets inside strings do not count', async () => {
    const body = nested(64).replace('"u"', `"${'[{'.repeat(100)}"`);
    answer(rawResponse(200, body));
    const res = await call(g.url, 'POST', '/graphql', { json: { query: '{ session { raw } }' } });
    expect(res.json).toEqual({ data: { session: { raw: JSON.parse(body) as unknown } } });
    answer(rawResponse(200, nested(65)));
    const error = await failure('{ session { raw } }');
    expect(error.extensions.code).toBe('UPSTREAM_ERROR');
  });
});
