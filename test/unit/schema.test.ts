import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { GraphQLNamedType } from 'graphql';
import {
  GraphQLObjectType,
  GraphQLSchema,
  buildASTSchema,
  isEnumType,
  isInputObjectType,
  isIntrospectionType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  lexicographicSortSchema,
  parse,
  printSchema,
  specifiedDirectives,
} from 'graphql';
import { createSchema, printSdl } from '../../src/schema';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

/** What @apollo/subgraph adds to every Federation 2 subgraph: its types and Query fields. */
const FEDERATION_TYPE = /^(_Any|_Entity|_Service|link__\w+|federation__\w+)$/;
const FEDERATION_QUERY_FIELDS = ['_entities', '_service'];

function ownTypes(): GraphQLNamedType[] {
  return Object.values(schema.getTypeMap()).filter(
    (t) =>
      !isIntrospectionType(t) &&
      !(isScalarType(t) && isSpecifiedScalarType(t)) &&
      !FEDERATION_TYPE.test(t.name),
  );
}

describe('the schema', () => {
  it('has the operations the issues name, with their types', () => {
    const query = schema.getQueryType()?.getFields() ?? {};
    const mutation = schema.getMutationType()?.getFields() ?? {};
    expect(Object.keys(query).sort()).toEqual(
      ['session', 'tokenInfo', ...FEDERATION_QUERY_FIELDS].sort(),
    );
    expect(String(query.session?.type)).toBe('Session!');
    expect(String(query.tokenInfo?.type)).toBe('TokenInfo!');
    expect(
      Object.fromEntries(
        Object.values(mutation).map((f) => [
          f.name,
          `${f.args.map((a) => `${a.name}: ${String(a.type)}`).join(', ')} -> ${String(f.type)}`,
        ]),
      ),
    ).toEqual({
      login: 'input: LoginInput -> SessionToken!',
      logout: ' -> Boolean!',
      getToken: 'input: GetTokenInput! -> SessionToken!',
      getSessionToken: ' -> SessionToken!',
      revokeToken: ' -> Boolean!',
      switchOrg: 'input: SwitchOrgInput! -> Boolean!',
    });
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of ownTypes()) {
      if (!type.description) missing.push(type.name);
      if (isObjectType(type))
        for (const field of Object.values(type.getFields())) {
          if (type === schema.getQueryType() && FEDERATION_QUERY_FIELDS.includes(field.name))
            continue;
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args)
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      if (isInputObjectType(type))
        for (const field of Object.values(type.getFields()))
          if (!field.description) missing.push(`${type.name}.${field.name}`);
      if (isEnumType(type))
        for (const value of type.getValues())
          if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    // The root types describe themselves through their fields.
    expect(missing.filter((m) => m !== 'Query' && m !== 'Mutation')).toEqual([]);
  });

  it('keeps the upstream names and types of SessionLoginResponse, plus DateTimes', () => {
    const token = schema.getType('SessionToken');
    if (!isObjectType(token)) throw new Error('SessionToken is not an object type');
    expect(
      Object.fromEntries(Object.values(token.getFields()).map((f) => [f.name, String(f.type)])),
    ).toEqual({
      userName: 'String!',
      token: 'String!',
      tokenCreatedTime: 'String!',
      tokenExpiryDuration: 'String!',
      tokenType: 'String!',
      createdAt: 'DateTime',
      expiresAt: 'DateTime',
    });
  });

  it('is what schema/schema.graphql holds (run `npm run schema:print` after a change)', async () => {
    const committed = await readFile(resolve(__dirname, '../../schema/schema.graphql'), 'utf8');
    expect(printSdl(schema)).toBe(committed);
  });

  it('is, as codegen reads schema/schema.graphql, exactly the API the gateway serves to clients', async () => {
    const committed = await readFile(resolve(__dirname, '../../schema/schema.graphql'), 'utf8');
    // As codegen.yml builds it: the federation directives stay undefined, and so unprinted.
    const asCodegenReadsIt = buildASTSchema(parse(committed), { assumeValidSDL: true });
    // The served schema without federation's plumbing: its types, directives, and Query fields.
    const query = schema.getQueryType();
    if (!query) throw new Error('no Query type');
    const config = query.toConfig();
    const apiQuery = new GraphQLObjectType({
      ...config,
      fields: Object.fromEntries(
        Object.entries(config.fields).filter(([name]) => !FEDERATION_QUERY_FIELDS.includes(name)),
      ),
    });
    const api = new GraphQLSchema({
      ...schema.toConfig(),
      query: apiQuery,
      types: ownTypes().filter((t) => t !== query),
      directives: specifiedDirectives,
    });
    expect(printSchema(lexicographicSortSchema(asCodegenReadsIt))).toBe(
      printSchema(lexicographicSortSchema(api)),
    );
    expect(asCodegenReadsIt.getQueryType()?.getFields()).not.toHaveProperty('_service');
  });
});
