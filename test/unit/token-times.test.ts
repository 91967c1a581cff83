import { createdAt, expiresAt } from '../../src/thoughtspot/token-times';

const CREATED = 1_700_000_000_000;
const MAX_DATE_MS = 8.64e15;

describe('createdAt', () => {
  it('reads epoch milliseconds', () => {
    expect(createdAt(String(CREATED))).toEqual(new Date(CREATED));
    expect(createdAt('0')).toEqual(new Date(0));
    expect(createdAt(` ${CREATED}\n`)).toEqual(new Date(CREATED));
  });

  it('"-1" is none', () => {
    expect(createdAt('-1')).toBeNull();
  });

  it.each([
    '-2',
    '-1700000000000',
    '',
    '   ',
    'abc',
    '1700000000000.5',
    '1.7e12',
    '0x10',
    '+1700000000000',
    '1_700_000_000_000',
    '1,700,000,000,000',
    'NaN',
    'Infinity',
    '12345678901234567', // 17 digits
    '9007199254740993', // beyond safe integers
    '9000000000000000', // safe, but beyond the last Date
    '--1',
    '1-1',
  ])('%j is null', (value) => {
    expect(createdAt(value)).toBeNull();
  });

  it('keeps dates RFC 3339 can write (four-digit years) and nothing later', () => {
    const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    expect(createdAt(String(last))).toEqual(new Date(last));
    expect(createdAt(String(last + 1))).toBeNull();
    expect(createdAt('8000000000000000')).toBeNull();
    expect(createdAt(String(MAX_DATE_MS))).toBeNull();
  });
});

describe('expiresAt', () => {
  it('reads an absolute epoch-ms expiry (the emulator and the documented responses)', () => {
    const expiry = CREATED + 24 * 3600 * 1000;
    expect(expiresAt(String(CREATED), String(expiry))).toEqual(new Date(expiry));
  });

  it('reads an epoch-ms expiry even without a creation time', () => {
    expect(expiresAt('-1', String(CREATED))).toEqual(new Date(CREATED));
    expect(expiresAt('garbage', String(CREATED))).toEqual(new Date(CREATED));
  });

  it('reads a value below 1e11 as seconds after creation', () => {
    expect(expiresAt(String(CREATED), '900')).toEqual(new Date(CREATED + 900_000));
    expect(expiresAt(String(CREATED), '86400')).toEqual(new Date(CREATED + 86_400_000));
    expect(expiresAt(String(CREATED), '0')).toEqual(new Date(CREATED));
    expect(expiresAt(String(CREATED), '99999999999')).toEqual(
      new Date(CREATED + 99_999_999_999_000),
    );
  });

  it('1e11 itself is epoch milliseconds', () => {
    expect(expiresAt(String(CREATED), '100000000000')).toEqual(new Date(1e11));
  });

  it('a duration with no creation time is null', () => {
    expect(expiresAt('-1', '900')).toBeNull();
    expect(expiresAt('', '900')).toBeNull();
    expect(expiresAt('abc', '900')).toBeNull();
  });

  it('"-1" is none, whatever the creation time', () => {
    expect(expiresAt('-1', '-1')).toBeNull();
    expect(expiresAt(String(CREATED), '-1')).toBeNull();
  });

  it.each([
    '-900',
    '',
    ' ',
    'never',
    '900.5',
    '9e2',
    '1700000086400000.0',
    '12345678901234567',
    '9007199254740993',
    '9000000000000000',
    'Infinity',
  ])('%j is null', (value) => {
    expect(expiresAt(String(CREATED), value)).toBeNull();
  });

  it('a duration that runs past the last Date is null', () => {
    expect(expiresAt(String(MAX_DATE_MS), '1')).toBeNull();
  });

  it('never throws', () => {
    const odd = ['\u0000', '\n', '-', '٣٤٥', '１２３', '1'.repeat(10_000), '-0', '{}', 'null'];
    for (const a of odd)
      for (const b of odd) {
        expect(() => expiresAt(a, b)).not.toThrow();
        expect(() => createdAt(a)).not.toThrow();
      }
    expect(expiresAt('٣٤٥', '٣٤٥')).toBeNull();
    expect(createdAt('1'.repeat(10_000))).toBeNull();
  });
});
