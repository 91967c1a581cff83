import 'reflect-metadata';
import { ErrorCode, GatewayError } from '../../src/errors';
import { AccessLevel, GetTokenInput, LoginInput, SwitchOrgInput } from '../../src/session/inputs';
import { toLoginParams, toOrgId, toTokenParams } from '../../src/session/inputs-to-params';
import { betaLoginBody, betaTokenBody } from '../../src/thoughtspot/beta-client';
import { v2LoginBody, v2TokenBody } from '../../src/thoughtspot/v2-client';

// GraphQL input -> the session API's parameters -> the beta's REST body, as a login or getToken sends it.
const toLoginRequest = (input: LoginInput | null | undefined) =>
  betaLoginBody(toLoginParams(input));
const toGetTokenRequest = (input: GetTokenInput) => betaTokenBody(toTokenParams(input));

/** The fields of an input class, as a plain type. */
type Fields<T> = { [K in keyof T]: T[K] };

// type-graphql hands resolvers instances of the input classes; so do these.
const login = (fields: Fields<LoginInput>) => Object.assign(new LoginInput(), fields);
const token = (fields: Fields<GetTokenInput>) => Object.assign(new GetTokenInput(), fields);
const org = (id: number) => Object.assign(new SwitchOrgInput(), { id });

function refused(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('did not throw');
}

describe('toLoginRequest', () => {
  it.each([undefined, null])('%p input is an empty body (bearer login)', (input) => {
    expect(toLoginRequest(input)).toEqual({});
  });

  it('an empty input is an empty body', () => {
    expect(toLoginRequest(login({}))).toEqual({});
  });

  it('sends rememberMe as the string "true" or "false"', () => {
    expect(
      toLoginRequest(login({ userName: 'tsadmin', password: 'admin', rememberMe: true })),
    ).toEqual({
      userName: 'tsadmin',
      password: 'admin',
      rememberMe: 'true',
    });
    expect(
      toLoginRequest(login({ userName: 'tsadmin', password: 'admin', rememberMe: false })),
    ).toEqual({
      userName: 'tsadmin',
      password: 'admin',
      rememberMe: 'false',
    });
  });

  it('omits nulls entirely', () => {
    const body = toLoginRequest(login({ userName: 'analyst', password: null, rememberMe: null }));
    expect(body).toEqual({ userName: 'analyst' });
    expect(Object.keys(body)).toEqual(['userName']);
    expect(
      Object.keys(toLoginRequest(login({ userName: null, password: null, rememberMe: null }))),
    ).toEqual([]);
  });

  it('keeps empty strings (ThoughtSpot decides)', () => {
    expect(toLoginRequest(login({ userName: '', password: '' }))).toEqual({
      userName: '',
      password: '',
    });
  });
});

