import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { isJsonObject } from '../../src/contract';

/**
 * Contract checks against the two OpenAPI documents in schema/ — the beta's
 * (`thoughtspot-session.openapi.json`) and ThoughtSpot's own for REST API v2.0
 * (`thoughtspot-rest-2.0.openapi.json`) — with one validator and ajv (JSON Schema draft-07, the
 * closest ajv dialect to OpenAPI 3.0's schema objects).
 *
 * How the OpenAPI flavour is handled, keeping ajv's strict mode on:
 * - ajv sees a root schema `{ $id, paths, components }` made of the document's own objects, with
 *   `paths` and `components` declared as (non-validating) keywords; a response schema is compiled
 *   from its JSON pointer (`<id>#/paths/...`), so `$ref: '#/components/schemas/X'` resolves inside
 *   the document exactly as OpenAPI means it, and an unresolvable `$ref` is ajv's MissingRefError.
 * - OpenAPI's `example`, `externalDocs`, `xml` and every `x-*` extension found in the document are
 *   declared as annotation keywords; any other unknown keyword is still a strict-mode error.
 * - OpenAPI 3.0's `nullable: true` (not JSON Schema): beside a `type`, ajv reads it natively (the
 *   type then also allows null); beside a `$ref` or `allOf`, where ajv cannot, the schema is
 *   rewritten as `anyOf: [<the schema>, {type: 'null'}]` before ajv sees it.
 * - The OpenAPI's numeric formats (`int32`, `int64`, `float`, `double`) are checked as ranges or
 *   accepted, since ajv-formats knows only string formats.
 * The document is read from the repository, never from anywhere else.
 */

export const OPENAPI_PATH = path.join(
  __dirname,
  '..',
  '..',
  'schema',
  'thoughtspot-session.openapi.json',
);

export const V2_OPENAPI_PATH = path.join(
  __dirname,
  '..',
  '..',
  'schema',
  'thoughtspot-rest-2.0.openapi.json',
);

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Json = Record<string, unknown>;

export interface OperationInfo {
  operationId: string;
  /** Upper case, e.g. `POST`. */
  method: string;
  path: string;
}

export interface Contract {
  /** Every operation of the document, in document order. */
  operations: OperationInfo[];
  /**
   * The problems of one HTTP response against the document (empty when it conforms). `body` is the
   * raw response text: a JSON media type must hold JSON that the documented schema accepts.
   */
  validateResponse(
    operationId: string,
    httpStatus: number,
    contentType: string | undefined,
    body: string,
  ): string[];
  /** The problems of the document itself as an OpenAPI 3.0 document (empty when sound). */
  checkDocument(): string[];
}

/** A JSON pointer token, escaped for a pointer and for the URI fragment ajv resolves it from. */
const pointer = (...tokens: string[]) =>
  tokens.map((t) => '/' + encodeURIComponent(t.replace(/~/g, '~0').replace(/\//g, '~1'))).join('');

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (e) =>
      `${e.instancePath || '(root)'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)} [${e.schemaPath}]`,
  );
}

/** Every key starting with `x-` anywhere in a JSON value. */
function extensionKeys(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) extensionKeys(item, found);
  else if (isJsonObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith('x-')) found.add(key);
      extensionKeys(child, found);
    }
  }
  return found;
}

/** Every `$ref` in a JSON value, with the JSON pointer of the object holding it. */
function refsOf(value: unknown, at = '', found: { at: string; ref: unknown }[] = []) {
  if (Array.isArray(value)) value.forEach((item, i) => refsOf(item, `${at}/${i}`, found));
  else if (isJsonObject(value)) {
    if ('$ref' in value) found.push({ at: at || '/', ref: value.$ref });
    for (const [key, child] of Object.entries(value))
      refsOf(child, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, found);
  }
  return found;
}

/** The value at a local JSON pointer (`#/a/b`), or undefined. */
function resolveLocal(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isJsonObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Json)[token];
  }
  return node;
}

