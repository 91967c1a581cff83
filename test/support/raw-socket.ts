import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { within } from './within';

/**
 * A bare TCP connection to a server, for what an HTTP client library would not do: stay silent,
 * trickle headers or a body, send `Expect: 100-continue`, or keep writing after the answer.
 */
export interface RawConnection {
  socket: Socket;
  /** Everything received so far, as latin1 text. */
  received(): string;
  /** Resolves once the connection has closed (either side, or reset), with ms since it opened. */
  closed: Promise<number>;
  /** Resolves with everything received once it matches `pattern`; rejects after `ms` or a close. */
  until(pattern: RegExp, ms?: number): Promise<string>;
  /** Writes, ignoring a write to a connection the server has closed. */
  write(data: string | Buffer): boolean;
}

/** Connects to `url`'s host and port. */
export async function openRaw(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const openedAt = performance.now();
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  // A reset (the server closing while data is unread) is one way of being closed.
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => {
    socket.once('close', () => {
      resolve(performance.now() - openedAt);
    });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    received: () => received,
    closed,
    until(pattern, ms = 5000) {
      return within(
        new Promise<string>((resolve, reject) => {
          const check = () => {
            if (!pattern.test(received)) return;
            socket.off('data', check);
            resolve(received);
          };
          socket.on('data', check);
          check();
          void closed.then(() => {
            if (pattern.test(received)) resolve(received);
            else reject(new Error(`closed before ${String(pattern)}; received ${received}`));
          });
        }),
        ms,
        `an answer matching ${String(pattern)}`,
      );
    },
    write: (data) => !socket.destroyed && socket.write(data),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
