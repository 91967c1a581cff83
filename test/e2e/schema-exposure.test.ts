import type { CallResult } from '../support/http';
import { call } from '../support/http';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';

/**
 * What the gateway shows of itself, in development and in production: introspection, the Sandbox
 * landing page, graphql-js's "Did you mean" suggestions, and stack traces (never).
 */

const PRODUCTION = { NODE_ENV: 'production', THOUGHTSPOT_URL: 'http://127.0.0.1:9' };
const DEVELOPMENT = { NODE_ENV: 'development' };

const gateways: TestGateway[] = [];
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
});

async function start(env: Record<string, string>): Promise<TestGateway> {
  const g = await startTestGateway({ env });
  gateways.push(g);
  return g;
}

const post = (g: TestGateway, body: unknown) => call(g.url, 'POST', '/graphql', { json: body });
const messages = (res: CallResult) =>
  ((res.json as { errors?: { message: string }[] }).errors ?? []).map((e) => e.message);

describe('introspection', () => {
  it('can be turned on in production (INTROSPECTION=true)', async () => {
    const g = await start({ ...PRODUCTION, INTROSPECTION: 'true' });
    const res = await post(g, { query: '{ __schema { queryType { name } } }' });
    expect(res.json).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});

describe('the Sandbox landing page', () => {
  /** A browser opening the GraphQL URL. */
  const open = (g: TestGateway) =>
    call(g.url, 'GET', '/graphql', { headers: { accept: 'text/html' } });

  it.each([
    ['development', DEVELOPMENT],
    ['production with LANDING_PAGE=true', { ...PRODUCTION, LANDING_PAGE: 'true' }],
  ])('is served in %s: Sandbox, sending cookies', async (_label, env) => {
    const res = await open(await start(env));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html\b/);
    expect(res.text).toContain('embeddable-sandbox');
    expect(res.text).toMatch(/"includeCookies":\s*true/);
  });

  it.each([
    ['production', PRODUCTION],
    ['development with LANDING_PAGE=false', { ...DEVELOPMENT, LANDING_PAGE: 'false' }],
  ])('is not served in %s: a browser gets the JSON refusal', async (_label, env) => {
    const res = await open(await start(env));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.text).not.toMatch(/<html|<!doctype/i);
    expect(res.json).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });
});

describe('field suggestions', () => {
  const GET_TOKEN = 'mutation ($input: GetTokenInput!) { getToken(input: $input) { token } }';
  const cases = [
    [
      'an unknown field',
      { query: '{ session { usrName } }' },
      'Cannot query field "usrName" on type "Session".',
      ' Did you mean "userName"?',
    ],
    [
      'an unknown argument',
      { query: 'mutation { login(inptu: {}) { token } }' },
      'Unknown argument "inptu" on field "Mutation.login".',
      ' Did you mean "input"?',
    ],
    [
      'an unknown input field in a literal',
      { query: 'mutation { getToken(input: { userName: "a", pasword: "b" }) { token } }' },
      'Field "pasword" is not defined by type "GetTokenInput".',
      ' Did you mean "password"?',
    ],
    [
      'an unknown input field in the variables',
      { query: GET_TOKEN, variables: { input: { userName: 'a', pasword: 'b' } } },
      'Variable "$input" got invalid value { userName: "a", pasword: "b" }; Field "pasword" is not defined by type "GetTokenInput".',
      ' Did you mean "password"?',
    ],
    [
      'an unknown enum value in the variables',
      { query: GET_TOKEN, variables: { input: { userName: 'a', accessLevel: 'FUL' } } },
      'Variable "$input" got invalid value "FUL" at "input.accessLevel"; Value "FUL" does not exist in "AccessLevel" enum.',
      ' Did you mean the enum value "FULL"?',
    ],
  ] as const;

  it.each(cases)('are given in development: %s', async (_label, body, message, suggestion) => {
    const g = await start(DEVELOPMENT);
    const res = await post(g, body);
    expect(res.status).toBe(400);
    expect(messages(res)).toEqual([message + suggestion]);
  });

  it.each(cases)('are hidden in production: %s', async (_label, body, message) => {
    const g = await start(PRODUCTION);
    const res = await post(g, body);
    expect(res.status).toBe(400);
    expect(messages(res)).toEqual([message]);
    expect(res.text).not.toContain('Did you mean');
  });
});

describe('stack traces', () => {
  it.each([
    ['development', DEVELOPMENT],
    ['production', { ...PRODUCTION, INTROSPECTION: 'true' }],
  ])('are never in an answer, in %s', async (_label, env) => {
    const g = await start(env);
    const answers = await Promise.all([
      post(g, { query: '{ session { id ' }),
      post(g, { query: '{ session { nope } }' }),
      post(g, { query: `{ ${'__typename '.repeat(1001)}}` }),
      post(g, {
        query: 'mutation ($input: SwitchOrgInput!) { switchOrg(input: $input) }',
        variables: { input: { id: 'x' } },
      }),
      // Refused by ThoughtSpot (no credentials), or not reachable at all (production's URL).
      post(g, { query: '{ session { id } }' }),
      call(g.url, 'POST', '/graphql', { body: '{"query":', contentType: 'application/json' }),
    ]);
    for (const res of answers) {
      const errors = (res.json as { errors?: { extensions: Record<string, unknown> }[] }).errors;
      expect(errors?.length).toBeGreaterThan(0);
      for (const error of errors ?? [])
        expect(Object.keys(error.extensions)).not.toContain('stacktrace');
      expect(res.text).not.toMatch(/\bat .+\.[jt]s:\d+/);
    }
  });
});
