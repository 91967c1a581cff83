import type { DocumentNode, Location, Source } from 'graphql';

/**
 * What a parsed document keeps, cut down for a long stay in the document cache, and what it then
 * costs on the heap.
 *
 * graphql-js gives every node a Location holding its first and last token, and every token links
 * to its neighbours: one node kept alive keeps the whole token list, comments included (a 16 KB
 * document of `#` lines kept ~720 KB that way). Errors need only a node's start and its source,
 * to say where (line and column) they are: that is all a compact location holds, so an error
 * about a cached document reads exactly as it did the first time. Nothing after validation reads
 * the tokens (graphql-js's parser is their only reader).
 */
class CompactLocation {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly source: Source,
  ) {}

  // As graphql-js's Location prints itself.
  toJSON(): { start: number; end: number } {
    return { start: this.start, end: this.end };
  }
}

// Upper estimates for V8 on 64-bit without pointer compression (Node.js's builds), checked against
// the heap by test/flood: an object's header and each property slot; an array's header, and the
// store graphql-js's parser grows it in by pushing (17 slots at first, then by half and 16 more);
// a string's header, and a character may take 2 bytes (V8's two-byte strings).
const OBJECT = 32;
const SLOT = 8;
const ARRAY = 32;
const arrayStore = (length: number) =>
  length === 0 ? 0 : 16 + SLOT * (17 + Math.ceil(1.5 * length));
const STRING = 24;
const CHAR = 2;
const LOCATION = OBJECT + 3 * SLOT;
/** The Source object and its location offset. */
const SOURCE = 2 * OBJECT + 5 * SLOT;

/**
 * Replaces every node's location by a compact one, in place, and returns an upper estimate of the
 * bytes the document then keeps: its nodes, arrays, strings, locations and source text. Strings
 * shared between nodes are counted each time they appear, which only raises the estimate.
 */
export function compactDocument(document: DocumentNode): number {
  let bytes = 0;
  let source: Source | undefined;
  const pending: unknown[] = [document];
  // A stack, not recursion: nesting is bounded by MAX_QUERY_TOKENS only, which may be large.
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') bytes += STRING + CHAR * value.length;
    else if (Array.isArray(value)) {
      bytes += ARRAY + arrayStore(value.length);
      for (const element of value as unknown[]) pending.push(element);
    } else if (typeof value === 'object' && value !== null) {
      const node = value as Record<string, unknown>;
      bytes += OBJECT;
      for (const key of Object.keys(node)) {
        bytes += SLOT;
        const child = node[key];
        if (key === 'loc') {
          const loc = child as Location | undefined;
          if (loc === undefined) continue;
          source ??= loc.source;
          node.loc = new CompactLocation(loc.start, loc.end, loc.source);
          bytes += LOCATION;
        } else if (key !== 'kind') pending.push(child); // kinds are interned constants
      }
    }
  }
  if (source !== undefined) bytes += SOURCE + STRING + CHAR * source.body.length;
  // A quarter more: the closest of the shapes measured came within 3% of its estimate.
  return Math.ceil(1.25 * bytes);
}
