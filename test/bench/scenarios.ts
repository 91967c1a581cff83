/**
 * What the benchmark sends: each operation as the gateway's GraphQL request and as the equivalent
 * REST request the proxy forwards, and how a reference answer is checked before its exact body
 * becomes what every answer of the run must be.
 */

import type { ApiName } from './options';

/** The beta's base path; the emulator's tokens work on both APIs, so the benchmark mints one here. */
export const BETA_BASE_PATH = '/tspublic/rest/v2';
/** The REST calls the proxy forwards, on each API (src/contract/beta.ts, v2.ts). */
const PATHS: Record<ApiName, { session: string; login: string }> = {
  '2.0': { session: '/api/rest/2.0/auth/session/user', login: '/api/rest/2.0/auth/session/login' },
  beta: { session: `${BETA_BASE_PATH}/session`, login: `${BETA_BASE_PATH}/session/login` },
};

export type OperationName = 'session' | 'login';
export type Target = 'proxy' | 'floor' | 'gateway';
/** What a target is sent: REST to the proxy, GraphQL to the gateway and the floor alike. */
export type Wire = 'proxy' | 'gateway';
export const wireOf = (target: Target): Wire => (target === 'proxy' ? 'proxy' : 'gateway');

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** The status every answer must have: 200 unless said (v2.0's login answers 204). */
  status?: number;
}

export interface Answer {
  status: number;
  body: string;
  setCookie: string[];
}

export interface Scenario {
  operation: OperationName;
  /** The emulator's operation behind it: the one upstream call each request must make. */
  upstreamOperation: 'getSessionInfo' | 'login';
  requests: Record<Wire, RequestSpec>;
  /** Throws unless the reference answer of the proxy and the gateway is right and they agree. */
  checkReference(answers: Record<Wire, Answer>): void;
}

const USER_NAME = 'tsadmin';
export const USER = { userName: USER_NAME, password: 'admin' };

const SESSION_QUERY = `query Session { session { id userName displayName email userType privileges currentOrgId orgs { id name } releaseVersion locale timezone expiresAt } }`;
const LOGIN_MUTATION = `mutation Login($input: LoginInput) { login(input: $input) { userName token tokenCreatedTime tokenExpiryDuration tokenType createdAt expiresAt } }`;

const JSON_HEADERS = { 'content-type': 'application/json' };

function parse(answer: Answer, what: string, status = 200): Record<string, unknown> {
  if (answer.status !== status) throw new Error(`${what}: HTTP ${answer.status}: ${answer.body}`);
  return (status === 204 ? {} : JSON.parse(answer.body)) as Record<string, unknown>;
}

/** What the gateway's session must agree with in the REST answer, on each API. */
function sessionFactsOf(rest: Record<string, unknown>, api: ApiName) {
  if (api === '2.0') {
    const org = rest.current_org as { id: number } | undefined;
    return {
      facts: [rest.id, rest.name, org?.id, rest.orgs],
      // v2.0 carries no session expiry.
      expiresAt: null,
    };
  }
  const orgs = (rest.orgs as { orgId: number; orgName: string }[]).map((o) => ({
    id: o.orgId,
    name: o.orgName,
  }));
  return {
    facts: [rest.userGUID, rest.userName, rest.currentOrgId, orgs],
    expiresAt: new Date((rest.expirationTime as number) * 1000).toISOString(),
  };
}

const COOKIE_LOGIN = {
  userName: USER_NAME,
  token: '',
  tokenCreatedTime: '-1',
  tokenExpiryDuration: '-1',
  tokenType: 'Cookie',
};

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    throw new Error(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

function graphqlData(answer: Answer, field: string, what: string): Record<string, unknown> {
  const json = parse(answer, what) as { data?: Record<string, unknown>; errors?: unknown };
  if (json.errors !== undefined) throw new Error(`${what}: errors ${JSON.stringify(json.errors)}`);
  const value = json.data?.[field];
  if (typeof value !== 'object' || value === null) throw new Error(`${what}: no data.${field}`);
  return value as Record<string, unknown>;
}

/**
 * Throws unless the floor answered exactly what the gateway did: the same status and body, byte
 * for byte, and the same cookies by name.
 */
export function checkFloor(floor: Answer, gateway: Answer, operation: OperationName): void {
  if (floor.status !== gateway.status || floor.body !== gateway.body)
    throw new Error(
      `floor ${operation}: HTTP ${floor.status} ${floor.body}, expected what the gateway answered: HTTP ${gateway.status} ${gateway.body}`,
    );
  const names = (a: Answer) => a.setCookie.map((c) => c.split('=', 1)[0]);
  expectEqual(names(floor), names(gateway), `floor ${operation} cookies`);
}

/** The session query (by bearer token) and the login mutation (by password). */
export function scenarios(graphqlPath: string, token: string, api: ApiName): Scenario[] {
  const bearer = { authorization: `Bearer ${token}` };
  const paths = PATHS[api];
  const loginStatus = api === '2.0' ? 204 : 200;
  return [
    {
      operation: 'session',
      upstreamOperation: 'getSessionInfo',
      requests: {
        proxy: { method: 'GET', path: paths.session, headers: bearer },
        gateway: {
          method: 'POST',
          path: graphqlPath,
          headers: { ...JSON_HEADERS, ...bearer },
          body: JSON.stringify({ query: SESSION_QUERY, operationName: 'Session' }),
        },
      },
      checkReference({ proxy, gateway }) {
        const rest = parse(proxy, 'proxy session');
        const { facts, expiresAt } = sessionFactsOf(rest, api);
        expectEqual(facts[1], USER.userName, 'proxy session user name');
        const session = graphqlData(gateway, 'session', 'gateway session');
        expectEqual(
          [session.id, session.userName, session.currentOrgId, session.orgs],
          facts,
          'gateway session against the REST answer',
        );
        expectEqual(session.expiresAt, expiresAt, 'gateway session expiresAt');
      },
    },
    {
      operation: 'login',
      upstreamOperation: 'login',
      requests: {
        proxy: {
          method: 'POST',
          path: paths.login,
          headers: JSON_HEADERS,
          status: loginStatus,
          body: JSON.stringify(
            api === '2.0' ? { username: USER.userName, password: USER.password } : USER,
          ),
        },
        gateway: {
          method: 'POST',
          path: graphqlPath,
          headers: JSON_HEADERS,
          body: JSON.stringify({
            query: LOGIN_MUTATION,
            operationName: 'Login',
            variables: { input: USER },
          }),
        },
      },
      checkReference({ proxy, gateway }) {
        // v2.0 answers 204 and no body; the beta its SessionLoginResponse.
        const rest = parse(proxy, 'proxy login', loginStatus);
        if (api === 'beta') expectEqual(rest, COOKIE_LOGIN, 'proxy login');
        expectEqual(
          graphqlData(gateway, 'login', 'gateway login'),
          { ...COOKIE_LOGIN, createdAt: null, expiresAt: null },
          'gateway login',
        );
        for (const [target, answer] of [
          ['proxy', proxy],
          ['gateway', gateway],
        ] as const) {
          const names = answer.setCookie.map((c) => c.split('=', 1)[0]);
          expectEqual(names, ['JSESSIONID', 'clientId'], `${target} login cookies`);
        }
      },
    },
  ];
}
