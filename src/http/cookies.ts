import type { SameSite } from '../config';

/**
 * Cookies both ways, ThoughtSpot's own only (THOUGHTSPOT_COOKIE_NAMES). Inbound, the app's cookies
 * on the same site never reach ThoughtSpot, and a cookie that a browser would not have sent as one
 * well-formed pair (`JSESSIONID =x`, a value with a comma or a space) is not forwarded either: the
 * gateway and ThoughtSpot might read it differently. Outbound, ThoughtSpot (or anything in between)
 * may only set its own cookies on the gateway's origin, within bounds: `Domain` removed (it names
 * ThoughtSpot's host, which would make the browser drop the cookie), `Path=/` (one cookie per name,
 * which no other path can shadow), a lifetime of at most COOKIE_MAX_AGE_SECONDS, one Set-Cookie per
 * name per answer. Anything else is dropped, and counted (the metrics).
 */

// RFC 6265 §4.1.1: a cookie-name is an HTTP token; a cookie-value is cookie-octets, optionally in
// double quotes (no controls, whitespace, DQUOTE, comma, semicolon or backslash).
const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE =
  /^(?:[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*|"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*")$/;
// Browsers keep no cookie over 4096 bytes (name, value and attributes); longer is not a cookie.
const MAX_SET_COOKIE_BYTES = 4096;

/** `name=value` split at the first "=", when both halves are well formed. */
function pairOf(text: string): { name: string; value: string } | undefined {
  const eq = text.indexOf('=');
  if (eq <= 0) return undefined;
  const name = text.slice(0, eq);
  const value = text.slice(eq + 1);
  return NAME.test(name) && VALUE.test(value) ? { name, value } : undefined;
}

/**
 * The Cookie header reduced to the named cookies, each once (the first well-formed one: browsers
 * send the most specific path first, and ThoughtSpot reads the first), or undefined when none is.
 */
export function filterCookieHeader(
  header: string | undefined,
  names: readonly string[],
): string | undefined {
  if (header === undefined || header === '') return undefined;
  const kept = new Map<string, string>();
  for (const part of header.split(';')) {
    // The space after each ";" is the separator's, so it goes; none is allowed around the "=".
    const pair = pairOf(part.trim());
    if (pair !== undefined && names.includes(pair.name) && !kept.has(pair.name))
      kept.set(pair.name, `${pair.name}=${pair.value}`);
  }
  return kept.size === 0 ? undefined : [...kept.values()].join('; ');
}

/** Why an upstream Set-Cookie was not relayed: a fixed set, safe as a metric label. */
export type CookieDropReason =
  /** Not one of THOUGHTSPOT_COOKIE_NAMES. */
  | 'name'
  /** No well-formed `name=value` at its start. */
  | 'malformed'
  /** Over 4096 bytes. */
  | 'too_large'
  /** A later Set-Cookie of the same name, in the same answer, replaced it. */
  | 'duplicate';

export interface SetCookiePolicy {
  /** The only cookie names relayed. */
  names: readonly string[];
  /** The longest lifetime relayed; a longer Max-Age or Expires becomes `Max-Age=<this>`. */
  maxAgeSeconds: number;
  /** Replaces the SameSite attribute; None also adds Secure, which browsers require with it. */
  sameSite?: SameSite;
}

const attributeName = (attribute: string) => attribute.split('=', 1)[0]?.trim().toLowerCase();
const attributeValue = (attribute: string) => attribute.slice(attribute.indexOf('=') + 1).trim();

/**
 * The lifetime in seconds a browser would give the cookie (the last valid Max-Age wins over any
 * Expires; RFC 6265 §5.3), or undefined for a session cookie. Expires values Date cannot read are
 * removed from `attributes` first: what a browser's lenient date parser would make of them is
 * unknown, so they must not survive unchecked.
 */
function lifetimeOf(attributes: string[], now: number): number | undefined {
  let maxAge: number | undefined;
  let expires: number | undefined;
  for (let i = attributes.length - 1; i >= 0; i--) {
    const attribute = attributes[i] ?? '';
    const name = attributeName(attribute);
    const value = attributeValue(attribute);
    if (name === 'max-age' && maxAge === undefined && /^-?\d+$/.test(value)) maxAge = Number(value);
    if (name === 'expires') {
      const at = Date.parse(value);
      if (Number.isNaN(at)) attributes.splice(i, 1);
      else expires ??= (at - now) / 1000;
    }
  }
  return maxAge ?? expires;
}

/**
 * One upstream Set-Cookie value made right for the gateway's own origin, with its name, or why it is
 * dropped.
 */
export function rewriteSetCookie(
  value: string,
  policy: SetCookiePolicy,
  now = Date.now(),
): { name: string; cookie: string } | { dropped: CookieDropReason } {
  if (Buffer.byteLength(value) > MAX_SET_COOKIE_BYTES) return { dropped: 'too_large' };
  const [first = '', ...rest] = value.split(';');
  const pair = pairOf(first.trim());
  if (pair === undefined) return { dropped: 'malformed' };
  if (!policy.names.includes(pair.name)) return { dropped: 'name' };

  let kept = rest.map((a) => a.trim()).filter((a) => a !== '' && attributeName(a) !== 'domain');
  // Path=/ in the place of the first Path, kept as written when it already says "/".
  const pathAt = kept.findIndex((a) => attributeName(a) === 'path');
  const path = pathAt === -1 ? undefined : kept[pathAt];
  kept = kept.filter((a, i) => attributeName(a) !== 'path' || i === pathAt);
  if (path === undefined) kept.push('Path=/');
  else if (attributeValue(path) !== '/') kept[pathAt] = 'Path=/';

  const lifetime = lifetimeOf(kept, now);
  if (lifetime !== undefined && lifetime > policy.maxAgeSeconds) {
    kept = kept.filter((a) => attributeName(a) !== 'max-age' && attributeName(a) !== 'expires');
    kept.push(`Max-Age=${policy.maxAgeSeconds}`);
  }

  if (policy.sameSite !== undefined) {
    kept = kept.filter((a) => attributeName(a) !== 'samesite');
    kept.push(`SameSite=${policy.sameSite}`);
    if (policy.sameSite === 'None' && !kept.some((a) => attributeName(a) === 'secure'))
      kept.push('Secure');
  }
  return { name: pair.name, cookie: [`${pair.name}=${pair.value}`, ...kept].join('; ') };
}

export interface ResponseCookieOptions extends SetCookiePolicy {
  /** Told of every upstream Set-Cookie not relayed, and why. */
  onDropped?(reason: CookieDropReason): void;
}

/**
 * The Set-Cookie headers one GraphQL request will answer with, collected across its upstream calls:
 * at most one per cookie name, the last one set (a browser would keep only the last one anyway).
 */
export class ResponseCookies {
  private readonly byName = new Map<string, string>();

  constructor(private readonly options: ResponseCookieOptions) {}

  add(values: readonly string[]): void {
    for (const value of values) {
      const result = rewriteSetCookie(value, this.options);
      if ('dropped' in result) {
        this.options.onDropped?.(result.dropped);
        continue;
      }
      if (this.byName.delete(result.name)) this.options.onDropped?.('duplicate');
      this.byName.set(result.name, result.cookie);
    }
  }

  get values(): readonly string[] {
    return [...this.byName.values()];
  }
}
