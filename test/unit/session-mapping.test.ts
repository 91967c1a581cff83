import 'reflect-metadata';
import { defaultSeed } from '../../src/emulator';
import type { Principal } from '../../src/emulator/records';
import { buildSessionInfo } from '../../src/emulator/session-info';
import { Org, Session } from '../../src/session/session.type';
import { SessionToken } from '../../src/session/token.type';
import type {
  BetaSessionInfo as SessionInfo,
  BetaSessionLoginResponse as SessionLoginResponse,
} from '../../src/contract';
import { readSessionInfo, sessionFacts, tokenGrant } from '../../src/thoughtspot/beta-wire';

// The beta's answers as the schema's types see them: read into the gateway's terms, then typed.
const Sessions = { fromUpstream: (info: SessionInfo) => Session.fromFacts(sessionFacts(info)) };
const Tokens = {
  fromUpstream: (response: SessionLoginResponse) => SessionToken.fromGrant(tokenGrant(response)),
};

const EXPIRES_MS = 1_767_225_600_123; // 2026-01-01T00:00:00.123Z

/** What the emulator answers to GET /session for tsadmin in the Sales org. */
function emulatorSessionInfo(): SessionInfo {
  const seed = defaultSeed();
  const seedUser = seed.users[0];
  if (!seedUser) throw new Error('the default seed has no users');
  const who: Principal = {
    user: { ...seedUser, lastOrgId: 1, createdAt: 1_600_000_000_000 },
    orgId: 1,
    accessLevel: 'FULL',
    expiresAt: EXPIRES_MS,
    authToken: 'auth-token-1',
    partialSessionId: '0123456789abcdef',
  };
  const info = buildSessionInfo(who, {
    orgsEnabled: true,
    trustedAuthEnabled: true,
    orgs: new Map(seed.orgs.map((org) => [org.id, org])),
    releaseVersion: '8.4.1.cl-117',
    acceptLanguage: 'application/json',
  });
  return readSessionInfo(JSON.stringify(info));
}

/** A minimal valid session info with some fields replaced. */
function infoWith(fields: Record<string, unknown>): SessionInfo {
  return { userGUID: 'guid-1', userName: 'u', ...fields };
}

