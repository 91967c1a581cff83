import pino from 'pino';

/**
 * What keeps credentials out of the log, whatever a log call is given. pino's own `redact` only
 * knows fixed paths; a credential can sit deeper (an error's cause, a header map inside a request
 * option) or inside a string (an error message quoting a variable, Apollo Server's own messages).
 * So every logged object is censored by key at any depth, and every string by shape.
 */

export const CENSORED = '[redacted]';

/** Keys whose values are credentials, compared case-insensitively. */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'password',
  'secretkey',
  'token',
]);

// Deeper than any object the gateway logs; past it, nothing is printed rather than something unread.
const MAX_DEPTH = 8;

/**
 * Credentials inside text, each kept up to where the secret starts:
 * - an auth scheme and its credentials: `Bearer eyJ...`, `Basic dXNlcjpwYXNz`;
 * - a header that holds credentials, its whole value: `cookie: JSESSIONID=...; clientId=...`,
 *   `authorization: Bearer ...`;
 * - a secret key with its value, as JSON, a JS or GraphQL literal or a query string writes it:
 *   `"password":"x"`, `password: "x"`, `{ token: 'x' }`, `secretKey=x`;
 * - ThoughtSpot's session cookies anywhere: `JSESSIONID=...`, `clientId=...`.
 */
const SECRET_TEXT = new RegExp(
  [
    String.raw`(\b(?:Bearer|Basic)\s+)[\w.~+/=-]+`,
    String.raw`(\b(?:set-cookie|cookie|proxy-authorization|authorization)["']?\s*[:=]\s*)(?:"(?:[^"\\]|\\.)*"|[^\r\n]+)`,
    String.raw`(\b(?:password|secretKey|token)["']?\s*[:=]\s*)(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;&}\])]+)`,
    String.raw`(\b(?:JSESSIONID|clientId)=)[^;\s,"']+`,
  ].join('|'),
  'gi',
);

/** `text` with every credential-shaped part censored. */
export function scrubText(text: string): string {
  return text.replace(
    SECRET_TEXT,
    (_match, scheme?: string, cookie?: string, key?: string, pair?: string) =>
      (scheme ?? cookie ?? key ?? pair ?? '') + CENSORED,
  );
}

/**
 * A copy of `value` with the values of credential keys censored at any depth, strings scrubbed,
 * and errors serialized first (as pino would) so that their message, stack and own properties
 * are censored too.
 */
export function censor(value: unknown): unknown {
  return censorValue(value, 0, new WeakSet());
}

function censorValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    return censorObject(value, depth, seen);
  } finally {
    // Only the path from the root counts: the same object twice side by side is no cycle.
    seen.delete(value);
  }
}

function censorObject(value: object, depth: number, seen: WeakSet<object>): unknown {
  if (value instanceof Error) return censorValue(pino.stdSerializers.err(value), depth, seen);
  if (Array.isArray(value)) return value.map((item) => censorValue(item, depth + 1, seen));
  // A Date, a Buffer, a URL: what JSON.stringify would print of it.
  const { toJSON } = value as { toJSON?: unknown };
  if (typeof toJSON === 'function') return censorValue(toJSON.call(value), depth + 1, seen);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    copy[key] = SECRET_KEYS.has(key.toLowerCase()) ? CENSORED : censorValue(item, depth + 1, seen);
  return copy;
}
