import { V2_ERROR_CODES } from '../../src/contract';
import { defaultSeed } from '../../src/emulator';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import type { CallResult } from '../support/http';
import { v2Error } from '../support/http';
import { assertValidV2Response, v2Contract, validateV2ErrorEnvelope } from '../support/openapi';

/**
 * Every v2.0 answer of the emulator, success and error, against ThoughtSpot's own OpenAPI
 * (schema/thoughtspot-rest-2.0.openapi.json), and every error against the strict flat envelope.
 */

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(() => t.close());

const CODES: Record<number, number> = {
  400: V2_ERROR_CODES.badRequest,
  401: V2_ERROR_CODES.unauthenticated,
  403: V2_ERROR_CODES.forbidden,
  500: V2_ERROR_CODES.internal,
};

function expectConforms(operationId: string, res: CallResult, status: number): void {
  expect([res.status, res.text]).toEqual([status, expect.any(String)]);
  assertValidV2Response(operationId, res.status, res.headers['content-type'], res.text);
  if (status >= 400) {
    expect(validateV2ErrorEnvelope(res.json)).toEqual([]);
    expect(v2Error(res.json)?.code).toBe(CODES[status]);
  } else if (status === 204) {
    expect(res.text).toBe('');
    expect(res.headers['content-type']).toBeUndefined();
  }
}

const bearer = () => t.v2Token('tsadmin', 'admin');
const cookie = async () => (await t.v2Login('tsadmin', 'admin')).cookie;

type Case = [operationId: string, what: string, status: number, run: () => Promise<CallResult>];

