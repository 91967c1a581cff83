import type { BetaAction, Endpoint } from '../contract';
import { BETA } from '../contract';
import { expiredCookies, sessionCookies } from './cookies';
import type { Credentials } from './records';
import { parseGetToken, parseLogin, parseSwitchOrg } from './parse-requests';
import type { EmulatorState } from './state';

/** What an operation answers on success. */
export interface Reply {
  status: number;
  /** Sent as JSON; absent for an answer without a body (a 204). */
  body?: unknown;
  /** Each value goes in a Set-Cookie header of its own. */
  setCookie?: string[];
}

export interface OperationContext {
  state: EmulatorState;
  credentials: Credentials;
  acceptLanguage: string;
  /**
   * The request body as the endpoint's contract says it travels: the parsed JSON value (`json`),
   * the form fields (`form`), or undefined (`none`: the body is not read).
   */
  body: unknown;
}

/** One endpoint of the contract (src/contract/) and what the emulator does for it. */
export interface Route {
  endpoint: Endpoint;
  handle(ctx: OperationContext): Reply;
}

const ok = (body: unknown, setCookie?: string[]): Reply => ({
  status: 200,
  body,
  ...(setCookie && { setCookie }),
});

/** The beta's six endpoints (beta-behaviour.md §2), unchanged since the emulator served only them. */
export const BETA_ROUTES: readonly Route[] = [
  {
    endpoint: BETA.session,
    handle: ({ state, credentials, acceptLanguage }) =>
      ok(state.sessionInfo(credentials, acceptLanguage)),
  },
  {
    endpoint: BETA.login,
    handle: ({ state, credentials, body }) => {
      const { session } = state.login(parseLogin(body), credentials);
      return ok(
        {
          userName: session.userName,
          token: '',
          tokenCreatedTime: '-1',
          tokenExpiryDuration: '-1',
          tokenType: 'Cookie',
        },
        sessionCookies(session),
      );
    },
  },
  {
    endpoint: BETA.logout,
    handle: ({ state, credentials }) => {
      state.logout(credentials);
      return ok(true, expiredCookies());
    },
  },
  {
    endpoint: BETA.getToken,
    handle: ({ state, body }) => {
      const { token } = state.getToken(parseGetToken(body));
      return ok({
        userName: token.userName,
        token: token.value,
        tokenCreatedTime: String(token.createdAt),
        tokenExpiryDuration: String(token.expiresAt),
        tokenType: 'Bearer',
      });
    },
  },
  {
    endpoint: BETA.revokeToken,
    handle: ({ state, credentials }) => {
      state.revokeToken(credentials);
      return ok(true);
    },
  },
  {
    endpoint: BETA.switchOrg,
    handle: ({ state, credentials, body }) => {
      state.switchOrg(() => parseSwitchOrg(body).id, credentials);
      return ok(true);
    },
  },
];

/** The field of ThoughtSpot's GraphQL layer behind each beta operation: the error envelope's `path`. */
export const GRAPHQL_FIELDS: Readonly<Record<BetaAction, string>> = {
  getSessionInfo: 'restapiV2__getSessionInfo',
  login: 'restapiV2__login',
  logout: 'restapiV2__logout',
  getToken: 'restapiV2__getToken',
  revokeToken: 'restapiV2__revokeToken',
  switchOrg: 'restapiV2__switchOrg',
};
