import type { IncomingMessage } from 'node:http';

export class BodyTooLarge extends Error {}
/**
 * Bytes that are not UTF-8: refused rather than decoded with replacement characters, which would
 * silently change a password or a variable on its way to ThoughtSpot.
 */
export class BodyNotUtf8 extends Error {}

// Stateless between calls (no `stream` option), so one instance serves every request. The BOM is
// kept, as before: JSON.parse refuses it.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The request body, refusing to buffer more than `limit` bytes (checked early by Content-Length). */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  try {
    return UTF8.decode(Buffer.concat(chunks, size));
  } catch {
    throw new BodyNotUtf8();
  }
}
