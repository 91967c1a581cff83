import { createHash, randomUUID } from 'node:crypto';
import type { V1OrgsResponse, V2User } from '../contract';
import { BETA_DEFAULT_TOKEN_SECONDS, V2_SESSION_TOKEN_SECONDS } from '../contract';
import type { Clock } from './clock';
import { forbidden, invalidParameter, ThoughtSpotError, unauthorized } from './errors';
import type { Credentials, Principal, SessionRecord, TokenRecord, UserRecord } from './records';
import type { ParsedGetToken, ParsedLogin } from './parse-requests';
import type { Seed, SeedOrg } from './seed';
import { buildSessionInfo } from './session-info';
import { newToken, secretsEqual } from './tokens';
import type { ParsedRevoke } from './parse-v2-requests';
import { buildV2User } from './v2-user';

export const DEFAULT_TOKEN_LIFETIME_MS = BETA_DEFAULT_TOKEN_SECONDS * 1000;
/** A session without rememberMe ends after this long without a request (beta-behaviour.md §11.3). */
export const IDLE_TIMEOUT_MS = 3 * 60 * 60 * 1000;
/** A rememberMe session lasts as long as its cookie's Max-Age (beta-behaviour.md §11.3). */
export const REMEMBER_ME_MS = 7 * 24 * 60 * 60 * 1000;

export interface StateLimits {
  /** Past this many live cookie sessions, the oldest is dropped to make room. */
  maxSessions: number;
  /** Past this many tokens, the oldest is dropped to make room. */
  maxTokens: number;
}

export const DEFAULT_LIMITS: StateLimits = { maxSessions: 100_000, maxTokens: 100_000 };

export interface LoginResult {
  session: SessionRecord;
}

export interface TokenResult {
  token: TokenRecord;
  user: UserRecord;
}

/** Where the two APIs' token rules differ (beta-behaviour.md §11.7, rest-2.0-auth.md §9.2, §9.8). */
export interface TokenRules {
  /** With both a password and a secret key, the secret key is checked (v2.0) or the password (beta). */
  secretKeyWins: boolean;
  /** The status of a secret-key request while trusted authentication is disabled. */
  trustedAuthDisabledStatus: 403 | 500;
}

export const BETA_TOKEN_RULES: TokenRules = {
  secretKeyWins: false,
  trustedAuthDisabledStatus: 500,
};
export const V2_TOKEN_RULES: TokenRules = { secretKeyWins: true, trustedAuthDisabledStatus: 403 };

const opaque = (seed: string) => createHash('sha256').update(seed).digest('hex').slice(0, 32);

/**
 * The emulated cluster: users, orgs, the trusted-auth secret key, tokens and cookie sessions, and
 * the rules of beta-behaviour.md §5–§7 as decided in its §11, and of rest-2.0-auth.md with its §9.
 * Both APIs act on this one state, as on a real cluster: a token or a cookie session made through
 * one works on the other. Every operation either returns or throws a ThoughtSpotError; the HTTP
 * layer turns that into the wire format of the API that was called.
 */
export class EmulatorState {
  private readonly users = new Map<string, UserRecord>();
  private readonly orgs = new Map<number, SeedOrg>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly sessions = new Map<string, SessionRecord>();
  private orgsEnabled: boolean;
  private trustedAuthEnabled: boolean;
  private secretKey: string;
  private readonly releaseVersion: string;

  constructor(
    seed: Seed,
    private readonly clock: Clock,
    private readonly limits: StateLimits = DEFAULT_LIMITS,
  ) {
    const now = clock.now();
    for (const org of seed.orgs) this.orgs.set(org.id, { ...org });
    for (const user of seed.users) {
      const firstOrg = user.orgs[0] ?? 0;
      this.users.set(user.name, {
        ...user,
        privileges: [...user.privileges],
        orgs: [...user.orgs],
        lastOrgId: firstOrg,
        createdAt: now,
      });
    }
    this.orgsEnabled = seed.orgsEnabled;
    this.trustedAuthEnabled = seed.trustedAuth.enabled;
    this.secretKey = seed.trustedAuth.secretKey;
    this.releaseVersion = seed.releaseVersion ?? 'unknown';
  }

  // ---- The beta's six operations (most serve v2.0 too) ------------------------------------------

  /** GET /session. */
  sessionInfo(credentials: Credentials, acceptLanguage: string): Record<string, unknown> {
    const who = this.authenticate(credentials);
    return buildSessionInfo(who, {
      orgsEnabled: this.orgsEnabled,
      trustedAuthEnabled: this.trustedAuthEnabled,
      orgs: this.orgs,
      releaseVersion: this.releaseVersion,
      acceptLanguage,
    });
  }

