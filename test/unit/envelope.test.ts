import type { UpstreamStatus } from '../../src/emulator/errors';
import {
  THOUGHTSPOT_ERROR_CODES,
  ThoughtSpotError,
  errorEnvelope,
} from '../../src/emulator/errors';
import { parseUpstreamError } from '../../src/thoughtspot/envelope';

/** Behaviour spec §6, the SPEC example, character for character. */
const SPEC_EXAMPLE = `{"error":{"errors":{"message":"Request failed with status code 500","locations":{"line":2,"column":3},
 "path":["restapiV2__login"],"extension":{"service":"CALLOSUM","code":"UPSTREAM_FAILURE",
 "exception":{"service":"CALLOSUM","upstreamResponse":{"data":{"code":10002,
 "incident_id_guid":"deb0bc49-...","trace_id_guid":"deb0bc49-...","debug":"Invalid parameter values userName"},
 "status":400},"stacktrace":["Request failed with status code 400"]}}}}}`;

const INCIDENT = '5b1a3c2e-0d4f-4e6a-9b8c-7d6e5f4a3b2c';
const TRACE = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';

/** The ERRPNG (Playground) error object of §6: `extensions`, locations array, debug a JSON array string. */
function playgroundError(data: Record<string, unknown>, status: unknown = 400) {
  return {
    message: 'Error: Request failed with status code 400',
    locations: [{ line: 2, column: 3 }],
    path: ['restapiV2__getUser'],
    extensions: {
      service: 'CALLOSUM',
      upstreamResponse: { data, status },
      code: 'UPSTREAM_FAILURE',
    },
  };
}

const PLAYGROUND_DATA = {
  code: 10002,
  incident_id_guid: INCIDENT,
  trace_id_guid: TRACE,
  debug: JSON.stringify(['Invalid parameter values: {userid:null,name:null}']),
};

/** The SPEC shape (§11.1) with chosen data and inner status. */
function specEnvelope(data: Record<string, unknown>, status: unknown) {
  return {
    error: {
      errors: {
        message: 'Request failed with status code 500',
        locations: { line: 2, column: 3 },
        path: ['restapiV2__login'],
        extension: {
          service: 'CALLOSUM',
          code: 'UPSTREAM_FAILURE',
          exception: { service: 'CALLOSUM', upstreamResponse: { data, status } },
        },
      },
    },
  };
}

describe('parseUpstreamError: the SPEC shape', () => {
  it('reads the §6 SPEC example: the inner status wins over the HTTP 500', () => {
    expect(parseUpstreamError(500, SPEC_EXAMPLE)).toEqual({
      status: 400,
      code: 10002,
      incidentId: 'deb0bc49-...',
      traceId: 'deb0bc49-...',
    });
  });

  const statuses = Object.keys(THOUGHTSPOT_ERROR_CODES).map(Number) as UpstreamStatus[];
  it.each(statuses)('reads what the emulator really sends for an inner %i', (status) => {
    const envelope = errorEnvelope(
      new ThoughtSpotError(status, 'Invalid parameter values userName'),
      'restapiV2__login',
    );
    const { data } = envelope.error.errors.extension.exception.upstreamResponse;
    expect(parseUpstreamError(500, JSON.stringify(envelope))).toEqual({
      status,
      code: THOUGHTSPOT_ERROR_CODES[status],
      incidentId: data.incident_id_guid,
      traceId: data.trace_id_guid,
    });
  });

  it('reads the emulator envelope of a request that matched no route', () => {
    const envelope = errorEnvelope(new ThoughtSpotError(404, 'no such route'));
    const { data } = envelope.error.errors.extension.exception.upstreamResponse;
    expect(parseUpstreamError(500, JSON.stringify(envelope, null, 2))).toEqual({
      status: 404,
      code: 10005,
      incidentId: data.incident_id_guid,
      traceId: data.trace_id_guid,
    });
  });

  it('reads `errors` as an array', () => {
    const spec = specEnvelope(
      { code: 10003, incident_id_guid: INCIDENT, trace_id_guid: TRACE },
      401,
    );
    const body = { error: { errors: [spec.error.errors] } };
    expect(parseUpstreamError(500, JSON.stringify(body))).toEqual({
      status: 401,
      code: 10003,
      incidentId: INCIDENT,
      traceId: TRACE,
    });
  });

  it('takes the outermost envelope when several nest', () => {
    const inner = specEnvelope({ code: 1, incident_id_guid: 'inner' }, 403);
    const outer = specEnvelope({ code: 10002, incident_id_guid: 'outer', nested: inner }, 400);
    expect(parseUpstreamError(500, JSON.stringify(outer))).toEqual({
      status: 400,
      code: 10002,
      incidentId: 'outer',
    });
  });
});

