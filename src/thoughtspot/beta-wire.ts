import type { BetaSessionInfo, BetaSessionLoginResponse } from '../contract';
import type { OrgFacts, SessionFacts, TokenGrant } from './session-api';
import { isJsonObject } from '../contract';
import { parseJsonAnswer, UnexpectedBody } from './caller';
import { createdAt, expiresAt } from './token-times';

/**
 * The beta's success bodies (schema/thoughtspot-session.openapi.json) checked before anything reads
 * them, and read into the gateway's terms. A body that fails a check is an upstream that lied: the
 * caller turns that into UPSTREAM_ERROR instead of letting a resolver crash.
 */

export function readSessionInfo(text: string): BetaSessionInfo {
  const body = parseJsonAnswer(text);
  if (!isJsonObject(body)) throw new UnexpectedBody('session info is not an object');
  if (typeof body.userGUID !== 'string' || body.userGUID === '')
    throw new UnexpectedBody('session info has no userGUID');
  if (typeof body.userName !== 'string') throw new UnexpectedBody('session info has no userName');
  return body as BetaSessionInfo;
}

const LOGIN_FIELDS = [
  'userName',
  'token',
  'tokenCreatedTime',
  'tokenExpiryDuration',
  'tokenType',
] as const;

/** Strings per the OpenAPI; numbers are accepted and written as strings (some releases send them). */
export function readSessionLoginResponse(text: string): BetaSessionLoginResponse {
  const body = parseJsonAnswer(text);
  if (!isJsonObject(body)) throw new UnexpectedBody('login response is not an object');
  const out: Partial<BetaSessionLoginResponse> = {};
  for (const field of LOGIN_FIELDS) {
    const value = body[field];
    if (typeof value === 'string') out[field] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) out[field] = String(value);
    else throw new UnexpectedBody(`login response field ${field} is missing or not a string`);
  }
  return out as BetaSessionLoginResponse;
}

/**
 * logout, revoketoken and switch org answer a JSON boolean. An empty body (a 204) counts as
 * success; `false` is ThoughtSpot saying it did not do it.
 */
export function readBooleanResult(text: string): boolean {
  if (text.trim() === '') return true;
  const body = parseJsonAnswer(text);
  if (typeof body !== 'boolean') throw new UnexpectedBody('the body is not a JSON boolean');
  return body;
}

export function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function int32(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2 ** 31 - 1
    ? value
    : null;
}

/** The orgs of a list whose entries name them by `idField` and `nameField`; odd entries are left out. */
export function orgsOf(value: unknown, idField: string, nameField: string): OrgFacts[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (!isJsonObject(entry)) return [];
    const id = int32(entry[idField]);
    const name = text(entry[nameField]);
    return id === null || name === null ? [] : [{ id, name }];
  });
}

export function privilegesOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : [];
}

export function sessionFacts(info: BetaSessionInfo): SessionFacts {
  const seconds = info.expirationTime;
  return {
    id: info.userGUID,
    userName: info.userName,
    displayName: text(info.userDisplayName),
    email: text(info.userEmail),
    userType: text(info.userType),
    privileges: privilegesOf(info.privileges),
    currentOrgId: int32(info.currentOrgId),
    orgs: orgsOf(info.orgs, 'orgId', 'orgName'),
    releaseVersion: text(info.releaseVersion),
    locale: text(info.locale),
    timezone: text(info.timezone),
    // Seconds in the session-info object (beta-behaviour §3, docs/reference/beta-behaviour.md), unlike every other time there.
    expiresAt:
      typeof seconds === 'number' && seconds > 0 && seconds < 1e11
        ? new Date(seconds * 1000)
        : null,
    raw: info,
  };
}

export function tokenGrant(response: BetaSessionLoginResponse): TokenGrant {
  return {
    ...response,
    createdAt: createdAt(response.tokenCreatedTime),
    expiresAt: expiresAt(response.tokenCreatedTime, response.tokenExpiryDuration),
  };
}
