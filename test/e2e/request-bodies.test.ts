import type { Socket } from 'node:net';
import type { RawConnection } from '../support/raw-socket';
import { openRaw } from '../support/raw-socket';
import { within } from '../support/within';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';

/**
 * Request bodies on every path over real sockets (src/http/body.ts): a body nobody reads is read
 * no further than MAX_BODY_BYTES (a small one leaves the connection usable), and a client that
 * announces an oversized body with `Expect: 100-continue` gets its 413 without a 100 first.
 */

const MAX_BODY_BYTES = 4096;
/** What a body nobody reads may cost: the limit plus a few of Node's 64 KiB reads. */
const READ_BOUND = 1024 * 1024;
/** What the client offers: far more than the bound, so reading it all cannot pass. */
const OFFERED = 64 * 1024 * 1024;
const CHUNK = Buffer.alloc(256 * 1024, 'a');

const STATUS = /^HTTP\/1\.1 (\d{3}) /;

describe('request bodies', () => {
  let tg: TestGateway;
  const open: RawConnection[] = [];
  /** The gateway's side of the next connection, to count what it read. */
  const serverSide = () =>
    new Promise<Socket>((resolve) => {
      tg.server.once('connection', resolve);
    });
  const raw = async () => {
    const connection = await openRaw(tg.url);
    open.push(connection);
    return connection;
  };

  beforeAll(async () => {
    tg = await startTestGateway({ env: { MAX_BODY_BYTES: String(MAX_BODY_BYTES) } });
  });
  afterEach(() => {
    for (const connection of open.splice(0)) connection.socket.destroy();
  });
  afterAll(async () => {
    await tg.close();
  });

  /** Writes up to OFFERED bytes as fast as the connection takes them, until it closes. */
  async function flood(c: RawConnection, chunked: boolean): Promise<void> {
    for (let sent = 0; sent < OFFERED && !c.socket.destroyed; sent += CHUNK.length) {
      const data = chunked
        ? Buffer.concat([
            Buffer.from(`${CHUNK.length.toString(16)}\r\n`),
            CHUNK,
            Buffer.from('\r\n'),
          ])
        : CHUNK;
      if (!c.write(data))
        await new Promise((resolve) => {
          c.socket.once('drain', resolve);
          c.socket.once('close', resolve);
        });
    }
  }

  describe.each([
    ['POST', '/nowhere', 404, ''],
    ['PUT', '/graphql', 405, ''],
    ['DELETE', '/graphql', 405, ''],
    ['OPTIONS', '/graphql', 204, 'Access-Control-Request-Method: POST\r\n'],
    ['POST', '/healthz', 405, ''],
    ['GET', '/readyz', 200, ''],
    ['GET', '/graphql', 400, 'Apollo-Require-Preflight: true\r\n'],
  ])('%s %s (%d)', (method, path, status, extra) => {
    const head = (framing: string) =>
      `${method} ${path} HTTP/1.1\r\nHost: gateway\r\n${extra}${framing}\r\n`;

    it.each([
      ['by Content-Length', `Content-Length: ${OFFERED}\r\n`, false],
      ['chunked', 'Transfer-Encoding: chunked\r\n', true],
    ])(
      'reads no more than the limit of a huge body (%s), answers and closes',
      async (_, framing, chunked) => {
        const side = serverSide();
        const c = await raw();
        const socket = await side;
        c.write(head(framing));
        await flood(c, chunked);
        await within(c.closed, 5000, 'the close after the answer');
        expect(socket.bytesRead).toBeLessThan(READ_BOUND);
        expect(STATUS.exec(c.received())?.[1]).toBe(String(status));
      },
    );

    it('reads a small body to its end and serves the next request on the connection', async () => {
      const c = await raw();
      c.write(`${head('Content-Length: 100\r\n')}${'x'.repeat(100)}`);
      c.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n');
      const answers = await c.until(/\{"status":"ok"\}$/);
      expect(STATUS.exec(answers)?.[1]).toBe(String(status));
      expect(c.socket.destroyed).toBe(false);
    });
  });

  describe('Expect: 100-continue', () => {
    const body = JSON.stringify({ query: '{ __typename }' });

    it('over the limit: 413 at once, no 100 Continue, and the connection closes', async () => {
      const c = await raw();
      c.write(
        'POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n' +
          `Content-Length: ${MAX_BODY_BYTES + 1}\r\nExpect: 100-continue\r\n\r\n`,
      );
      await c.closed;
      const answer = c.received();
      expect(answer).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
      expect(answer).not.toContain('100 Continue');
      expect(answer).toMatch(/\r\nConnection: close\r\n/i);
      expect(answer).toContain('"code":"PAYLOAD_TOO_LARGE"');
    });

    it('within the limit: 100 Continue, then the answer', async () => {
      const c = await raw();
      c.write(
        'POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n' +
          `Content-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
      );
      await c.until(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
      c.write(body);
      const answer = await c.until(/\{"data":\{"__typename":"Query"\}\}\n$/);
      expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    });

    it('on a path that reads no body: the answer, no 100 Continue, and a close', async () => {
      const c = await raw();
      c.write(
        'POST /nowhere HTTP/1.1\r\nHost: gateway\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n',
      );
      await c.closed;
      const answer = c.received();
      expect(answer).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
      expect(answer).not.toContain('100 Continue');
    });
  });
});
