import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';

/** Real HTTP calls to the emulator, with the parts a test asserts on pulled out. */

export const API = '/tspublic/rest/v2';

export interface CallOptions {
  /** Sent as JSON with Content-Type: application/json. */
  json?: unknown;
  /** Sent as is (with `contentType` if given). */
  body?: string | Buffer;
  contentType?: string;
  /** Sent as `Authorization: Bearer <bearer>`. */
  bearer?: string;
  /** Sent as the Cookie header. */
  cookie?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: IncomingHttpHeaders;
  /** Every Set-Cookie header, one entry each. */
  setCookie: string[];
  text: string;
  /** The parsed body, or undefined if it is not JSON. */
  json: unknown;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Buffer | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  if (options.cookie !== undefined) headers.cookie = options.cookie;
  const res = await request(`${baseUrl}${path}`, { method: method as 'GET', headers, body });
  const text = await res.body.text();
  const raw = res.headers['set-cookie'];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: res.statusCode,
    headers: res.headers,
    setCookie: raw === undefined ? [] : Array.isArray(raw) ? raw : [raw],
    text,
    json,
  };
}

/** `name=value` pairs of Set-Cookie headers, as a browser would send them back in a Cookie header. */
export function cookieHeader(setCookie: string[]): string {
  return setCookie.map((c) => c.split(';', 1)[0]).join('; ');
}

/** The parts of the beta-behaviour.md §11.1 envelope a test looks at, or undefined if `json` is not that envelope. */
export function upstreamError(json: unknown):
  | {
      status: number;
      code: number;
      debug: string;
      incidentId: string;
      traceId: string;
      path: string[];
    }
  | undefined {
  const errors = (json as { error?: { errors?: Record<string, unknown> } } | undefined)?.error
    ?.errors;
  const exception = (
    errors?.extension as { exception?: { upstreamResponse?: Record<string, unknown> } } | undefined
  )?.exception;
  const upstream = exception?.upstreamResponse;
  const data = upstream?.data as Record<string, unknown> | undefined;
  if (!errors || !upstream || !data) return undefined;
  return {
    status: upstream.status as number,
    code: data.code as number,
    debug: data.debug as string,
    incidentId: data.incident_id_guid as string,
    traceId: data.trace_id_guid as string,
    path: errors.path as string[],
  };
}

/** The parts of the flat v2.0 envelope a test looks at, or undefined if `json` is not that envelope. */
export function v2Error(
  json: unknown,
): { code: number; debug: string; incidentId: string; traceId: string } | undefined {
  const message = (json as { error?: { message?: Record<string, unknown> } } | undefined)?.error
    ?.message;
  if (typeof message?.code !== 'number') return undefined;
  return {
    code: message.code,
    debug: message.debug as string,
    incidentId: message.incident_id_guid as string,
    traceId: message.trace_id_guid as string,
  };
}
