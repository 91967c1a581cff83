import type { AccessLevel } from '../contract';
import type { SeedUser } from './seed';

/** What the emulator keeps about each user, token and cookie session. */

/**
 * When every emulated account expires (2100-01-01, epoch ms): a seed carries no account expiry. It
 * is the account's, never a session's or a token's (beta `userExpirationTime`, v2.0
 * `expiration_time_in_millis`).
 */
export const ACCOUNT_EXPIRES_AT = 4102444800000;

export interface UserRecord extends SeedUser {
  /** Where a login or gettoken without an org lands: the last org the user logged in to (beta-behaviour.md §5). */
  lastOrgId: number;
  createdAt: number;
}

export interface TokenRecord {
  value: string;
  userName: string;
  accessLevel: AccessLevel;
  tsObjectId?: string;
  /** Absent when orgs are disabled. */
  orgId?: number;
  createdAt: number;
  expiresAt: number;
  revoked: boolean;
  /** Ids of the cookie sessions logged in with this token: revoking it ends them (beta-behaviour.md §11.6). */
  sessions: Set<string>;
  /** The opaque per-login values session info shows for a bearer caller. */
  authToken: string;
  pseudoSessionId: string;
}

export interface SessionRecord {
  /** The JSESSIONID cookie's value. */
  id: string;
  clientId: string;
  userName: string;
  orgId?: number;
  accessLevel: AccessLevel;
  tsObjectId?: string;
  rememberMe: boolean;
  createdAt: number;
  lastActivity: number;
  /** The gettoken token this session was logged in with, if any. */
  token?: string;
  authToken: string;
}

/** What a request carries: a non-empty bearer token and/or a JSESSIONID cookie. */
export interface Credentials {
  bearer?: string;
  sessionId?: string;
}

/** Who a request acts as, and with what rights. */
export interface Principal {
  user: UserRecord;
  orgId?: number;
  accessLevel: AccessLevel;
  tsObjectId?: string;
  /** Epoch ms at which these credentials stop working if nothing else happens. */
  expiresAt: number;
  authToken: string;
  partialSessionId: string;
  session?: SessionRecord;
  token?: TokenRecord;
}
