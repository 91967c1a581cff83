import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RawConnection } from '../support/raw-socket';
import { openRaw } from '../support/raw-socket';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';

/**
 * /healthz under a burst of CPU-heavy GraphQL requests (src/http/turns.ts): a probe that arrives
 * with the burst is answered before the burst's requests are worked through, not after all of
 * them. Asserted by the order in which the gateway finished its answers, not by time, so a busy
 * machine can make it neither pass nor fail.
 */

const BURST = 40;
/** Distinct (by name), valid, slow to validate (440 fields to merge), under every limit. */
function heavy(i: number): string {
  const body = JSON.stringify({
    query: `query Heavy${i} { ${Array.from({ length: 440 }, () => '__typename').join(' ')} }`,
  });
  return (
    'POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

describe('probes under load', () => {
  let tg: TestGateway;
  const open: RawConnection[] = [];

  beforeAll(async () => {
    tg = await startTestGateway();
  });
  afterAll(async () => {
    for (const connection of open.splice(0)) connection.socket.destroy();
    await tg.close();
  });

  it('answers /healthz before the burst of heavy documents that arrived with it', async () => {
    for (let i = 0; i <= BURST; i++) open.push(await openRaw(tg.url));
    const finished: string[] = [];
    tg.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      res.once('finish', () => finished.push(req.url ?? ''));
    });
    // All in one go, the probe last: the gateway reads them in one turn of its event loop.
    open.slice(0, BURST).forEach((c, i) => c.write(heavy(i)));
    const probe = open[BURST];
    probe?.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n');
    await Promise.all(open.map((c) => c.until(/\r\n\r\n\{"(data|status)":.*\}\n?$/, 30_000)));
    for (const c of open.slice(0, BURST)) expect(c.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);

    expect(finished).toHaveLength(BURST + 1);
    expect(finished.indexOf('/healthz')).toBeLessThan(BURST / 10);
  }, 60_000);
});
