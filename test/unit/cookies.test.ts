import type { CookieDropReason, SetCookiePolicy } from '../../src/http/cookies';
import { ResponseCookies, filterCookieHeader, rewriteSetCookie } from '../../src/http/cookies';

const NAMES = ['JSESSIONID', 'clientId'] as const;

describe('filterCookieHeader', () => {
  it('keeps only the configured cookies, in the order sent', () => {
    expect(
      filterCookieHeader(
        'app_session=s1; clientId=c-1; theme=dark; JSESSIONID=j-1; _ga=GA1.2',
        NAMES,
      ),
    ).toBe('clientId=c-1; JSESSIONID=j-1');
  });

  it('keeps values containing "=" whole', () => {
    expect(filterCookieHeader('JSESSIONID=a=b==; x=1; clientId==lead', NAMES)).toBe(
      'JSESSIONID=a=b==; clientId==lead',
    );
  });

  it('keeps a double-quoted value as sent', () => {
    expect(filterCookieHeader('JSESSIONID="j-1"', NAMES)).toBe('JSESSIONID="j-1"');
  });

  it('matches names exactly, case included', () => {
    expect(
      filterCookieHeader('jsessionid=1; CLIENTID=2; JSESSIONIDX=3; XJSESSIONID=4', NAMES),
    ).toBe(undefined);
  });

  it('forwards a repeated cookie once: the first one sent', () => {
    expect(filterCookieHeader('JSESSIONID=first; clientId=c; JSESSIONID=second', NAMES)).toBe(
      'JSESSIONID=first; clientId=c',
    );
  });

  it.each([
    ['a space before the "="', 'JSESSIONID =x'],
    ['a space after the "="', 'JSESSIONID= x'],
    ['a comma in the value', 'JSESSIONID=a,b'],
    ['a space in the value', 'JSESSIONID=a b'],
    ['a backslash in the value', 'JSESSIONID=a\\b'],
    ['a double quote inside the value', 'JSESSIONID=a"b'],
    ['an unbalanced quote', 'JSESSIONID="ab'],
    ['a control character', 'JSESSIONID=a\tb'],
    ['a byte over 0x7e', 'JSESSIONID=caf\u00e9'],
  ])('drops a pair with %s', (_what, pair) => {
    expect(filterCookieHeader(pair, NAMES)).toBeUndefined();
    expect(filterCookieHeader(`${pair}; clientId=c`, NAMES)).toBe('clientId=c');
  });

  it('forwards the first well-formed one when an earlier one of the name is malformed', () => {
    expect(filterCookieHeader('JSESSIONID=a,b; JSESSIONID=good', NAMES)).toBe('JSESSIONID=good');
  });

  it('normalizes the separators', () => {
    expect(filterCookieHeader('  JSESSIONID=j ;clientId=c;;  ', NAMES)).toBe(
      'JSESSIONID=j; clientId=c',
    );
  });

  it('keeps an empty value of a configured cookie', () => {
    expect(filterCookieHeader('JSESSIONID=; a=b', NAMES)).toBe('JSESSIONID=');
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['only app cookies', 'app_session=s1; csrftoken=abc'],
    ['a name without a value', 'JSESSIONID'],
    ['a value without a name', '=JSESSIONID'],
    ['only separators', ';;; ; '],
    ['a name inside a value', 'app=JSESSIONID=x'],
  ])('gives undefined for %s', (_what, header) => {
    expect(filterCookieHeader(header, NAMES)).toBeUndefined();
  });

  it('ignores malformed pairs among good ones', () => {
    expect(filterCookieHeader('JSESSIONID; =x; clientId=c; ; JSESSIONID=j', NAMES)).toBe(
      'clientId=c; JSESSIONID=j',
    );
  });

  it('forwards nothing when no name is configured', () => {
    expect(filterCookieHeader('JSESSIONID=j', [])).toBeUndefined();
  });

  it('uses the configured names, not the defaults', () => {
    expect(filterCookieHeader('JSESSIONID=j; TS_SESSION=t', ['TS_SESSION'])).toBe('TS_SESSION=t');
  });
});

const POLICY: SetCookiePolicy = {
  names: ['JSESSIONID', 'clientId', 'a', 'b', 'c', 'Domain'],
  maxAgeSeconds: 604_800,
};
const NOW = Date.parse('2026-12-01T12:00:00Z');
const cookie = (value: string, policy: Partial<SetCookiePolicy> = {}) => {
  const result = rewriteSetCookie(value, { ...POLICY, ...policy }, NOW);
  return 'cookie' in result ? result.cookie : result;
};

