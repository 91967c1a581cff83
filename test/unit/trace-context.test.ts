import { MAX_TRACESTATE_LENGTH, traceContextFrom } from '../../src/http/trace-context';

/** Which caller trace contexts go on to ThoughtSpot: only well-formed ones, unchanged. */

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('traceparent', () => {
  it.each([
    VALID,
    '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
    '00-00000000000000000000000000000001-0000000000000001-ff',
  ])('passes %j on unchanged', (traceparent) => {
    expect(traceContextFrom(traceparent, undefined)).toEqual({ traceparent });
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['upper-case hex', VALID.toUpperCase()],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['another version', '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['version 00 with more fields', `${VALID}-extra`],
    ['a short trace id', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
    ['a long parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b70-01'],
    ['a one-digit flag', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1'],
    ['non-hex', '00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01'],
    ['underscores', '00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01'],
    ['a repeated header, as Node joins it', `${VALID}, ${VALID}`],
    ['a header injection attempt', `${VALID}\r\nauthorization: Bearer x`],
    ['an array', [VALID, VALID]],
  ])('refuses %s', (_what, traceparent) => {
    expect(traceContextFrom(traceparent, 'vendor=value')).toBeUndefined();
  });
});

describe('tracestate', () => {
  const stateOf = (tracestate: string | string[] | undefined) =>
    traceContextFrom(VALID, tracestate)?.tracestate;

  it.each([
    ['rojo=00f067aa0ba902b7', 'rojo=00f067aa0ba902b7'],
    ['rojo=00f067aa0ba902b7,congo=t61rcWkgMzE', 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE'],
    ['rojo=1 , congo=2', 'rojo=1,congo=2'],
    ['rojo=1,,congo=2', 'rojo=1,congo=2'],
    ['tenant1@vendor=x', 'tenant1@vendor=x'],
    ['a*b/c-d_e=value with spaces', 'a*b/c-d_e=value with spaces'],
  ])('passes %j on as %j', (value, expected) => {
    expect(stateOf(value)).toBe(expected);
  });

  it('joins repeated headers into one list, as the spec says', () => {
    expect(stateOf(['rojo=1', 'congo=2'])).toBe('rojo=1,congo=2');
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['a key with upper case', 'Rojo=1'],
    ['a key starting with a digit', '1rojo=1'],
    ['a key over 256 characters', `k${'x'.repeat(256)}=v`],
    ['a value over 256 characters', `k=${'x'.repeat(257)}`],
    ['a value with "="', 'rojo=a=b'],
    ['an empty value', 'rojo='],
    ['no "="', 'rojo'],
    ['a control character', 'rojo=a\u0001b'],
    ['a non-ASCII value', 'rojo=caf\u00e9'],
    ['a repeated key', 'rojo=1,rojo=2'],
    ['more than 32 members', Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(',')],
    ['more than 512 characters', `a=${'x'.repeat(255)},b=${'y'.repeat(255)}`],
  ])('is dropped when %s (the traceparent still goes)', (_what, value) => {
    const context = traceContextFrom(VALID, value);
    expect(context).toEqual({ traceparent: VALID });
  });

  it('keeps a list of exactly 32 members and exactly the length limit', () => {
    const members = Array.from({ length: 32 }, (_, i) => `k${i}=v`).join(',');
    expect(stateOf(members)).toBe(members);
    const atLimit = `a=${'x'.repeat(255)},b=${'y'.repeat(MAX_TRACESTATE_LENGTH - 255 - 5)}`;
    expect(atLimit).toHaveLength(MAX_TRACESTATE_LENGTH);
    expect(stateOf(atLimit)).toBe(atLimit);
  });

  it('never goes on without a valid traceparent', () => {
    expect(traceContextFrom('garbage', 'rojo=1')).toBeUndefined();
    expect(traceContextFrom(undefined, 'rojo=1')).toBeUndefined();
  });
});
