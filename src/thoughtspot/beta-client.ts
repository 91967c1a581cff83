import type { BetaGetTokenRequest, BetaLoginRequest, BetaSwitchOrgRequest } from '../contract';
import { BETA } from '../contract';
import type { UpstreamCaller } from './caller';
import { sessionCookieOf } from './session-cookie';
import type {
  LoginParams,
  SessionApi,
  SessionFacts,
  TokenFacts,
  TokenGrant,
  TokenParams,
} from './session-api';
import { unsupportedOperation } from '../errors';
import {
  readBooleanResult,
  readSessionInfo,
  readSessionLoginResponse,
  sessionFacts,
  tokenGrant,
} from './beta-wire';

/**
 * The session API over ThoughtSpot's deprecated 2022 beta (`/tspublic/rest/v2`), for clusters that
 * do not serve REST API v2.0. One upstream call per method, except a login into an org (below).
 */
export class BetaSessionApi implements SessionApi {
  readonly api = 'beta' as const;

  constructor(private readonly caller: UpstreamCaller) {}

  async currentSession(): Promise<SessionFacts> {
    const res = await this.caller.send(BETA.session);
    return sessionFacts(this.caller.read(res, readSessionInfo));
  }

  /**
   * The beta cannot log in into an org. With `orgId`, the new session is switched to it with a
   * second call, as a user would do by hand; if that fails, the new session is logged out again (a
   * third call) so that a failed login leaves no session behind, and the switch's error is thrown.
   */
  async login(params: LoginParams): Promise<TokenGrant> {
    const res = await this.caller.send(BETA.login, betaLoginBody(params));
    const grant = tokenGrant(this.caller.read(res, readSessionLoginResponse));
    if (params.orgId === undefined) return grant;
    const cookie = sessionCookieOf(res.setCookie);
    try {
      await this.caller.send(
        BETA.switchOrg,
        { id: String(params.orgId) } satisfies BetaSwitchOrgRequest,
        cookie,
      );
    } catch (error) {
      await this.caller.send(BETA.logout, undefined, cookie).catch(() => undefined);
      throw error;
    }
    return grant;
  }

  async logout(): Promise<boolean> {
    const res = await this.caller.send(BETA.logout);
    return this.caller.read(res, readBooleanResult);
  }

  async getToken(params: TokenParams): Promise<TokenGrant> {
    const res = await this.caller.send(BETA.getToken, betaTokenBody(params));
    return tokenGrant(this.caller.read(res, readSessionLoginResponse));
  }

  async revokeToken(): Promise<boolean> {
    const res = await this.caller.send(BETA.revokeToken);
    return this.caller.read(res, readBooleanResult);
  }

  async switchOrg(orgId: number): Promise<boolean> {
    const res = await this.caller.send(BETA.switchOrg, {
      id: String(orgId),
    } satisfies BetaSwitchOrgRequest);
    return this.caller.read(res, readBooleanResult);
  }

  getSessionToken(): Promise<TokenGrant> {
    return Promise.reject(unsupportedOperation('getSessionToken'));
  }

  validateToken(): Promise<TokenFacts> {
    return Promise.reject(unsupportedOperation('tokenInfo'));
  }
}

/** The beta's login body, in the types the SDK sends (a string for the boolean, beta-behaviour §11.10). */
export function betaLoginBody(params: LoginParams): BetaLoginRequest {
  return {
    ...(params.userName !== undefined && { userName: params.userName }),
    ...(params.password !== undefined && { password: params.password }),
    ...(params.rememberMe !== undefined && { rememberMe: params.rememberMe ? 'true' : 'false' }),
  };
}

/** The beta's gettoken body: numbers as strings, as the SDK sends them. */
export function betaTokenBody(params: TokenParams): BetaGetTokenRequest {
  return {
    userName: params.userName,
    ...(params.password !== undefined && { password: params.password }),
    ...(params.secretKey !== undefined && { secretKey: params.secretKey }),
    accessLevel: params.accessLevel,
    ...(params.objectId !== undefined && { tsObjectId: params.objectId }),
    ...(params.validitySeconds !== undefined && {
      tokenExpiryDuration: String(params.validitySeconds),
    }),
    ...(params.orgId !== undefined && { orgId: String(params.orgId) }),
  };
}
