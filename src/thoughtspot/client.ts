import { upstreamError } from '../errors';
import type { TraceContext } from '../http/trace-context';
import type { UpstreamCallRecord } from '../observability/request-record';
import { parseUpstreamError } from './envelope';
import type { Upstream, UpstreamCall, UpstreamResponse } from './upstream';
import { UpstreamTransportError } from './upstream';
import type {
  GetTokenRequest,
  LoginRequest,
  SessionInfo,
  SessionLoginResponse,
  SwitchOrgRequest,
} from './wire';
import {
  BASE_PATH,
  UnexpectedBody,
  parseJsonBody,
  readBooleanResult,
  readSessionInfo,
  readSessionLoginResponse,
} from './wire';

/** What one caller sent that ThoughtSpot should see. */
export interface CallerCredentials {
  /** The Authorization header, forwarded as is. */
  authorization?: string;
  /** The Cookie header, already filtered to ThoughtSpot's cookie names. */
  cookie?: string;
}

export interface ThoughtSpotClientOptions {
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

/**
 * ThoughtSpot's session API for one GraphQL request: made in the context function for that request
 * alone, with that caller's credentials, and dropped with it. One method per endpoint, one upstream
 * call per method, no retry. Failures are thrown as GatewayErrors (errors.ts).
 */
export class ThoughtSpotSessionClient {
  private readonly headers: Readonly<Record<string, string>>;

  constructor(private readonly options: ThoughtSpotClientOptions) {
    const { credentials } = options;
    // The one place outgoing headers are set.
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

  /** GET /session */
  async getSessionInfo(): Promise<SessionInfo> {
    const res = await this.send({ method: 'GET', path: '/session' });
    return this.read(res, () => readSessionInfo(parseJsonBody(res.body)));
  }

  /** POST /session/login */
  async login(body: LoginRequest): Promise<SessionLoginResponse> {
    const res = await this.send({ method: 'POST', path: '/session/login' }, body);
    return this.read(res, () => readSessionLoginResponse(parseJsonBody(res.body)));
  }

  /** POST /session/logout */
  async logout(): Promise<boolean> {
    const res = await this.send({ method: 'POST', path: '/session/logout' });
    return this.read(res, () => readBooleanResult(res.body));
  }

  /** POST /session/gettoken */
  async getToken(body: GetTokenRequest): Promise<SessionLoginResponse> {
    const res = await this.send({ method: 'POST', path: '/session/gettoken' }, body);
    return this.read(res, () => readSessionLoginResponse(parseJsonBody(res.body)));
  }

  /** POST /session/revoketoken */
  async revokeToken(): Promise<boolean> {
    const res = await this.send({ method: 'POST', path: '/session/revoketoken' });
    return this.read(res, () => readBooleanResult(res.body));
  }

  /** PUT /session/org */
  async switchOrg(body: SwitchOrgRequest): Promise<boolean> {
    const res = await this.send({ method: 'PUT', path: '/session/org' }, body);
    return this.read(res, () => readBooleanResult(res.body));
  }

  private async send(
    call: Pick<UpstreamCall, 'method' | 'path'>,
    body?: object,
  ): Promise<UpstreamResponse> {
    const request: UpstreamCall = {
      method: call.method,
      path: BASE_PATH + call.path,
      headers:
        body === undefined ? this.headers : { ...this.headers, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    };
    let res: UpstreamResponse;
    const startedAt = performance.now();
    try {
      res = await this.options.upstream.call(request);
    } catch (error) {
      this.options.onCall?.({
        endpoint: `${call.method} ${call.path}`,
        durationMs: performance.now() - startedAt,
      });
      if (!(error instanceof UpstreamTransportError)) throw error;
      if (error.setCookie.length > 0) this.options.onSetCookie(error.setCookie);
      throw upstreamError(error.failure, this.options.requestId);
    }
    this.options.onCall?.({
      endpoint: `${call.method} ${call.path}`,
      status: res.status,
      durationMs: performance.now() - startedAt,
    });
    // Before anything can fail: a failed call's cookies (an expired session's, say) still reach the caller.
    if (res.setCookie.length > 0) this.options.onSetCookie(res.setCookie);
    if (res.status < 200 || res.status > 299)
      throw upstreamError(
        { kind: 'error-response', upstream: parseUpstreamError(res.status, res.body) },
        this.options.requestId,
      );
    return res;
  }

  private read<T>(res: UpstreamResponse, parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof UnexpectedBody)) throw error;
      throw upstreamError(
        { kind: 'unexpected', status: res.status, reason: error.message },
        this.options.requestId,
      );
    }
  }
}
