import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FormattedExecutionResult } from 'graphql';
import type { Config } from '../../src/config';
import type { ApiName } from '../../src/contract';
import type { GatewayContext } from '../../src/context';
import { createContext } from '../../src/context';
import { ResponseCookies } from '../../src/http/cookies';
import { RequestRecord } from '../../src/observability/request-record';
import type { GatewayOptions, GatewayParts } from '../../src/server';
import { assembleGateway, publicView } from '../../src/server';
import type { Upstream, UpstreamOptions } from '../../src/thoughtspot/upstream';
import { createUpstream } from '../../src/thoughtspot/upstream';

/**
 * The one place the tests reach the gateway's internals: its parts (src/server.ts), a request's
 * context (src/context.ts) and the upstream connections (src/thoughtspot/upstream.ts). A refactor of
 * those changes this file; the tests, which only use what is here, stay as they are.
 */

export type { GatewayParts, Upstream };

export { publicView };

/** The gateway with its parts, not listening. */
export function gatewayParts(options: GatewayOptions): Promise<GatewayParts> {
  return assembleGateway(options);
}

/** Connections to `baseUrl`, as the gateway makes them; the caller destroys them. */
export function upstreamTo(
  baseUrl: string,
  options: Omit<UpstreamOptions, 'baseUrl' | 'timeoutMs' | 'connections'> &
    Partial<Pick<UpstreamOptions, 'timeoutMs' | 'connections'>> = {},
): Upstream {
  return createUpstream({ timeoutMs: 5000, connections: 64, ...options, baseUrl });
}

export interface RequestContextOptions {
  upstream: Upstream;
  api: ApiName;
  cookies: Config['cookies'];
  userAgent: string;
  requestId: string;
  headers?: IncomingHttpHeaders;
  /** Where the upstream Set-Cookie headers go; a new sink when absent. */
  responseCookies?: ResponseCookies;
}

/** A GraphQL request's context, built as the HTTP handler builds it, for a POST to /graphql. */
export function requestContext(options: RequestContextOptions): GatewayContext {
  return createContext(
    {
      upstream: options.upstream,
      api: options.api,
      cookies: options.cookies,
      userAgent: options.userAgent,
    },
    {
      record: new RequestRecord(options.requestId, 'POST', '/graphql'),
      headers: options.headers ?? {},
      responseCookies: options.responseCookies ?? new ResponseCookies(options.cookies),
    },
  );
}

export interface Executed<TData> {
  result: FormattedExecutionResult<TData>;
  requestId: string;
  /** What the request's ResponseCookies sink collected. */
  cookies: readonly string[];
}

/**
 * One GraphQL operation through the gateway's Apollo Server (`executeOperation`, no HTTP), with a
 * context made as the HTTP handler makes it, from headers the test chooses; the user agent sent
 * upstream is "test".
 */
export async function executeOperation<TData>(
  parts: GatewayParts,
  config: Config,
  query: string,
  options: {
    variables?: Record<string, unknown>;
    headers?: IncomingHttpHeaders;
    requestId?: string;
  } = {},
): Promise<Executed<TData>> {
  const requestId = options.requestId ?? randomUUID();
  const responseCookies = new ResponseCookies(config.cookies);
  const contextValue = requestContext({
    upstream: parts.upstream,
    api: config.thoughtspotApi,
    cookies: config.cookies,
    userAgent: 'test',
    requestId,
    ...(options.headers && { headers: options.headers }),
    responseCookies,
  });
  const response = await parts.apollo.executeOperation<TData>(
    { query, ...(options.variables && { variables: options.variables }) },
    { contextValue },
  );
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  // executeOperation hands back the serialized values as they are (a DateTime is a Date); the JSON
  // round trip gives what the HTTP handler would send.
  const result = JSON.parse(
    JSON.stringify(response.body.singleResult),
  ) as FormattedExecutionResult<TData>;
  return { result, requestId, cookies: responseCookies.values };
}
