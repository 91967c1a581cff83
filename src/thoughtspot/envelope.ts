/**
 * Reads a ThoughtSpot failure, whatever shape it came in and from either API. The beta
 * (docs/reference/beta-behaviour.md §11.1): the OpenAPI envelope (`error.errors` object,
 * `extension.exception.upstreamResponse`), the Playground shape (`extensions`, `errors` as an
 * array), a bare v1-style body (`code`, `incident_id_guid`). REST API v2.0
 * (docs/reference/rest-2.0-auth.md §5): the flat `error.message.{code, incident_id_guid, ...}`, the
 * nested `error.message.debug.{code, ...}` with `debug` a JSON-encoded array, each with or without
 * the `error` wrapper. And a plain 4xx/5xx with any body, an empty body or an HTML page. It never
 * throws: what cannot be read is simply absent.
 */

import { isJsonObject } from '../contract';

export interface UpstreamErrorInfo {
  /** The status ThoughtSpot meant: the one inside the envelope when there is one, else the HTTP status. */
  status: number;
  /** ThoughtSpot's numeric error code (e.g. 10002), when present. */
  code?: number;
  incidentId?: string;
  traceId?: string;
}

// How far into the body to look for the envelope; the deepest known shape nests six levels.
const MAX_DEPTH = 8;
// Ids are echoed to the caller for support tickets; anything that is not id-shaped is dropped.
const ID = /^[A-Za-z0-9][\w.:-]{0,127}$/;

type Json = Record<string, unknown>;

function asStatus(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

function asCode(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function asId(value: unknown): string | undefined {
  return typeof value === 'string' && ID.test(value) ? value : undefined;
}

/** Breadth-first, so the outermost match wins when a body nests several. */
function findObject(root: unknown, matches: (value: Json) => boolean): Json | undefined {
  let level: unknown[] = [root];
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
    const next: unknown[] = [];
    for (const value of level) {
      if (Array.isArray(value)) next.push(...(value as unknown[]));
      else if (isJsonObject(value)) {
        if (matches(value)) return value;
        next.push(...Object.values(value));
      }
    }
    level = next;
  }
  return undefined;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export function parseUpstreamError(httpStatus: number, body: string): UpstreamErrorInfo {
  const json = parseJson(body);
  const upstreamResponse = findObject(json, (o) =>
    isJsonObject(o.upstreamResponse),
  )?.upstreamResponse;
  const wrapper = isJsonObject(upstreamResponse) ? upstreamResponse : undefined;
  const data = isJsonObject(wrapper?.data)
    ? wrapper.data
    : (findObject(json, (o) => 'incident_id_guid' in o || 'trace_id_guid' in o) ??
      // A v2.0 message with its code but without ids.
      findObject(json, (o) => asCode(o.code) !== undefined && 'debug' in o));

  const info: UpstreamErrorInfo = { status: asStatus(wrapper?.status) ?? httpStatus };
  const code = asCode(data?.code);
  const incidentId = asId(data?.incident_id_guid);
  const traceId = asId(data?.trace_id_guid);
  if (code !== undefined) info.code = code;
  if (incidentId !== undefined) info.incidentId = incidentId;
  if (traceId !== undefined) info.traceId = traceId;
  return info;
}
