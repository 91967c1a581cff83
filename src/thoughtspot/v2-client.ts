import type {
  V2LoginRequest,
  V2RevokeTokenRequest,
  V2TokenRequest,
  V2ValidateTokenRequest,
} from '../contract';
import { V1_ORG_FIELD, V2 } from '../contract';
import { badUserInput, unauthenticated } from '../errors';
import type { UpstreamCaller } from './caller';
import type {
  LoginParams,
  SessionApi,
  SessionFacts,
  TokenFacts,
  TokenGrant,
  TokenParams,
} from './session-api';
import { cookieGrant } from './session-api';
import {
  readNoContent,
  readToken,
  readTokenValidation,
  readUser,
  sessionFacts,
  tokenFacts,
  tokenGrant,
} from './v2-wire';

/**
 * The session API over ThoughtSpot REST API v2.0 (`/api/rest/2.0/auth/...`), with the v1 org switch
 * ThoughtSpot still documents, since v2.0 has none. One upstream call per method.
 */
export class V2SessionApi implements SessionApi {
  readonly api = '2.0' as const;

  constructor(private readonly caller: UpstreamCaller) {}

  async currentSession(): Promise<SessionFacts> {
    const res = await this.caller.send(V2.session);
    return sessionFacts(this.caller.read(res, readUser));
  }

  /**
   * 204 and no body: the grant is the beta's cookie-login answer. The user name is the one logged in
   * with; after a login by bearer token nobody said whose session it is, so it is absent (the
   * schema's SessionToken asks ThoughtSpot, with one more call, only when a client selects it).
   */
  async login(params: LoginParams): Promise<TokenGrant> {
    const res = await this.caller.send(V2.login, v2LoginBody(params));
    this.caller.read(res, readNoContent);
    return cookieGrant(params.userName);
  }

  async logout(): Promise<boolean> {
    const res = await this.caller.send(V2.logout);
    return this.caller.read(res, readNoContent);
  }

  async getToken(params: TokenParams): Promise<TokenGrant> {
    const endpoint = params.accessLevel === 'REPORT_BOOK_VIEW' ? V2.objectToken : V2.fullToken;
    const res = await this.caller.send(endpoint, v2TokenBody(params));
    return tokenGrant(this.caller.read(res, readToken));
  }

  /**
   * Revokes the bearer token sent, named in the body as v2.0 wants it. v2.0 revokes tokens only:
   * with a cookie and no bearer there is nothing to name, so the caller is told to log out instead.
   */
  async revokeToken(): Promise<boolean> {
    const token = this.caller.bearerToken;
    if (token === undefined && this.caller.hasCookie)
      throw badUserInput(
        'revokeToken revokes the bearer token in the Authorization header, and none was sent. To end a cookie session, use logout.',
      );
    if (token === undefined) throw this.noBearer('revokeToken');
    const res = await this.caller.send(V2.revokeToken, { token } satisfies V2RevokeTokenRequest);
    return this.caller.read(res, readNoContent);
  }

  async switchOrg(orgId: number): Promise<boolean> {
    const res = await this.caller.send(V2.switchOrg, { [V1_ORG_FIELD]: String(orgId) });
    return this.caller.read(res, readNoContent);
  }

  async getSessionToken(): Promise<TokenGrant> {
    const res = await this.caller.send(V2.sessionToken);
    return tokenGrant(this.caller.read(res, readToken));
  }

  /** The token from the Authorization header only: a token in a query would end up in URLs and logs. */
  async validateToken(): Promise<TokenFacts> {
    const token = this.caller.bearerToken;
    if (token === undefined) throw this.noBearer('tokenInfo');
    const res = await this.caller.send(V2.validateToken, {
      token,
    } satisfies V2ValidateTokenRequest);
    return tokenFacts(this.caller.read(res, readTokenValidation));
  }

  private noBearer(field: string) {
    return unauthenticated(
      `Not authenticated: ${field} needs a bearer token in the Authorization header.`,
    );
  }
}

export function v2LoginBody(params: LoginParams): V2LoginRequest {
  return {
    ...(params.userName !== undefined && { username: params.userName }),
    ...(params.password !== undefined && { password: params.password }),
    ...(params.orgId !== undefined && { org_identifier: String(params.orgId) }),
    ...(params.rememberMe !== undefined && { remember_me: params.rememberMe }),
  };
}

/**
 * token/full's body, or token/object's (with object_id) for REPORT_BOOK_VIEW. Never both password and
 * secret key: the two sources disagree on which v2.0 takes (rest-2.0-auth §9.2,
 * docs/reference/rest-2.0-auth.md), so the password goes when both are given.
 */
export function v2TokenBody(params: TokenParams): V2TokenRequest {
  return {
    username: params.userName,
    ...(params.password !== undefined
      ? { password: params.password }
      : params.secretKey !== undefined && { secret_key: params.secretKey }),
    ...(params.validitySeconds !== undefined && { validity_time_in_sec: params.validitySeconds }),
    ...(params.orgId !== undefined && { org_id: params.orgId }),
    ...(params.accessLevel === 'REPORT_BOOK_VIEW' &&
      params.objectId !== undefined && { object_id: params.objectId }),
  };
}
