import type { Token, ValidationRule } from 'graphql';
import { GraphQLError, TokenKind } from 'graphql';
import { rootFieldsOf } from './root-fields';

/**
 * The document rules graphql-armor and graphql-js have none for. Like armor's, they run once per
 * distinct document: Apollo Server caches what passed validation.
 */

/**
 * Operations only of a type the schema has. graphql-js's validation lets `subscription { __typename }`
 * through to execution, which fails it as an unexpected error (INTERNAL_SERVER_ERROR, logged at
 * error level): refused here, it is the caller's mistake, a 400 like any invalid document.
 */
export const knownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    if (!context.getSchema().getRootType(operation.operation))
      context.reportError(
        new GraphQLError(`The ${operation.operation} operation is not supported by the schema.`, {
          nodes: [operation],
        }),
      );
    return false;
  },
});

/**
 * At most `limit` comments. graphql-js skips comments when it counts tokens (MAX_QUERY_TOKENS), yet
 * each is a token object parsed and linked: a document within the size limit can hold thousands.
 * Counted on the token list the parser left, which only this rule and the parser read.
 */
export function maxCommentsRule(limit: number): ValidationRule {
  return (context) => ({
    Document(document) {
      let comments = 0;
      for (
        let token: Token | null | undefined = document.loc?.startToken;
        token;
        token = token.next
      )
        if (token.kind === TokenKind.COMMENT) comments += 1;
      if (comments > limit)
        context.reportError(
          new GraphQLError(`Comments limit of ${limit} exceeded, found ${comments}.`),
        );
      return false;
    },
  });
}

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
