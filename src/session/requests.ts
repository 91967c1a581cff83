import { badUserInput } from '../errors';
import type { GetTokenRequest, LoginRequest, SwitchOrgRequest } from '../thoughtspot/wire';
import type { GetTokenInput, LoginInput, SwitchOrgInput } from './inputs';
import { AccessLevel } from './inputs';

/**
 * GraphQL inputs to REST bodies, in the types the SDK sends (strings for booleans and numbers,
 * §11.10). Input the gateway can tell is wrong is refused here, before any upstream call.
 */

function present<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

export function toLoginRequest(input: LoginInput | null | undefined): LoginRequest {
  if (!input) return {};
  return {
    ...(present(input.userName) && { userName: input.userName }),
    ...(present(input.password) && { password: input.password }),
    ...(present(input.rememberMe) && { rememberMe: input.rememberMe ? 'true' : 'false' }),
  };
}

export function toGetTokenRequest(input: GetTokenInput, requestId: string): GetTokenRequest {
  const problems: string[] = [];
  if (input.userName.trim() === '') problems.push('userName must not be empty.');
  if (!present(input.password) && !present(input.secretKey))
    problems.push('Give a password or a secretKey.');
  if (input.accessLevel === AccessLevel.REPORT_BOOK_VIEW && !input.tsObjectId)
    problems.push('tsObjectId is required when accessLevel is REPORT_BOOK_VIEW.');
  if (present(input.tokenExpiryDuration) && input.tokenExpiryDuration < 1)
    problems.push('tokenExpiryDuration must be a positive number of seconds.');
  if (present(input.orgId) && input.orgId < 0) problems.push('orgId must not be negative.');
  if (problems.length > 0) throw badUserInput(problems.join(' '), requestId);

  return {
    userName: input.userName,
    ...(present(input.password) && { password: input.password }),
    ...(present(input.secretKey) && { secretKey: input.secretKey }),
    accessLevel: input.accessLevel ?? AccessLevel.FULL,
    ...(present(input.tsObjectId) && { tsObjectId: input.tsObjectId }),
    ...(present(input.tokenExpiryDuration) && {
      tokenExpiryDuration: String(input.tokenExpiryDuration),
    }),
    ...(present(input.orgId) && { orgId: String(input.orgId) }),
  };
}

export function toSwitchOrgRequest(input: SwitchOrgInput, requestId: string): SwitchOrgRequest {
  if (input.id < 0) throw badUserInput('id must not be negative.', requestId);
  return { id: String(input.id) };
}
