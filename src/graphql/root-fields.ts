import type { FieldNode, FragmentDefinitionNode, SelectionSetNode } from 'graphql';
import { Kind } from 'graphql';

/**
 * The fields at the root of an operation, through fragments and inline fragments, as execution
 * merges them. A fragment spread twice is walked once, which also keeps a fragment cycle (refused by
 * graphql-js's own validation, but this may run before or beside it) from looping.
 */
export function rootFieldsOf(
  selectionSet: SelectionSetNode,
  fragment: (name: string) => FragmentDefinitionNode | null | undefined,
): FieldNode[] {
  const fields: FieldNode[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const definition = fragment(selection.name.value);
        if (definition) walk(definition.selectionSet);
      }
    }
  };
  walk(selectionSet);
  return fields;
}
