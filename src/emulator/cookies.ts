import type { SessionRecord } from './records';

/** The cookie names and attributes of beta-behaviour.md §11.3. */
export const SESSION_COOKIE = 'JSESSIONID';
export const CLIENT_COOKIE = 'clientId';
const REMEMBER_ME_SECONDS = 604800;
const EPOCH = 'Thu, 01 Jan 1970 00:00:00 GMT';

/** The two Set-Cookie values a login answers with, each to go in its own header. */
export function sessionCookies(session: SessionRecord): string[] {
  const persistent = session.rememberMe ? `; Max-Age=${REMEMBER_ME_SECONDS}` : '';
  return [
    `${SESSION_COOKIE}=${session.id}; Path=/${persistent}; HttpOnly`,
    `${CLIENT_COOKIE}=${session.clientId}; Path=/; Secure; HttpOnly`,
  ];
}

/** What logout answers with: both cookies expired. */
export function expiredCookies(): string[] {
  return [
    `${SESSION_COOKIE}=; Path=/; Max-Age=0; Expires=${EPOCH}; HttpOnly`,
    `${CLIENT_COOKIE}=; Path=/; Max-Age=0; Expires=${EPOCH}; Secure; HttpOnly`,
  ];
}

/** The value of one cookie in a Cookie header, or undefined. The first occurrence wins. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : value.replace(/^"(.*)"$/, '$1');
    }
  }
  return undefined;
}
