/**
 * The Cookie header a browser would send back after these Set-Cookie values: each cookie's
 * name=value, the cookies being deleted left out. For a second call on a session the same request
 * just made.
 */
export function sessionCookieOf(setCookie: readonly string[]): string | undefined {
  const pairs = setCookie.flatMap((value) => {
    const pair = value.split(';', 1)[0]?.trim() ?? '';
    const eq = pair.indexOf('=');
    return eq > 0 && pair.slice(eq + 1) !== '' ? [pair] : [];
  });
  return pairs.length === 0 ? undefined : pairs.join('; ');
}
