/**
 * What the benchmark sends: each operation as the gateway's GraphQL request and as the equivalent
 * REST request the proxy forwards, and how a reference answer is checked before its exact body
 * becomes what every answer of the run must be.
 */

export const API = '/tspublic/rest/v2';

export type OperationName = 'session' | 'login';
export type Target = 'proxy' | 'gateway';

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
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
  requests: Record<Target, RequestSpec>;
  /** Throws unless the reference answer of both targets is right and they agree. */
  checkReference(answers: Record<Target, Answer>): void;
}

export const USER = { userName: 'tsadmin', password: 'admin' };

const SESSION_QUERY = `query Session { session { id userName displayName email userType privileges currentOrgId orgs { id name } releaseVersion locale timezone expiresAt } }`;
const LOGIN_MUTATION = `mutation Login($input: LoginInput) { login(input: $input) { userName token tokenCreatedTime tokenExpiryDuration tokenType createdAt expiresAt } }`;

const JSON_HEADERS = { 'content-type': 'application/json' };

function parse(answer: Answer, what: string): Record<string, unknown> {
  if (answer.status !== 200) throw new Error(`${what}: HTTP ${answer.status}: ${answer.body}`);
  return JSON.parse(answer.body) as Record<string, unknown>;
}

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

/** The session query (by bearer token) and the login mutation (by password). */
export function scenarios(graphqlPath: string, token: string): Scenario[] {
  const bearer = { authorization: `Bearer ${token}` };
  return [
    {
      operation: 'session',
      upstreamOperation: 'getSessionInfo',
      requests: {
        proxy: { method: 'GET', path: `${API}/session`, headers: bearer },
        gateway: {
          method: 'POST',
          path: graphqlPath,
          headers: { ...JSON_HEADERS, ...bearer },
          body: JSON.stringify({ query: SESSION_QUERY, operationName: 'Session' }),
        },
      },
      checkReference({ proxy, gateway }) {
        const rest = parse(proxy, 'proxy session');
        expectEqual(rest.userName, USER.userName, 'proxy session userName');
        const session = graphqlData(gateway, 'session', 'gateway session');
        const orgs = (rest.orgs as { orgId: number; orgName: string }[]).map((o) => ({
          id: o.orgId,
          name: o.orgName,
        }));
        expectEqual(
          [session.id, session.userName, session.currentOrgId, session.orgs],
          [rest.userGUID, rest.userName, rest.currentOrgId, orgs],
          'gateway session against the REST answer',
        );
        expectEqual(
          session.expiresAt,
          new Date((rest.expirationTime as number) * 1000).toISOString(),
          'gateway session expiresAt',
        );
      },
    },
    {
      operation: 'login',
      upstreamOperation: 'login',
      requests: {
        proxy: {
          method: 'POST',
          path: `${API}/session/login`,
          headers: JSON_HEADERS,
          body: JSON.stringify(USER),
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
        const rest = parse(proxy, 'proxy login');
        expectEqual(
          rest,
          {
            userName: USER.userName,
            token: '',
            tokenCreatedTime: '-1',
            tokenExpiryDuration: '-1',
            tokenType: 'Cookie',
          },
          'proxy login',
        );
        expectEqual(
          graphqlData(gateway, 'login', 'gateway login'),
          { ...rest, createdAt: null, expiresAt: null },
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
