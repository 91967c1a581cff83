import type {
  ConstDirectiveNode,
  DefinitionNode,
  DocumentNode,
  FieldDefinitionNode,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputField,
  GraphQLSchema,
  InputValueDefinitionNode,
} from 'graphql';
import {
  Kind,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  parse,
  printSchema,
} from 'graphql';

/**
 * The type-graphql schema as type definitions for `buildSubgraphSchema`, with the directives of
 * type-graphql's `@Directive` decorators. graphql-js prints no applied directives, and type-graphql
 * keeps them only on the `astNode` of each type, field and argument; so this prints the schema
 * (types, fields, descriptions, defaults) and puts each element's own directives back onto its
 * printed node. The job of `printSchemaWithDirectives` in @graphql-tools/utils, which type-graphql's
 * federation example uses and this project does not depend on.
 */
export function typeDefsWithDirectives(schema: GraphQLSchema): DocumentNode {
  const printed = parse(printSchema(schema));
  return {
    ...printed,
    definitions: printed.definitions.map((definition) => withDirectives(schema, definition)),
  };
}

type Directives = readonly ConstDirectiveNode[] | undefined;

function merged(printed: Directives, own: Directives): Directives {
  return own === undefined || own.length === 0 ? printed : [...(printed ?? []), ...own];
}

function withDirectives(schema: GraphQLSchema, definition: DefinitionNode): DefinitionNode {
  if (
    definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
    definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
    definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION
  )
    return definition;
  const type = schema.getType(definition.name.value);
  const directives = merged(definition.directives, type?.astNode?.directives);
  if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
    const fields = isInputObjectType(type) ? type.getFields() : {};
    return {
      ...definition,
      directives,
      fields: definition.fields?.map((node) => withOwn(node, fields[node.name.value])),
    };
  }
  const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
  return {
    ...definition,
    directives,
    fields: definition.fields?.map((node) => withFieldDirectives(node, fields[node.name.value])),
  };
}

function withFieldDirectives(
  node: FieldDefinitionNode,
  field: GraphQLField<unknown, unknown> | undefined,
): FieldDefinitionNode {
  return {
    ...withOwn(node, field),
    arguments: node.arguments?.map((arg) =>
      withOwn(
        arg,
        field?.args.find((a) => a.name === arg.name.value),
      ),
    ),
  };
}

function withOwn<T extends FieldDefinitionNode | InputValueDefinitionNode>(
  node: T,
  element: GraphQLField<unknown, unknown> | GraphQLInputField | GraphQLArgument | undefined,
): T {
  return { ...node, directives: merged(node.directives, element?.astNode?.directives) };
}
