import type { OutgoingHttpHeaders } from 'node:http';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { GraphQLClient } from 'graphql-request';
import { ClientError } from 'graphql-request';
import type { RecordedRequest, StubUpstream } from '../support/stub-upstream';
import { reply, startStubUpstream as startStub } from '../support/stub-upstream';

/** Helpers for the end-to-end tests: typed documents over real HTTP, with the response headers. */

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** ThoughtSpot's Set-Cookie headers as the gateway relays them (emulator defaults, no SameSite override). */
export const SET_COOKIE = {
  /** The expiry date of a cookie being deleted. */
  EPOCH: 'Thu, 01 Jan 1970 00:00:00 GMT',
  JSESSIONID_REMEMBERED: /^JSESSIONID=[0-9a-f-]{36}; Path=\/; Max-Age=604800; HttpOnly$/,
  JSESSIONID_BROWSER_SESSION: /^JSESSIONID=[0-9a-f-]{36}; Path=\/; HttpOnly$/,
  CLIENT_ID: /^clientId=[0-9a-f-]{36}; Path=\/; Secure; HttpOnly$/,
} as const;

/** The default seed's users, as the session query shows them. */
export const TSADMIN = {
  id: '59481331-ee53-42be-a548-bd87be6ddd4a',
  userName: 'tsadmin',
  password: 'admin',
} as const;
export const ANALYST = {
  id: '0c6e4a3b-95f1-4d7e-8b2a-3f5d7c9e1a20',
  userName: 'analyst',
  password: 'analyst',
} as const;

export interface Answer<T> {
  data: T;
  status: number;
  headers: Headers;
  /** Every Set-Cookie header of the response, one entry each. */
  setCookies: string[];
}

/** Sends a typed document; resolves with the data and the HTTP response around it. */
export async function send<T, V extends object>(
  client: GraphQLClient,
  document: TypedDocumentNode<T, V>,
  variables?: V,
  headers?: Record<string, string>,
): Promise<Answer<T>> {
  const res = await client.rawRequest<T, V>(print(document), variables, headers);
  return {
    data: res.data,
    status: res.status,
    headers: res.headers,
    setCookies: res.headers.getSetCookie(),
  };
}

export interface ErrorEntry {
  message: string;
  path?: readonly (string | number)[];
  extensions: Record<string, unknown>;
}

export interface Failure {
  errors: ErrorEntry[];
  data: unknown;
  status: number;
  headers: Headers;
  setCookies: string[];
}

/** The GraphQL failure a call ends with; fails the test if the call succeeds or fails otherwise. */
export async function failureOf(promise: Promise<unknown>): Promise<Failure> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    if (!(error instanceof ClientError)) throw error;
    const { response } = error;
    return {
      errors: (response.errors ?? []).map((e) => ({
        message: e.message,
        ...(e.path !== undefined && { path: e.path }),
        extensions: { ...e.extensions },
      })),
      data: response.data,
      status: response.status,
      headers: response.headers,
      setCookies: response.headers.getSetCookie(),
    };
  }
  throw new Error(`expected a GraphQL error, got ${JSON.stringify(outcome)}`);
}

/**
 * The only GraphQL error of a failure. Also asserts what every gateway error carries: `data` is null
 * and `extensions.requestId` is the response's X-Request-Id header.
 */
export function errorIn(failure: Failure): ErrorEntry {
  expect(failure.errors).toHaveLength(1);
  const [error] = failure.errors;
  if (!error) throw new Error('no GraphQL error');
  expect(failure.data).toBeNull();
  const requestId = failure.headers.get('x-request-id');
  expect(requestId).not.toBeNull();
  expect(error.extensions.requestId).toBe(requestId);
  return error;
}

/** The only GraphQL error a call ends with; see errorIn. */
export async function errorOf(promise: Promise<unknown>): Promise<ErrorEntry> {
  return errorIn(await failureOf(promise));
}

/** `name=value` pairs of Set-Cookie values, as a browser sends them back, plus any extra pairs. */
export function cookieFrom(setCookies: readonly string[], ...extra: string[]): string {
  return [...setCookies.map((c) => c.split(';', 1)[0] ?? ''), ...extra].join('; ');
}

/** The attributes of one Set-Cookie value, names lower-cased (a value-less attribute maps to ''). */
export function attributesOf(setCookie: string): Map<string, string> {
  const [, ...attributes] = setCookie.split(';').map((part) => part.trim());
  return new Map(
    attributes.map((a) => {
      const eq = a.indexOf('=');
      return eq === -1 ? [a.toLowerCase(), ''] : [a.slice(0, eq).toLowerCase(), a.slice(eq + 1)];
    }),
  );
}

export type { RecordedRequest, StubUpstream } from '../support/stub-upstream';

export interface StubReply {
  status: number;
  headers?: OutgoingHttpHeaders;
  body?: string;
}

/** The shared stand-in ThoughtSpot, answering each request with what `answer` returns. */
export function startStubUpstream(
  answer: (request: RecordedRequest) => StubReply,
): Promise<StubUpstream> {
  return startStub((request, res) => {
    const { status, body, headers } = answer(request);
    reply(res, status, body, headers);
  });
}