describe('toGetTokenRequest', () => {
  it('defaults accessLevel to FULL and sends only what was given', () => {
    const body = toGetTokenRequest(token({ userName: 'tsadmin', password: 'admin' }));
    expect(body).toEqual({ userName: 'tsadmin', password: 'admin', accessLevel: 'FULL' });
    expect(Object.keys(body).sort()).toEqual(['accessLevel', 'password', 'userName']);
  });

  it('accessLevel null is FULL', () => {
    expect(
      toGetTokenRequest(token({ userName: 'tsadmin', secretKey: 'k', accessLevel: null })),
    ).toEqual({ userName: 'tsadmin', secretKey: 'k', accessLevel: 'FULL' });
  });

  it('sends numbers as strings, 0 included', () => {
    expect(
      toGetTokenRequest(
        token({
          userName: 'analyst',
          secretKey: 'key',
          accessLevel: AccessLevel.REPORT_BOOK_VIEW,
          tsObjectId: 'f4a4e205-3b43-4b77-8b6a-7e6e3e1d2a33',
          tokenExpiryDuration: 300,
          orgId: 0,
        }),
      ),
    ).toEqual({
      userName: 'analyst',
      secretKey: 'key',
      accessLevel: 'REPORT_BOOK_VIEW',
      tsObjectId: 'f4a4e205-3b43-4b77-8b6a-7e6e3e1d2a33',
      tokenExpiryDuration: '300',
      orgId: '0',
    });
  });

  it('sends only the password when both password and secretKey are given', () => {
    expect(toGetTokenRequest(token({ userName: 'u', password: 'p', secretKey: 'k' }))).toEqual({
      userName: 'u',
      password: 'p',
      accessLevel: 'FULL',
    });
  });

  it('sends nothing for nulls', () => {
    const body = toGetTokenRequest(
      token({
        userName: 'u',
        password: 'p',
        secretKey: null,
        accessLevel: null,
        tsObjectId: null,
        tokenExpiryDuration: null,
        orgId: null,
      }),
    );
    expect(Object.keys(body).sort()).toEqual(['accessLevel', 'password', 'userName']);
  });

  it('a tsObjectId with FULL is passed on', () => {
    expect(toGetTokenRequest(token({ userName: 'u', password: 'p', tsObjectId: 'obj' }))).toEqual({
      userName: 'u',
      password: 'p',
      accessLevel: 'FULL',
      tsObjectId: 'obj',
    });
  });

  const problems: [string, Fields<GetTokenInput>, string][] = [
    ['an empty userName', { userName: '', password: 'p' }, 'userName must not be empty.'],
    ['a blank userName', { userName: ' \t', password: 'p' }, 'userName must not be empty.'],
    ['no password or secretKey', { userName: 'u' }, 'Give a password or a secretKey.'],
    [
      'null password and secretKey',
      { userName: 'u', password: null, secretKey: null },
      'Give a password or a secretKey.',
    ],
    [
      'REPORT_BOOK_VIEW without tsObjectId',
      { userName: 'u', password: 'p', accessLevel: AccessLevel.REPORT_BOOK_VIEW },
      'tsObjectId is required when accessLevel is REPORT_BOOK_VIEW.',
    ],
    [
      'REPORT_BOOK_VIEW with a null tsObjectId',
      { userName: 'u', password: 'p', accessLevel: AccessLevel.REPORT_BOOK_VIEW, tsObjectId: null },
      'tsObjectId is required when accessLevel is REPORT_BOOK_VIEW.',
    ],
    [
      'REPORT_BOOK_VIEW with an empty tsObjectId',
      { userName: 'u', password: 'p', accessLevel: AccessLevel.REPORT_BOOK_VIEW, tsObjectId: '' },
      'tsObjectId is required when accessLevel is REPORT_BOOK_VIEW.',
    ],
    [
      'a zero tokenExpiryDuration',
      { userName: 'u', password: 'p', tokenExpiryDuration: 0 },
      'tokenExpiryDuration must be a positive number of seconds.',
    ],
    [
      'a negative tokenExpiryDuration',
      { userName: 'u', password: 'p', tokenExpiryDuration: -60 },
      'tokenExpiryDuration must be a positive number of seconds.',
    ],
    [
      'a negative orgId',
      { userName: 'u', password: 'p', orgId: -1 },
      'orgId must not be negative.',
    ],
  ];

  it.each(problems)('refuses %s as BAD_USER_INPUT', (_what, input, message) => {
    const error = refused(() => toGetTokenRequest(token(input)));
    expect(error.message).toBe(message);
    expect(error.extensions).toEqual({ code: ErrorCode.BAD_USER_INPUT });
  });

  it('reports every problem in one message', () => {
    const error = refused(() =>
      toGetTokenRequest(
        token({
          userName: '',
          accessLevel: AccessLevel.REPORT_BOOK_VIEW,
          tokenExpiryDuration: 0,
          orgId: -5,
        }),
      ),
    );
    expect(error.message).toBe(
      'userName must not be empty. Give a password or a secretKey. tsObjectId is required when accessLevel is REPORT_BOOK_VIEW. tokenExpiryDuration must be a positive number of seconds. orgId must not be negative.',
    );
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('accepts the smallest valid numbers', () => {
    expect(
      toGetTokenRequest(token({ userName: 'u', password: 'p', tokenExpiryDuration: 1, orgId: 0 })),
    ).toEqual({
      userName: 'u',
      password: 'p',
      accessLevel: 'FULL',
      tokenExpiryDuration: '1',
      orgId: '0',
    });
  });
});

describe('toOrgId', () => {
  it.each([0, 1, 2147483647])('takes id %i', (id) => {
    expect(toOrgId(org(id))).toBe(id);
  });

  it('refuses a negative id as BAD_USER_INPUT', () => {
    const error = refused(() => toOrgId(org(-1)));
    expect(error.message).toBe('id must not be negative.');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
});

describe('toLoginParams', () => {
  it('takes orgId, and refuses a negative one as BAD_USER_INPUT', () => {
    expect(toLoginParams(login({ userName: 'u', password: 'p', orgId: 1 }))).toEqual({
      userName: 'u',
      password: 'p',
      orgId: 1,
    });
    const error = refused(() => toLoginParams(login({ orgId: -1 })));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
});

describe('REST API v2.0 bodies', () => {
  it('login: snake_case, remember_me a boolean, org_identifier the org id as a string', () => {
    expect(
      v2LoginBody(
        toLoginParams(login({ userName: 'u', password: 'p', rememberMe: true, orgId: 0 })),
      ),
    ).toEqual({ username: 'u', password: 'p', remember_me: true, org_identifier: '0' });
    expect(v2LoginBody(toLoginParams(undefined))).toEqual({});
  });

  it('token: numbers as numbers, object_id only for REPORT_BOOK_VIEW, never both password and secret_key', () => {
    expect(
      v2TokenBody(
        toTokenParams(token({ userName: 'u', secretKey: 'k', tokenExpiryDuration: 600, orgId: 1 })),
      ),
    ).toEqual({ username: 'u', secret_key: 'k', validity_time_in_sec: 600, org_id: 1 });
    expect(
      v2TokenBody(toTokenParams(token({ userName: 'u', password: 'p', secretKey: 'k' }))),
    ).toEqual({ username: 'u', password: 'p' });
    expect(
      v2TokenBody(
        toTokenParams(
          token({
            userName: 'u',
            password: 'p',
            accessLevel: AccessLevel.REPORT_BOOK_VIEW,
            tsObjectId: 'obj',
          }),
        ),
      ),
    ).toEqual({ username: 'u', password: 'p', object_id: 'obj' });
    expect(
      v2TokenBody(toTokenParams(token({ userName: 'u', password: 'p', tsObjectId: 'obj' }))),
    ).toEqual({ username: 'u', password: 'p' });
  });
});
