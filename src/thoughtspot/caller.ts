import type { Endpoint } from '../contract';
import { endpointName } from '../contract';
import { upstreamError } from '../errors';
import type { TraceContext } from '../http/trace-context';
import type { UpstreamCallRecord } from '../observability/request-record';
import { parseUpstreamError } from './envelope';
import { JsonTooDeep, parseBoundedJson } from './json';
import type { Upstream, UpstreamCall, UpstreamResponse } from './upstream';
import { UpstreamTransportError } from './upstream';

/** What one caller sent that ThoughtSpot should see. */
export interface CallerCredentials {
  /** The Authorization header, forwarded as is. */
  authorization?: string;
  /** The Cookie header, already filtered to ThoughtSpot's cookie names. */
  cookie?: string;
}

export interface CallerOptions {
  upstream: Upstream;
  credentials: CallerCredentials;
  requestId: string;
  userAgent: string;
  /** The caller's W3C trace context, already validated, passed on unchanged. */
  trace?: TraceContext;
  /** Receives every Set-Cookie of every response, success or failure, as received. */
  onSetCookie(values: readonly string[]): void;
  /** Told of every call made, answered or not, with its duration. */
  onCall?(call: UpstreamCallRecord): void;
}

/** A request body, sent as the endpoint's contract says (JSON, or an HTML form). */
export type CallBody = object | Record<string, string>;

/** Thrown by a body reader: a success status with a body that is not what the contract says. */
export class UnexpectedBody extends Error {}

/**
 * One caller's calls to ThoughtSpot, whichever API: the one place outgoing headers are set, every
 * call recorded, every Set-Cookie handed on (failures' too), and every failure mapped to a
 * GatewayError. One upstream call per `send`, never retried.
 */
export class UpstreamCaller {
  private readonly headers: Readonly<Record<string, string>>;

  constructor(private readonly options: CallerOptions) {
    const { credentials } = options;
    this.headers = {
      accept: 'application/json',
      'user-agent': options.userAgent,
      'x-requested-by': 'ThoughtSpot',
      'x-request-id': options.requestId,
      ...(credentials.authorization !== undefined && { authorization: credentials.authorization }),
      ...(credentials.cookie !== undefined && { cookie: credentials.cookie }),
      ...(options.trace && { traceparent: options.trace.traceparent }),
      ...(options.trace?.tracestate !== undefined && { tracestate: options.trace.tracestate }),
    };
  }

  /** The bearer token the caller sent, if any: what v2.0's revoke and validate name in their body. */
  get bearerToken(): string | undefined {
    const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(this.options.credentials.authorization ?? '');
    return match?.[1];
  }

  get hasCookie(): boolean {
    return this.options.credentials.cookie !== undefined;
  }

  /**
   * The endpoint as it is sent, answered or not, for the readiness check: the status ThoughtSpot
   * meant (for a beta failure, the one inside its HTTP 500 envelope).
   */
  async probe(endpoint: Endpoint): Promise<number> {
    const res = await this.options.upstream.call({
      method: endpoint.method,
      path: endpoint.path,
      headers: this.headers,
    });
    return res.status >= 200 && res.status <= 299
      ? res.status
      : parseUpstreamError(res.status, res.body).status;
  }

  /**
   * Calls the endpoint; resolves with a success answer, or throws the mapped GatewayError.
   * `cookie` replaces the caller's Cookie header for this call only (a session this request just
   * made, as a browser would send it).
   */
  async send(endpoint: Endpoint, body?: CallBody, cookie?: string): Promise<UpstreamResponse> {
    const headers: Record<string, string> = { ...this.headers };
    if (cookie !== undefined) headers.cookie = cookie;
    let text: string | undefined;
    if (body !== undefined && endpoint.body === 'form') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      text = new URLSearchParams(body as Record<string, string>).toString();
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      text = JSON.stringify(body);
    }
    const request: UpstreamCall = {
      method: endpoint.method,
      path: endpoint.path,
      headers,
      ...(text !== undefined && { body: text }),
    };
    const name = endpointName(endpoint);
    let res: UpstreamResponse;
    const startedAt = performance.now();
    try {
      res = await this.options.upstream.call(request);
    } catch (error) {
      this.options.onCall?.({
        endpoint: name,
        ...callFailure(error),
        durationMs: performance.now() - startedAt,
      });
      if (!(error instanceof UpstreamTransportError)) throw error;
      if (error.setCookie.length > 0) this.options.onSetCookie(error.setCookie);
      throw upstreamError(error.failure);
    }
    const succeeded = res.status >= 200 && res.status <= 299;
    const failure = succeeded ? undefined : parseUpstreamError(res.status, res.body);
    this.options.onCall?.({
      endpoint: name,
      status: failure?.status ?? res.status,
      durationMs: performance.now() - startedAt,
    });
    // Before anything can fail: a failed call's cookies (an expired session's, say) still reach the caller.
    if (res.setCookie.length > 0) this.options.onSetCookie(res.setCookie);
    if (failure !== undefined) throw upstreamError({ kind: 'error-response', upstream: failure });
    if (!endpoint.success.includes(res.status))
      throw upstreamError({
        kind: 'unexpected',
        status: res.status,
        reason: `status ${res.status} is not a success here`,
      });
    return res;
  }

  /** Reads a success body; a reader's UnexpectedBody becomes UPSTREAM_ERROR (an upstream that lied). */
  read<T>(res: UpstreamResponse, parse: (body: string) => T): T {
    try {
      return parse(res.body);
    } catch (error) {
      if (!(error instanceof UnexpectedBody)) throw error;
      throw upstreamError({ kind: 'unexpected', status: res.status, reason: error.message });
    }
  }
}

/** What an unanswered call's record says: why no answer came, or the status of a body too big. */
function callFailure(error: unknown): Pick<UpstreamCallRecord, 'status' | 'failure'> {
  if (!(error instanceof UpstreamTransportError)) return { failure: 'error' };
  const { failure } = error;
  if (failure.kind === 'timeout' || failure.kind === 'unavailable')
    return { failure: failure.kind };
  if (failure.kind === 'unexpected') return { status: failure.status };
  return { failure: 'error' };
}

/** JSON of a success body; anything else is UnexpectedBody. */
export function parseJsonAnswer(text: string): unknown {
  try {
    return parseBoundedJson(text);
  } catch (error) {
    if (error instanceof JsonTooDeep) throw new UnexpectedBody(error.message);
    throw new UnexpectedBody('the body is not JSON');
  }
}
