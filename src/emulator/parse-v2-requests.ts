import { isJsonObject, V1_ORG_FIELD, V2_DEFAULT_TOKEN_SECONDS } from '../contract';
import { invalidParameter } from './errors';
import type { ParsedGetToken, ParsedLogin } from './parse-requests';
import { asObjectBody, MAX_TOKEN_EXPIRY_SECONDS } from './parse-requests';

/**
 * Parsing of the v2.0 JSON bodies (and the v1 org form) into the inputs the state acts on. v2.0 is
 * strict where the beta is lenient: each field has the OpenAPI's JSON type (no number as a string),
 * `null` only where the OpenAPI says nullable, and a field the endpoint does not document is
 * refused, so a misspelt or camelCase name (`userName`) is a clear 400 instead of a credential
 * silently dropped. Every rejection is 400/10002, naming the field.
 */

type FieldType = 'string' | 'boolean' | 'integer' | 'strings' | 'object';
interface Field {
  type: FieldType;
  nullable?: boolean;
}
type Fields = Readonly<Record<string, Field>>;

const INT32_MAX = 2_147_483_647;

const LOGIN: Fields = {
  username: { type: 'string' },
  password: { type: 'string' },
  org_identifier: { type: 'string' },
  remember_me: { type: 'boolean', nullable: true },
};

// The just-in-time provisioning fields are documented, so accepted and type-checked, but the
// emulator provisions no user: they change nothing.
const TOKEN: Fields = {
  username: { type: 'string' },
  password: { type: 'string' },
  secret_key: { type: 'string' },
  validity_time_in_sec: { type: 'integer' },
  org_id: { type: 'integer' },
  email: { type: 'string' },
  display_name: { type: 'string' },
  auto_create: { type: 'boolean', nullable: true },
  group_identifiers: { type: 'strings' },
  user_parameters: { type: 'object' },
};
const OBJECT_TOKEN: Fields = { ...TOKEN, object_id: { type: 'string' } };
const REVOKE: Fields = { user_identifier: { type: 'string' }, token: { type: 'string' } };
const VALIDATE: Fields = { token: { type: 'string' } };

const TYPE_NAMES: Record<FieldType, string> = {
  string: 'a string',
  boolean: 'true or false',
  integer: 'an integer',
  strings: 'an array of strings',
  object: 'a JSON object',
};

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isSafeInteger(value);
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'object':
      return isJsonObject(value);
  }
}

/** The body's fields, each checked against `fields`; absent and allowed-null fields are left out. */
function checkFields(body: unknown, fields: Fields): Record<string, unknown> {
  const b = asObjectBody(body);
  const unknown = Object.keys(b).filter((k) => !Object.hasOwn(fields, k));
  if (unknown.length > 0) {
    throw invalidParameter(
      `Invalid parameter values: unknown field${unknown.length > 1 ? 's' : ''} ` +
        `${unknown.map((k) => JSON.stringify(k)).join(', ')} (this endpoint takes ` +
        `${Object.keys(fields).join(', ')})`,
    );
  }
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const value = b[name];
    if (value === undefined || (value === null && field.nullable)) continue;
    if (!hasType(value, field.type)) {
      throw invalidParameter(
        `Invalid parameter values ${name}: expected ${TYPE_NAMES[field.type]}`,
      );
    }
    out[name] = value;
  }
  return out;
}

function integerIn(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = value as number;
  if (n < min || n > max) {
    throw invalidParameter(
      `Invalid parameter values ${name}: expected an integer from ${min} to ${max}`,
    );
  }
  return n;
}

/** A string field, with "" read as absent (the OpenAPI's default of password and secret_key). */
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export function parseV2Login(body: unknown): ParsedLogin {
  const b = checkFields(body, LOGIN);
  const userName = b.username as string | undefined;
  const password = b.password as string | undefined;
  const orgIdentifier = b.org_identifier as string | undefined;
  if (orgIdentifier !== undefined && orgIdentifier.trim() === '') {
    throw invalidParameter('Invalid parameter values org_identifier: expected an org id or name');
  }
  return {
    ...(userName !== undefined && { userName }),
    ...(password !== undefined && { password }),
    ...(orgIdentifier !== undefined && { orgIdentifier: orgIdentifier.trim() }),
    rememberMe: (b.remember_me as boolean | undefined) ?? false,
  };
}

/** token/full (`objectToken` false) or token/object. */
export function parseV2Token(body: unknown, objectToken: boolean): ParsedGetToken {
  const b = checkFields(body, objectToken ? OBJECT_TOKEN : TOKEN);
  const userName = text(b.username);
  if (userName === undefined) {
    throw invalidParameter('Invalid parameter values username: required, a user name');
  }
  const objectId = text(b.object_id);
  if (objectToken && objectId === undefined) {
    throw invalidParameter('Invalid parameter values object_id: required, the id of the object');
  }
  const password = text(b.password);
  const secretKey = text(b.secret_key);
  const orgId = integerIn(b.org_id, 'org_id', 0, INT32_MAX);
  const lifetime =
    integerIn(b.validity_time_in_sec, 'validity_time_in_sec', 1, MAX_TOKEN_EXPIRY_SECONDS) ??
    V2_DEFAULT_TOKEN_SECONDS;
  return {
    userName,
    ...(password !== undefined && { password }),
    ...(secretKey !== undefined && { secretKey }),
    accessLevel: objectToken ? 'REPORT_BOOK_VIEW' : 'FULL',
    ...(objectId !== undefined && { tsObjectId: objectId }),
    tokenExpiryDuration: lifetime,
    ...(orgId !== undefined && { orgId }),
  };
}

export interface ParsedRevoke {
  token?: string;
  userIdentifier?: string;
}

export function parseV2Revoke(body: unknown): ParsedRevoke {
  const b = checkFields(body, REVOKE);
  const token = text(b.token);
  const userIdentifier = text(b.user_identifier);
  if (token !== undefined && userIdentifier !== undefined) {
    throw invalidParameter(
      'Invalid parameter values: send either user_identifier or token, not both',
    );
  }
  return {
    ...(token !== undefined && { token }),
    ...(userIdentifier !== undefined && { userIdentifier }),
  };
}

export function parseV2Validate(body: unknown): string {
  const token = text(checkFields(body, VALIDATE).token);
  if (token === undefined) throw invalidParameter('Invalid parameter values token: required');
  return token;
}

/**
 * The v1 org switch's form (`orgid=<int>`). Only that field: another one is a 400, as on v2.0.
 * Parsed only after the caller is known, so an unauthenticated caller learns nothing.
 */
export function parseV1SwitchOrg(form: URLSearchParams): number {
  const names = [...new Set(form.keys())];
  const others = names.filter((n) => n !== V1_ORG_FIELD);
  if (others.length > 0) {
    throw invalidParameter(
      `Invalid parameter values: unknown field ${others.map((k) => JSON.stringify(k)).join(', ')} ` +
        `(send only ${V1_ORG_FIELD})`,
    );
  }
  const values = form.getAll(V1_ORG_FIELD);
  const raw = values[0];
  if (
    values.length !== 1 ||
    raw === undefined ||
    !/^\d{1,10}$/.test(raw) ||
    Number(raw) > INT32_MAX
  ) {
    throw invalidParameter(
      `Invalid parameter values ${V1_ORG_FIELD}: send it once, the integer id of the org`,
    );
  }
  return Number(raw);
}
