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

  it('matches names exactly, case included', () => {
    expect(
      filterCookieHeader('jsessionid=1; CLIENTID=2; JSESSIONIDX=3; XJSESSIONID=4', NAMES),
    ).toBe(undefined);
  });

  it('keeps a repeated cookie every time it is sent', () => {
    expect(filterCookieHeader('JSESSIONID=old; JSESSIONID=new', NAMES)).toBe(
      'JSESSIONID=old; JSESSIONID=new',
    );
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
    ['a=b; Domain', 'a=b'],
  ])('removes Domain: %j', (value, expected) => {
    expect(rewriteSetCookie(value)).toBe(expected);
  });

  it('keeps a cookie that is itself named Domain', () => {
    expect(rewriteSetCookie('Domain=x; Path=/')).toBe('Domain=x; Path=/');
  });

  it.each([
    'JSESSIONID=j-1; Path=/; HttpOnly',
    'clientId=c-1; Path=/; Secure; HttpOnly',
    'JSESSIONID=j-1; Max-Age=604800; Path=/; HttpOnly',
    'JSESSIONID=; Max-Age=0; Path=/; HttpOnly',
    'clientId=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; Secure; HttpOnly',
    'a=b=c==; Path=/tspublic; SameSite=Strict; Partitioned',
    'a=b; samesite=lax; secure',
  ])('keeps everything else verbatim: %j', (value) => {
    expect(rewriteSetCookie(value)).toBe(value);
  });

  it('drops empty attributes', () => {
    expect(rewriteSetCookie('a=b; ; Path=/;')).toBe('a=b; Path=/');
  });

  it('replaces an existing SameSite, wherever it is and however it is written', () => {
    expect(rewriteSetCookie('a=b; SameSite=Strict; Path=/', { sameSite: 'Lax' })).toBe(
      'a=b; Path=/; SameSite=Lax',
    );
    expect(rewriteSetCookie('a=b; Path=/; samesite=none; Secure', { sameSite: 'Strict' })).toBe(
      'a=b; Path=/; Secure; SameSite=Strict',
    );
  });

  it('adds SameSite when there is none', () => {
    expect(rewriteSetCookie('a=b; Path=/; HttpOnly', { sameSite: 'Strict' })).toBe(
      'a=b; Path=/; HttpOnly; SameSite=Strict',
    );
  });

  it('SameSite=None adds Secure once', () => {
    expect(rewriteSetCookie('JSESSIONID=j; Path=/; HttpOnly', { sameSite: 'None' })).toBe(
      'JSESSIONID=j; Path=/; HttpOnly; SameSite=None; Secure',
    );
    expect(
      rewriteSetCookie('clientId=c; Path=/; Secure; HttpOnly; SameSite=Lax', { sameSite: 'None' }),
    ).toBe('clientId=c; Path=/; Secure; HttpOnly; SameSite=None');
    expect(rewriteSetCookie('c=d; secure', { sameSite: 'None' })).toBe(
      'c=d; secure; SameSite=None',
    );
  });

  it('Lax and Strict do not add Secure', () => {
    expect(rewriteSetCookie('a=b', { sameSite: 'Lax' })).toBe('a=b; SameSite=Lax');
    expect(rewriteSetCookie('a=b', { sameSite: 'Strict' })).toBe('a=b; SameSite=Strict');
  });

  it('removes Domain and overrides SameSite together', () => {
    expect(
      rewriteSetCookie(
        'JSESSIONID=j; Domain=ts.example.com; Expires=Wed, 21 Oct 2026 07:28:00 GMT; SameSite=Strict; HttpOnly',
        { sameSite: 'None' },
      ),
    ).toBe('JSESSIONID=j; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly; SameSite=None; Secure');
  });
});

describe('ResponseCookies', () => {
  it('starts empty', () => {
    expect(new ResponseCookies().values).toEqual([]);
  });

  it('keeps each value separately and in order, across calls, rewritten', () => {
    const cookies = new ResponseCookies();
    cookies.add([
      'JSESSIONID=j-1; Path=/; Domain=ts.example.com; HttpOnly',
      'clientId=c-1; Path=/; Secure; HttpOnly',
    ]);
    cookies.add([]);
    cookies.add(['JSESSIONID=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/']);
    expect(cookies.values).toEqual([
      'JSESSIONID=j-1; Path=/; HttpOnly',
      'clientId=c-1; Path=/; Secure; HttpOnly',
      'JSESSIONID=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
    ]);
  });

  it('applies its SameSite option to every value', () => {
    const cookies = new ResponseCookies({ sameSite: 'None' });
    cookies.add(['a=1; Path=/', 'b=2; Path=/; Secure; SameSite=Lax']);
    expect(cookies.values).toEqual([
      'a=1; Path=/; SameSite=None; Secure',
      'b=2; Path=/; Secure; SameSite=None',
    ]);
  });

  it('keeps the same cookie twice when it is set twice', () => {
    const cookies = new ResponseCookies();
    cookies.add(['a=1']);
    cookies.add(['a=1']);
    expect(cookies.values).toEqual(['a=1', 'a=1']);
  });
});
