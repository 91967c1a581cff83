import { UnexpectedBody, parseJsonAnswer } from '../../src/thoughtspot/caller';
import * as beta from '../../src/thoughtspot/beta-wire';

// The readers take the body's text, as it arrives.
const readSessionInfo = (body: unknown) => beta.readSessionInfo(JSON.stringify(body));
const readSessionLoginResponse = (body: unknown) =>
  beta.readSessionLoginResponse(JSON.stringify(body));
const { readBooleanResult } = beta;

function unexpected(fn: () => unknown): UnexpectedBody {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UnexpectedBody);
    return error as UnexpectedBody;
  }
  throw new Error('did not throw');
}

describe('parseJsonAnswer', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['[1,2]', [1, 2]],
    ['true', true],
    ['null', null],
    [' "x" ', 'x'],
    ['0', 0],
  ])('parses %j', (text, value) => {
    expect(parseJsonAnswer(text)).toEqual(value);
  });

  it.each(['', ' ', '<html></html>', '{"a":', "{'a':1}", 'undefined', 'NaN'])(
    'refuses %j as UnexpectedBody',
    (text) => {
      expect(unexpected(() => parseJsonAnswer(text)).message).toBe('the body is not JSON');
    },
  );
});

describe('readSessionInfo', () => {
  it('returns the very object when it has a userGUID and a userName', () => {
    const body = { userGUID: 'g-1', userName: 'tsadmin', extra: { nested: true } };
    expect(readSessionInfo(body)).toEqual(body);
  });

  it('accepts an empty userName', () => {
    const body = { userGUID: 'g-1', userName: '' };
    expect(readSessionInfo(body)).toEqual(body);
  });

  it.each([
    ['null', null],
    ['an array', [{ userGUID: 'g', userName: 'u' }]],
    ['a string', '{"userGUID":"g","userName":"u"}'],
    ['a boolean', true],
  ])('refuses %s: not an object', (_what, body) => {
    expect(unexpected(() => readSessionInfo(body)).message).toBe('session info is not an object');
  });

  it.each([
    ['missing', { userName: 'u' }],
    ['empty', { userGUID: '', userName: 'u' }],
    ['a number', { userGUID: 7, userName: 'u' }],
    ['null', { userGUID: null, userName: 'u' }],
  ])('refuses a userGUID that is %s', (_what, body) => {
    expect(unexpected(() => readSessionInfo(body)).message).toBe('session info has no userGUID');
  });

  it.each([
    ['missing', { userGUID: 'g' }],
    ['a number', { userGUID: 'g', userName: 1 }],
    ['null', { userGUID: 'g', userName: null }],
    ['an object', { userGUID: 'g', userName: { name: 'u' } }],
  ])('refuses a userName that is %s', (_what, body) => {
    expect(unexpected(() => readSessionInfo(body)).message).toBe('session info has no userName');
  });
});

describe('readSessionLoginResponse', () => {
  const good = {
    userName: 'tsadmin',
    token: 'abc',
    tokenCreatedTime: '1700000000000',
    tokenExpiryDuration: '1700086400000',
    tokenType: 'Bearer',
  };

  it('accepts the five strings and returns only them', () => {
    const out = readSessionLoginResponse({ ...good, extra: 'dropped' });
    expect(out).toEqual(good);
    expect(Object.keys(out)).toEqual([
      'userName',
      'token',
      'tokenCreatedTime',
      'tokenExpiryDuration',
      'tokenType',
    ]);
  });

  it('accepts empty strings (a cookie login)', () => {
    const cookie = {
      userName: 'u',
      token: '',
      tokenCreatedTime: '-1',
      tokenExpiryDuration: '-1',
      tokenType: 'Cookie',
    };
    expect(readSessionLoginResponse(cookie)).toEqual(cookie);
  });

  it('converts finite numbers to strings', () => {
    expect(
      readSessionLoginResponse({
        ...good,
        tokenCreatedTime: 1_700_000_000_000,
        tokenExpiryDuration: -1,
        token: 0,
      }),
    ).toEqual({
      ...good,
      tokenCreatedTime: '1700000000000',
      tokenExpiryDuration: '-1',
      token: '0',
    });
  });

  const fields = ['userName', 'token', 'tokenCreatedTime', 'tokenExpiryDuration', 'tokenType'];
  const bad: [string, unknown][] = [
    ['missing', undefined],
    ['null', null],
    ['an object', { value: 'x' }],
    ['an array', ['x']],
    ['a boolean', true],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ];
  it.each(fields.flatMap((field) => bad.map(([what, value]) => [field, what, value] as const)))(
    'refuses %s %s',
    (field, _what, value) => {
      const body: Record<string, unknown> = Object.fromEntries(
        Object.entries(good).filter(([key]) => key !== field),
      );
      if (value !== undefined) body[field] = value;
      expect(unexpected(() => readSessionLoginResponse(body)).message).toBe(
        `login response field ${field} is missing or not a string`,
      );
    },
  );

  it.each([null, [good], 'token', 1])('refuses the non-object %j', (body) => {
    expect(unexpected(() => readSessionLoginResponse(body)).message).toBe(
      'login response is not an object',
    );
  });
});

describe('readBooleanResult', () => {
  it.each([
    ['true', true],
    ['false', false],
    [' true\n', true],
    ['', true],
    ['  \r\n', true],
  ])('%j is %s', (text, expected) => {
    expect(readBooleanResult(text)).toBe(expected);
  });

  it.each(['"true"', '"false"', '1', '0', '{}', '[]', 'null', '[true]', '{"result":true}'])(
    'refuses the JSON non-boolean %s',
    (text) => {
      expect(unexpected(() => readBooleanResult(text)).message).toBe(
        'the body is not a JSON boolean',
      );
    },
  );

  it.each(['True', 'yes', '<html>ok</html>', 'true true'])('refuses the non-JSON %j', (text) => {
    expect(unexpected(() => readBooleanResult(text)).message).toBe('the body is not JSON');
  });
});
