import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorEnvelope, invalidParameter, ThoughtSpotError } from './errors';

/** Request reading and response writing shared by the endpoints and the control API. */

export const JSON_TYPE = 'application/json';
const JSON_CONTENT_TYPE = /^\s*application\/([\w.+-]*\+)?json\s*(;|$)/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a request body up to `limit` bytes; past it, rejects with ThoughtSpot's 413. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () =>
      new ThoughtSpotError(413, `The request body is larger than ${limit} bytes`);
    if (Number(req.headers['content-length']) > limit) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge());
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => {
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    req.on('error', reject);
  });
}

/**
 * The JSON value of a request body: an empty body is `{}` (every field of these operations is
 * optional at the wire level); anything that is not UTF-8 JSON is ThoughtSpot's 400, and a body
 * declared as something other than JSON is a 415.
 */
export function parseJsonBody(req: IncomingMessage, raw: Buffer): unknown {
  if (raw.length === 0) return {};
  const type = req.headers['content-type'];
  if (type !== undefined && !JSON_CONTENT_TYPE.test(type)) {
    throw new ThoughtSpotError(415, `Unsupported Content-Type ${type}: send application/json`);
  }
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw invalidParameter('Invalid parameter values: the request body is not valid UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidParameter('Invalid parameter values: the request body is not valid JSON');
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': JSON_TYPE,
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Every failure: HTTP 500 with the §11.1 envelope. */
export function sendError(
  res: ServerResponse,
  error: ThoughtSpotError,
  operation?: string,
  headers: Record<string, string | string[]> = {},
): void {
  sendJson(res, 500, errorEnvelope(error, operation), headers);
}
