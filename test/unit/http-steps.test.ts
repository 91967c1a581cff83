import { stampApolloRefusal } from '../../src/error-responses';
import { Refusal } from '../../src/errors';
import { parseGraphQLBody, queryStringInput } from '../../src/http/graphql-input';
import { routeRefusal } from '../../src/http/route';
import { RequestRecord } from '../../src/observability/request-record';

/** The steps of the request handler that decide something, each alone (the e2e tests run them all). */

const refusalOf = (value: unknown): Refusal => {
  expect(value).toBeInstanceOf(Refusal);
  return value as Refusal;
};

describe('routeRefusal', () => {
  it('lets GET and POST at the GraphQL path through', () => {
    expect(routeRefusal('GET', '/graphql', '/graphql')).toBeUndefined();
    expect(routeRefusal('POST', '/api/graphql', '/api/graphql')).toBeUndefined();
  });

  it.each(['/', '/graphql/', '/GRAPHQL', '/graphql2'])(
    '%s is not found, naming the path',
    (path) => {
      const refusal = refusalOf(routeRefusal('GET', path, '/graphql'));
      expect(refusal).toEqual({
        status: 404,
        code: 'NOT_FOUND',
        message: 'Not found: GraphQL is served at /graphql.',
      });
    },
  );

  it.each(['PUT', 'DELETE', 'PATCH', 'HEAD'])(
    '%s at the GraphQL path is 405, with Allow',
    (method) => {
      expect(refusalOf(routeRefusal(method, '/graphql', '/graphql'))).toEqual({
        status: 405,
        code: 'METHOD_NOT_ALLOWED',
        message: `Method ${method} is not allowed: use GET or POST.`,
        headers: { allow: 'GET, POST, OPTIONS' },
      });
    },
  );

  it('a wrong path wins over a wrong method', () => {
    expect(refusalOf(routeRefusal('PUT', '/nope', '/graphql')).status).toBe(404);
  });
});

describe('queryStringInput', () => {
  it.each(['', '?query=%7B__typename%7D', '?query={__typename}', '?q=%C3%A9'])(
    'takes %j, with no body',
    (search) => {
      expect(queryStringInput(search)).toEqual({ body: undefined });
    },
  );

  it.each(['?query=%', '?query=%zz', '?query=%C3', '?q=%FF'])('refuses %j as 400', (search) => {
    expect(refusalOf(queryStringInput(search))).toEqual({
      status: 400,
      code: 'BAD_REQUEST',
      message: 'The query string is not well formed: a % escape is malformed or not UTF-8.',
    });
  });
});

describe('parseGraphQLBody', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON',
    'application/graphql-response+json',
  ])('parses %s as JSON', (contentType) => {
    expect(parseGraphQLBody(contentType, '{"query":"{ a }"}')).toEqual({
      body: { query: '{ a }' },
    });
  });

  it.each(['', 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonx'])(
    'hands %j on as text, for Apollo (and CSRF prevention) to judge',
    (contentType) => {
      expect(parseGraphQLBody(contentType, '{"query":"{ a }"}')).toEqual({
        body: '{"query":"{ a }"}',
      });
    },
  );

  it('hands an empty JSON body on as text', () => {
    expect(parseGraphQLBody('application/json', '')).toEqual({ body: '' });
  });

  it.each(['{', '{"query":', 'nope', '\uFEFF{}'])('refuses %j as JSON that is not', (text) => {
    expect(refusalOf(parseGraphQLBody('application/json', text))).toEqual({
      status: 400,
      code: 'BAD_REQUEST',
      message: 'The request body is not valid JSON.',
    });
  });
});

describe('stampApolloRefusal', () => {
  const record = () => new RequestRecord('rid-1', 'GET', '/graphql');

  it('puts the request id after the code on every error, and the code on the record', () => {
    const r = record();
    const body = `${JSON.stringify({
      errors: [
        { message: 'blocked', extensions: { code: 'BAD_REQUEST' } },
        { message: 'other', extensions: { code: 'X', extra: 1 } },
      ],
    })}\n`;
    const out = stampApolloRefusal(body, r);
    expect(out).toBe(
      JSON.stringify({
        errors: [
          { message: 'blocked', extensions: { code: 'BAD_REQUEST', requestId: 'rid-1' } },
          { message: 'other', extensions: { code: 'X', requestId: 'rid-1', extra: 1 } },
        ],
      }),
    );
    expect(r.errorCode).toBe('BAD_REQUEST');
  });

  it.each(['not json', '{"data":null}', '"errors"'])('leaves %j as it is', (body) => {
    const r = record();
    expect(stampApolloRefusal(body, r)).toBe(body);
    expect(r.errorCode).toBeUndefined();
  });
});
