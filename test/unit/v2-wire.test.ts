import { UnexpectedBody } from '../../src/thoughtspot/caller';
import {
  readNoContent,
  readToken,
  readTokenValidation,
  readUser,
  sessionFacts,
  tokenGrant,
} from '../../src/thoughtspot/v2-wire';

const CREATED = 1_700_000_000_000;
const EXPIRES = 1_700_000_300_000;

function unexpected(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UnexpectedBody);
    return (error as Error).message;
  }
  throw new Error('did not throw');
}

describe('readNoContent', () => {
  it.each([
    ['a 204 (empty)', ''],
    ['a 200 with an empty body', ' \n'],
    ['a 200 with a JSON body', '{"ok":true}'],
  ])('%s is done', (_what, body) => {
    expect(readNoContent(body)).toBe(true);
  });

  it('a non-JSON body is a lie', () => {
    expect(unexpected(() => readNoContent('<html>ok</html>'))).toBe('the body is not JSON');
  });
});

describe('readUser and sessionFacts', () => {
  const user = {
    id: 'guid-1',
    name: 'tsadmin',
    display_name: 'Administrator',
    visibility: 'SHARABLE',
    email: 'a@example.com',
    account_type: 'LOCAL_USER',
    privileges: ['ADMINISTRATION', 7],
    current_org: { id: 1, name: 'Sales' },
    orgs: [
      { id: 0, name: 'Primary' },
      { id: 1, name: 'Sales' },
      { orgId: 2, orgName: 'beta keys' },
    ],
    preferred_locale: 'en-US',
    expiration_time_in_millis: EXPIRES,
  };

  it('maps every field; the account expiry is not a session expiry', () => {
    const read = readUser(JSON.stringify(user));
    expect(sessionFacts(read)).toEqual({
      id: 'guid-1',
      userName: 'tsadmin',
      displayName: 'Administrator',
      email: 'a@example.com',
      userType: 'LOCAL_USER',
      privileges: ['ADMINISTRATION'],
      currentOrgId: 1,
      orgs: [
        { id: 0, name: 'Primary' },
        { id: 1, name: 'Sales' },
      ],
      releaseVersion: null,
      locale: 'en-US',
      timezone: null,
      expiresAt: null,
      raw: user,
    });
  });

  it.each([
    ['not JSON', 'nope', 'the body is not JSON'],
    ['an array', '[]', 'the user is not an object'],
    ['without id', '{"name":"u"}', 'the user has no id'],
    ['with an empty id', '{"id":"","name":"u"}', 'the user has no id'],
    ['without name', '{"id":"g"}', 'the user has no name'],
  ])('refuses a user %s', (_what, body, message) => {
    expect(unexpected(() => readUser(body))).toBe(message);
  });
});

describe('readToken and tokenGrant', () => {
  const token = {
    token: 'T',
    creation_time_in_millis: CREATED,
    expiration_time_in_millis: EXPIRES,
    scope: { access_type: 'FULL', org_id: 0 },
    valid_for_user_id: 'guid-1',
    valid_for_username: 'tsadmin',
  };

  it('maps a v2.0 token to the beta terms', () => {
    expect(tokenGrant(readToken(JSON.stringify(token)))).toEqual({
      userName: 'tsadmin',
      token: 'T',
      tokenCreatedTime: String(CREATED),
      tokenExpiryDuration: String(EXPIRES),
      tokenType: 'Bearer',
      createdAt: new Date(CREATED),
      expiresAt: new Date(EXPIRES),
    });
  });

  it.each([
    ['an empty token', { ...token, token: '' }, 'the token is empty'],
    ['no token', { ...token, token: undefined }, 'token is missing or not a string'],
    [
      'a string time',
      { ...token, creation_time_in_millis: '1' },
      'creation_time_in_millis is not a time in epoch milliseconds',
    ],
    [
      'a negative time',
      { ...token, expiration_time_in_millis: -1 },
      'expiration_time_in_millis is not a time in epoch milliseconds',
    ],
    [
      'no user name',
      { ...token, valid_for_username: undefined },
      'valid_for_username is missing or not a string',
    ],
  ])('refuses %s', (_what, body, message) => {
    expect(unexpected(() => readToken(JSON.stringify(body)))).toBe(message);
  });
});

describe('readTokenValidation', () => {
  it('reads the scope', () => {
    expect(
      readTokenValidation(
        JSON.stringify({
          creation_time_in_millis: CREATED,
          expiration_time_in_millis: EXPIRES,
          scope: { access_type: 'REPORT_BOOK_VIEW', org_id: 1, metadata_id: 'obj' },
          valid_for_user_id: 'guid-1',
          token_type: 'Bearer',
        }),
      ),
    ).toEqual({
      creation_time_in_millis: CREATED,
      expiration_time_in_millis: EXPIRES,
      scope: { access_type: 'REPORT_BOOK_VIEW', org_id: 1, metadata_id: 'obj' },
      valid_for_user_id: 'guid-1',
      token_type: 'Bearer',
    });
  });

  it('refuses one without a scope', () => {
    expect(
      unexpected(() =>
        readTokenValidation(
          JSON.stringify({ creation_time_in_millis: CREATED, expiration_time_in_millis: EXPIRES }),
        ),
      ),
    ).toBe('the token validation has no scope');
  });
});
