import type { ApiName, Endpoint } from '../../src/contract';
import { API_NAMES, BETA, V2, V2_ERROR_CODES, endpointName } from '../../src/contract';
import { THOUGHTSPOT_ERROR_CODES } from '../../src/emulator';
import { API_TITLES } from '../../src/thoughtspot/session-apis';

/**
 * The ThoughtSpot API the gateway under test speaks: set per jest project (jest.config.js), so the
 * end-to-end suites run once per API. Outside a project (a file run alone with another runner), the
 * default API.
 */
const fromProject = (globalThis as { THOUGHTSPOT_API?: unknown }).THOUGHTSPOT_API;
export const API: ApiName = API_NAMES.find((name) => name === fromProject) ?? '2.0';
/** The API the gateway under test does not speak. */
export const OTHER_API: ApiName = API_NAMES.find((name) => name !== API) ?? API;

/** Chooses by API, for the few answers that differ (docs/schema.md's table of differences lists them). */
export function byApi<T>(answers: Record<ApiName, T>): T {
  return answers[API];
}

/** The API's name as the gateway's logs and readiness reasons say it. */
export const API_TITLE = API_TITLES[API];

type Operation = 'session' | 'login' | 'logout' | 'getToken' | 'revokeToken' | 'switchOrg';

/** The upstream endpoint behind each operation, from the contract of the API under test. */
export const ENDPOINTS: Readonly<Record<Operation, Endpoint>> = byApi({
  '2.0': {
    session: V2.session,
    login: V2.login,
    logout: V2.logout,
    getToken: V2.fullToken,
    revokeToken: V2.revokeToken,
    switchOrg: V2.switchOrg,
  },
  beta: BETA,
});

/** The `endpoint` label of metrics and the emulator's log: `METHOD /path`. */
export const ENDPOINT_NAMES = Object.fromEntries(
  Object.entries(ENDPOINTS).map(([operation, endpoint]) => [operation, endpointName(endpoint)]),
) as Readonly<Record<Operation, string>>;

/** The emulator's log line of one call to the endpoint named `name` that answered `status`. */
export const emulatorLine = (name: string, status: number): RegExp =>
  new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ${status} `);

/** The status an endpoint answers on success first (v2.0's 204, the beta's 200). */
export const successOf = (endpoint: Endpoint): number => endpoint.success[0] ?? 200;

/** ThoughtSpot's numeric error codes as the emulator answers them on the API under test. */
export const UPSTREAM_CODES = byApi({
  '2.0': {
    badRequest: V2_ERROR_CODES.badRequest,
    unauthenticated: V2_ERROR_CODES.unauthenticated,
    forbidden: V2_ERROR_CODES.forbidden,
  },
  beta: {
    badRequest: THOUGHTSPOT_ERROR_CODES[400],
    unauthenticated: THOUGHTSPOT_ERROR_CODES[401],
    forbidden: THOUGHTSPOT_ERROR_CODES[403],
  },
});