describe('the beta session info as a Session', () => {
  it("maps the emulator's real session info to every field", () => {
    const info = emulatorSessionInfo();
    const session = Sessions.fromUpstream(info);
    expect(session).toBeInstanceOf(Session);
    expect(session).toEqual({
      id: '59481331-ee53-42be-a548-bd87be6ddd4a',
      userName: 'tsadmin',
      displayName: 'Administrator',
      email: 'tsadmin@example.com',
      userType: 'LOCAL_USER',
      privileges: [
        'ADMINISTRATION',
        'AUTHORING',
        'DATADOWNLOADING',
        'USERDATAUPLOADING',
        'DATAMANAGEMENT',
        'SHAREWITHALL',
        'JOBSCHEDULING',
        'DEVELOPER',
      ],
      currentOrgId: 1,
      orgs: [
        { id: 0, name: 'Primary' },
        { id: 1, name: 'Sales' },
      ],
      releaseVersion: '8.4.1.cl-117',
      locale: 'en-US',
      timezone: 'America/Los_Angeles',
      // expirationTime is in whole seconds (§3).
      expiresAt: new Date(1_767_225_600_000),
      raw: info,
    });
    expect(session.raw).toBe(info);
    for (const org of session.orgs) expect(org).toBeInstanceOf(Org);
  });

  it('maps a §3 session info without org fields to null and []', () => {
    const session = Sessions.fromUpstream(
      infoWith({
        userName: 'tsadmin',
        userDisplayName: 'Administrator',
        userEmail: 'admin@thoughtspot.com',
        userType: 'LOCAL_USER',
        privileges: ['ADMINISTRATION', 'AUTHORING'],
        releaseVersion: '8.1.0.cl-129',
        expirationTime: 1_648_800_000,
        apiVersion: 'v1',
      }),
    );
    expect(session.currentOrgId).toBeNull();
    expect(session.orgs).toEqual([]);
    expect(session.displayName).toBe('Administrator');
    expect(session.expiresAt).toEqual(new Date(1_648_800_000_000));
    expect(session.locale).toBeNull();
    expect(session.timezone).toBeNull();
  });

  it('gives null for every missing optional field', () => {
    const info = infoWith({});
    expect(Sessions.fromUpstream(info)).toEqual({
      id: 'guid-1',
      userName: 'u',
      displayName: null,
      email: null,
      userType: null,
      privileges: [],
      currentOrgId: null,
      orgs: [],
      releaseVersion: null,
      locale: null,
      timezone: null,
      expiresAt: null,
      raw: info,
    });
  });

  it.each([
    ['a string', 'ADMINISTRATION'],
    ['an object', { 0: 'ADMINISTRATION' }],
    ['null', null],
    ['a number', 1],
  ])('privileges as %s give []', (_what, privileges) => {
    expect(Sessions.fromUpstream(infoWith({ privileges })).privileges).toEqual([]);
  });

  it('privileges keep only the strings, in order', () => {
    expect(
      Sessions.fromUpstream(
        infoWith({ privileges: [1, 'AUTHORING', null, { p: 'x' }, ['y'], '', 'DATADOWNLOADING'] }),
      ).privileges,
    ).toEqual(['AUTHORING', '', 'DATADOWNLOADING']);
  });

  it('orgs keep only entries with an int32 id and a string name', () => {
    const session = Sessions.fromUpstream(
      infoWith({
        orgs: [
          null,
          7,
          'Sales',
          [1, 'Sales'],
          { orgId: '1', orgName: 'String id' },
          { orgId: 2 },
          { orgName: 'No id' },
          { orgId: 3, orgName: 5 },
          { orgId: 2 ** 31, orgName: 'Too big' },
          { orgId: 1.5, orgName: 'Fraction' },
          { orgId: Number.NaN, orgName: 'NaN' },
          { id: 4, name: 'v2.0 keys' },
          { orgId: 0, orgName: 'Primary', description: 'extra keys are fine' },
          { orgId: 2 ** 31 - 1, orgName: 'Max' },
        ],
      }),
    );
    expect(session.orgs).toEqual([
      { id: 0, name: 'Primary' },
      { id: 2 ** 31 - 1, name: 'Max' },
    ]);
  });

  it.each([
    ['an object', { orgId: 0 }],
    ['a string', 'Primary'],
    ['null', null],
  ])('orgs as %s give []', (_what, orgs) => {
    expect(Sessions.fromUpstream(infoWith({ orgs })).orgs).toEqual([]);
  });

  it.each([
    ['a string', '1'],
    ['2^31', 2 ** 31],
    ['a fraction', 0.5],
    ['NaN', Number.NaN],
    ['null', null],
    ['a boolean', true],
  ])('currentOrgId as %s is null', (_what, currentOrgId) => {
    expect(Sessions.fromUpstream(infoWith({ currentOrgId })).currentOrgId).toBeNull();
  });

  it('currentOrgId keeps 0 and 2^31 - 1', () => {
    expect(Sessions.fromUpstream(infoWith({ currentOrgId: 0 })).currentOrgId).toBe(0);
    expect(Sessions.fromUpstream(infoWith({ currentOrgId: 2 ** 31 - 1 })).currentOrgId).toBe(
      2 ** 31 - 1,
    );
  });

  it.each([
    ['in milliseconds', EXPIRES_MS],
    ['negative', -1],
    ['zero', 0],
    ['a string', '1767225600'],
    ['null', null],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('expirationTime %s is null', (_what, expirationTime) => {
    expect(Sessions.fromUpstream(infoWith({ expirationTime })).expiresAt).toBeNull();
  });

  it('expirationTime just below 1e11 seconds is still read', () => {
    expect(Sessions.fromUpstream(infoWith({ expirationTime: 99_999_999_999 })).expiresAt).toEqual(
      new Date(99_999_999_999_000),
    );
  });

  it('text fields of the wrong type are null', () => {
    const session = Sessions.fromUpstream(
      infoWith({
        userDisplayName: 42,
        userEmail: ['a@b.c'],
        userType: null,
        releaseVersion: 8.4,
        locale: { tag: 'en-US' },
        timezone: false,
      }),
    );
    expect([
      session.displayName,
      session.email,
      session.userType,
      session.releaseVersion,
      session.locale,
      session.timezone,
    ]).toEqual([null, null, null, null, null, null]);
  });

  it('raw is the whole object, unknown fields included', () => {
    const info = infoWith({ somethingNew: { nested: [1, 2] }, privileges: 'x' });
    expect(Sessions.fromUpstream(info).raw).toBe(info);
  });
});

describe('the beta SessionLoginResponse as a SessionToken', () => {
  it('maps a bearer token with an epoch-ms expiry', () => {
    const response: SessionLoginResponse = {
      userName: 'tsadmin',
      token: 'dHNhZG1pbjpKSE5vYVhKdk1TUlRTRUV0TWpVMg==',
      tokenCreatedTime: '1700000000000',
      tokenExpiryDuration: '1700086400000',
      tokenType: 'Bearer',
    };
    const token = Tokens.fromUpstream(response);
    expect(token).toBeInstanceOf(SessionToken);
    expect(token).toEqual({
      ...response,
      createdAt: new Date(1_700_000_000_000),
      expiresAt: new Date(1_700_086_400_000),
    });
  });

  it('maps a bearer token with an expiry in seconds', () => {
    const token = Tokens.fromUpstream({
      userName: 'tsadmin',
      token: 't',
      tokenCreatedTime: '1700000000000',
      tokenExpiryDuration: '300',
      tokenType: 'Bearer',
    });
    expect(token.expiresAt).toEqual(new Date(1_700_000_300_000));
    expect(token.tokenExpiryDuration).toBe('300');
  });

  it('maps a cookie login: blank token, no times', () => {
    const response: SessionLoginResponse = {
      userName: 'analyst',
      token: '',
      tokenCreatedTime: '-1',
      tokenExpiryDuration: '-1',
      tokenType: 'Cookie',
    };
    expect(Tokens.fromUpstream(response)).toEqual({
      ...response,
      createdAt: null,
      expiresAt: null,
    });
  });

  it('keeps unreadable times as sent and gives null dates', () => {
    const token = Tokens.fromUpstream({
      userName: 'u',
      token: 't',
      tokenCreatedTime: 'yesterday',
      tokenExpiryDuration: 'soon',
      tokenType: 'Bearer',
    });
    expect(token.tokenCreatedTime).toBe('yesterday');
    expect(token.tokenExpiryDuration).toBe('soon');
    expect(token.createdAt).toBeNull();
    expect(token.expiresAt).toBeNull();
  });
});