describe('rewriteSetCookie', () => {
  it.each([
    [
      'JSESSIONID=j-1; Path=/; Domain=acme.thoughtspot.cloud; HttpOnly',
      'JSESSIONID=j-1; Path=/; HttpOnly',
    ],
    [
      'clientId=c; domain=.thoughtspot.cloud; Path=/; Secure; HttpOnly',
      'clientId=c; Path=/; Secure; HttpOnly',
    ],
    ['a=b; Path=/; DOMAIN=x.example.com', 'a=b; Path=/'],
    ['a=b; Path=/;  DoMaIn = x.example.com ; HttpOnly', 'a=b; Path=/; HttpOnly'],
    ['a=b; Domain=one.example.com; Domain=two.example.com; Path=/', 'a=b; Path=/'],
    ['a=b; Path=/; Domain', 'a=b; Path=/'],
  ])('removes Domain: %j', (value, expected) => {
    expect(cookie(value)).toBe(expected);
  });

  it('keeps a cookie that is itself named Domain', () => {
    expect(cookie('Domain=x; Path=/')).toBe('Domain=x; Path=/');
  });

  it.each([
    'JSESSIONID=j-1; Path=/; HttpOnly',
    'clientId=c-1; Path=/; Secure; HttpOnly',
    'JSESSIONID=j-1; Max-Age=604800; Path=/; HttpOnly',
    'JSESSIONID=; Max-Age=0; Path=/; HttpOnly',
    'clientId=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; Secure; HttpOnly',
    'JSESSIONID=j; Expires=Wed, 02 Dec 2026 12:00:00 GMT; Path=/',
    'a=b=c==; Path=/; SameSite=Strict; Partitioned',
    'a=b; path=/; samesite=lax; secure',
  ])('keeps a cookie within bounds verbatim: %j', (value) => {
    expect(cookie(value)).toBe(value);
  });

  it('drops empty attributes', () => {
    expect(cookie('a=b; ; Path=/;')).toBe('a=b; Path=/');
  });

  it.each([
    ['a narrower Path', 'JSESSIONID=j; Path=/graphql; HttpOnly', 'JSESSIONID=j; Path=/; HttpOnly'],
    ['no Path', 'JSESSIONID=j; HttpOnly', 'JSESSIONID=j; HttpOnly; Path=/'],
    ['two Paths', 'a=b; Path=/; Path=/x', 'a=b; Path=/'],
    ['a Path without a value', 'a=b; Path', 'a=b; Path=/'],
  ])('gives %s Path=/', (_what, value, expected) => {
    expect(cookie(value)).toBe(expected);
  });

  it.each([
    ['a Max-Age over the cap', 'JSESSIONID=j; Path=/; Max-Age=999999999; HttpOnly'],
    [
      'an Expires past the cap',
      'JSESSIONID=j; Path=/; Expires=Fri, 31 Dec 9999 23:59:59 GMT; HttpOnly',
    ],
    [
      'both',
      'JSESSIONID=j; Path=/; Expires=Fri, 31 Dec 9999 23:59:59 GMT; Max-Age=999999999; HttpOnly',
    ],
    [
      'the last Max-Age over the cap',
      'JSESSIONID=j; Path=/; Max-Age=60; Max-Age=999999999; HttpOnly',
    ],
  ])('cuts %s to Max-Age=COOKIE_MAX_AGE_SECONDS', (_what, value) => {
    expect(cookie(value)).toBe('JSESSIONID=j; Path=/; HttpOnly; Max-Age=604800');
    expect(cookie(value, { maxAgeSeconds: 3600 })).toBe(
      'JSESSIONID=j; Path=/; HttpOnly; Max-Age=3600',
    );
  });

  it('a valid Max-Age within the cap wins over a far Expires, as in browsers', () => {
    const value = 'JSESSIONID=j; Path=/; Expires=Fri, 31 Dec 9999 23:59:59 GMT; Max-Age=60';
    expect(cookie(value)).toBe(value);
  });

  it('removes an Expires it cannot read, keeping the cookie a session cookie', () => {
    expect(cookie('JSESSIONID=j; Path=/; Expires=someday; HttpOnly')).toBe(
      'JSESSIONID=j; Path=/; HttpOnly',
    );
  });

  it.each<[string, string, CookieDropReason]>([
    ['another name', 'app_session=s; Path=/', 'name'],
    ['a __Host- cookie', '__Host-csrf=x; Path=/; Secure', 'name'],
    ['a name in another case', 'jsessionid=j; Path=/', 'name'],
    ['no "="', 'JSESSIONID; Path=/', 'malformed'],
    ['no name', '=j; Path=/', 'malformed'],
    ['a space before the "="', 'JSESSIONID =j; Path=/', 'malformed'],
    ['a comma in the value', 'JSESSIONID=a,b; Path=/', 'malformed'],
    ['a control character', 'JSESSIONID=a\u0001b; Path=/', 'malformed'],
    ['4097 bytes', `JSESSIONID=${'x'.repeat(4097 - 11)}`, 'too_large'],
  ])('drops %s', (_what, value, reason) => {
    expect(cookie(value)).toEqual({ dropped: reason });
  });

  it('keeps one of exactly 4096 bytes', () => {
    const value = `JSESSIONID=${'x'.repeat(4096 - 19)}; Path=/`;
    expect(cookie(value)).toBe(value);
  });

  it('replaces an existing SameSite, wherever it is and however it is written', () => {
    expect(cookie('a=b; SameSite=Strict; Path=/', { sameSite: 'Lax' })).toBe(
      'a=b; Path=/; SameSite=Lax',
    );
    expect(cookie('a=b; Path=/; samesite=none; Secure', { sameSite: 'Strict' })).toBe(
      'a=b; Path=/; Secure; SameSite=Strict',
    );
  });

  it('adds SameSite when there is none', () => {
    expect(cookie('a=b; Path=/; HttpOnly', { sameSite: 'Strict' })).toBe(
      'a=b; Path=/; HttpOnly; SameSite=Strict',
    );
  });

  it('SameSite=None adds Secure once', () => {
    expect(cookie('JSESSIONID=j; Path=/; HttpOnly', { sameSite: 'None' })).toBe(
      'JSESSIONID=j; Path=/; HttpOnly; SameSite=None; Secure',
    );
    expect(cookie('clientId=c; Path=/; Secure; HttpOnly; SameSite=Lax', { sameSite: 'None' })).toBe(
      'clientId=c; Path=/; Secure; HttpOnly; SameSite=None',
    );
    expect(cookie('c=d; Path=/; secure', { sameSite: 'None' })).toBe(
      'c=d; Path=/; secure; SameSite=None',
    );
  });

  it('Lax and Strict do not add Secure', () => {
    expect(cookie('a=b; Path=/', { sameSite: 'Lax' })).toBe('a=b; Path=/; SameSite=Lax');
    expect(cookie('a=b; Path=/', { sameSite: 'Strict' })).toBe('a=b; Path=/; SameSite=Strict');
  });

  it('removes Domain, bounds Path and lifetime and overrides SameSite together', () => {
    expect(
      cookie(
        'JSESSIONID=j; Domain=ts.example.com; Path=/x; Expires=Wed, 21 Oct 2099 07:28:00 GMT; SameSite=Strict; HttpOnly',
        { sameSite: 'None' },
      ),
    ).toBe('JSESSIONID=j; Path=/; HttpOnly; Max-Age=604800; SameSite=None; Secure');
  });
});

