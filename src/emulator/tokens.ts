import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A token shaped like the documented ones (beta-behaviour.md §2): base64 of "<userName>:" followed by base64 of a
 * Shiro SHA-256 hash string. The salt and hash are random, so a token cannot be derived from
 * anything a caller knows.
 */
export function newToken(userName: string): string {
  const salt = randomBytes(16).toString('base64');
  const hash = randomBytes(32).toString('base64');
  const inner = Buffer.from(`$shiro1$SHA-256$500000$${salt}$${hash}`).toString('base64');
  return Buffer.from(`${userName}:${inner}`).toString('base64');
}

/** Compares secrets in constant time, so response timing says nothing about a near miss. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
