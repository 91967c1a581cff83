import type { AccessLevel, ApiName } from '../contract';

/**
 * The one interface the resolvers use: ThoughtSpot's session and token operations in the gateway's
 * own terms, whichever API is behind them (beta-client.ts, v2-client.ts). One instance per GraphQL
 * request, made with that caller's credentials alone. Every failure is thrown as a GatewayError
 * (src/errors.ts), already mapped.
 */
export interface SessionApi {
  /** Which ThoughtSpot API answers: for logs and docs/schema.md's table of differences, never for resolvers. */
  readonly api: ApiName;
  /** The signed-in user and their session, by the bearer token or session cookie sent. */
  currentSession(): Promise<SessionFacts>;
  /** A cookie session, with a user name and password or with the bearer token sent. */
  login(params: LoginParams): Promise<TokenGrant>;
  /** Ends the current session; false only where ThoughtSpot itself says it did not. */
  logout(): Promise<boolean>;
  /** A bearer token for a user, by password or trusted-authentication secret key. */
  getToken(params: TokenParams): Promise<TokenGrant>;
  /** Revokes the bearer token sent (beta: with only a cookie, ends that session). */
  revokeToken(): Promise<boolean>;
  /** Moves the current cookie session to another org. */
  switchOrg(orgId: number): Promise<boolean>;
  /** A new bearer token for the user of the current session (REST API v2.0 only). */
  getSessionToken(): Promise<TokenGrant>;
  /** What the bearer token sent is valid for (REST API v2.0 only). */
  validateToken(): Promise<TokenFacts>;
}

export interface OrgFacts {
  id: number;
  name: string;
}

/** The session as the schema's `Session` shows it; null where the API does not say. */
export interface SessionFacts {
  id: string;
  userName: string;
  displayName: string | null;
  email: string | null;
  userType: string | null;
  privileges: string[];
  currentOrgId: number | null;
  orgs: OrgFacts[];
  releaseVersion: string | null;
  locale: string | null;
  timezone: string | null;
  expiresAt: Date | null;
  /** The whole upstream object, as ThoughtSpot sent it. */
  raw: Record<string, unknown>;
}

/**
 * A login's or a token request's answer, in the beta's SessionLoginResponse terms (the schema's
 * `SessionToken`), whichever API gave it. `userName` is absent when the API did not say whose
 * session it is (a v2.0 login by bearer token answers 204 with no body).
 */
export interface TokenGrant {
  userName: string | undefined;
  token: string;
  /** Epoch milliseconds as a string; "-1" for none. */
  tokenCreatedTime: string;
  /** The expiry, as the beta sends it (epoch milliseconds, or seconds after creation); "-1" for none. */
  tokenExpiryDuration: string;
  /** Bearer, or Cookie for a cookie session. */
  tokenType: string;
  createdAt: Date | null;
  expiresAt: Date | null;
}

/** The grant of a cookie session: the session lives in the cookies, not in a token. */
export function cookieGrant(userName: string | undefined): TokenGrant {
  return {
    userName,
    token: '',
    tokenCreatedTime: '-1',
    tokenExpiryDuration: '-1',
    tokenType: 'Cookie',
    createdAt: null,
    expiresAt: null,
  };
}

/** What a bearer token is valid for, as token/validate says. */
export interface TokenFacts {
  userId: string;
  accessLevel: string;
  orgId: number | null;
  objectId: string | null;
  tokenType: string;
  createdAt: Date | null;
  expiresAt: Date | null;
}

export interface LoginParams {
  userName?: string;
  password?: string;
  rememberMe?: boolean;
  /** Log in straight into this org. */
  orgId?: number;
}

/** Checked by the caller already: a user name, and exactly one of password and secret key. */
export interface TokenParams {
  userName: string;
  password?: string;
  secretKey?: string;
  accessLevel: AccessLevel;
  /** The one object a REPORT_BOOK_VIEW token may view. */
  objectId?: string;
  validitySeconds?: number;
  orgId?: number;
}