/** A media type without parameters, lower case: `application/json; charset=utf-8` → `application/json`. */
const mediaType = (contentType: string) =>
  (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();

const isJsonMediaType = (type: string) => /^application\/([\w.+-]*\+)?json$/.test(type);

/** The documented media types that accept `type` (exact, `type/*` or `*\/*`). */
function matchingMediaTypes(documented: string[], type: string): string[] {
  const [major] = type.split('/');
  return documented.filter((d) => {
    const key = d.toLowerCase();
    return key === type || key === '*/*' || key === `${major ?? ''}/*`;
  });
}

/**
 * The OpenAPI 3.0 structure this project's document may use, as a JSON Schema: the parts of the
 * official OpenAPI 3.0 schema that apply to it, closed (`additionalProperties: false`, `x-*`
 * allowed) so a misspelt field is an error.
 */
const extensions = { '^x-': {} };
export const OPENAPI_30_STRUCTURE = {
  $id: 'urn:thoughtspot-gateway:schema:openapi-3.0-structure',
  type: 'object',
  required: ['openapi', 'info', 'paths'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.0\\.\\d+$' },
    info: {
      type: 'object',
      required: ['title', 'version'],
      properties: {
        title: { type: 'string', minLength: 1 },
        version: { type: 'string', minLength: 1 },
        description: { type: 'string' },
      },
      patternProperties: extensions,
      additionalProperties: false,
    },
    servers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['url'],
        properties: {
          url: { type: 'string' },
          description: { type: 'string' },
          variables: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              required: ['default'],
              properties: {
                default: { type: 'string' },
                enum: { type: 'array', minItems: 1, items: { type: 'string' } },
                description: { type: 'string' },
              },
              patternProperties: extensions,
              additionalProperties: false,
            },
          },
        },
        patternProperties: extensions,
        additionalProperties: false,
      },
    },
    security: { type: 'array', items: { $ref: '#/definitions/securityRequirement' } },
    tags: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, description: { type: 'string' } },
        patternProperties: extensions,
        additionalProperties: false,
      },
    },
    paths: {
      type: 'object',
      patternProperties: { '^/': { $ref: '#/definitions/pathItem' }, ...extensions },
      additionalProperties: false,
    },
    components: {
      type: 'object',
      properties: {
        schemas: { type: 'object', additionalProperties: { type: 'object' } },
        securitySchemes: {
          type: 'object',
          additionalProperties: { $ref: '#/definitions/securityScheme' },
        },
      },
      patternProperties: extensions,
      additionalProperties: false,
    },
  },
  patternProperties: extensions,
  additionalProperties: false,
  definitions: {
    securityRequirement: {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string' } },
    },
    securityScheme: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { enum: ['apiKey', 'http', 'oauth2', 'openIdConnect'] },
        description: { type: 'string' },
        name: { type: 'string' },
        in: { enum: ['query', 'header', 'cookie'] },
        scheme: { type: 'string' },
        bearerFormat: { type: 'string' },
        flows: { type: 'object' },
        openIdConnectUrl: { type: 'string' },
      },
      patternProperties: extensions,
      additionalProperties: false,
      if: { properties: { type: { const: 'http' } } },
      then: { properties: { scheme: { type: 'string' } }, required: ['scheme'] },
    },
    pathItem: {
      type: 'object',
      properties: {
        summary: { type: 'string' },
        description: { type: 'string' },
        parameters: { type: 'array', items: { $ref: '#/definitions/parameter' } },
        ...Object.fromEntries(HTTP_METHODS.map((m) => [m, { $ref: '#/definitions/operation' }])),
      },
      patternProperties: extensions,
      additionalProperties: false,
    },
    operation: {
      type: 'object',
      required: ['operationId', 'responses'],
      properties: {
        operationId: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
        summary: { type: 'string' },
        description: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' } },
        parameters: { type: 'array', items: { $ref: '#/definitions/parameter' } },
        requestBody: { $ref: '#/definitions/requestBody' },
        responses: {
          type: 'object',
          minProperties: 1,
          patternProperties: {
            '^([1-5](\\d\\d|XX)|default)$': { $ref: '#/definitions/response' },
            ...extensions,
          },
          additionalProperties: false,
        },
        security: { type: 'array', items: { $ref: '#/definitions/securityRequirement' } },
        deprecated: { type: 'boolean' },
      },
      patternProperties: extensions,
      additionalProperties: false,
    },
    parameter: {
      type: 'object',
      required: ['name', 'in'],
      properties: {
        name: { type: 'string' },
        in: { enum: ['query', 'header', 'path', 'cookie'] },
        description: { type: 'string' },
        required: { type: 'boolean' },
        schema: { type: 'object' },
      },
      patternProperties: extensions,
      additionalProperties: false,
    },
    requestBody: {
      type: 'object',
      required: ['content'],
      properties: {
        description: { type: 'string' },
        required: { type: 'boolean' },
        content: {
          type: 'object',
          minProperties: 1,
          additionalProperties: { $ref: '#/definitions/mediaTypeObject' },
        },
      },
      patternProperties: extensions,
      additionalProperties: false,
    },
    response: {
      type: 'object',
      required: ['description'],
      properties: {
        description: { type: 'string' },
        headers: { type: 'object' },
        content: {
          type: 'object',
          additionalProperties: { $ref: '#/definitions/mediaTypeObject' },
        },
      },
      patternProperties: extensions,
      additionalProperties: false,
    },
    mediaTypeObject: {
      type: 'object',
      properties: {
        schema: { type: 'object' },
        example: {},
        examples: { type: 'object' },
        encoding: { type: 'object' },
      },
      patternProperties: extensions,
      additionalProperties: false,
    },
  },
} as const;

