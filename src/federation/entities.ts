import type { GraphQLSchema } from 'graphql';
import { isUnionType } from 'graphql';
import type { GatewayContext } from '../context';
import { badUserInput } from '../errors';

/**
 * Guards `Query._entities`, which @apollo/subgraph serves to anyone who asks. Left alone, a
 * representation of a type that is not an entity here either echoes the caller's own input back
 * (an object type with no reference resolver) or throws a plain Error (an unknown type, no
 * __typename), which masking turns into INTERNAL_SERVER_ERROR and an error-level log line any
 * caller could flood. Only the members of `_Entity` (the types with a @key) pass to it.
 */
export function guardEntities(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields()._entities;
  const entityUnion = schema.getType('_Entity');
  const resolve = field?.resolve;
  if (field === undefined || resolve === undefined || !isUnionType(entityUnion)) return;
  const entities = new Set(entityUnion.getTypes().map((type) => type.name));
  const names = [...entities].join(', ');

  field.resolve = (source, args: { representations?: unknown }, context: GatewayContext, info) => {
    const representations = Array.isArray(args.representations) ? args.representations : [];
    representations.forEach((representation: unknown, index) => {
      const typename = (representation as { __typename?: unknown } | null)?.__typename;
      if (typeof typename !== 'string' || !entities.has(typename))
        throw badUserInput(
          `Representation ${index} is not of an entity type of this subgraph (${names}).`,
        );
    });
    return resolve(source, args, context, info);
  };
}
