import { badUserInput } from '../errors';
import type { LoginParams, TokenParams } from '../thoughtspot/session-api';
import type { GetTokenInput, LoginInput, SwitchOrgInput } from './inputs';
import { AccessLevel } from './inputs';

/**
 * GraphQL inputs to the session API's parameters. Input the gateway can tell is wrong is refused
 * here, before any upstream call, the same way whichever API is behind it.
 */

function present<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

export function toLoginParams(input: LoginInput | null | undefined): LoginParams {
  if (!input) return {};
  if (present(input.orgId) && input.orgId < 0) throw badUserInput('orgId must not be negative.');
  return {
    ...(present(input.userName) && { userName: input.userName }),
    ...(present(input.password) && { password: input.password }),
    ...(present(input.rememberMe) && { rememberMe: input.rememberMe }),
    ...(present(input.orgId) && { orgId: input.orgId }),
  };
}

/** Only one of password and secret key goes upstream: the password, when both are given. */
export function toTokenParams(input: GetTokenInput): TokenParams {
  const problems: string[] = [];
  if (input.userName.trim() === '') problems.push('userName must not be empty.');
  if (!present(input.password) && !present(input.secretKey))
    problems.push('Give a password or a secretKey.');
  if (input.accessLevel === AccessLevel.REPORT_BOOK_VIEW && !input.tsObjectId)
    problems.push('tsObjectId is required when accessLevel is REPORT_BOOK_VIEW.');
  if (present(input.tokenExpiryDuration) && input.tokenExpiryDuration < 1)
    problems.push('tokenExpiryDuration must be a positive number of seconds.');
  if (present(input.orgId) && input.orgId < 0) problems.push('orgId must not be negative.');
  if (problems.length > 0) throw badUserInput(problems.join(' '));

  return {
    userName: input.userName,
    ...(present(input.password)
      ? { password: input.password }
      : present(input.secretKey) && { secretKey: input.secretKey }),
    accessLevel: input.accessLevel ?? AccessLevel.FULL,
    ...(present(input.tsObjectId) && { objectId: input.tsObjectId }),
    ...(present(input.tokenExpiryDuration) && { validitySeconds: input.tokenExpiryDuration }),
    ...(present(input.orgId) && { orgId: input.orgId }),
  };
}

export function toOrgId(input: SwitchOrgInput): number {
  if (input.id < 0) throw badUserInput('id must not be negative.');
  return input.id;
}
