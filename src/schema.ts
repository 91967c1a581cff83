import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { SessionResolver } from './session/session.resolver';

/** The GraphQL schema, built from the type-graphql classes: the one source of schema truth. */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [SessionResolver], validate: false });
}

/** The SDL committed as schema/schema.graphql, sorted so that diffs show real changes only. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
