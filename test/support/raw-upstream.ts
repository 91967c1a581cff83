import type { AddressInfo, Socket } from 'node:net';
import { createServer } from 'node:net';

/**
 * A stand-in ThoughtSpot that speaks HTTP/1.1 by hand over a raw TCP server, for answers Node's own
 * HTTP server would refuse to write: broken header bytes, a bare LF, responses nobody asked for.
 * It reads each request (headers, then a Content-Length body) and lets the test write any bytes.
 */

export interface RawRequest {
  method: string;
  path: string;
  /** Header names lower-cased; the last value of a repeated header wins. */
  headers: Record<string, string>;
  body: string;
  /** Which request this is on its connection, from 1. */
  onConnection: number;
}

/** Answers one request by writing to the socket whatever it likes, now or later. */
export type RawHandler = (request: RawRequest, socket: Socket) => void;

export interface RawUpstream {
  url: string;
  /** TCP connections accepted so far. */
  connections(): number;
  /** Every request read, in order. */
  requests: RawRequest[];
  answerWith(handler: RawHandler): void;
  close(): Promise<void>;
}

/** A complete HTTP/1.1 response with an exact Content-Length and keep-alive. */
export function rawResponse(
  status: number,
  body: string,
  headers: readonly (readonly [string, string])[] = [],
): string {
  const lines = [
    `HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Status'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: keep-alive',
    ...headers.map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

const HEAD_END = '\r\n\r\n';

export async function startRawUpstream(handler: RawHandler): Promise<RawUpstream> {
  let answer = handler;
  let connections = 0;
  const requests: RawRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // The gateway hangs up on answers it refuses: that is the point, not an error of the test.
    socket.on('error', () => undefined);
    let buffered = '';
    let onConnection = 0;
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (;;) {
        const end = buffered.indexOf(HEAD_END);
        if (end === -1) return;
        const [start = '', ...lines] = buffered.slice(0, end).split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of lines) {
          const colon = line.indexOf(':');
          headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        const length = Number(headers['content-length'] ?? '0');
        if (buffered.length < end + HEAD_END.length + length) return;
        const body = buffered.slice(end + HEAD_END.length, end + HEAD_END.length + length);
        buffered = buffered.slice(end + HEAD_END.length + length);
        const [method = '', path = ''] = start.split(' ');
        const request = { method, path, headers, body, onConnection: ++onConnection };
        requests.push(request);
        answer(request, socket);
      }
    });
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    requests,
    answerWith(next) {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
