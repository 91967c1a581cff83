import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export class BodyTooLarge extends Error {}
/**
 * Bytes that are not UTF-8: refused rather than decoded with replacement characters, which would
 * silently change a password or a variable on its way to ThoughtSpot.
 */
export class BodyNotUtf8 extends Error {}
/** The client stopped sending in the middle of the body for longer than the idle limit. */
export class BodyIdle extends Error {}
/** The client closed the connection before the body's end. */
export class BodyAborted extends Error {}

export interface BodyLimits {
  maxBytes: number;
  /** Longest silence between two chunks of the body (and before the first). */
  idleMs: number;
}

// Stateless between calls (no `stream` option), so one instance serves every request. The BOM is
// kept, as before: JSON.parse refuses it.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const declaredLength = (req: IncomingMessage) => Number(req.headers['content-length']);

const expectsContinue = (req: IncomingMessage) => /100-continue/i.test(req.headers.expect ?? '');

/** Whether the request carries a body at all (a length of 0 is none). */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || declaredLength(req) > 0;
}

/**
 * The request body, refusing to buffer more than `maxBytes` (checked first by Content-Length) or to
 * wait longer than `idleMs` for the next chunk. A client that sent `Expect: 100-continue` gets its
 * 100 only here, once the announced length is known to fit: the server's checkContinue listener
 * (src/http/clients.ts) holds Node's automatic one back, so an oversized body is refused before
 * the client sends a byte of it.
 */
export function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  limits: BodyLimits,
): Promise<string> {
  if (declaredLength(req) > limits.maxBytes) return Promise.reject(new BodyTooLarge());
  if (expectsContinue(req) && !res.headersSent) res.writeContinue();
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: Error | undefined) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
      if (error === undefined) {
        try {
          resolve(UTF8.decode(Buffer.concat(chunks, size)));
        } catch {
          reject(new BodyNotUtf8());
        }
        return;
      }
      // Reads no more; the answer says Connection: close, so Node ends the connection after it
      // (destroying the request now would lose the answer with it).
      req.pause();
      reject(error);
    };
    const timer = setTimeout(() => {
      finish(new BodyIdle());
    }, limits.idleMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) {
        finish(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
      timer.refresh();
    };
    const onEnd = () => {
      finish(undefined);
    };
    const onClose = () => {
      finish(new BodyAborted());
    };
    req.on('data', onData).once('end', onEnd).once('close', onClose).once('error', onClose);
  });
}

/** Ends the connection once what is written has gone out, reading nothing more from it. */
function closeAfterWrites(socket: Socket): void {
  if (socket.destroyed) return;
  socket.pause();
  if (socket.writableFinished) {
    socket.destroy();
    return;
  }
  socket.once('finish', () => socket.destroy());
  socket.end();
}

/**
 * A body no handler reads (a path other than GraphQL, OPTIONS, a refused method, a GET with a
 * body): read and dropped up to `maxBytes`, so a small one leaves the connection usable for the
 * next request; past that, or after `idleMs` of silence, nothing more is read and the connection
 * closes once the answer is out. Without it, Node would read and drop a body of any size after the
 * answer. Call it before answering, so that the answer can say Connection: close.
 */
export function discardBody(req: IncomingMessage, res: ServerResponse, limits: BodyLimits): void {
  if (!hasBody(req) || req.complete) return;
  const { socket } = req;
  let size = 0;
  const cut = () => {
    clearTimeout(timer);
    req.off('data', onData);
    req.pause();
    if (!res.headersSent) res.setHeader('connection', 'close');
    if (res.writableFinished) closeAfterWrites(socket);
    else res.once('finish', () => closeAfterWrites(socket));
  };
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > limits.maxBytes) cut();
    else timer.refresh();
  };
  const timer = setTimeout(cut, limits.idleMs);
  // A client waiting for a 100 that never comes sends its body or not: only a close is unambiguous.
  if (declaredLength(req) > limits.maxBytes || expectsContinue(req)) {
    cut();
    return;
  }
  req
    .on('data', onData)
    .once('end', () => clearTimeout(timer))
    .once('close', () => clearTimeout(timer));
}
