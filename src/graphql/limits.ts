import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import type { ParseOptions, ValidationRule } from 'graphql';
import { GraphQLError } from 'graphql';
import type { QueryLimits } from '../config';
import {
  knownOperationTypesRule,
  maxCommentsRule,
  maxDocumentBytesRule,
  maxRootFieldsRule,
} from './rules';

/**
 * The limits on one GraphQL document, for Apollo Server's `validationRules` and `parseOptions`.
 * Everything here runs once per distinct document: Apollo Server caches parsed and validated
 * documents by their hash, so a repeated query costs none of it.
 *
 * A document over a limit is refused with HTTP 400 before any resolver runs: over the token limit
 * as GRAPHQL_PARSE_FAILED (graphql-js stops parsing there), over any other as
 * GRAPHQL_VALIDATION_FAILED, the message naming the limit.
 */
export interface DocumentLimits {
  parseOptions: ParseOptions;
  validationRules: ValidationRule[];
}

// armor words every refusal as a "Syntax Error", even for a valid document that is too deep: the
// message is reported without that prefix, and Apollo gives it its validation-error code.
const report: GraphQLArmorRejectCallback = (context, error) => {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')));
};
const reject = { propagateOnRejection: false, onReject: [report] };

export function documentLimits(limits: QueryLimits): DocumentLimits {
  const armor = new ApolloArmor({
    // Fragments add no depth of their own: depth is how deep fields nest, whatever their packaging.
    maxDepth: { n: limits.depth, flattenFragments: true, ...reject },
    maxAliases: { n: limits.aliases, ...reject },
    maxDirectives: { n: limits.directives, ...reject },
    costLimit: { maxCost: limits.cost, ...reject },
    // Off: graphql-js counts tokens itself in the one parse Apollo Server does (parseOptions below).
    // armor's plugin would parse each new document a second time, and its refusal is thrown from a
    // hook outside Apollo's error handling.
    maxTokens: { enabled: false },
    // Off: formatError hides suggestions in production for every kind of error (src/errors.ts);
    // armor's pattern misses the enum-value ones.
    blockFieldSuggestion: { enabled: false },
  });
  return {
    parseOptions: { maxLexicalTokens: limits.tokens },
    validationRules: [
      knownOperationTypesRule,
      maxDocumentBytesRule(limits.bytes),
      maxCommentsRule(limits.comments),
      maxRootFieldsRule(limits.rootFields),
      ...armor.protect().validationRules,
    ],
  };
}