describe('ResponseCookies', () => {
  const collect = (options: Partial<SetCookiePolicy> = {}) => {
    const dropped: CookieDropReason[] = [];
    const cookies = new ResponseCookies({
      ...POLICY,
      ...options,
      onDropped: (reason) => dropped.push(reason),
    });
    return { cookies, dropped };
  };

  it('starts empty', () => {
    expect(collect().cookies.values).toEqual([]);
  });

  it('keeps each value separately, rewritten, one per name: the last one set, across calls', () => {
    const { cookies, dropped } = collect();
    cookies.add([
      'JSESSIONID=j-1; Path=/; Domain=ts.example.com; HttpOnly',
      'clientId=c-1; Path=/; Secure; HttpOnly',
    ]);
    cookies.add([]);
    cookies.add(['JSESSIONID=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/']);
    expect(cookies.values).toEqual([
      'clientId=c-1; Path=/; Secure; HttpOnly',
      'JSESSIONID=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
    ]);
    expect(dropped).toEqual(['duplicate']);
  });

  it('applies its SameSite option to every value', () => {
    const { cookies } = collect({ sameSite: 'None' });
    cookies.add(['a=1; Path=/', 'b=2; Path=/; Secure; SameSite=Lax']);
    expect(cookies.values).toEqual([
      'a=1; Path=/; SameSite=None; Secure',
      'b=2; Path=/; Secure; SameSite=None',
    ]);
  });

  it('relays at most one cookie per configured name however many come, and counts the rest', () => {
    const { cookies, dropped } = collect({ names: ['JSESSIONID', 'clientId'] });
    cookies.add([
      ...Array.from({ length: 300 }, (_, i) => `c${i}=x; Path=/`),
      ...Array.from({ length: 50 }, (_, i) => `JSESSIONID=j${i}; Path=/`),
      'clientId=c; Path=/',
    ]);
    expect(cookies.values).toEqual(['JSESSIONID=j49; Path=/', 'clientId=c; Path=/']);
    expect(dropped.filter((r) => r === 'name')).toHaveLength(300);
    expect(dropped.filter((r) => r === 'duplicate')).toHaveLength(49);
    expect(dropped).toHaveLength(349);
  });
});
