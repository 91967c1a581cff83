import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { GraphQLNamedType, GraphQLSchema } from 'graphql';
import {
  isEnumType,
  isInputObjectType,
  isIntrospectionType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
} from 'graphql';
import { createSchema, printSdl } from '../../src/schema';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

function ownTypes(): GraphQLNamedType[] {
  return Object.values(schema.getTypeMap()).filter(
    (t) => !isIntrospectionType(t) && !(isScalarType(t) && isSpecifiedScalarType(t)),
  );
}

describe('the schema', () => {
  it('has the six operations the issue names, with their types', () => {
    const query = schema.getQueryType()?.getFields() ?? {};
    const mutation = schema.getMutationType()?.getFields() ?? {};
    expect(Object.keys(query)).toEqual(['session']);
    expect(String(query.session?.type)).toBe('Session!');
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
});
