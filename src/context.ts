import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from './config';
import type { ApiName } from './contract';
import type { ResponseCookies } from './http/cookies';
import { filterCookieHeader } from './http/cookies';
import { traceContextFrom } from './http/trace-context';
import type { RequestRecord } from './observability/request-record';
import type { SessionApi } from './thoughtspot/session-api';
import { createSessionApi } from './thoughtspot/session-apis';
import type { Upstream } from './thoughtspot/upstream';

/** What every resolver gets: made anew for each GraphQL request, never shared. */
export interface GatewayContext {
  requestId: string;
  /** What this request did, for the access log and metrics (no credentials in it). */
  record: RequestRecord;
  /** ThoughtSpot, with this caller's credentials and nobody else's, over the configured API. */
  thoughtspot: SessionApi;
}

/** What the context is built from that outlives a request: no caller data in here. */
export interface ContextDependencies {
  upstream: Upstream;
  api: ApiName;
  cookies: Config['cookies'];
  userAgent: string;
}

export interface RequestParts {
  record: RequestRecord;
  headers: IncomingHttpHeaders;
  /** Where the upstream Set-Cookie headers go, to be sent back with this request's response. */
  responseCookies: ResponseCookies;
}

export function createContext(deps: ContextDependencies, request: RequestParts): GatewayContext {
  const { authorization } = request.headers;
  const cookie = filterCookieHeader(request.headers.cookie, deps.cookies.names);
  const { record } = request;
  const trace = traceContextFrom(request.headers.traceparent, request.headers.tracestate);
  return {
    requestId: record.requestId,
    record,
    thoughtspot: createSessionApi(deps.api, {
      upstream: deps.upstream,
      credentials: {
        ...(authorization !== undefined && authorization !== '' && { authorization }),
        ...(cookie !== undefined && { cookie }),
      },
      requestId: record.requestId,
      userAgent: deps.userAgent,
      ...(trace && { trace }),
      onSetCookie: (values) => {
        request.responseCookies.add(values);
      },
      onCall: (call) => {
        record.upstreamCalls.push(call);
      },
    }),
  };
}
