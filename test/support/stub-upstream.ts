import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in ThoughtSpot on 127.0.0.1:0, for what the emulator never does (a cookie on a failure,
 * an odd body) or does not show (the exact request the gateway sent).
 */

/** A request as the stand-in received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Header names and values as they came on the wire, alternating. */
  rawHeaders: string[];
  body: string;
}

export interface StubUpstream {
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** TCP connections accepted so far (keep-alive shows as fewer connections than requests). */
  connections(): number;
  /** Replaces how the next requests are answered. */
  answerWith(handler: StubHandler): void;
  close(): Promise<void>;
}

export type StubHandler = (request: RecordedRequest, res: ServerResponse) => void;

/** Answers `status` with `body` and an exact Content-Length. */
export function reply(
  res: ServerResponse,
  status: number,
  body = '',
  headers: OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Answers `status` with `json` as application/json. */
export function replyJson(
  res: ServerResponse,
  status: number,
  json: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  reply(res, status, JSON.stringify(json), { 'content-type': 'application/json', ...headers });
}

export async function startStubUpstream(handler: StubHandler): Promise<StubUpstream> {
  const requests: RecordedRequest[] = [];
  let answer = handler;
  const server = createServer({ keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      answer(recorded, res);
    });
  });
  let connections = 0;
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    answerWith(next) {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
