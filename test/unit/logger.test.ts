import { Writable } from 'node:stream';
import { createLogger } from '../../src/observability/logger';
import { censor, scrubText } from '../../src/observability/redaction';

/** A trace-level logger writing into an array of parsed lines. */
function capture() {
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger('trace', sink);
  return {
    logger,
    text: () => raw.join('\n'),
    lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const SECRET = 's3cr3t-Value_1';

describe('scrubText', () => {
  it.each([
    ['Authorization: Bearer s3cr3t-Value_1', 'Authorization: [redacted]'],
    ['sent Bearer s3cr3t-Value_1 upstream', 'sent Bearer [redacted] upstream'],
    ['Basic s3cr3t-Value_1', 'Basic [redacted]'],
    ['cookie: JSESSIONID=s3cr3t-Value_1; clientId=s3cr3t-Value_1', 'cookie: [redacted]'],
    ['{"set-cookie":"JSESSIONID=s3cr3t-Value_1; Path=/"}', '{"set-cookie":[redacted]}'],
    ['{"password":"s3cr3t-Value_1","userName":"a"}', '{"password":[redacted],"userName":"a"}'],
    [
      'Variable "$input" got invalid value { userName: "a", password: "s3cr3t-Value_1", x: 1 }',
      'Variable "$input" got invalid value { userName: "a", password: [redacted], x: 1 }',
    ],
    ['login(input: {password: "s3cr3t \\" Value_1"})', 'login(input: {password: [redacted]})'],
    ["{ secretKey: 's3cr3t-Value_1' }", '{ secretKey: [redacted] }'],
    ['/x?token=s3cr3t-Value_1&a=b', '/x?token=[redacted]&a=b'],
    ['a JSESSIONID=s3cr3t-Value_1 b', 'a JSESSIONID=[redacted] b'],
    ['clientId=s3cr3t-Value_1;', 'clientId=[redacted];'],
  ])('%j becomes %j', (text, expected) => {
    expect(scrubText(text)).toBe(expected);
  });

  it.each([
    'tokenType: "Bearer"',
    'POST /session/login 401 12 ms',
    'upstream failure: timeout after 300 ms',
    'Cannot query field "password" on type "Session".',
  ])('leaves %j alone', (text) => {
    expect(scrubText(text)).toBe(text);
  });
});

describe('censor', () => {
  it('censors credential keys at any depth, whatever their case', () => {
    const value = {
      a: { b: { c: { d: { headers: { Authorization: SECRET, COOKIE: SECRET, host: 'x' } } } } },
      list: [{ password: SECRET }, { secretKey: SECRET, token: SECRET, 'Set-Cookie': [SECRET] }],
      keep: 'tokenExpiryDuration',
    };
    const result = censor(value);
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(result).toEqual({
      a: {
        b: {
          c: { d: { headers: { Authorization: '[redacted]', COOKIE: '[redacted]', host: 'x' } } },
        },
      },
      list: [
        { password: '[redacted]' },
        { secretKey: '[redacted]', token: '[redacted]', 'Set-Cookie': '[redacted]' },
      ],
      keep: 'tokenExpiryDuration',
    });
  });

  it('serializes errors, and censors their message, stack, properties and causes', () => {
    const cause = Object.assign(new Error(`password: "${SECRET}"`), {
      options: { headers: { authorization: `Bearer ${SECRET}` } },
    });
    const error = new Error('upstream call failed', { cause });
    const result = censor({ err: error }) as { err: Record<string, unknown> };
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(result.err).toMatchObject({
      type: 'Error',
      message: expect.stringContaining('upstream call failed') as unknown,
    });
    expect(result.err.stack).toEqual(expect.stringContaining('at '));
  });

  it('survives cycles and depth, and keeps shared objects and dates', () => {
    const shared = { n: 1 };
    const cyclic: Record<string, unknown> = { shared, again: shared, when: new Date(0) };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { password: SECRET };
    for (let i = 0; i < 20; i++) deep = { deep };
    expect(censor({ cyclic, deep })).toEqual({
      cyclic: {
        shared: { n: 1 },
        again: { n: 1 },
        when: '1970-01-01T00:00:00.000Z',
        self: '[circular]',
      },
      deep: expect.anything() as unknown,
    });
    expect(JSON.stringify(censor({ deep }))).not.toContain(SECRET);
  });
});

describe('createLogger', () => {
  it('censors objects, messages, printf arguments and logged errors', () => {
    const { logger, text, lines } = capture();
    logger.info({ req: { headers: { cookie: `JSESSIONID=${SECRET}` } } }, 'a request');
    logger.debug(`Unexpected error processing request: password: "${SECRET}"`);
    logger.trace('sent %s to %s', `Bearer ${SECRET}`, 'ThoughtSpot');
    logger.error(new Error(`token=${SECRET}`));
    logger.warn({ err: new TypeError(`Cookie: clientId=${SECRET}`) }, 'masked error');
    expect(lines()).toHaveLength(5);
    expect(text()).not.toContain(SECRET);
    expect(lines().map((line) => line.msg)).toEqual([
      'a request',
      'Unexpected error processing request: password: [redacted]',
      'sent Bearer [redacted] to ThoughtSpot',
      'token=[redacted]',
      'masked error',
    ]);
  });

  it('leaves an access log line as it was given', () => {
    const { logger, lines } = capture();
    const line = {
      requestId: 'r-1',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'Login',
      operationType: 'mutation',
      rootFields: 'login',
      durationMs: 1.25,
      upstreamCalls: 1,
      upstreamMs: 0.5,
    };
    logger.info(line, 'request');
    expect(lines()[0]).toMatchObject({ ...line, msg: 'request', level: 30 });
  });
});