  /**
   * Both APIs' login: credentials in the body win over a bearer header (beta-behaviour.md §2); the
   * v2.0 `org_identifier` logs in straight into that org, checked only once the password is.
   */
  login(input: ParsedLogin, credentials: Credentials): LoginResult {
    if (input.userName !== undefined || input.password !== undefined) {
      if (!input.userName || !input.password) {
        throw invalidParameter('Invalid parameter values: userName and password are both required');
      }
      const user = this.checkPassword(input.userName, input.password);
      const orgId =
        input.orgIdentifier !== undefined
          ? this.orgByIdentifier(user, input.orgIdentifier)
          : this.orgsEnabled
            ? user.lastOrgId
            : undefined;
      return { session: this.openSession(user, { orgId, accessLevel: 'FULL' }, input.rememberMe) };
    }
    if (credentials.bearer === undefined) {
      throw unauthorized(
        'No credentials: send userName and password, or a bearer token from gettoken',
      );
    }
    const token = this.validToken(credentials.bearer);
    if (input.orgIdentifier !== undefined) {
      throw invalidParameter(
        'Invalid parameter values org_identifier: a bearer login takes the org of its token; ' +
          'send org_identifier with username and password',
      );
    }
    const user = this.userOf(token.userName);
    const session = this.openSession(
      user,
      {
        orgId: token.orgId,
        accessLevel: token.accessLevel,
        tsObjectId: token.tsObjectId,
        token: token.value,
      },
      input.rememberMe,
    );
    token.sessions.add(session.id);
    return { session };
  }

  /** POST /session/logout: needs no authentication and always succeeds (beta-behaviour.md §11.11). */
  logout(credentials: Credentials): SessionRecord | undefined {
    const session =
      credentials.sessionId === undefined ? undefined : this.sessions.get(credentials.sessionId);
    if (session) this.endSession(session);
    return session;
  }

  /** The beta's gettoken and v2.0's token/full and token/object (beta-behaviour.md §5, §11.7). */
  getToken(input: ParsedGetToken, rules: TokenRules = BETA_TOKEN_RULES): TokenResult {
    if (input.accessLevel === 'REPORT_BOOK_VIEW' && input.tsObjectId === undefined) {
      throw invalidParameter(
        'Invalid parameter values tsObjectId: required when accessLevel is REPORT_BOOK_VIEW',
      );
    }
    let user: UserRecord;
    const bySecretKey =
      input.secretKey !== undefined && (rules.secretKeyWins || input.password === undefined);
    if (input.password !== undefined && !bySecretKey) {
      user = this.checkPassword(input.userName, input.password);
    } else if (input.secretKey !== undefined) {
      if (!this.trustedAuthEnabled) {
        throw new ThoughtSpotError(
          rules.trustedAuthDisabledStatus,
          'Trusted authentication is not enabled on this cluster',
        );
      }
      const known = this.users.get(input.userName);
      if (!secretsEqual(input.secretKey, this.secretKey) || !known) {
        throw unauthorized('Invalid user name or secret key');
      }
      user = known;
    } else {
      throw invalidParameter('Invalid parameter values: send a password or a secretKey');
    }

    let orgId: number | undefined;
    if (this.orgsEnabled) {
      orgId = input.orgId ?? user.lastOrgId;
      this.checkOrgAccess(user, orgId);
    }

    const lifetime =
      input.tokenExpiryDuration === undefined
        ? DEFAULT_TOKEN_LIFETIME_MS
        : input.tokenExpiryDuration * 1000;
    const grant = { accessLevel: input.accessLevel, tsObjectId: input.tsObjectId, orgId };
    return { token: this.issueToken(user, grant, lifetime), user };
  }

  /**
   * POST /session/revoketoken (beta-behaviour.md §11.6): a bearer token is revoked with every session logged in with
   * it; with only a session cookie, that session ends.
   */
  revokeToken(credentials: Credentials): void {
    if (credentials.bearer !== undefined) {
      this.revoke(this.validToken(credentials.bearer));
      return;
    }
    if (credentials.sessionId !== undefined) {
      this.endSession(this.validSession(credentials.sessionId));
      return;
    }
    throw unauthorized('No credentials: send the bearer token to revoke, or a session cookie');
  }

