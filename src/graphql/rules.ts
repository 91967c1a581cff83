import type { ValidationRule } from 'graphql';
import { GraphQLError } from 'graphql';
import { rootFieldsOf } from './root-fields';

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
      for (const field of rootFieldsOf(operation.selectionSet, (name) => context.getFragment(name)))
        keys.add((field.alias ?? field.name).value);
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
