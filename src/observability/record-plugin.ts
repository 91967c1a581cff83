import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, FragmentDefinitionNode } from 'graphql';
import { Kind } from 'graphql';
import type { GatewayContext } from '../context';
import { rootFieldsOf } from '../graphql/root-fields';

/**
 * Fills the request record with what only Apollo's pipeline knows: the operation (its outcome, the
 * error code, is errorsPlugin's, in error-responses.ts).
 */
export function requestRecordPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart({ request, contextValue }) {
      // Set now so that a request that never parses is still logged under the name it gave.
      contextValue.record.operationName = request.operationName ?? undefined;
      return Promise.resolve({
        didResolveOperation({ operation, operationName, document, contextValue: { record } }) {
          record.operationName = operationName ?? undefined;
          if (operation === undefined) return Promise.resolve();
          record.operationType = operation.operation;
          const fragments = fragmentsOf(document);
          const fields = new Set<string>();
          for (const field of rootFieldsOf(operation.selectionSet, (name) => fragments.get(name)))
            fields.add(field.name.value);
          record.rootFields = [...fields].sort().join('+');
          return Promise.resolve();
        },
      });
    },
  };
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  return fragments;
}
