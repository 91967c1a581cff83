import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Upstream } from '../support/internals';
import { upstreamTo } from '../support/internals';

/**
 * The transport to a cluster over TLS (test/support/tls: a throw-away certificate for localhost,
 * trusted through the `ca` option). Where the cluster offers HTTP/2 (ALPN), calls share its
 * connections, each answer tied to its request by the stream it comes on; where it offers only
 * HTTP/1.1, each call has a connection of its own, as over plain HTTP.
 */

const TLS = join(__dirname, '..', 'support', 'tls');
const key = readFileSync(join(TLS, 'localhost-key.pem'), 'utf8');
const cert = readFileSync(join(TLS, 'localhost-cert.pem'), 'utf8');
const CALLERS = 16;

interface Seen {
  httpVersion: string;
  connection: string | undefined;
}

type Handler = (
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse,
) => void;

/** Answers each caller with its own name and cookie, a little later (so calls overlap). */
function answerer(seen: Seen[]): Handler {
  return (req, res) => {
    const caller = (req.headers.authorization ?? '').replace('Bearer ', '');
    seen.push({ httpVersion: req.httpVersion, connection: req.headers.connection });
    const body = JSON.stringify({ userGUID: caller, userName: caller });
    setTimeout(() => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'set-cookie': [`JSESSIONID=${caller}; Path=/`],
      });
      res.end(body);
    }, 20);
  };
}

async function callAll(upstream: Upstream): Promise<void> {
  const answers = await Promise.all(
    Array.from({ length: CALLERS }, (_, i) =>
      upstream.call({
        method: 'GET',
        path: '/tspublic/rest/v2/session',
        headers: { authorization: `Bearer caller-${i}` },
      }),
    ),
  );
  answers.forEach((answer, i) => {
    expect({ status: answer.status, body: answer.body, setCookie: answer.setCookie }).toEqual({
      status: 200,
      body: JSON.stringify({ userGUID: `caller-${i}`, userName: `caller-${i}` }),
      setCookie: [`JSESSIONID=caller-${i}; Path=/`],
    });
  });
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function listen(
  server: ReturnType<typeof createSecureServer> | ReturnType<typeof createHttpsServer>,
): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  server.on('secureConnection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  );
  return {
    url: `https://localhost:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
  };
}

function upstreamFor(url: string): Upstream {
  const upstream = upstreamTo(url, { ca: cert });
  closers.push(() => upstream.destroy());
  return upstream;
}

it('speaks HTTP/2 where the cluster offers it: concurrent calls share a connection, each gets its own answer', async () => {
  const seen: Seen[] = [];
  const server = createSecureServer({ key, cert, allowHTTP1: true }, answerer(seen));
  // Sessions, not only sockets, end with the server: an HTTP/2 session outlives server.close().
  const sessions = new Set<{ destroy(): void }>();
  server.on('session', (session) => sessions.add(session));
  closers.push(() => {
    for (const session of sessions) session.destroy();
    return Promise.resolve();
  });
  const { url, connections } = await listen(server);
  const upstream = upstreamFor(url);
  // One call opens the connection; then all the callers' calls go over it at once, as streams.
  await upstream.call({ method: 'GET', path: '/tspublic/rest/v2/session', headers: {} });
  await callAll(upstream);
  await callAll(upstream);
  expect(seen.map((s) => s.httpVersion)).toEqual(Array(1 + 2 * CALLERS).fill('2.0'));
  expect(connections()).toBe(1);
});

it('falls back to one call per connection where the cluster offers only HTTP/1.1', async () => {
  const seen: Seen[] = [];
  const server = createHttpsServer({ key, cert }, answerer(seen));
  const { url, connections } = await listen(server);
  await callAll(upstreamFor(url));
  expect(seen).toEqual(Array(CALLERS).fill({ httpVersion: '1.1', connection: 'close' }));
  expect(connections()).toBe(CALLERS);
});
