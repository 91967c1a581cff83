import type { Endpoint } from './endpoint';

/**
 * ThoughtSpot REST API v2.0 (`/api/rest/2.0/auth/...`), served by every cluster since 9.0.0.cl:
 * schema/thoughtspot-rest-2.0.openapi.json (ThoughtSpot's own OpenAPI, unchanged), with the
 * behaviour and the project's decisions in docs/reference/rest-2.0-auth.md. Bodies in snake_case,
 * real HTTP statuses, 204 answers. v2.0 has no endpoint that switches a session's org: the v1 org
 * endpoints ThoughtSpot still documents stand in for it (rest-2.0-auth.md §6).
 */

export const V2_BASE_PATH = '/api/rest/2.0';
export const V1_BASE_PATH = '/callosum/v1';
export const V1_ORGS_PATH = `${V1_BASE_PATH}/tspublic/v1/session/orgs`;

const endpoint = (
  action: Endpoint['action'],
  method: Endpoint['method'],
  path: string,
  body: Endpoint['body'],
  success: readonly number[],
): Endpoint => ({ family: '2.0', action, method, path: V2_BASE_PATH + path, body, success });

// Clusters before 9.5.0.cl answered login, logout and revoke with 200 (an empty or JSON body).
const NO_CONTENT = [204, 200] as const;

export const V2 = {
  session: endpoint('getSessionInfo', 'GET', '/auth/session/user', 'none', [200]),
  login: endpoint('login', 'POST', '/auth/session/login', 'json', NO_CONTENT),
  logout: endpoint('logout', 'POST', '/auth/session/logout', 'none', NO_CONTENT),
  fullToken: endpoint('getToken', 'POST', '/auth/token/full', 'json', [200]),
  objectToken: endpoint('getToken', 'POST', '/auth/token/object', 'json', [200]),
  revokeToken: endpoint('revokeToken', 'POST', '/auth/token/revoke', 'json', NO_CONTENT),
  sessionToken: endpoint('getSessionToken', 'GET', '/auth/session/token', 'none', [200]),
  validateToken: endpoint('validateToken', 'POST', '/auth/token/validate', 'json', [200]),
  listOrgs: {
    family: 'v1',
    action: 'listOrgs',
    method: 'GET',
    path: V1_ORGS_PATH,
    body: 'none',
    success: [200],
  },
  switchOrg: {
    family: 'v1',
    action: 'switchOrg',
    method: 'PUT',
    path: V1_ORGS_PATH,
    body: 'form',
    success: [204, 200],
  },
} as const satisfies Record<string, Endpoint>;

/** POST /auth/session/login (LoginRequest). With no credentials, a bearer token becomes a cookie session. */
export interface V2LoginRequest {
  username?: string;
  password?: string;
  /** The org's id or name, as a string. */
  org_identifier?: string;
  remember_me?: boolean;
}

/** POST /auth/token/full (GetFullAccessTokenRequest); token/object adds object_id. */
export interface V2TokenRequest {
  username: string;
  password?: string;
  secret_key?: string;
  validity_time_in_sec?: number;
  org_id?: number;
  object_id?: string;
}

/** POST /auth/token/revoke (RevokeTokenRequest): the server needs one of the two. */
export interface V2RevokeTokenRequest {
  user_identifier?: string;
  token?: string;
}

/** POST /auth/token/validate. */
export interface V2ValidateTokenRequest {
  token: string;
}

export interface V2Org {
  id: number;
  name: string;
}

/** GET /auth/session/user: required id, name, display_name, visibility; 43 more, all nullable. */
export type V2User = Record<string, unknown> & {
  id: string;
  name: string;
  display_name: string;
  visibility: string;
};

export interface V2Scope {
  /** FULL or REPORT_BOOK_VIEW; a string, since a cluster may add others. */
  access_type: string;
  org_id?: number | null;
  metadata_id?: string | null;
}

/** token/full and token/object. */
export interface V2Token {
  token: string;
  creation_time_in_millis: number;
  expiration_time_in_millis: number;
  scope: V2Scope;
  valid_for_user_id: string;
  valid_for_username: string;
}

/** GET /auth/session/token: a Token without its scope. */
export type V2GetTokenResponse = Omit<V2Token, 'scope'>;

/** POST /auth/token/validate. */
export interface V2TokenValidationResponse {
  creation_time_in_millis: number;
  expiration_time_in_millis: number;
  scope: V2Scope;
  valid_for_user_id: string;
  token_type: string;
}

/** GET of the v1 org endpoint. */
export interface V1OrgsResponse {
  orgs: { orgId: number; orgName: string; [key: string]: unknown }[];
  currentOrgId: number;
  canAdministerAllOrgs: boolean;
}

/** The PUT form field of the v1 org switch. */
export const V1_ORG_FIELD = 'orgid';

/** ThoughtSpot's numeric error codes on v2.0 (rest-2.0-auth.md §5, §9.8). */
export const V2_ERROR_CODES = {
  badRequest: 10002,
  unauthenticated: 10097,
  forbidden: 10023,
  internal: 10038,
} as const;

/** ThoughtSpot's default token lifetime on v2.0 (the beta's is 24 h). */
export const V2_DEFAULT_TOKEN_SECONDS = 300;
/** session/token issues a new token valid this long (rest-2.0-auth.md §9.6). */
export const V2_SESSION_TOKEN_SECONDS = 24 * 60 * 60;

/**
 * How v2.0 fails: the real HTTP status, and the OpenAPI's flat form of the envelope, which the
 * emulator answers (rest-2.0-auth.md §9.1, docs/reference/rest-2.0-auth.md). Live clusters also nest `message.debug` once more, with `debug` a
 * JSON-encoded array, and some drop the `error` wrapper: the gateway reads all of them
 * (src/thoughtspot/envelope.ts).
 */
export interface V2ErrorEnvelope {
  error: {
    message: {
      code: number;
      incident_id_guid: string;
      trace_id_guid: string;
      debug: string;
    };
  };
}
