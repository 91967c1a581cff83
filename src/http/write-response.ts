import type { ServerResponse } from 'node:http';
import type { HTTPGraphQLResponse } from '@apollo/server';
import { stampApolloRefusal } from '../error-responses';
import type { RequestRecord } from '../observability/request-record';

/** Writes Apollo Server's answer. */
export async function writeResponse(
  res: ServerResponse,
  response: HTTPGraphQLResponse,
  record: RequestRecord,
): Promise<void> {
  const status = response.status ?? 200;
  res.statusCode = status;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  if (response.body.kind === 'complete') {
    // An error answer with no code on the record is one Apollo gave before any plugin ran.
    const refused = status >= 400 && record.errorCode === undefined;
    res.end(refused ? stampApolloRefusal(response.body.string, record) : response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