describe('parseUpstreamError: the Playground (ERRPNG) shape', () => {
  it('reads a bare error object with `extensions`', () => {
    expect(parseUpstreamError(500, JSON.stringify(playgroundError(PLAYGROUND_DATA)))).toEqual({
      status: 400,
      code: 10002,
      incidentId: INCIDENT,
      traceId: TRACE,
    });
  });

  it('reads it inside a standard GraphQL `errors` array', () => {
    const body = { data: null, errors: [playgroundError(PLAYGROUND_DATA, 403)] };
    expect(parseUpstreamError(500, JSON.stringify(body))).toEqual({
      status: 403,
      code: 10002,
      incidentId: INCIDENT,
      traceId: TRACE,
    });
  });

  it('reads it inside `error.errors` as an array', () => {
    const body = { error: { errors: [playgroundError(PLAYGROUND_DATA, 401)] } };
    expect(parseUpstreamError(500, JSON.stringify(body))).toEqual({
      status: 401,
      code: 10002,
      incidentId: INCIDENT,
      traceId: TRACE,
    });
  });

  it('never takes the GraphQL code "UPSTREAM_FAILURE" for ThoughtSpot\'s code', () => {
    const data = Object.fromEntries(
      Object.entries(PLAYGROUND_DATA).filter(([key]) => key !== 'code'),
    );
    expect(parseUpstreamError(500, JSON.stringify(playgroundError(data)))).toEqual({
      status: 400,
      incidentId: INCIDENT,
      traceId: TRACE,
    });
  });
});

describe('parseUpstreamError: other bodies', () => {
  it('reads a bare v1-style body with HTTP 401', () => {
    const body = {
      code: 10003,
      incident_id_guid: INCIDENT,
      trace_id_guid: TRACE,
      debug: JSON.stringify(['Bad credentials']),
    };
    expect(parseUpstreamError(401, JSON.stringify(body))).toEqual({
      status: 401,
      code: 10003,
      incidentId: INCIDENT,
      traceId: TRACE,
    });
  });

  it('reads a v1-style body with only a trace id and the code as a string', () => {
    expect(
      parseUpstreamError(403, JSON.stringify({ code: '10004', trace_id_guid: TRACE })),
    ).toEqual({ status: 403, code: 10004, traceId: TRACE });
  });

  it('reads the data beside an upstreamResponse that has none', () => {
    const body = {
      upstreamResponse: { status: 401 },
      detail: { code: 10003, incident_id_guid: INCIDENT },
    };
    expect(parseUpstreamError(500, JSON.stringify(body))).toEqual({
      status: 401,
      code: 10003,
      incidentId: INCIDENT,
    });
  });

  it.each([
    [
      'a plain 502 HTML page',
      502,
      '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
    ],
    ['an empty body', 500, ''],
    ['whitespace', 503, ' \r\n '],
    ['non-JSON text', 500, 'Internal Server Error'],
    ['truncated JSON', 500, SPEC_EXAMPLE.slice(0, 200)],
    ['JSON null', 500, 'null'],
    ['a JSON array of scalars', 500, '[1,"two",null,true]'],
    ['an empty JSON array', 404, '[]'],
    ['a JSON string', 500, '"Request failed"'],
    ['a JSON number', 500, '401'],
    ['an unrelated object', 429, '{"message":"Too Many Requests","status":200}'],
  ])('gives only the HTTP status for %s', (_what, status, body) => {
    expect(parseUpstreamError(status, body)).toEqual({ status });
  });

  it('reads an envelope inside a top-level JSON array', () => {
    const body = JSON.stringify([JSON.parse(SPEC_EXAMPLE)]);
    expect(parseUpstreamError(500, body)).toEqual({
      status: 400,
      code: 10002,
      incidentId: 'deb0bc49-...',
      traceId: 'deb0bc49-...',
    });
  });
});

