import { readFile } from 'node:fs/promises';
import { isJsonObject } from '../contract';
import { ProblemsError } from '../problems';

export interface SeedOrg {
  id: number;
  name: string;
  description?: string;
}

export interface SeedUser {
  name: string;
  password: string;
  displayName: string;
  guid: string;
  email: string;
  privileges: string[];
  /** Ids of the orgs the user belongs to; the first is where a first login lands. */
  orgs: number[];
  userType?: string;
}

export interface Seed {
  orgsEnabled: boolean;
  orgs: SeedOrg[];
  users: SeedUser[];
  trustedAuth: { enabled: boolean; secretKey: string };
  releaseVersion?: string;
}

/**
 * Development only: the trusted-authentication secret key of the default seed when
 * THOUGHTSPOT_EMULATOR_SECRET_KEY is not set. Published in docs/emulator.md, so it protects nothing.
 */
export const DEVELOPMENT_SECRET_KEY = 'e4d9c3b2-7a61-4f0e-9d58-emulator0dev';

export const DEFAULT_RELEASE_VERSION = '8.4.1.cl-117';

/** The seed docs/emulator.md documents: `tsadmin`/`admin` in orgs 0 and 1, `analyst`/`analyst` in org 0. */
export function defaultSeed(options: { secretKey?: string } = {}): Seed {
  return {
    orgsEnabled: true,
    orgs: [
      { id: 0, name: 'Primary', description: 'Primary org' },
      { id: 1, name: 'Sales', description: 'Sales org' },
    ],
    users: [
      {
        name: 'tsadmin',
        password: 'admin',
        displayName: 'Administrator',
        guid: '59481331-ee53-42be-a548-bd87be6ddd4a',
        email: 'tsadmin@example.com',
        privileges: [
          'ADMINISTRATION',
          'AUTHORING',
          'DATADOWNLOADING',
          'USERDATAUPLOADING',
          'DATAMANAGEMENT',
          'SHAREWITHALL',
          'JOBSCHEDULING',
          'DEVELOPER',
        ],
        orgs: [0, 1],
      },
      {
        name: 'analyst',
        password: 'analyst',
        displayName: 'Analyst',
        guid: '0c6e4a3b-95f1-4d7e-8b2a-3f5d7c9e1a20',
        email: 'analyst@example.com',
        privileges: ['AUTHORING', 'DATADOWNLOADING'],
        orgs: [0],
      },
    ],
    trustedAuth: { enabled: true, secretKey: options.secretKey ?? DEVELOPMENT_SECRET_KEY },
    releaseVersion: DEFAULT_RELEASE_VERSION,
  };
}

export class SeedError extends ProblemsError {
  constructor(problems: readonly string[]) {
    super('invalid seed', problems);
  }
}

const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isOrgId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * Checks a parsed seed file and fills its optional parts; throws a SeedError that lists every
 * problem at once. `fallbackSecretKey` is used when the file names no secret key.
 */
export function validateSeed(input: unknown, fallbackSecretKey = DEVELOPMENT_SECRET_KEY): Seed {
  const problems: string[] = [];
  if (!isJsonObject(input)) throw new SeedError(['the seed must be a JSON object']);

  const orgsEnabled = input.orgsEnabled ?? true;
  if (typeof orgsEnabled !== 'boolean') problems.push('orgsEnabled must be a boolean');

  const orgs: SeedOrg[] = [];
  const rawOrgs = input.orgs ?? [{ id: 0, name: 'Primary' }];
  if (!Array.isArray(rawOrgs) || rawOrgs.length === 0) {
    problems.push('orgs must be a non-empty array');
  } else {
    rawOrgs.forEach((org: unknown, i) => {
      if (!isJsonObject(org) || !isOrgId(org.id) || !isNonEmptyString(org.name)) {
        problems.push(`orgs[${i}] needs an integer id >= 0 and a non-empty name`);
        return;
      }
      if (orgs.some((o) => o.id === org.id)) problems.push(`orgs[${i}]: org id ${org.id} repeats`);
      if (org.description !== undefined && typeof org.description !== 'string') {
        problems.push(`orgs[${i}].description must be a string`);
      }
      orgs.push({
        id: org.id,
        name: org.name,
        ...(typeof org.description === 'string' && { description: org.description }),
      });
    });
  }

  const users: SeedUser[] = [];
  if (!Array.isArray(input.users) || input.users.length === 0) {
    problems.push('users must be a non-empty array');
  } else {
    input.users.forEach((user: unknown, i) => {
      const at = `users[${i}]`;
      if (!isJsonObject(user)) {
        problems.push(`${at} must be an object`);
        return;
      }
      for (const key of ['name', 'password', 'displayName', 'guid', 'email'] as const) {
        if (!isNonEmptyString(user[key])) problems.push(`${at}.${key} must be a non-empty string`);
      }
      const privileges = user.privileges ?? [];
      if (!Array.isArray(privileges) || !privileges.every(isNonEmptyString)) {
        problems.push(`${at}.privileges must be an array of strings`);
      }
      const userOrgs = user.orgs ?? [orgs[0]?.id ?? 0];
      if (!Array.isArray(userOrgs) || userOrgs.length === 0 || !userOrgs.every(isOrgId)) {
        problems.push(`${at}.orgs must be a non-empty array of org ids`);
      } else {
        for (const id of userOrgs) {
          if (!orgs.some((o) => o.id === id)) problems.push(`${at}.orgs names unknown org ${id}`);
        }
      }
      if (user.userType !== undefined && !isNonEmptyString(user.userType)) {
        problems.push(`${at}.userType must be a non-empty string`);
      }
      if (users.some((u) => u.name === user.name)) problems.push(`${at}: user name repeats`);
      if (users.some((u) => u.guid === user.guid)) problems.push(`${at}: guid repeats`);
      users.push({
        name: user.name as string,
        password: user.password as string,
        displayName: user.displayName as string,
        guid: user.guid as string,
        email: user.email as string,
        privileges: privileges as string[],
        orgs: userOrgs as number[],
        ...(typeof user.userType === 'string' && { userType: user.userType }),
      });
    });
  }

  const trusted = input.trustedAuth ?? {};
  let trustedAuth = { enabled: true, secretKey: fallbackSecretKey };
  if (!isJsonObject(trusted)) {
    problems.push('trustedAuth must be an object');
  } else {
    const enabled = trusted.enabled ?? true;
    const secretKey = trusted.secretKey ?? fallbackSecretKey;
    if (typeof enabled !== 'boolean') problems.push('trustedAuth.enabled must be a boolean');
    if (!isNonEmptyString(secretKey)) problems.push('trustedAuth.secretKey must be a string');
    trustedAuth = { enabled: enabled as boolean, secretKey: secretKey as string };
  }

  const releaseVersion = input.releaseVersion ?? DEFAULT_RELEASE_VERSION;
  if (!isNonEmptyString(releaseVersion)) problems.push('releaseVersion must be a string');

  if (problems.length > 0) throw new SeedError(problems);
  return {
    orgsEnabled: orgsEnabled as boolean,
    orgs,
    users,
    trustedAuth,
    releaseVersion: releaseVersion as string,
  };
}

/** Reads and validates a seed file (once, at start-up). */
export async function loadSeedFile(path: string, fallbackSecretKey?: string): Promise<Seed> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SeedError([`cannot read ${path}: ${reason}`]);
  }
  return validateSeed(parsed, fallbackSecretKey);
}
