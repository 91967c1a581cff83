import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Seed } from '../../src/emulator';
import {
  defaultSeed,
  DEVELOPMENT_SECRET_KEY,
  loadSeedFile,
  SeedError,
  startEmulator,
  validateSeed,
} from '../../src/emulator';
import { DEFAULT_RELEASE_VERSION } from '../../src/emulator/seed';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import type { CallResult } from '../support/http';
import { upstreamError } from '../support/http';

const user = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  password: `${name}-pw`,
  displayName: `User ${name}`,
  guid: `00000000-0000-4000-8000-${name.padStart(12, '0').slice(-12)}`,
  email: `${name}@example.com`,
  ...extra,
});

/** The problems of a SeedError thrown by `fn`. */
function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SeedError);
    return (error as SeedError).problems;
  }
  throw new Error('expected a SeedError');
}

const upstream = (res: CallResult) => {
  expect(res.status).toBe(500);
  return upstreamError(res.json);
};

describe('validateSeed', () => {
  it('accepts the default seed unchanged', () => {
    expect(validateSeed(defaultSeed())).toEqual(defaultSeed());
  });

  it('the default seed is the documented one', () => {
    const seed = defaultSeed();
    expect(seed.orgsEnabled).toBe(true);
    expect(seed.orgs.map((o) => [o.id, o.name])).toEqual([
      [0, 'Primary'],
      [1, 'Sales'],
    ]);
    expect(seed.users.map((u) => [u.name, u.password, u.orgs])).toEqual([
      ['tsadmin', 'admin', [0, 1]],
      ['analyst', 'analyst', [0]],
    ]);
    expect(seed.users[0]?.privileges).toContain('ADMINISTRATION');
    expect(seed.users[1]?.privileges).not.toContain('ADMINISTRATION');
    expect(seed.trustedAuth).toEqual({ enabled: true, secretKey: DEVELOPMENT_SECRET_KEY });
    expect(defaultSeed({ secretKey: 'k' }).trustedAuth.secretKey).toBe('k');
  });

  it('accepts a full custom seed as given', () => {
    const seed: Seed = {
      orgsEnabled: false,
      orgs: [
        { id: 3, name: 'Three', description: 'the third' },
        { id: 5, name: 'Five' },
      ],
      users: [
        {
          ...user('eve'),
          privileges: ['AUTHORING'],
          orgs: [5, 3],
          userType: 'LDAP_USER',
        },
      ],
      trustedAuth: { enabled: false, secretKey: 'custom-key' },
      releaseVersion: '9.0.0.cl-1',
    };
    expect(validateSeed(seed)).toEqual(seed);
  });

  it('fills the defaults of a minimal seed', () => {
    expect(validateSeed({ users: [user('eve')] })).toEqual({
      orgsEnabled: true,
      orgs: [{ id: 0, name: 'Primary' }],
      users: [{ ...user('eve'), privileges: [], orgs: [0] }],
      trustedAuth: { enabled: true, secretKey: DEVELOPMENT_SECRET_KEY },
      releaseVersion: DEFAULT_RELEASE_VERSION,
    });
  });

  it('a user without orgs lands in the first org', () => {
    const seed = validateSeed({
      orgs: [
        { id: 7, name: 'Seven' },
        { id: 8, name: 'Eight' },
      ],
      users: [user('eve')],
    });
    expect(seed.users[0]?.orgs).toEqual([7]);
  });

  it('the secret key falls back to the given key, else the development key', () => {
    expect(validateSeed({ users: [user('eve')] }, 'from-env').trustedAuth).toEqual({
      enabled: true,
      secretKey: 'from-env',
    });
    expect(validateSeed({ users: [user('eve')], trustedAuth: { enabled: false } })).toMatchObject({
      trustedAuth: { enabled: false, secretKey: DEVELOPMENT_SECRET_KEY },
    });
    // A key in the seed wins over the fallback.
    expect(
      validateSeed({ users: [user('eve')], trustedAuth: { secretKey: 'in-seed' } }, 'from-env')
        .trustedAuth.secretKey,
    ).toBe('in-seed');
  });

  it('does not keep a reference to the input', () => {
    const input = { users: [user('eve', { privileges: ['A'] })] };
    const seed = validateSeed(input);
    (input.users[0] as { name: string }).name = 'mallory';
    expect(seed.users[0]?.name).toBe('eve');
  });

  it.each([[null], [[]], ['seed'], [42], [undefined]])('rejects %j: not an object', (input) => {
    expect(problemsOf(() => validateSeed(input))).toEqual(['the seed must be a JSON object']);
  });

  it('rejects a seed without users', () => {
    expect(problemsOf(() => validateSeed({}))).toEqual(['users must be a non-empty array']);
    expect(problemsOf(() => validateSeed({ users: [] }))).toEqual([
      'users must be a non-empty array',
    ]);
    expect(problemsOf(() => validateSeed({ users: { eve: {} } }))).toEqual([
      'users must be a non-empty array',
    ]);
  });

  it('lists every problem of a bad seed at once', () => {
    const problems = problemsOf(() =>
      validateSeed({
        orgsEnabled: 'yes',
        orgs: [
          { id: -1, name: 'Negative' },
          { id: 2, name: '' },
          { id: 3, name: 'Three', description: 5 },
          { id: 3, name: 'Again' },
          'org',
        ],
        users: [
          5,
          {
            name: '',
            password: 7,
            displayName: 'X',
            guid: 'g1',
            email: '',
            privileges: ['OK', 3],
            orgs: [3, 9],
            userType: '',
          },
          user('eve', { guid: 'g1', orgs: [] }),
          user('eve', { privileges: 'ADMIN', orgs: ['3'] }),
        ],
        trustedAuth: { enabled: 'no', secretKey: '' },
        releaseVersion: 8,
      }),
    );
    expect(problems).toEqual([
      'orgsEnabled must be a boolean',
      'orgs[0] needs an integer id >= 0 and a non-empty name',
      'orgs[1] needs an integer id >= 0 and a non-empty name',
      'orgs[2].description must be a string',
      'orgs[3]: org id 3 repeats',
      'orgs[4] needs an integer id >= 0 and a non-empty name',
      'users[0] must be an object',
      'users[1].name must be a non-empty string',
      'users[1].password must be a non-empty string',
      'users[1].email must be a non-empty string',
      'users[1].privileges must be an array of strings',
      'users[1].orgs names unknown org 9',
      'users[1].userType must be a non-empty string',
      'users[2].orgs must be a non-empty array of org ids',
      'users[2]: guid repeats',
      'users[3].privileges must be an array of strings',
      'users[3].orgs must be a non-empty array of org ids',
      'users[3]: user name repeats',
      'trustedAuth.enabled must be a boolean',
      'trustedAuth.secretKey must be a string',
      'releaseVersion must be a string',
    ]);
  });

  it('the SeedError message lists the problems, one a line', () => {
    let error: unknown;
    try {
      validateSeed({ orgsEnabled: 1, users: [] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SeedError);
    expect(error).toBeInstanceOf(Error);
    expect((error as SeedError).name).toBe('SeedError');
    expect((error as SeedError).message).toBe(
      'invalid seed:\n  - orgsEnabled must be a boolean\n  - users must be a non-empty array',
    );
  });

  it('rejects empty orgs and a trustedAuth that is not an object', () => {
    expect(
      problemsOf(() => validateSeed({ orgs: [], users: [user('eve')], trustedAuth: 'on' })),
    ).toEqual([
      'orgs must be a non-empty array',
      'users[0].orgs names unknown org 0',
      'trustedAuth must be an object',
    ]);
  });

  it('rejects an org a user names that does not exist', () => {
    expect(
      problemsOf(() =>
        validateSeed({ orgs: [{ id: 0, name: 'P' }], users: [user('eve', { orgs: [0, 5] })] }),
      ),
    ).toEqual(['users[0].orgs names unknown org 5']);
  });
});

describe('loadSeedFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'emulator-seed-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads and validates a valid file', async () => {
    const file = join(dir, 'valid.json');
    await writeFile(file, JSON.stringify({ users: [user('eve')], orgsEnabled: false }));
    const seed = await loadSeedFile(file);
    expect(seed).toEqual({
      orgsEnabled: false,
      orgs: [{ id: 0, name: 'Primary' }],
      users: [{ ...user('eve'), privileges: [], orgs: [0] }],
      trustedAuth: { enabled: true, secretKey: DEVELOPMENT_SECRET_KEY },
      releaseVersion: DEFAULT_RELEASE_VERSION,
    });
    expect((await loadSeedFile(file, 'from-env')).trustedAuth.secretKey).toBe('from-env');
  });

  it('reads the default seed written to a file', async () => {
    const file = join(dir, 'default.json');
    await writeFile(file, JSON.stringify(defaultSeed(), null, 2));
    expect(await loadSeedFile(file)).toEqual(defaultSeed());
  });

  it('rejects a file that is not JSON', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ "users": [ }');
    const error = await loadSeedFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    const problems = (error as SeedError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^cannot read ${escape(file)}: .+`));
  });

  it('rejects a missing file', async () => {
    const file = join(dir, 'missing.json');
    const error = await loadSeedFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as SeedError).problems).toHaveLength(1);
    expect((error as SeedError).problems[0]).toMatch(
      new RegExp(`^cannot read ${escape(file)}: .*ENOENT`),
    );
  });

  it('rejects a JSON file that is not a valid seed, listing its problems', async () => {
    const file = join(dir, 'invalid.json');
    await writeFile(file, JSON.stringify({ orgsEnabled: 'no', users: [{ name: 'eve' }] }));
    const error = await loadSeedFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as SeedError).problems).toEqual([
      'orgsEnabled must be a boolean',
      'users[0].password must be a non-empty string',
      'users[0].displayName must be a non-empty string',
      'users[0].guid must be a non-empty string',
      'users[0].email must be a non-empty string',
    ]);
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('an emulator started with a custom seed', () => {
  let t: TestEmulator | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('rejects an invalid seed at start-up', async () => {
    await expect(
      startEmulator({ port: 0, seed: { users: [] } as unknown as Seed }),
    ).rejects.toThrow(SeedError);
  });

  describe('a user in org 5 only, with orgs enabled', () => {
    const seed: Seed = {
      orgsEnabled: true,
      orgs: [
        { id: 0, name: 'Primary' },
        { id: 5, name: 'Five' },
      ],
      users: [
        { ...user('eve'), privileges: ['AUTHORING'], orgs: [5] },
        { ...user('boss'), privileges: ['ADMINISTRATION'], orgs: [0, 5] },
      ],
      trustedAuth: { enabled: true, secretKey: 'seed-key' },
      releaseVersion: '9.9.9.cl-9',
    };

    it('logs the user in to org 5 and shows only that org', async () => {
      const e = (t = await startTestEmulator({ seed }));
      const { cookie } = await e.login('eve', 'eve-pw');
      const info = await e.api('GET', '/session', { cookie });
      expect(info.status).toBe(200);
      expect(info.json).toMatchObject({
        userName: 'eve',
        userDisplayName: 'User eve',
        userEmail: 'eve@example.com',
        userGUID: user('eve').guid,
        privileges: ['AUTHORING'],
        userGroupMask: 0,
        releaseVersion: '9.9.9.cl-9',
        currentOrgId: 5,
        orgs: [{ orgId: 5, orgName: 'Five' }],
        configInfo: { isOrgsEnabled: true, enableTrustedAuthentication: true },
      });
    });

    it('refuses org 0 to the user (403) and an unknown org (400)', async () => {
      const e = (t = await startTestEmulator({ seed }));
      const { cookie } = await e.login('eve', 'eve-pw');
      const switched = await e.api('PUT', '/session/org', { cookie, json: { id: '0' } });
      expect(upstream(switched)).toMatchObject({ status: 403, code: 10004 });
      const unknown = await e.api('PUT', '/session/org', { cookie, json: { id: '1' } });
      expect(upstream(unknown)).toMatchObject({ status: 400, code: 10002 });
      const token = await e.api('POST', '/session/gettoken', {
        json: { userName: 'eve', password: 'eve-pw', orgId: '0' },
      });
      expect(upstream(token)).toMatchObject({ status: 403, code: 10004 });
      const five = await e.api('POST', '/session/gettoken', {
        json: { userName: 'eve', password: 'eve-pw', orgId: 5 },
      });
      expect(five.status).toBe(200);
      const bearer = (five.json as { token: string }).token;
      const info = await e.api('GET', '/session', { bearer });
      expect(info.json).toMatchObject({ userName: 'eve', currentOrgId: 5 });
    });

    it('knows only the seeded users and the seeded secret key', async () => {
      const e = (t = await startTestEmulator({ seed }));
      const tsadmin = await e.api('POST', '/session/login', {
        json: { userName: 'tsadmin', password: 'admin' },
      });
      expect(upstream(tsadmin)).toMatchObject({ status: 401, code: 10003 });
      const devKey = await e.api('POST', '/session/gettoken', {
        json: { userName: 'eve', secretKey: DEVELOPMENT_SECRET_KEY },
      });
      expect(upstream(devKey)).toMatchObject({ status: 401, code: 10003 });
      const seedKey = await e.api('POST', '/session/gettoken', {
        json: { userName: 'eve', secretKey: 'seed-key' },
      });
      expect(seedKey.status).toBe(200);
      expect(seedKey.json).toMatchObject({ userName: 'eve', tokenType: 'Bearer' });
      expect(e.emulator.state.currentSecretKey).toBe('seed-key');
    });

    it('a user in two orgs starts in the first and can switch', async () => {
      const e = (t = await startTestEmulator({ seed }));
      const { cookie } = await e.login('boss', 'boss-pw');
      const before = await e.api('GET', '/session', { cookie });
      expect(before.json).toMatchObject({
        currentOrgId: 0,
        userGroupMask: 1,
        orgs: [
          { orgId: 0, orgName: 'Primary' },
          { orgId: 5, orgName: 'Five' },
        ],
      });
      expect((await e.api('PUT', '/session/org', { cookie, json: { id: '5' } })).json).toBe(true);
      expect((await e.api('GET', '/session', { cookie })).json).toMatchObject({ currentOrgId: 5 });
    });
  });

  describe('orgs disabled', () => {
    const seed: Seed = {
      orgsEnabled: false,
      orgs: [{ id: 0, name: 'Primary' }],
      users: [{ ...user('eve'), privileges: [], orgs: [0] }],
      trustedAuth: { enabled: true, secretKey: 'k' },
    };

    it('session info has no org fields and says orgs are off', async () => {
      const e = (t = await startTestEmulator({ seed }));
      const { cookie } = await e.login('eve', 'eve-pw');
      const info = await e.api('GET', '/session', { cookie });
      expect(info.status).toBe(200);
      const body = info.json as Record<string, unknown>;
      expect(body).not.toHaveProperty('currentOrgId');
      expect(body).not.toHaveProperty('orgs');
      expect(body.configInfo).toEqual({ isOrgsEnabled: false, enableTrustedAuthentication: true });
    });

    it('switchOrg is 400/10002: orgs are not enabled', async () => {
      const e = (t = await startTestEmulator({ seed }));
      const { cookie } = await e.login('eve', 'eve-pw');
      const res = await e.api('PUT', '/session/org', { cookie, json: { id: '0' } });
      expect(upstream(res)).toMatchObject({
        status: 400,
        code: 10002,
        debug: 'Invalid parameter values: orgs are not enabled on this cluster',
      });
    });

    it('gettoken ignores orgId, even an unknown one', async () => {
      const e = (t = await startTestEmulator({ seed }));
      const res = await e.api('POST', '/session/gettoken', {
        json: { userName: 'eve', password: 'eve-pw', orgId: '42' },
      });
      expect(res.status).toBe(200);
      const bearer = (res.json as { token: string }).token;
      const info = await e.api('GET', '/session', { bearer });
      expect(info.json).not.toHaveProperty('currentOrgId');
    });
  });

  describe('trusted authentication disabled', () => {
    const seed: Seed = {
      ...defaultSeed(),
      trustedAuth: { enabled: false, secretKey: DEVELOPMENT_SECRET_KEY },
    };

    it('gettoken with a secret key is 500/10000; a password still works', async () => {
      const e = (t = await startTestEmulator({ seed }));
      const res = await e.api('POST', '/session/gettoken', {
        json: { userName: 'tsadmin', secretKey: DEVELOPMENT_SECRET_KEY },
      });
      expect(upstream(res)).toMatchObject({
        status: 500,
        code: 10000,
        path: ['restapiV2__getToken'],
        debug: 'Trusted authentication is not enabled on this cluster',
      });
      const bearer = await e.token('tsadmin', 'admin');
      const info = await e.api('GET', '/session', { bearer });
      expect(info.json).toMatchObject({
        configInfo: { isOrgsEnabled: true, enableTrustedAuthentication: false },
      });
    });

    it('a password wins over the secret key even when trusted auth is off', async () => {
      const e = (t = await startTestEmulator({ seed }));
      const res = await e.api('POST', '/session/gettoken', {
        json: { userName: 'tsadmin', password: 'admin', secretKey: 'anything' },
      });
      expect(res.status).toBe(200);
    });
  });

  it('a user type other than LOCAL_USER shows in session info and cannot change password', async () => {
    const seed = validateSeed({ users: [user('sso', { userType: 'SAML_USER' })] });
    const e = (t = await startTestEmulator({ seed }));
    const { cookie } = await e.login('sso', 'sso-pw');
    const info = await e.api('GET', '/session', { cookie });
    expect(info.json).toMatchObject({
      userName: 'sso',
      userType: 'SAML_USER',
      canChangePassword: false,
      privileges: [],
      currentOrgId: 0,
    });
  });
});
