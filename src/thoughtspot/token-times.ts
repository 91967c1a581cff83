/**
 * The times of a SessionLoginResponse, which arrive as strings with "-1" for none (beta-behaviour §11.4, §11.5: docs/reference/beta-behaviour.md).
 * `tokenExpiryDuration` has two readings in the wild: the absolute expiry in epoch milliseconds (the
 * documented responses) or a duration in seconds (SPEC's description). A value below 10^11 cannot be
 * a date after 1973 in milliseconds, so it is read as seconds after creation.
 */

const SECONDS_BELOW = 1e11;

function integer(value: string): number | undefined {
  const trimmed = value.trim();
  if (!/^-?\d{1,16}$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return Number.isSafeInteger(n) ? n : undefined;
}

// DateTime is RFC 3339: four-digit years only. A later "expiry" is a lying upstream, not a date.
const LAST_RFC3339_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function date(ms: number): Date | null {
  return ms >= 0 && ms <= LAST_RFC3339_MS ? new Date(ms) : null;
}

/** Epoch milliseconds as a Date; null for "-1", anything negative or anything unreadable. */
export function createdAt(tokenCreatedTime: string): Date | null {
  const ms = integer(tokenCreatedTime);
  return ms === undefined || ms < 0 ? null : date(ms);
}

/** Either reading of tokenExpiryDuration as a Date; null for "-1" or when it cannot be placed in time. */
export function expiresAt(tokenCreatedTime: string, tokenExpiryDuration: string): Date | null {
  const n = integer(tokenExpiryDuration);
  if (n === undefined || n < 0) return null;
  if (n >= SECONDS_BELOW) return date(n);
  const created = createdAt(tokenCreatedTime);
  return created === null ? null : date(created.getTime() + n * 1000);
}
