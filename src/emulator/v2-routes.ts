import type { V2GetTokenResponse, V2Scope, V2Token, V2TokenValidationResponse } from '../contract';
import { V2 } from '../contract';
import { expiredCookies, sessionCookies } from './cookies';
import type { TokenRecord, UserRecord } from './records';
import type { Reply, Route } from './routes';
import { V2_TOKEN_RULES } from './state';
import {
  parseV1SwitchOrg,
  parseV2Login,
  parseV2Revoke,
  parseV2Token,
  parseV2Validate,
} from './parse-v2-requests';

const ok = (body: unknown): Reply => ({ status: 200, body });
const noContent = (setCookie?: string[]): Reply => ({
  status: 204,
  ...(setCookie && { setCookie }),
});

/** A token's scope; `org_id` is null on a cluster without orgs, `metadata_id` for a FULL token. */
const scopeOf = (token: TokenRecord): V2Scope => ({
  access_type: token.accessLevel,
  org_id: token.orgId ?? null,
  metadata_id: token.tsObjectId ?? null,
});

const getTokenResponse = (token: TokenRecord, user: UserRecord): V2GetTokenResponse => ({
  token: token.value,
  creation_time_in_millis: token.createdAt,
  expiration_time_in_millis: token.expiresAt,
  valid_for_user_id: user.guid,
  valid_for_username: user.name,
});

const tokenResponse = (token: TokenRecord, user: UserRecord): V2Token => ({
  ...getTokenResponse(token, user),
  scope: scopeOf(token),
});

/** The token/validate answer: `token_type` as the OpenAPI's examples spell it. */
const validation = (token: TokenRecord, user: UserRecord): V2TokenValidationResponse => ({
  creation_time_in_millis: token.createdAt,
  expiration_time_in_millis: token.expiresAt,
  scope: scopeOf(token),
  valid_for_user_id: user.guid,
  token_type: 'BEARER',
});

/**
 * REST API v2.0's endpoints and the v1 org endpoints it relies on (rest-2.0-auth.md §2, §6), as
 * decided in rest-2.0-auth.md §9 and docs/emulator.md. Real HTTP statuses; 204 where the OpenAPI says so.
 */
export const V2_ROUTES: readonly Route[] = [
  {
    endpoint: V2.session,
    handle: ({ state, credentials }) => ok(state.currentUser(credentials)),
  },
  {
    endpoint: V2.login,
    handle: ({ state, credentials, body }) => {
      const { session } = state.login(parseV2Login(body), credentials);
      return noContent(sessionCookies(session));
    },
  },
  {
    endpoint: V2.logout,
    handle: ({ state, credentials }) => {
      state.logoutSession(credentials);
      return noContent(expiredCookies());
    },
  },
  {
    endpoint: V2.fullToken,
    handle: ({ state, body }) => {
      const { token, user } = state.getToken(parseV2Token(body, false), V2_TOKEN_RULES);
      return ok(tokenResponse(token, user));
    },
  },
  {
    endpoint: V2.objectToken,
    handle: ({ state, body }) => {
      const { token, user } = state.getToken(parseV2Token(body, true), V2_TOKEN_RULES);
      return ok(tokenResponse(token, user));
    },
  },
  {
    endpoint: V2.revokeToken,
    handle: ({ state, credentials, body }) => {
      state.revokeTokens(parseV2Revoke(body), credentials);
      return noContent();
    },
  },
  {
    endpoint: V2.sessionToken,
    handle: ({ state, credentials }) => {
      const { token, user } = state.sessionToken(credentials);
      return ok(getTokenResponse(token, user));
    },
  },
  {
    endpoint: V2.validateToken,
    handle: ({ state, credentials, body }) => {
      const { token, user } = state.validateToken(parseV2Validate(body), credentials);
      return ok(validation(token, user));
    },
  },
  {
    endpoint: V2.listOrgs,
    handle: ({ state, credentials }) => ok(state.listOrgs(credentials)),
  },
  {
    endpoint: V2.switchOrg,
    handle: ({ state, credentials, body }) => {
      state.switchOrg(() => parseV1SwitchOrg(body as URLSearchParams), credentials);
      return noContent();
    },
  },
];
