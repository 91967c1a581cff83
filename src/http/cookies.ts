import type { SameSite } from '../config';

/**
 * Cookies both ways. Inbound, only ThoughtSpot's own cookies are forwarded, so the app's cookies on
 * the same site never reach ThoughtSpot. Outbound, every Set-Cookie is relayed as its own header, with
 * `Domain` removed (it names ThoughtSpot's host, which would make the browser drop the cookie) and the
 * other attributes kept.
 */

/** The Cookie header reduced to the named cookies, or undefined when none of them is there. */
export function filterCookieHeader(
  header: string | undefined,
  names: readonly string[],
): string | undefined {
  if (header === undefined || header === '') return undefined;
  const kept = header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => {
      const eq = pair.indexOf('=');
      return eq > 0 && names.includes(pair.slice(0, eq).trim());
    });
  return kept.length === 0 ? undefined : kept.join('; ');
}

export interface SetCookieOptions {
  /** Replaces the SameSite attribute; None also adds Secure, which browsers require with it. */
  sameSite?: SameSite;
}

/** One upstream Set-Cookie value, made right for the gateway's own origin. */
export function rewriteSetCookie(value: string, options: SetCookieOptions = {}): string {
  const [pair = '', ...attributes] = value.split(';').map((part) => part.trim());
  const name = (attribute: string) => attribute.split('=', 1)[0]?.trim().toLowerCase();
  let kept = attributes.filter((a) => a !== '' && name(a) !== 'domain');
  if (options.sameSite !== undefined) {
    kept = kept.filter((a) => name(a) !== 'samesite');
    kept.push(`SameSite=${options.sameSite}`);
    if (options.sameSite === 'None' && !kept.some((a) => name(a) === 'secure')) kept.push('Secure');
  }
  return [pair, ...kept].join('; ');
}

/** The Set-Cookie headers one GraphQL request will answer with, collected across its upstream calls. */
export class ResponseCookies {
  private readonly collected: string[] = [];

  constructor(private readonly options: SetCookieOptions = {}) {}

  add(values: readonly string[]): void {
    for (const value of values) this.collected.push(rewriteSetCookie(value, this.options));
  }

  get values(): readonly string[] {
    return this.collected;
  }
}
