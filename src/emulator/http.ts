import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Endpoint } from '../contract';
import {
  errorEnvelope,
  invalidParameter,
  ThoughtSpotError,
  v1ErrorEnvelope,
  v2ErrorEnvelope,
} from './errors';

/** Request reading and response writing shared by the endpoints and the control API. */

export const JSON_TYPE = 'application/json';
const JSON_CONTENT_TYPE = /^\s*application\/([\w.+-]*\+)?json\s*(;|$)/i;
const FORM_CONTENT_TYPE = /^\s*application\/x-www-form-urlencoded\s*(;|$)/i;
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
export function parseJsonRequest(req: IncomingMessage, raw: Buffer): unknown {
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

/**
 * The fields of an HTML form body (the v1 org switch). Unlike JSON, a form must say it is one: any
 * other Content-Type, or none with a body, is a 415.
 */
export function parseFormBody(req: IncomingMessage, raw: Buffer): URLSearchParams {
  if (raw.length === 0) return new URLSearchParams();
  const type = req.headers['content-type'];
  if (type === undefined || !FORM_CONTENT_TYPE.test(type)) {
    throw new ThoughtSpotError(
      415,
      `Unsupported Content-Type ${type ?? '(none)'}: send application/x-www-form-urlencoded`,
    );
  }
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw invalidParameter('Invalid parameter values: the request body is not valid UTF-8');
  }
  return new URLSearchParams(text);
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

/** An answer without a body: v2.0's 204. */
export function sendEmpty(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | string[]> = {},
): void {
  res.writeHead(status, headers);
  res.end();
}

/**
 * A failure, as the family of the path fails: the beta with HTTP 500 and the status inside the
 * envelope (beta-behaviour.md §11.1), `path` naming the GraphQL field of the operation; v2.0 with
 * the real status and the OpenAPI's flat envelope (rest-2.0-auth.md §9.1); v1 likewise, `debug` a
 * JSON-encoded array.
 */
export function errorReply(
  family: Endpoint['family'],
  error: ThoughtSpotError,
  graphqlField?: string,
): { status: number; body: unknown } {
  switch (family) {
    case 'beta':
      return { status: 500, body: errorEnvelope(error, graphqlField) };
    case '2.0':
      return { status: error.status, body: v2ErrorEnvelope(error) };
    case 'v1':
      return { status: error.status, body: v1ErrorEnvelope(error) };
  }
}

export function sendError(
  res: ServerResponse,
  family: Endpoint['family'],
  error: ThoughtSpotError,
  graphqlField?: string,
  headers: Record<string, string | string[]> = {},
): void {
  const { status, body } = errorReply(family, error, graphqlField);
  sendJson(res, status, body, headers);
}
