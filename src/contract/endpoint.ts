/**
 * What an upstream endpoint is, as data: the one description of it that the gateway's clients, the
 * emulator's routes and fault targets, the upstream metrics and the docs all read. This folder
 * imports nothing else of the project, so the emulator can share it without depending on the
 * gateway.
 */

/** The ThoughtSpot APIs the gateway can speak, as THOUGHTSPOT_API names them. */
export const API_NAMES = ['2.0', 'beta'] as const;
export type ApiName = (typeof API_NAMES)[number];

/**
 * What a call does, whichever API serves it (its action: "operation" is kept for GraphQL's): the
 * emulator's fault targets and request counters are keyed by these, so one fault rule or one count
 * means the same on both APIs. The emulator's control API, older than this name, calls them
 * operations (`/__emulator/faults/{operation}`, `byOperation`).
 */
export const ACTIONS = [
  'getSessionInfo',
  'login',
  'logout',
  'getToken',
  'revokeToken',
  'switchOrg',
  'getSessionToken',
  'validateToken',
  'listOrgs',
] as const;
export type Action = (typeof ACTIONS)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface Endpoint {
  /** Which family the path belongs to: the v2.0 API borrows two v1 org endpoints. */
  readonly family: 'beta' | '2.0' | 'v1';
  readonly action: Action;
  readonly method: HttpMethod;
  /** The path below the cluster's base URL (and any proxy prefix), starting with "/". */
  readonly path: string;
  /** How a request body travels: JSON, an HTML form (the v1 org switch), or none. */
  readonly body: 'json' | 'form' | 'none';
  /** The HTTP statuses that mean success (the v2.0 API answers 204 where clusters before 9.5.0.cl said 200). */
  readonly success: readonly number[];
}

/** The name an endpoint goes by in metrics and logs: a fixed set, never anything a caller chose. */
export function endpointName(endpoint: Pick<Endpoint, 'method' | 'path'>): string {
  return `${endpoint.method} ${endpoint.path}`;
}

/** What a token or session may do, on both APIs: everything, or view one object only. */
export const ACCESS_LEVELS = ['FULL', 'REPORT_BOOK_VIEW'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];
