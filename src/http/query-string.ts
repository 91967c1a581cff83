/**
 * Whether a GET request's query string decodes: every `%` escape well formed and the bytes they
 * spell UTF-8. Apollo Server reads it with URLSearchParams, which would quietly turn bad bytes
 * into replacement characters; the caller gets a 400 instead, as for a body that is not UTF-8.
 */
export function isWellFormedQueryString(search: string): boolean {
  if (!search.includes('%')) return true;
  try {
    decodeURIComponent(search);
    return true;
  } catch {
    return false;
  }
}
