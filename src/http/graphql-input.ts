import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Refusal } from '../errors';
import { refusals } from '../errors';
import type { Logger } from '../observability/logger';
import type { BodyLimits } from './body';
import { BodyAborted, BodyIdle, BodyNotUtf8, BodyTooLarge, readBody } from './body';
import type { ClientGuard } from './clients';
import { isWellFormedQueryString } from './query-string';

/** What Apollo Server is given as the request's body: parsed JSON, raw text, or none (a GET). */
export interface GraphQLInput {
  readonly body: unknown;
}

/** The caller went away before its request was read: nobody to answer. */
export const ABANDONED = Symbol('abandoned');

export type InputOutcome = GraphQLInput | Refusal | typeof ABANDONED;

const NO_BODY: GraphQLInput = Object.freeze({ body: undefined });

// Apollo Server reads JSON only from these; any other content type goes on as text, and Apollo
// refuses it with its own message (or CSRF prevention does).
const JSON_TYPE = /^application\/(graphql-response\+)?json\b/i;

/** A GET's input is its query string, which Apollo decodes: it must decode to UTF-8. */
export function queryStringInput(search: string): GraphQLInput | Refusal {
  return isWellFormedQueryString(search) ? NO_BODY : refusals.queryStringMalformed();
}

/** A POST's body, by its content type: JSON parsed (or refused), anything else as text. */
export function parseGraphQLBody(contentType: string, text: string): GraphQLInput | Refusal {
  if (!JSON_TYPE.test(contentType) || text === '') return { body: text };
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return refusals.bodyNotJson();
  }
}

export interface BodyReading {
  limits: BodyLimits;
  /** Told of a client cut for a body gone silent. */
  clients: ClientGuard;
  logger: Logger;
}

/** Reads a GraphQL POST's body within the limits, then parses it by its content type. */
export async function readGraphQLBody(
  req: IncomingMessage,
  res: ServerResponse,
  reading: BodyReading,
  requestId: string,
): Promise<InputOutcome> {
  let text: string;
  try {
    text = await readBody(req, res, reading.limits);
  } catch (error) {
    return bodyFailure(error, res, reading, requestId);
  }
  return parseGraphQLBody(req.headers['content-type'] ?? '', text);
}

function bodyFailure(
  error: unknown,
  res: ServerResponse,
  reading: BodyReading,
  requestId: string,
): Refusal | typeof ABANDONED {
  // First: the whole body was read, so the request stream is done by now.
  if (error instanceof BodyNotUtf8) return refusals.bodyNotUtf8();
  // The caller went away mid-body (or Node cut it at REQUEST_TIMEOUT_MS and answered 408):
  // nobody to answer, and nothing worth an error log line.
  if (error instanceof BodyAborted) {
    reading.logger.debug({ requestId }, 'caller closed the connection while sending the body');
    return ABANDONED;
  }
  // The rest of the body is left unread: the connection cannot carry another request.
  res.setHeader('connection', 'close');
  if (error instanceof BodyIdle) {
    reading.clients.cut('body_idle_timeout');
    return refusals.bodyStalled(reading.limits.idleMs);
  }
  if (error instanceof BodyTooLarge) return refusals.bodyTooLarge(reading.limits.maxBytes);
  throw error;
}