  /**
   * The beta's PUT /session/org and the v1 PUT .../session/orgs (beta-behaviour.md §7, §11.8): acts
   * on the cookie session only. `orgIdOf` parses the body, called only once the caller is known, so
   * an unauthenticated caller learns nothing about org ids.
   */
  switchOrg(orgIdOf: () => number, credentials: Credentials): void {
    const session = this.liveSession(credentials.sessionId);
    if (!session) {
      if (credentials.bearer !== undefined) {
        const token = this.validToken(credentials.bearer);
        if (token.accessLevel === 'REPORT_BOOK_VIEW') throw reportBookViewDenied();
        throw invalidParameter('Invalid parameter values: switching org requires a session cookie');
      }
      if (credentials.sessionId !== undefined)
        throw unauthorized('The session has expired or ended');
      throw unauthorized('No credentials: log in first; switching org requires a session cookie');
    }
    if (session.accessLevel === 'REPORT_BOOK_VIEW') throw reportBookViewDenied();
    if (!this.orgsEnabled) {
      throw invalidParameter('Invalid parameter values: orgs are not enabled on this cluster');
    }
    const id = orgIdOf();
    const user = this.userOf(session.userName);
    this.checkOrgAccess(user, id);
    session.orgId = id;
    session.lastActivity = this.clock.now();
    user.lastOrgId = id;
  }

  // ---- What only v2.0 (and its v1 org endpoints) serves -------------------------------------

  /** GET /api/rest/2.0/auth/session/user: the caller as v2.0's `User` (bearer wins over a cookie). */
  currentUser(credentials: Credentials): V2User {
    return buildV2User(this.authenticate(credentials), {
      orgsEnabled: this.orgsEnabled,
      orgs: this.orgs,
    });
  }

  /**
   * POST /api/rest/2.0/auth/session/logout: ends the cookie session sent, if it is still live. A
   * bearer alone must be valid and is left as it is (token/revoke ends tokens); neither is a 401.
   */
  logoutSession(credentials: Credentials): void {
    if (credentials.sessionId !== undefined) {
      const session = this.sessions.get(credentials.sessionId);
      if (session) this.endSession(session);
      return;
    }
    if (credentials.bearer !== undefined) {
      this.validToken(credentials.bearer);
      return;
    }
    throw unauthorized('No credentials: send the session cookie to end, or a bearer token');
  }

  /**
   * POST /api/rest/2.0/auth/token/revoke (rest-2.0-auth.md §3, §9.5). The caller must be
   * authenticated; a token or the tokens of a user other than the caller need ADMINISTRATION. With
   * neither field, the bearer sent is revoked; with only a cookie, that is a 400. A token that is
   * already revoked or expired is revoked again without complaint, so a retry succeeds.
   */
  revokeTokens(input: ParsedRevoke, credentials: Credentials): void {
    const caller = this.authenticate(credentials);
    const admin = caller.user.privileges.includes('ADMINISTRATION');
    const otherUsers = () =>
      forbidden("Revoking another user's tokens needs the ADMINISTRATION privilege");
    if (input.token !== undefined) {
      const token = this.tokens.get(input.token);
      if (!token) throw invalidParameter('Invalid parameter values token: no such token');
      if (token.userName !== caller.user.name && !admin) throw otherUsers();
      this.revoke(token);
      return;
    }
    if (input.userIdentifier !== undefined) {
      const user = this.userByIdentifier(input.userIdentifier);
      if (user !== caller.user && !admin) throw otherUsers();
      if (!user) {
        throw invalidParameter('Invalid parameter values user_identifier: no such user');
      }
      for (const token of this.tokens.values())
        if (token.userName === user.name && !token.revoked) this.revoke(token);
      return;
    }
    if (credentials.bearer !== undefined && caller.token) {
      this.revoke(caller.token);
      return;
    }
    throw invalidParameter('Either user_identifier or token must be provided');
  }

  /**
   * GET /api/rest/2.0/auth/session/token (rest-2.0-auth.md §9.6): a new 24 h token for the caller,
   * with the caller's own grant (org, access level, object): a view-only caller cannot mint more.
   */
  sessionToken(credentials: Credentials): TokenResult {
    const who = this.authenticate(credentials);
    const grant = { accessLevel: who.accessLevel, tsObjectId: who.tsObjectId, orgId: who.orgId };
    return {
      token: this.issueToken(who.user, grant, V2_SESSION_TOKEN_SECONDS * 1000),
      user: who.user,
    };
  }

  /**
   * POST /api/rest/2.0/auth/token/validate: any authenticated caller may validate a token (knowing
   * a token is being able to use it). A bearer that is the token being validated is judged once, by
   * the validation: an expired or revoked one is the documented 400, not a 401.
   */
  validateToken(value: string, credentials: Credentials): TokenResult {
    if (credentials.bearer !== value) this.authenticate(credentials);
    const token = this.tokens.get(value);
    if (!token) throw invalidParameter('The provided token is malformed or unknown');
    if (token.revoked) throw invalidParameter('The provided token has been revoked');
    if (this.clock.now() >= token.expiresAt)
      throw invalidParameter('The provided token has expired');
    return { token, user: this.userOf(token.userName) };
  }

