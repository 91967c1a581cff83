import { expiredCookies, sessionCookies } from './cookies';
import type { Operation } from './faults';
import type { Credentials } from './records';
import { parseGetToken, parseLogin } from './requests';
import type { EmulatorState } from './state';

export const BASE_PATH = '/tspublic/rest/v2';

/** What an operation answers on success. */
export interface Reply {
  status: number;
  body: unknown;
  /** Each value goes in a Set-Cookie header of its own. */
  setCookie?: string[];
}

export interface OperationContext {
  state: EmulatorState;
  credentials: Credentials;
  acceptLanguage: string;
  /** The parsed JSON body; throws ThoughtSpot's 400 for a body that is not JSON. */
  body: unknown;
}

interface Route {
  method: 'GET' | 'POST' | 'PUT';
  operation: Operation;
  /** The operation reads a JSON body. */
  readsBody: boolean;
  handle(ctx: OperationContext): Reply;
}

const ok = (body: unknown, setCookie?: string[]): Reply => ({
  status: 200,
  body,
  ...(setCookie && { setCookie }),
});

/** The six endpoints of behaviour spec §2, by path. */
export const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  [
    `${BASE_PATH}/session`,
    {
      method: 'GET',
      operation: 'getSessionInfo',
      readsBody: false,
      handle: ({ state, credentials, acceptLanguage }) =>
        ok(state.sessionInfo(credentials, acceptLanguage)),
    },
  ],
  [
    `${BASE_PATH}/session/login`,
    {
      method: 'POST',
      operation: 'login',
      readsBody: true,
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
  ],
  [
    `${BASE_PATH}/session/logout`,
    {
      method: 'POST',
      operation: 'logout',
      readsBody: false,
      handle: ({ state, credentials }) => {
        state.logout(credentials);
        return ok(true, expiredCookies());
      },
    },
  ],
  [
    `${BASE_PATH}/session/gettoken`,
    {
      method: 'POST',
      operation: 'getToken',
      readsBody: true,
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
  ],
  [
    `${BASE_PATH}/session/revoketoken`,
    {
      method: 'POST',
      operation: 'revokeToken',
      readsBody: false,
      handle: ({ state, credentials }) => {
        state.revokeToken(credentials);
        return ok(true);
      },
    },
  ],
  [
    `${BASE_PATH}/session/org`,
    {
      method: 'PUT',
      operation: 'switchOrg',
      readsBody: true,
      handle: ({ state, credentials, body }) => {
        state.switchOrg(body, credentials);
        return ok(true);
      },
    },
  ],
]);

/** The field of ThoughtSpot's GraphQL layer behind each REST operation: the error envelope's `path`. */
export const GRAPHQL_FIELDS: Readonly<Record<Operation, string>> = {
  getSessionInfo: 'restapiV2__getSessionInfo',
  login: 'restapiV2__login',
  logout: 'restapiV2__logout',
  getToken: 'restapiV2__getToken',
  revokeToken: 'restapiV2__revokeToken',
  switchOrg: 'restapiV2__switchOrg',
};