/** What both APIs' envelopes carry at their core: ThoughtSpot's code, the ids and the debug text. */
const ERROR_DETAIL = {
  type: 'object',
  required: ['code', 'incident_id_guid', 'trace_id_guid', 'debug'],
  additionalProperties: false,
  properties: {
    code: { type: 'integer' },
    incident_id_guid: { type: 'string', format: 'uuid' },
    trace_id_guid: { type: 'string', format: 'uuid' },
    debug: { type: 'string', minLength: 1 },
  },
} as const;

/**
 * The beta-behaviour.md §11.1 error envelope, strictly: every field required, closed wherever the behaviour
 * specification gives the whole shape, no `stacktrace`, fresh ids as UUIDs. The document's own
 * `ErrorResponse` only says `error` is an object.
 */
export const STRICT_ERROR_ENVELOPE = {
  $id: 'urn:thoughtspot-gateway:schema:error-envelope',
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['errors'],
      additionalProperties: false,
      properties: {
        errors: {
          type: 'object',
          required: ['message', 'locations', 'path', 'extension'],
          additionalProperties: false,
          properties: {
            message: { type: 'string', minLength: 1 },
            locations: {
              type: 'object',
              required: ['line', 'column'],
              additionalProperties: false,
              properties: {
                line: { type: 'integer', minimum: 1 },
                column: { type: 'integer', minimum: 1 },
              },
            },
            // The GraphQL field behind the REST operation; empty for a request that matched none.
            path: {
              type: 'array',
              maxItems: 1,
              items: { type: 'string', pattern: '^restapiV2__[A-Za-z]+$' },
            },
            extension: {
              type: 'object',
              required: ['service', 'code', 'exception'],
              additionalProperties: false,
              properties: {
                service: { const: 'CALLOSUM' },
                code: { const: 'UPSTREAM_FAILURE' },
                exception: {
                  type: 'object',
                  required: ['service', 'upstreamResponse'],
                  additionalProperties: false,
                  properties: {
                    service: { const: 'CALLOSUM' },
                    upstreamResponse: {
                      type: 'object',
                      required: ['data', 'status'],
                      additionalProperties: false,
                      properties: {
                        data: ERROR_DETAIL,
                        status: { type: 'integer', minimum: 400, maximum: 599 },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

function newAjv(extraKeywords: Iterable<string> = []): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addVocabulary([...extraKeywords]);
  return ajv;
}

/** An ajv with no OpenAPI keywords: the envelope and structure schemas are plain JSON Schema. */
const plainAjv = newAjv();
const validateEnvelope = plainAjv.compile(STRICT_ERROR_ENVELOPE);
const validateStructure = plainAjv.compile(OPENAPI_30_STRUCTURE);

/** The problems of a parsed body against the strict beta-behaviour.md §11.1 envelope (empty when it conforms). */
export function validateErrorEnvelope(body: unknown): string[] {
  return validateEnvelope(body) ? [] : formatErrors(validateEnvelope.errors);
}

/** The contract of an OpenAPI 3.0 document (the repository's by default). */
/**
 * A copy of an OpenAPI value with every typeless `nullable: true` schema rewritten as an `anyOf`
 * that also allows null (see the header); everything else unchanged.
 */
export function rewriteNullable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteNullable);
  if (!isJsonObject(value)) return value;
  const copy: Json = Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, rewriteNullable(v)]),
  );
  if (copy.nullable !== true || 'type' in copy) return copy;
  const { description, ...schema } = copy;
  delete schema.nullable;
  return {
    ...(description !== undefined && { description }),
    anyOf: [schema, { type: 'null' }],
  };
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** The contract of an OpenAPI 3.0 document (the beta's by default). `name` makes its ajv id. */
export function createContract(doc: Json, name = 'thoughtspot-session.openapi.json'): Contract {
  const DOC_ID = `urn:thoughtspot-gateway:schema:${name}`;
  const ajv = newAjv([
    'paths',
    'components',
    'example',
    'externalDocs',
    'xml',
    ...extensionKeys(doc),
  ]);
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addSchema({
    $id: DOC_ID,
    paths: rewriteNullable(doc.paths),
    components: rewriteNullable(doc.components),
  });

  const paths = isJsonObject(doc.paths) ? doc.paths : {};
  const operations: (OperationInfo & { node: Json })[] = [];
  for (const [p, item] of Object.entries(paths)) {
    if (!isJsonObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const node = item[method];
      if (!isJsonObject(node)) continue;
      const operationId = typeof node.operationId === 'string' ? node.operationId : '';
      operations.push({ operationId, method: method.toUpperCase(), path: p, node });
    }
  }

  const compiled = new Map<string, ValidateFunction>();
  /** The validator of the schema at a pointer into the document; throws if it does not compile. */
  function schemaAt(ptr: string): ValidateFunction {
    let validate = compiled.get(ptr);
    if (!validate) {
      validate = ajv.getSchema(`${DOC_ID}#${ptr}`);
      if (!validate) throw new Error(`no schema at ${ptr}`);
      compiled.set(ptr, validate);
    }
    return validate;
  }

  function find(operationId: string) {
    const matches = operations.filter((o) => o.operationId === operationId);
    if (matches.length !== 1) {
      throw new Error(
        `${matches.length === 0 ? 'no' : 'more than one'} operation ${JSON.stringify(operationId)} ` +
          `in the OpenAPI document (it has ${operations.map((o) => o.operationId).join(', ')})`,
      );
    }
    return matches[0] as OperationInfo & { node: Json };
  }

  function validateResponse(
    operationId: string,
    httpStatus: number,
    contentType: string | undefined,
    body: string,
  ): string[] {
    const op = find(operationId);
    const where = `${operationId} (${op.method} ${op.path}) HTTP ${httpStatus}`;
    const responses = isJsonObject(op.node.responses) ? op.node.responses : {};
    const documented = Object.keys(responses).filter((k) => !k.startsWith('x-'));
    const statusKey = [String(httpStatus), `${String(httpStatus).charAt(0)}XX`, 'default'].find(
      (k) => k in responses,
    );
    if (statusKey === undefined) {
      return [`${where}: status not documented (documented: ${documented.join(', ')})`];
    }
    const response = responses[statusKey];
    const content =
      isJsonObject(response) && isJsonObject(response.content) ? response.content : {};
    const listed = Object.keys(content);
    if (listed.length === 0) {
      return body === '' ? [] : [`${where}: the document lists no content, got a body`];
    }
    if (contentType === undefined || contentType.trim() === '') {
      return [`${where}: no Content-Type (documented: ${listed.join(', ')})`];
    }
    const type = mediaType(contentType);
    const key = matchingMediaTypes(listed, type)[0];
    if (key === undefined) {
      return [
        `${where}: Content-Type ${contentType} not documented (documented: ${listed.join(', ')})`,
      ];
    }
    const media = content[key];
    if (!isJsonObject(media) || !isJsonObject(media.schema)) return [];
    if (!isJsonMediaType(type)) {
      return [`${where}: cannot validate a ${type} body against a schema`];
    }
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      return [
        `${where}: the body is not JSON (${error instanceof Error ? error.message : String(error)}): ${body.slice(0, 200)}`,
      ];
    }
    const validate = schemaAt(
      pointer(
        'paths',
        op.path,
        op.method.toLowerCase(),
        'responses',
        statusKey,
        'content',
        key,
        'schema',
      ),
    );
    return validate(value) ? [] : formatErrors(validate.errors).map((e) => `${where}: ${e}`);
  }

  function checkDocument(): string[] {
    const problems: string[] = [];
    if (!validateStructure(doc)) {
      problems.push(...formatErrors(validateStructure.errors).map((e) => `structure: ${e}`));
    }
    // Every $ref is local and points at something.
    for (const { at, ref } of refsOf(doc)) {
      if (typeof ref !== 'string') problems.push(`${at}: $ref is not a string`);
      else if (resolveLocal(doc, ref) === undefined)
        problems.push(`${at}: $ref ${ref} does not resolve`);
    }
    // operationIds are unique, and every operation answers a success (200 with JSON, or a 204
    // without content) and 500 with JSON.
    const seen = new Set<string>();
    const hasJsonSchema = (response: unknown) => {
      const content = (response as Json | undefined)?.content;
      return (
        isJsonObject(content) &&
        isJsonObject((content['application/json'] as Json | undefined)?.schema)
      );
    };
    for (const op of operations) {
      if (seen.has(op.operationId)) problems.push(`operationId ${op.operationId} is not unique`);
      seen.add(op.operationId);
      const responses = isJsonObject(op.node.responses) ? op.node.responses : {};
      const noContent = responses['204'] as Json | undefined;
      if (!hasJsonSchema(responses['200']) && !(isJsonObject(noContent) && !noContent.content))
        problems.push(
          `${op.operationId}: no 200 response with an application/json schema, nor a 204 without content`,
        );
      if (!hasJsonSchema(responses['500']))
        problems.push(`${op.operationId}: no 500 response with an application/json schema`);
    }
    // Security requirements name declared schemes.
    const components = isJsonObject(doc.components) ? doc.components : {};
    const schemes = isJsonObject(components.securitySchemes) ? components.securitySchemes : {};
    const requirements = [
      ...(Array.isArray(doc.security) ? (doc.security as unknown[]) : []),
      ...operations.flatMap((o) =>
        Array.isArray(o.node.security) ? (o.node.security as unknown[]) : [],
      ),
    ];
    for (const requirement of requirements) {
      for (const name of isJsonObject(requirement) ? Object.keys(requirement) : [])
        if (!(name in schemes)) problems.push(`security scheme ${name} is not declared`);
    }
    // Every schema is a valid JSON Schema that ajv compiles in strict mode, $refs resolved.
    const schemaPointers: string[] = [];
    const schemas = isJsonObject(components.schemas) ? components.schemas : {};
    for (const name of Object.keys(schemas))
      schemaPointers.push(pointer('components', 'schemas', name));
    for (const op of operations) {
      const base = ['paths', op.path, op.method.toLowerCase()];
      const requestContent = (op.node.requestBody as Json | undefined)?.content;
      for (const type of isJsonObject(requestContent) ? Object.keys(requestContent) : [])
        schemaPointers.push(pointer(...base, 'requestBody', 'content', type, 'schema'));
      const responses = isJsonObject(op.node.responses) ? op.node.responses : {};
      for (const [status, response] of Object.entries(responses)) {
        const content = isJsonObject(response) ? response.content : undefined;
        for (const type of isJsonObject(content) ? Object.keys(content) : [])
          schemaPointers.push(pointer(...base, 'responses', status, 'content', type, 'schema'));
      }
    }
    const rewritten = {
      paths: rewriteNullable(doc.paths),
      components: rewriteNullable(doc.components),
    };
    for (const ptr of schemaPointers) {
      const schema = resolveLocal(rewritten, `#${ptr}`);
      if (!isJsonObject(schema)) {
        problems.push(`${ptr}: not a schema object`);
        continue;
      }
      if (!ajv.validateSchema(schema)) {
        problems.push(...formatErrors(ajv.errors).map((e) => `${ptr}: invalid JSON Schema: ${e}`));
        continue;
      }
      try {
        schemaAt(ptr);
      } catch (error) {
        problems.push(`${ptr}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return problems;
  }

  return {
    operations: operations.map(({ operationId, method, path: p }) => ({
      operationId,
      method,
      path: p,
    })),
    validateResponse,
    checkDocument,
  };
}

/** One of the repository's OpenAPI documents, parsed (the beta's by default). */
export function loadDocument(file: string = OPENAPI_PATH): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

const contract = createContract(loadDocument());

/** Every operation of the repository's document: operationId, method and path. */
export const OPERATIONS: readonly OperationInfo[] = contract.operations;

/** The problems of one response against the repository's document; see Contract.validateResponse. */
export function validateResponse(
  operationId: string,
  httpStatus: number,
  contentType: string | undefined,
  body: string,
): string[] {
  return contract.validateResponse(operationId, httpStatus, contentType, body);
}

/** As validateResponse, but throws with every problem in the message. */
export function assertValidResponse(
  operationId: string,
  httpStatus: number,
  contentType: string | undefined,
  body: string,
): void {
  const problems = validateResponse(operationId, httpStatus, contentType, body);
  if (problems.length > 0) {
    throw new Error(`response does not match the OpenAPI document:\n  ${problems.join('\n  ')}`);
  }
}

/** The problems of the repository's document itself; see Contract.checkDocument. */
export function checkDocument(): string[] {
  return contract.checkDocument();
}

/** The v2.0 document's contract: ThoughtSpot's own OpenAPI for the auth paths. */
export const v2Contract: Contract = createContract(
  loadDocument(V2_OPENAPI_PATH),
  'thoughtspot-rest-2.0.openapi.json',
);

/** As assertValidResponse, against the v2.0 document (operationIds as in rest-2.0-auth.md §2). */
export function assertValidV2Response(
  operationId: string,
  httpStatus: number,
  contentType: string | undefined,
  body: string,
): void {
  const problems = v2Contract.validateResponse(operationId, httpStatus, contentType, body);
  if (problems.length > 0) {
    throw new Error(`response does not match the v2.0 OpenAPI:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * The emulator's flat v2.0 error envelope (rest-2.0-auth.md §9.1), strictly: the OpenAPI says
 * only that `error` is an object; its examples give this shape.
 */
export const STRICT_V2_ERROR_ENVELOPE = {
  $id: 'urn:thoughtspot-gateway:schema:v2-error-envelope',
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['message'],
      additionalProperties: false,
      properties: {
        message: ERROR_DETAIL,
      },
    },
  },
} as const;

const validateV2Envelope = plainAjv.compile(STRICT_V2_ERROR_ENVELOPE);

/** The problems of a parsed body against the strict flat v2.0 envelope (empty when it conforms). */
export function validateV2ErrorEnvelope(body: unknown): string[] {
  return validateV2Envelope(body) ? [] : formatErrors(validateV2Envelope.errors);
}
