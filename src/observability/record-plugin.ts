import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, FragmentDefinitionNode, SelectionSetNode } from 'graphql';
import { Kind } from 'graphql';
import type { GatewayContext } from '../context';

/** Fills the request record with what only Apollo's pipeline knows: the operation and its outcome. */
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
          const fields = new Set<string>();
          collectRootFields(operation.selectionSet, fragmentsOf(document), fields, new Set());
          record.rootFields = [...fields].sort().join('+');
          return Promise.resolve();
        },
        willSendResponse({ response, contextValue: { record } }) {
          if (response.body.kind !== 'single') return Promise.resolve();
          const code = response.body.singleResult.errors?.[0]?.extensions?.code;
          if (typeof code === 'string') record.errorCode = code;
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

// Through fragments at the root too, so `{ ...F }` is named by its fields. Validation has already
// refused fragment cycles; `seen` only keeps a repeated spread from being walked twice.
function collectRootFields(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  into: Set<string>,
  seen: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) into.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT)
      collectRootFields(selection.selectionSet, fragments, into, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment !== undefined) collectRootFields(fragment.selectionSet, fragments, into, seen);
    }
  }
}
