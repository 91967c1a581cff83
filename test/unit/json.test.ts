import { JsonTooDeep, MAX_JSON_DEPTH, parseBoundedJson } from '../../src/thoughtspot/json';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('parseBoundedJson', () => {
  it('reads JSON up to MAX_JSON_DEPTH levels, as JSON.parse does', () => {
    expect(MAX_JSON_DEPTH).toBe(64);
    for (const text of ['1', '"a"', 'null', '{"a":[1,{"b":[]}]}', nested(64), ' {} '])
      expect(parseBoundedJson(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ['arrays', nested(65)],
    ['objects', `${'{"a":'.repeat(65)}1${'}'.repeat(65)}`],
    ['both, 10,000 deep', `${'[{"a":'.repeat(5000)}1${'}]'.repeat(5000)}`],
    ['an unclosed deep prefix', '['.repeat(100)],
  ])('refuses %s nested deeper', (_what, text) => {
    expect(() => parseBoundedJson(text)).toThrow(JsonTooDeep);
    expect(() => parseBoundedJson(text)).toThrow('the body is nested deeper than 64 levels');
  });

  it('counts no bracket inside a string, escaped quotes included', () => {
    const text = JSON.stringify({ a: '['.repeat(100), b: `\\"${'{'.repeat(100)}`, c: [[]] });
    expect(parseBoundedJson(text)).toEqual(JSON.parse(text));
  });

  it('leaves malformed JSON to JSON.parse', () => {
    expect(() => parseBoundedJson('{"a":')).toThrow(SyntaxError);
    expect(() => parseBoundedJson(']]]]')).toThrow(SyntaxError);
  });
});