  /** GET /callosum/v1/tspublic/v1/session/orgs: the caller's orgs (rest-2.0-auth.md §6). */
  listOrgs(credentials: Credentials): V1OrgsResponse {
    const who = this.authenticate(credentials);
    if (!this.orgsEnabled) {
      throw invalidParameter('Invalid parameter values: orgs are not enabled on this cluster');
    }
    return {
      orgs: who.user.orgs.flatMap((id) => {
        const org = this.orgs.get(id);
        if (!org) return [];
        return [
          { orgId: org.id, orgName: org.name, description: org.description ?? '', isActive: true },
        ];
      }),
      currentOrgId: who.orgId ?? who.user.lastOrgId,
      canAdministerAllOrgs: who.user.privileges.includes('ADMINISTRATION'),
    };
  }

  // ---- Administration: what a test or an operator of the emulator may change ------------------

  /** Turns trusted authentication on or off (off: gettoken with a secret key answers 500). */
  setTrustedAuthentication(enabled: boolean): void {
    this.trustedAuthEnabled = enabled;
  }

  /** Turns the orgs feature on or off. */
  setOrgsEnabled(enabled: boolean): void {
    this.orgsEnabled = enabled;
  }

  /**
   * Generates a new secret key. As on a cluster, this invalidates every existing token whatever its
   * expiry (beta-behaviour.md §5), and so every session logged in with one. Returns the new key.
   */
  rotateSecretKey(): string {
    this.secretKey = randomUUID();
    for (const token of this.tokens.values()) if (!token.revoked) this.revoke(token);
    return this.secretKey;
  }

  get currentSecretKey(): string {
    return this.secretKey;
  }

  /** How many live sessions and usable tokens there are now. */
  counts(): { sessions: number; tokens: number } {
    const now = this.clock.now();
    let sessions = 0;
    for (const s of this.sessions.values()) if (sessionExpiry(s) > now) sessions++;
    let tokens = 0;
    for (const t of this.tokens.values()) if (!t.revoked && t.expiresAt > now) tokens++;
    return { sessions, tokens };
  }

  // ---- Rules -------------------------------------------------------------------------------

  /**
   * Who the request acts as. A bearer token, when one is sent, is the credential, and a bad one is
   * refused even if a session cookie is also sent; otherwise the session cookie.
   */
  private authenticate(credentials: Credentials): Principal {
    if (credentials.bearer !== undefined) {
      const token = this.validToken(credentials.bearer);
      return {
        user: this.userOf(token.userName),
        ...(token.orgId !== undefined && { orgId: token.orgId }),
        accessLevel: token.accessLevel,
        ...(token.tsObjectId !== undefined && { tsObjectId: token.tsObjectId }),
        expiresAt: token.expiresAt,
        authToken: token.authToken,
        partialSessionId: token.pseudoSessionId.slice(0, 16),
        token,
      };
    }
    if (credentials.sessionId !== undefined) {
      const session = this.validSession(credentials.sessionId);
      session.lastActivity = this.clock.now();
      return {
        user: this.userOf(session.userName),
        ...(session.orgId !== undefined && { orgId: session.orgId }),
        accessLevel: session.accessLevel,
        ...(session.tsObjectId !== undefined && { tsObjectId: session.tsObjectId }),
        expiresAt: sessionExpiry(session),
        authToken: session.authToken,
        partialSessionId: session.id.slice(0, 16),
        session,
      };
    }
    throw unauthorized('No credentials: send a bearer token or a session cookie');
  }

  private checkPassword(userName: string, password: string): UserRecord {
    const user = this.users.get(userName);
    // Compare even for an unknown user, so timing does not tell which user names exist.
    const matches = secretsEqual(password, user?.password ?? '\u0000no-user');
    if (!user || !matches) throw unauthorized('Invalid user name or password');
    return user;
  }

  private checkOrgAccess(user: UserRecord, orgId: number): void {
    if (!this.orgs.has(orgId))
      throw invalidParameter(`Invalid parameter values: no org with id ${orgId}`);
    if (!user.orgs.includes(orgId))
      throw forbidden(`User ${user.name} is not a member of org ${orgId}`);
  }

