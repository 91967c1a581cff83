import { requestIdFrom } from '../../src/http/request-id';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it.each([
    'abc-123',
    '3f2b8c1e-5d4a-4b7e-9c2d-1a0b3c4d5e6f',
    'Root=1-67891233-abcdef012345678912345678',
    'a.b:c@d/e+f=g_h',
    'x',
    'a'.repeat(128),
  ])('echoes the acceptable id %j', (id) => {
    expect(requestIdFrom(id)).toBe(id);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['a space', 'abc def'],
    ['a leading space', ' abc'],
    ['a header injection (CRLF)', 'abc\r\nSet-Cookie: JSESSIONID=evil'],
    ['a newline (log forging)', 'abc\nlevel=error msg=forged'],
    ['a tab', 'abc\tdef'],
    ['a NUL', 'abc\u0000'],
    ['too long', 'a'.repeat(129)],
    ['very long', 'a'.repeat(100_000)],
    ['non-ASCII', 'ïd-1'],
    ['quotes', '"abc"'],
    ['a comma (two joined headers)', 'abc, def'],
    ['angle brackets', '<script>'],
    ['a semicolon', 'a;b'],
  ])('gives a fresh UUID for an id that is %s', (_what, id) => {
    const out = requestIdFrom(id);
    expect(out).toMatch(UUID_V4);
    expect(out).not.toBe(id);
  });

  it('gives a different id each time', () => {
    const ids = new Set(Array.from({ length: 50 }, () => requestIdFrom(undefined)));
    expect(ids.size).toBe(50);
  });

  it('takes the first of several header values, when it is acceptable', () => {
    expect(requestIdFrom(['first-id', 'second-id'])).toBe('first-id');
  });

  it.each([
    ['an empty array', []],
    ['a bad first value', ['bad id', 'good-id']],
    ['an empty first value', ['', 'good-id']],
  ])('gives a fresh UUID for %s', (_what, header) => {
    expect(requestIdFrom(header)).toMatch(UUID_V4);
  });
});
