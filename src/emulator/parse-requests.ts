import { invalidParameter } from './errors';

/**
 * The beta's JSON bodies of login, gettoken and switchOrg, parsed into what the emulator's state
 * acts on (the opposite direction of src/session/inputs-to-params.ts). Every rejection is
 * ThoughtSpot's "invalid parameter values" (400/10002), naming the parameter.
 */

import type { AccessLevel } from '../contract';

export interface ParsedLogin {
  userName?: string;
  password?: string;
  /** v2.0 only: the org to log in to, by id or name. */
  orgIdentifier?: string;
  rememberMe: boolean;
}

export interface ParsedGetToken {
  userName: string;
  password?: string;
  secretKey?: string;
  accessLevel: AccessLevel;
  tsObjectId?: string;
  /** Seconds; absent for the default lifetime. */
  tokenExpiryDuration?: number;
  orgId?: number;
}

export interface ParsedSwitchOrg {
  id: number;
}

/** Upper bound of a requested token lifetime: the largest signed 32-bit number of seconds. */
export const MAX_TOKEN_EXPIRY_SECONDS = 2_147_483_647;

type Body = Record<string, unknown>;

export function asObjectBody(body: unknown): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidParameter('Invalid parameter values: the request body must be a JSON object');
  }
  return body as Body;
}

const invalid = (name: string, expected: string) =>
  invalidParameter(`Invalid parameter values ${name}: expected ${expected}`);

function optionalString(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(name, 'a string');
  return value;
}

// The SDK sends rememberMe as "true"/"false", the docs and GraphQL schema as a boolean (beta-behaviour.md §11.10).
function optionalBoolean(body: Body, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalid(name, 'true or false');
}

// Org ids and durations are strings in the SDK and numbers elsewhere (beta-behaviour.md §2, §11.10): take both.
function optionalInteger(body: Body, name: string, min: number, max: number): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  const parsed =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value.trim())
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw invalid(name, `an integer from ${min} to ${max}, as a number or a string`);
  }
  return parsed;
}

export function parseLogin(body: unknown): ParsedLogin {
  const b = asObjectBody(body);
  const userName = optionalString(b, 'userName');
  const password = optionalString(b, 'password');
  const rememberMe = optionalBoolean(b, 'rememberMe') ?? false;
  return {
    ...(userName !== undefined && { userName }),
    ...(password !== undefined && { password }),
    rememberMe,
  };
}

export function parseGetToken(body: unknown): ParsedGetToken {
  const b = asObjectBody(body);
  const userName = optionalString(b, 'userName');
  if (userName === undefined || userName === '') throw invalid('userName', 'a user name');
  const password = optionalString(b, 'password');
  const secretKey = optionalString(b, 'secretKey');
  const accessLevel = optionalString(b, 'accessLevel') ?? 'FULL';
  if (accessLevel !== 'FULL' && accessLevel !== 'REPORT_BOOK_VIEW') {
    throw invalid('accessLevel', 'FULL or REPORT_BOOK_VIEW');
  }
  const tsObjectId = optionalString(b, 'tsObjectId');
  const tokenExpiryDuration = optionalInteger(
    b,
    'tokenExpiryDuration',
    1,
    MAX_TOKEN_EXPIRY_SECONDS,
  );
  const orgId = optionalInteger(b, 'orgId', 0, Number.MAX_SAFE_INTEGER);
  return {
    userName,
    ...(password !== undefined && password !== '' && { password }),
    ...(secretKey !== undefined && secretKey !== '' && { secretKey }),
    accessLevel,
    ...(tsObjectId !== undefined && tsObjectId !== '' && { tsObjectId }),
    ...(tokenExpiryDuration !== undefined && { tokenExpiryDuration }),
    ...(orgId !== undefined && { orgId }),
  };
}

export function parseSwitchOrg(body: unknown): ParsedSwitchOrg {
  const id = optionalInteger(asObjectBody(body), 'id', 0, Number.MAX_SAFE_INTEGER);
  if (id === undefined) throw invalid('id', 'the id of the org to switch to');
  return { id };
}
