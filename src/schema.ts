import 'reflect-metadata';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { lexicographicSortSchema, parse } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { guardEntities } from './federation/entities';
import { typeDefsWithDirectives } from './federation/typedefs';
import { refuseSessionReference } from './session/session.reference';
import { SessionResolver } from './session/session.resolver';
import { SessionTokenResolver } from './session/token.resolver';

/**
 * The Federation 2 spec this subgraph links to: the lowest that has what it uses (v2.0 has `@key`
 * and `@shareable`), so that every composer takes it: Apollo's, The Guild's (Hive Gateway's, which
 * knows up to v2.9) and older `rover` releases. A newer link would only shut those out.
 * Imported are only the directives the classes use (see session.type.ts for why each):
 * `@key` on Session, `@shareable` on Org. Nothing is `@inaccessible`: every field, `raw` included,
 * is API for the caller, and the supergraph should offer what the gateway alone offers.
 *
 * Names stay as the gateway's clients know them (`Session`, `Org`, `login`), with no `ThoughtSpot`
 * prefix: a prefix would rename the API for every client to avoid clashes that composition reports
 * anyway. Nothing but Org is `@shareable`, so a type or root field of the same name in another
 * subgraph fails composition, naming it, instead of merging (test/federation/composition.test.ts).
 */
export const FEDERATION_SPEC = 'https://specs.apollo.dev/federation/v2.0';

const LINK = parse(
  `extend schema @link(url: "${FEDERATION_SPEC}", import: ["@key", "@shareable"])`,
);

/**
 * The GraphQL schema: the type-graphql classes (the one source of schema truth) as a Federation 2
 * subgraph, with `_service { sdl }` and `_entities`. The server serves it; `npm run schema:print`
 * prints it. Sorted, so that the printed SDL only changes when the schema does.
 */
export async function createSchema(): Promise<GraphQLSchema> {
  const schema = lexicographicSortSchema(
    await buildSchema({ resolvers: [SessionResolver, SessionTokenResolver], validate: false }),
  );
  const resolvers: Record<string, object> = createResolversMap(schema);
  const subgraph = buildSubgraphSchema({
    typeDefs: [LINK, typeDefsWithDirectives(schema)],
    // type-graphql's ResolversMap and @apollo/subgraph's GraphQLResolverMap declare one shape (field
    // resolvers, scalars, enum values) in two ways; `__resolveReference` is @apollo/subgraph's own.
    resolvers: {
      ...resolvers,
      Session: { ...resolvers.Session, __resolveReference: refuseSessionReference },
    },
  });
  guardEntities(subgraph);
  return subgraph;
}

/** The subgraph SDL committed as schema/schema.graphql (what `rover subgraph publish` takes). */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSubgraphSchema(schema)}\n`;
}
