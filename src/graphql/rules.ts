import type { SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';
import { GraphQLError, Kind } from 'graphql';

/**
 * The two document limits graphql-armor has no rule for. Like armor's, they run once per distinct
 * document: Apollo Server caches what passed validation.
 */

/**
 * At most `limit` distinct root fields per operation. Each root field of this schema is one
 * ThoughtSpot call, so this bounds the calls one request can fan out to; the alias limit alone
 * would still allow `limit + aliases` of them. Counted by response key through fragments, as
 * execution merges them.
 */
export function maxRootFieldsRule(limit: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const keys = new Set<string>();
      collectRootKeys(operation.selectionSet, context, keys, new Set());
      if (keys.size > limit)
        context.reportError(
          new GraphQLError(`Root fields limit of ${limit} exceeded, found ${keys.size}.`, {
            nodes: [operation],
          }),
        );
      return false;
    },
  });
}

function collectRootKeys(
  selectionSet: SelectionSetNode,
  context: ValidationContext,
  keys: Set<string>,
  seenFragments: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) keys.add((selection.alias ?? selection.name).value);
    else if (selection.kind === Kind.INLINE_FRAGMENT)
      collectRootKeys(selection.selectionSet, context, keys, seenFragments);
    else if (!seenFragments.has(selection.name.value)) {
      // Also what keeps a fragment cycle (refused by graphql-js's own rule) from looping here.
      seenFragments.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) collectRootKeys(fragment.selectionSet, context, keys, seenFragments);
    }
  }
}

/**
 * At most `limit` UTF-8 bytes of document. The body limit bounds a POST, but a document is also
 * kept in Apollo's document and persisted-query caches once it passes: this keeps their entries
 * small whatever MAX_BODY_BYTES is, and bounds GET documents the same way.
 */
export function maxDocumentBytesRule(limit: number): ValidationRule {
  return (context) => ({
    Document(document) {
      const text = document.loc?.source.body;
      const bytes = text === undefined ? 0 : Buffer.byteLength(text);
      if (bytes > limit)
        context.reportError(
          new GraphQLError(`Document size limit of ${limit} bytes exceeded, found ${bytes}.`),
        );
      return false;
    },
  });
}