const CASES: Case[] = [
  [
    'getCurrentUserInfo',
    'by bearer',
    200,
    async () => t.v2('GET', '/auth/session/user', { bearer: await bearer() }),
  ],
  [
    'getCurrentUserInfo',
    'by cookie',
    200,
    async () => t.v2('GET', '/auth/session/user', { cookie: await cookie() }),
  ],
  ['getCurrentUserInfo', 'with no credentials', 401, () => t.v2('GET', '/auth/session/user')],
  [
    'getCurrentUserInfo',
    'with an unknown bearer',
    401,
    () => t.v2('GET', '/auth/session/user', { bearer: 'nope' }),
  ],
  [
    'login',
    'with a password',
    204,
    () =>
      t.v2('POST', '/auth/session/login', { json: { username: 'analyst', password: 'analyst' } }),
  ],
  [
    'login',
    'with a bearer',
    204,
    async () => t.v2('POST', '/auth/session/login', { bearer: await bearer() }),
  ],
  [
    'login',
    'into an org',
    204,
    () =>
      t.v2('POST', '/auth/session/login', {
        json: { username: 'tsadmin', password: 'admin', org_identifier: '1', remember_me: true },
      }),
  ],
  [
    'login',
    'with a wrong password',
    401,
    () => t.v2('POST', '/auth/session/login', { json: { username: 'tsadmin', password: 'x' } }),
  ],
  [
    'login',
    'with a username only',
    400,
    () => t.v2('POST', '/auth/session/login', { json: { username: 'tsadmin' } }),
  ],
  [
    'login',
    'into an org the user is not in',
    403,
    () =>
      t.v2('POST', '/auth/session/login', {
        json: { username: 'analyst', password: 'analyst', org_identifier: 'Sales' },
      }),
  ],
  [
    'logout',
    'by cookie',
    204,
    async () => t.v2('POST', '/auth/session/logout', { cookie: await cookie() }),
  ],
  [
    'logout',
    'by bearer',
    204,
    async () => t.v2('POST', '/auth/session/logout', { bearer: await bearer() }),
  ],
  ['logout', 'with no credentials', 401, () => t.v2('POST', '/auth/session/logout')],
  [
    'getFullAccessToken',
    'with a password',
    200,
    () => t.v2('POST', '/auth/token/full', { json: { username: 'tsadmin', password: 'admin' } }),
  ],
  [
    'getFullAccessToken',
    'with the secret key',
    200,
    () =>
      t.v2('POST', '/auth/token/full', {
        json: {
          username: 'analyst',
          secret_key: t.emulator.state.currentSecretKey,
          validity_time_in_sec: 60,
        },
      }),
  ],
  [
    'getFullAccessToken',
    'without username',
    400,
    () => t.v2('POST', '/auth/token/full', { json: { password: 'admin' } }),
  ],
  [
    'getFullAccessToken',
    'with a wrong password',
    401,
    () => t.v2('POST', '/auth/token/full', { json: { username: 'tsadmin', password: 'x' } }),
  ],
  [
    'getFullAccessToken',
    'for an org the user is not in',
    403,
    () =>
      t.v2('POST', '/auth/token/full', {
        json: { username: 'analyst', password: 'analyst', org_id: 1 },
      }),
  ],
  [
    'getFullAccessToken',
    'with trusted authentication disabled',
    403,
    () => {
      t.emulator.state.setTrustedAuthentication(false);
      return t.v2('POST', '/auth/token/full', {
        json: { username: 'analyst', secret_key: t.emulator.state.currentSecretKey },
      });
    },
  ],
  [
    'getObjectAccessToken',
    'with a password',
    200,
    () =>
      t.v2('POST', '/auth/token/object', {
        json: {
          username: 'analyst',
          password: 'analyst',
          object_id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
        },
      }),
  ],
  [
    'getObjectAccessToken',
    'without object_id',
    400,
    () =>
      t.v2('POST', '/auth/token/object', { json: { username: 'analyst', password: 'analyst' } }),
  ],
  [
    'getObjectAccessToken',
    'with a wrong secret key',
    401,
    () =>
      t.v2('POST', '/auth/token/object', {
        json: { username: 'analyst', secret_key: 'x', object_id: 'o' },
      }),
  ],
  [
    'revokeToken',
    'of the token in the body',
    204,
    async () => {
      const token = await bearer();
      return t.v2('POST', '/auth/token/revoke', { bearer: token, json: { token } });
    },
  ],
  [
    'revokeToken',
    'of the bearer, with an empty body',
    204,
    async () => t.v2('POST', '/auth/token/revoke', { bearer: await bearer() }),
  ],
  [
    'revokeToken',
    'of a user',
    204,
    async () =>
      t.v2('POST', '/auth/token/revoke', {
        cookie: await cookie(),
        json: { user_identifier: 'analyst' },
      }),
  ],
  [
    'revokeToken',
    'with neither field, by cookie',
    400,
    async () => t.v2('POST', '/auth/token/revoke', { cookie: await cookie(), json: {} }),
  ],
  [
    'revokeToken',
    'with no credentials',
    401,
    () => t.v2('POST', '/auth/token/revoke', { json: { token: 'x' } }),
  ],
  [
    'revokeToken',
    "of another user's token, without ADMINISTRATION",
    403,
    async () =>
      t.v2('POST', '/auth/token/revoke', {
        bearer: await t.v2Token('analyst', 'analyst'),
        json: { token: await bearer() },
      }),
  ],
  [
    'getCurrentUserToken',
    'by cookie',
    200,
    async () => t.v2('GET', '/auth/session/token', { cookie: await cookie() }),
  ],
  [
    'getCurrentUserToken',
    'by bearer',
    200,
    async () => t.v2('GET', '/auth/session/token', { bearer: await bearer() }),
  ],
  ['getCurrentUserToken', 'with no credentials', 401, () => t.v2('GET', '/auth/session/token')],
  [
    'validateToken',
    'of a full token',
    200,
    async () => {
      const token = await bearer();
      return t.v2('POST', '/auth/token/validate', { bearer: token, json: { token } });
    },
  ],
  [
    'validateToken',
    'of an object token',
    200,
    async () => {
      const res = await t.v2('POST', '/auth/token/object', {
        json: { username: 'analyst', password: 'analyst', object_id: 'lb-1' },
      });
      const { token } = res.json as { token: string };
      return t.v2('POST', '/auth/token/validate', { bearer: token, json: { token } });
    },
  ],
  [
    'validateToken',
    'of an unknown token',
    400,
    async () =>
      t.v2('POST', '/auth/token/validate', {
        bearer: await bearer(),
        json: { token: 'not-a-token' },
      }),
  ],
  [
    'validateToken',
    'of an expired token, as its own bearer',
    400,
    async () => {
      const token = await t.v2Token('analyst', 'analyst', { validity_time_in_sec: 1 });
      t.clock.advance(1000);
      return t.v2('POST', '/auth/token/validate', { bearer: token, json: { token } });
    },
  ],
  [
    'validateToken',
    'with no credentials',
    401,
    async () => t.v2('POST', '/auth/token/validate', { json: { token: await bearer() } }),
  ],
];

describe('v2.0 answers against the OpenAPI', () => {
  it('the document itself is sound, and the emulator serves each of its operations but token/custom', () => {
    expect(v2Contract.checkDocument()).toEqual([]);
    const served = new Set(CASES.map(([op]) => op));
    const documented = v2Contract.operations.map((o) => o.operationId);
    expect(documented.filter((op) => !served.has(op))).toEqual(['getCustomAccessToken']);
  });

  it.each(CASES)('%s %s: %d', async (operationId, _what, status, run) => {
    expectConforms(operationId, await run(), status);
  });

  it('a User without orgs has null current_org and orgs, and still conforms', async () => {
    await t.close();
    t = await startTestEmulator({ seed: { ...defaultSeed(), orgsEnabled: false } });
    const res = await t.v2('GET', '/auth/session/user', { bearer: await bearer() });
    expectConforms('getCurrentUserInfo', res, 200);
    expect(res.json).toMatchObject({ current_org: null, orgs: null });
  });

  it('an internal failure is 500/10038 in the flat envelope', async () => {
    // A token whose user the state no longer has: the one path to the emulator's internal error.
    const token = await bearer();
    const users = (t.emulator.state as unknown as { users: Map<string, unknown> }).users;
    users.delete('tsadmin');
    expectConforms(
      'getCurrentUserInfo',
      await t.v2('GET', '/auth/session/user', { bearer: token }),
      500,
    );
  });
});