describe('parseUpstreamError: values it cannot trust', () => {
  it.each([
    ['"401"', '401', 401],
    ['"403"', '403', 403],
  ])('reads the status given as the numeric string %s', (_label, status, expected) => {
    const body = specEnvelope({ code: 10003 }, status);
    expect(parseUpstreamError(500, JSON.stringify(body))).toEqual({
      status: expected,
      code: 10003,
    });
  });

  it.each([
    600,
    99,
    0,
    -401,
    400.5,
    1e300,
    '40',
    '4010',
    ' 401',
    '401.0',
    'abc',
    null,
    true,
    [401],
    { value: 401 },
  ])('ignores the inner status %j and falls back to the HTTP status', (status) => {
    const body = specEnvelope({ code: 10002 }, status);
    expect(parseUpstreamError(502, JSON.stringify(body))).toEqual({ status: 502, code: 10002 });
  });

  it.each([
    'has space',
    'line\nbreak',
    'tab\there',
    'cr\rlf',
    '',
    '-leading-dash',
    '.leading-dot',
    'a'.repeat(129),
    'quote"d',
    '<script>',
    'ünïcode',
    'semi;colon',
  ])('drops the garbage id %j', (id) => {
    const body = specEnvelope({ code: 10002, incident_id_guid: id, trace_id_guid: id }, 400);
    expect(parseUpstreamError(500, JSON.stringify(body))).toEqual({ status: 400, code: 10002 });
  });

  it.each([123, null, true, ['abc'], { id: 'abc' }])('drops the non-string id %j', (id) => {
    const body = specEnvelope({ code: 10002, incident_id_guid: id, trace_id_guid: id }, 400);
    expect(parseUpstreamError(500, JSON.stringify(body))).toEqual({ status: 400, code: 10002 });
  });

  it('keeps an id of 128 characters and id-shaped punctuation', () => {
    const long = `a${'0'.repeat(127)}`;
    const body = specEnvelope(
      { code: 10002, incident_id_guid: long, trace_id_guid: 'Trace_1.2:3-x' },
      400,
    );
    expect(parseUpstreamError(500, JSON.stringify(body))).toEqual({
      status: 400,
      code: 10002,
      incidentId: long,
      traceId: 'Trace_1.2:3-x',
    });
  });

  it.each([-1, 1.5, 'E10002', '10002x', '1234567890', 2 ** 53, Number.MAX_VALUE, null, {}])(
    'drops the code %j',
    (code) => {
      const body = specEnvelope({ code, incident_id_guid: INCIDENT }, 400);
      expect(parseUpstreamError(500, JSON.stringify(body))).toEqual({
        status: 400,
        incidentId: INCIDENT,
      });
    },
  );

  it('keeps code 0 and a nine-digit string code', () => {
    expect(parseUpstreamError(500, JSON.stringify(specEnvelope({ code: 0 }, 400)))).toEqual({
      status: 400,
      code: 0,
    });
    expect(
      parseUpstreamError(500, JSON.stringify(specEnvelope({ code: '123456789' }, 400))),
    ).toEqual({ status: 400, code: 123456789 });
  });
});

describe('parseUpstreamError: nesting', () => {
  function wrap(value: unknown, levels: number): unknown {
    let out = value;
    for (let i = 0; i < levels; i++) out = i % 2 === 0 ? { wrapper: out } : [out];
    return out;
  }

  it('finds an envelope wrapped a few levels deeper than the SPEC shape', () => {
    const body = JSON.stringify(wrap(JSON.parse(SPEC_EXAMPLE), 3));
    expect(parseUpstreamError(500, body)).toEqual({
      status: 400,
      code: 10002,
      incidentId: 'deb0bc49-...',
      traceId: 'deb0bc49-...',
    });
  });

  it('gives up beyond the search depth instead of digging forever', () => {
    const body = JSON.stringify(wrap(JSON.parse(SPEC_EXAMPLE), 50));
    expect(parseUpstreamError(500, body)).toEqual({ status: 500 });
  });

  it('does not throw on very deep nesting', () => {
    const depth = 20_000;
    const arrays = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const objects = `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`;
    expect(parseUpstreamError(500, arrays)).toEqual({ status: 500 });
    expect(parseUpstreamError(500, objects)).toEqual({ status: 500 });
  });

  it('does not throw on a wide body', () => {
    const wide = Array.from({ length: 10_000 }, (_, i) => ({ [`k${i}`]: [i, { v: i }] }));
    expect(parseUpstreamError(500, JSON.stringify(wide))).toEqual({ status: 500 });
  });
});
