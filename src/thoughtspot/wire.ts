/**
 * The REST wire format of the six session endpoints (schema/thoughtspot-session.openapi.json), and
 * the checks a success body must pass before anything reads it. A body that fails a check is an
 * upstream that lied; the client turns that into UPSTREAM_ERROR instead of letting a resolver crash.
 */

import { JsonTooDeep, parseBoundedJson } from './json';

export const BASE_PATH = '/tspublic/rest/v2';

export type AccessLevel = 'FULL' | 'REPORT_BOOK_VIEW';

/** POST /session/login. The SDK sends rememberMe as the strings "true"/"false" (§11.10). */
export interface LoginRequest {
  userName?: string;
  password?: string;
  rememberMe?: 'true' | 'false';
}

/** POST /session/gettoken. The numbers travel as strings, as in the SDK and SPEC. */
export interface GetTokenRequest {
  userName: string;
  password?: string;
  secretKey?: string;
  accessLevel?: AccessLevel;
  tsObjectId?: string;
  tokenExpiryDuration?: string;
  orgId?: string;
}

/** PUT /session/org: the org id as a string (§11.8). */
export interface SwitchOrgRequest {
  id: string;
}

/** SessionLoginResponse: five strings (SPEC). */
export interface SessionLoginResponse {
  userName: string;
  token: string;
  tokenCreatedTime: string;
  tokenExpiryDuration: string;
  tokenType: string;
}

/** GET /session: Callosum's session-info object, typed loosely on purpose (§3). */
export type SessionInfo = Record<string, unknown> & { userGUID: string; userName: string };

export class UnexpectedBody extends Error {}

export function parseJsonBody(text: string): unknown {
  try {
    return parseBoundedJson(text);
  } catch (error) {
    if (error instanceof JsonTooDeep) throw new UnexpectedBody(error.message);
    throw new UnexpectedBody('the body is not JSON');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readSessionInfo(body: unknown): SessionInfo {
  if (!isObject(body)) throw new UnexpectedBody('session info is not an object');
  if (typeof body.userGUID !== 'string' || body.userGUID === '')
    throw new UnexpectedBody('session info has no userGUID');
  if (typeof body.userName !== 'string') throw new UnexpectedBody('session info has no userName');
  return body as SessionInfo;
}

const LOGIN_FIELDS = [
  'userName',
  'token',
  'tokenCreatedTime',
  'tokenExpiryDuration',
  'tokenType',
] as const;

/** Strings per SPEC; numbers are accepted and written as strings (some releases send them). */
export function readSessionLoginResponse(body: unknown): SessionLoginResponse {
  if (!isObject(body)) throw new UnexpectedBody('login response is not an object');
  const out: Partial<SessionLoginResponse> = {};
  for (const field of LOGIN_FIELDS) {
    const value = body[field];
    if (typeof value === 'string') out[field] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) out[field] = String(value);
    else throw new UnexpectedBody(`login response field ${field} is missing or not a string`);
  }
  return out as SessionLoginResponse;
}

/**
 * logout, revoketoken and switch org answer a JSON boolean. An empty body (a 204, as PYLIB's
 * comments describe) counts as success.
 */
export function readBooleanResult(text: string): boolean {
  if (text.trim() === '') return true;
  const body = parseJsonBody(text);
  if (typeof body !== 'boolean') throw new UnexpectedBody('the body is not a JSON boolean');
  return body;
}
