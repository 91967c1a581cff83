import type { ApiName, Endpoint } from '../contract';
import { BETA, V2 } from '../contract';
import { BetaSessionApi } from './beta-client';
import type { CallerOptions } from './caller';
import { UpstreamCaller } from './caller';
import type { SessionApi } from './session-api';
import { V2SessionApi } from './v2-client';

/** The session API of one request, over the configured ThoughtSpot API. */
export function createSessionApi(api: ApiName, options: CallerOptions): SessionApi {
  const caller = new UpstreamCaller(options);
  return api === 'beta' ? new BetaSessionApi(caller) : new V2SessionApi(caller);
}

/**
 * What readiness calls, without credentials: each API's session endpoint, which a live cluster
 * answers with 401 (403 on some).
 */
export const PROBE_ENDPOINTS: Readonly<Record<ApiName, Endpoint>> = {
  '2.0': V2.session,
  beta: BETA.session,
};

/** The API's name as a user writes it in THOUGHTSPOT_API, and as docs and logs say it. */
export const API_TITLES: Readonly<Record<ApiName, string>> = {
  '2.0': 'REST API v2.0',
  beta: 'the REST API v2 beta',
};
