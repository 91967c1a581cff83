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

  /**
   * GET /session as it is sent, answered or not, for the readiness check: the status ThoughtSpot
   * meant, which for a failure is the one inside its error envelope (every failure comes as HTTP
   * 500). A live cluster means 401 to a call without credentials.
   */
  async probe(): Promise<number> {
    const res = await this.options.upstream.call({
      method: 'GET',
      path: `${BASE_PATH}/session`,
      headers: this.headers,
    });
    return res.status >= 200 && res.status <= 299
      ? res.status
      : parseUpstreamError(res.status, res.body).status;
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
        ...callFailure(error),
        durationMs: performance.now() - startedAt,
      });
      if (!(error instanceof UpstreamTransportError)) throw error;
      if (error.setCookie.length > 0) this.options.onSetCookie(error.setCookie);
      throw upstreamError(error.failure, this.options.requestId);
    }
    const succeeded = res.status >= 200 && res.status <= 299;
    const failure = succeeded ? undefined : parseUpstreamError(res.status, res.body);
    this.options.onCall?.({
      endpoint: `${call.method} ${call.path}`,
      status: failure?.status ?? res.status,
      durationMs: performance.now() - startedAt,
    });
    // Before anything can fail: a failed call's cookies (an expired session's, say) still reach the caller.
    if (res.setCookie.length > 0) this.options.onSetCookie(res.setCookie);
    if (failure !== undefined)
      throw upstreamError({ kind: 'error-response', upstream: failure }, this.options.requestId);
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

/** What an unanswered call's record says: why no answer came, or the status of a body too big. */
function callFailure(error: unknown): Pick<UpstreamCallRecord, 'status' | 'failure'> {
  if (!(error instanceof UpstreamTransportError)) return { failure: 'error' };
  const { failure } = error;
  if (failure.kind === 'timeout' || failure.kind === 'unavailable')
    return { failure: failure.kind };
  if (failure.kind === 'unexpected') return { status: failure.status };
  return { failure: 'error' };
}
