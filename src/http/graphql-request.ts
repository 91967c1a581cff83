import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer, HTTPGraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { GatewayContext } from '../context';
import type { RequestRecord } from '../observability/request-record';
import type { SetCookiePolicy } from './cookies';
import { ResponseCookies } from './cookies';

export type ContextFor = (
  req: IncomingMessage,
  record: RequestRecord,
  responseCookies: ResponseCookies,
) => GatewayContext;

function toHeaderMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** Runs the request through Apollo Server; the upstream's cookies, rewritten, go on the answer. */
export async function executeGraphQL(
  apollo: ApolloServer<GatewayContext>,
  contextFor: ContextFor,
  cookies: SetCookiePolicy,
  req: IncomingMessage,
  res: ServerResponse,
  record: RequestRecord,
  search: string,
  body: unknown,
): Promise<HTTPGraphQLResponse> {
  const responseCookies = new ResponseCookies({
    ...cookies,
    onDropped: (reason) => record.droppedCookies.push(reason),
  });
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers: toHeaderMap(req), search, body },
    context: () => Promise.resolve(contextFor(req, record, responseCookies)),
  });
  // Each upstream cookie stays its own header: joined, a browser would read one broken cookie.
  if (responseCookies.values.length > 0) res.setHeader('set-cookie', [...responseCookies.values]);
  return response;
}
