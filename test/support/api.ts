import type { ApiName } from '../../src/contract';
import { API_NAMES } from '../../src/contract';

/**
 * The ThoughtSpot API the gateway under test speaks: set per jest project (jest.config.js), so the
 * end-to-end suites run once per API. Outside a project (a file run alone with another runner), the
 * default API.
 */
const fromProject = (globalThis as { THOUGHTSPOT_API?: unknown }).THOUGHTSPOT_API;
export const API: ApiName = API_NAMES.find((name) => name === fromProject) ?? '2.0';

/** Chooses by API, for the few answers that differ (the README's table of differences lists them). */
export function byApi<T>(answers: Record<ApiName, T>): T {
  return answers[API];
}