  /** A login's `org_identifier`: the id (all digits) or else the exact name of an org of the user. */
  private orgByIdentifier(user: UserRecord, identifier: string): number {
    if (!this.orgsEnabled) {
      throw invalidParameter('Invalid parameter values: orgs are not enabled on this cluster');
    }
    const org = /^\d+$/.test(identifier)
      ? this.orgs.get(Number(identifier))
      : [...this.orgs.values()].find((o) => o.name === identifier);
    if (!org) throw invalidParameter('Invalid parameter values org_identifier: no such org');
    this.checkOrgAccess(user, org.id);
    return org.id;
  }

  /** A user by GUID or name. */
  private userByIdentifier(identifier: string): UserRecord | undefined {
    const byName = this.users.get(identifier);
    if (byName) return byName;
    for (const user of this.users.values()) if (user.guid === identifier) return user;
    return undefined;
  }

  private issueToken(
    user: UserRecord,
    grant: Pick<TokenRecord, 'accessLevel'> & { tsObjectId?: string; orgId?: number },
    lifetimeMs: number,
  ): TokenRecord {
    const now = this.clock.now();
    const value = newToken(user.name);
    const token: TokenRecord = {
      value,
      userName: user.name,
      accessLevel: grant.accessLevel,
      ...(grant.tsObjectId !== undefined && { tsObjectId: grant.tsObjectId }),
      ...(grant.orgId !== undefined && { orgId: grant.orgId }),
      createdAt: now,
      expiresAt: now + lifetimeMs,
      revoked: false,
      sessions: new Set(),
      authToken: opaque(value),
      pseudoSessionId: randomUUID(),
    };
    remember(this.tokens, value, token, this.limits.maxTokens);
    return token;
  }

  private validToken(value: string): TokenRecord {
    const token = this.tokens.get(value);
    if (!token) throw unauthorized('Invalid token');
    if (token.revoked) throw unauthorized('The token has been revoked');
    if (this.clock.now() >= token.expiresAt) throw unauthorized('The token has expired');
    return token;
  }

  /** The live session behind a JSESSIONID, or undefined; an expired one is forgotten. */
  private liveSession(id: string | undefined): SessionRecord | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (this.clock.now() >= sessionExpiry(session)) {
      this.endSession(session);
      return undefined;
    }
    return session;
  }

  private validSession(id: string): SessionRecord {
    const session = this.liveSession(id);
    if (!session) throw unauthorized('The session has expired or ended');
    return session;
  }

  private openSession(
    user: UserRecord,
    grant: Pick<SessionRecord, 'orgId' | 'accessLevel' | 'tsObjectId' | 'token'>,
    rememberMe: boolean,
  ): SessionRecord {
    const now = this.clock.now();
    const id = randomUUID();
    const session: SessionRecord = {
      id,
      clientId: randomUUID(),
      userName: user.name,
      ...(grant.orgId !== undefined && { orgId: grant.orgId }),
      accessLevel: grant.accessLevel,
      ...(grant.tsObjectId !== undefined && { tsObjectId: grant.tsObjectId }),
      rememberMe,
      createdAt: now,
      lastActivity: now,
      ...(grant.token !== undefined && { token: grant.token }),
      authToken: opaque(id),
    };
    remember(this.sessions, id, session, this.limits.maxSessions, (old) => this.unlink(old));
    if (grant.orgId !== undefined) user.lastOrgId = grant.orgId;
    return session;
  }

  private endSession(session: SessionRecord): void {
    this.sessions.delete(session.id);
    this.unlink(session);
  }

  private unlink(session: SessionRecord): void {
    if (session.token !== undefined) this.tokens.get(session.token)?.sessions.delete(session.id);
  }

  private revoke(token: TokenRecord): void {
    token.revoked = true;
    for (const id of token.sessions) this.sessions.delete(id);
    token.sessions.clear();
  }

  private userOf(name: string): UserRecord {
    const user = this.users.get(name);
    // Users are never removed, so a token or session always names a known user.
    if (!user) throw new ThoughtSpotError(500, 'Internal error');
    return user;
  }
}

export function sessionExpiry(session: SessionRecord): number {
  return session.rememberMe
    ? session.createdAt + REMEMBER_ME_MS
    : session.lastActivity + IDLE_TIMEOUT_MS;
}

const reportBookViewDenied = () =>
  forbidden('A REPORT_BOOK_VIEW token gives view access to one object only and cannot switch org');

/** Map insertion with a size bound: the oldest entry makes room, as a server's session store would. */
function remember<K, V>(
  map: Map<K, V>,
  key: K,
  value: V,
  max: number,
  onEvict?: (old: V) => void,
): void {
  if (map.size >= max) {
    const oldest = map.entries().next().value;
    if (oldest) {
      map.delete(oldest[0]);
      onEvict?.(oldest[1]);
    }
  }
  map.set(key, value);
}
