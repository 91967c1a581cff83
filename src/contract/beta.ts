import type { AccessLevel, Endpoint, Action } from './endpoint';

/**
 * ThoughtSpot's 2022 REST API v2 beta (`/tspublic/rest/v2/session/...`), deprecated since Cloud
 * 8.10.0.cl / Software 9.0.1.sw and kept for older clusters: schema/thoughtspot-session.openapi.json,
 * with the behaviour in docs/reference/beta-behaviour.md. Every failure is HTTP 500 with the real
 * status inside the error envelope (beta-behaviour.md §11.1, docs/reference/beta-behaviour.md).
 */

export const BETA_BASE_PATH = '/tspublic/rest/v2';

const endpoint = (
  action: Endpoint['action'],
  method: Endpoint['method'],
  path: string,
  body: Endpoint['body'],
): Endpoint => ({
  family: 'beta',
  action,
  method,
  path: BETA_BASE_PATH + path,
  body,
  success: [200],
});

export const BETA = {
  session: endpoint('getSessionInfo', 'GET', '/session', 'none'),
  login: endpoint('login', 'POST', '/session/login', 'json'),
  logout: endpoint('logout', 'POST', '/session/logout', 'none'),
  getToken: endpoint('getToken', 'POST', '/session/gettoken', 'json'),
  revokeToken: endpoint('revokeToken', 'POST', '/session/revoketoken', 'none'),
  switchOrg: endpoint('switchOrg', 'PUT', '/session/org', 'json'),
} as const satisfies Record<string, Endpoint>;

/** The actions the beta serves (it has no session/token, token/validate or org list). */
export type BetaAction = Extract<
  Action,
  'getSessionInfo' | 'login' | 'logout' | 'getToken' | 'revokeToken' | 'switchOrg'
>;

export type BetaAccessLevel = AccessLevel;

/** POST /session/login. The SDK sends rememberMe as the strings "true"/"false" (beta-behaviour.md §11.10). */
export interface BetaLoginRequest {
  userName?: string;
  password?: string;
  rememberMe?: 'true' | 'false';
}

/** POST /session/gettoken. The numbers travel as strings, as in the SDK. */
export interface BetaGetTokenRequest {
  userName: string;
  password?: string;
  secretKey?: string;
  accessLevel?: BetaAccessLevel;
  tsObjectId?: string;
  tokenExpiryDuration?: string;
  orgId?: string;
}

/** PUT /session/org: the org id as a string (beta-behaviour.md §11.8). */
export interface BetaSwitchOrgRequest {
  id: string;
}

/** SessionLoginResponse, the answer of login and gettoken: five strings. */
export interface BetaSessionLoginResponse {
  userName: string;
  token: string;
  tokenCreatedTime: string;
  tokenExpiryDuration: string;
  tokenType: string;
}

/** GET /session: Callosum's session-info object, typed loosely on purpose (beta-behaviour.md §3). */
export type BetaSessionInfo = Record<string, unknown> & { userGUID: string; userName: string };

/** ThoughtSpot's default lifetime of a beta token. */
export const BETA_DEFAULT_TOKEN_SECONDS = 24 * 60 * 60;

/**
 * How the beta fails (beta-behaviour.md §11.1): HTTP 500, with the real status and ThoughtSpot's code
 * inside this envelope (SPEC's shape, without the stack trace).
 */
export interface BetaErrorEnvelope {
  error: {
    errors: {
      message: string;
      locations: { line: number; column: number };
      path: string[];
      extension: {
        service: 'CALLOSUM';
        code: 'UPSTREAM_FAILURE';
        exception: {
          service: 'CALLOSUM';
          upstreamResponse: {
            data: { code: number; incident_id_guid: string; trace_id_guid: string; debug: string };
            status: number;
          };
        };
      };
    };
  };
}
