import type { V2GetTokenResponse, V2Token, V2TokenValidationResponse, V2User } from '../contract';
import { int32, orgsOf, privilegesOf, text } from './beta-wire';
import { isJsonObject } from '../contract';
import { parseJsonAnswer, UnexpectedBody } from './caller';
import type { SessionFacts, TokenFacts, TokenGrant } from './session-api';

/**
 * REST API v2.0's success bodies (schema/thoughtspot-rest-2.0.openapi.json) checked before anything
 * reads them, and read into the gateway's terms: a v2.0 token in the beta's SessionLoginResponse
 * terms, where the two string fields mean what they mean on the beta (epoch milliseconds).
 */

export function readUser(body: string): V2User {
  const user = parseJsonAnswer(body);
  if (!isJsonObject(user)) throw new UnexpectedBody('the user is not an object');
  if (typeof user.id !== 'string' || user.id === '') throw new UnexpectedBody('the user has no id');
  if (typeof user.name !== 'string') throw new UnexpectedBody('the user has no name');
  return user as V2User;
}

// DateTime is RFC 3339: four-digit years only. A later time is a lying upstream, not a date.
const LAST_RFC3339_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function epochMs(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > LAST_RFC3339_MS)
    throw new UnexpectedBody(`${field} is not a time in epoch milliseconds`);
  return Math.trunc(value);
}

function string(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw new UnexpectedBody(`${field} is missing or not a string`);
  return value;
}

function tokenBody(json: string, what: string): Record<string, unknown> {
  const body = parseJsonAnswer(json);
  if (!isJsonObject(body)) throw new UnexpectedBody(`the ${what} is not an object`);
  return body;
}

/** token/full, token/object and session/token (the last without a scope). */
export function readToken(json: string): V2GetTokenResponse | V2Token {
  const body = tokenBody(json, 'token');
  const token = string(body, 'token');
  if (token === '') throw new UnexpectedBody('the token is empty');
  return {
    ...body,
    token,
    creation_time_in_millis: epochMs(body.creation_time_in_millis, 'creation_time_in_millis'),
    expiration_time_in_millis: epochMs(body.expiration_time_in_millis, 'expiration_time_in_millis'),
    valid_for_user_id: string(body, 'valid_for_user_id'),
    valid_for_username: string(body, 'valid_for_username'),
  };
}

export function readTokenValidation(json: string): V2TokenValidationResponse {
  const body = tokenBody(json, 'token validation');
  const { scope } = body;
  if (!isJsonObject(scope) || typeof scope.access_type !== 'string')
    throw new UnexpectedBody('the token validation has no scope');
  return {
    creation_time_in_millis: epochMs(body.creation_time_in_millis, 'creation_time_in_millis'),
    expiration_time_in_millis: epochMs(body.expiration_time_in_millis, 'expiration_time_in_millis'),
    scope: {
      access_type: scope.access_type,
      org_id: int32(scope.org_id),
      metadata_id: text(scope.metadata_id),
    },
    valid_for_user_id: string(body, 'valid_for_user_id'),
    token_type: string(body, 'token_type'),
  };
}

/**
 * A login, logout or revoke answer: 204 with no body on current clusters, 200 with an empty or
 * JSON body before 9.5.0.cl. Any such body means it was done; only a non-JSON body is a lie.
 */
export function readNoContent(body: string): boolean {
  if (body.trim() !== '') parseJsonAnswer(body);
  return true;
}

/**
 * v2.0 carries no session expiry, release or time zone: those are null. `expiration_time_in_millis`
 * is the user ACCOUNT's expiry, so it is not put under expiresAt (it stays in raw).
 */
export function sessionFacts(user: V2User): SessionFacts {
  const currentOrg = isJsonObject(user.current_org) ? int32(user.current_org.id) : null;
  return {
    id: user.id,
    userName: user.name,
    displayName: text(user.display_name),
    email: text(user.email),
    userType: text(user.account_type),
    privileges: privilegesOf(user.privileges),
    currentOrgId: currentOrg,
    orgs: orgsOf(user.orgs, 'id', 'name'),
    releaseVersion: null,
    locale: text(user.preferred_locale),
    timezone: null,
    expiresAt: null,
    raw: user,
  };
}

export function tokenGrant(token: V2GetTokenResponse): TokenGrant {
  return {
    userName: token.valid_for_username,
    token: token.token,
    tokenCreatedTime: String(token.creation_time_in_millis),
    tokenExpiryDuration: String(token.expiration_time_in_millis),
    tokenType: 'Bearer',
    createdAt: new Date(token.creation_time_in_millis),
    expiresAt: new Date(token.expiration_time_in_millis),
  };
}

export function tokenFacts(validation: V2TokenValidationResponse): TokenFacts {
  return {
    userId: validation.valid_for_user_id,
    accessLevel: validation.scope.access_type,
    orgId: validation.scope.org_id ?? null,
    objectId: validation.scope.metadata_id ?? null,
    tokenType: validation.token_type,
    createdAt: new Date(validation.creation_time_in_millis),
    expiresAt: new Date(validation.expiration_time_in_millis),
  };
}
