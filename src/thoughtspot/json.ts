/**
 * JSON from ThoughtSpot, read with a bound on nesting. JSON.parse itself reads any depth, but what
 * comes after it does not: the session info is handed to the caller whole (`raw`), and serialising
 * a value nested thousands deep overflows the stack of whatever walks it. ThoughtSpot's answers
 * nest a handful of levels; a body deeper than MAX_JSON_DEPTH is an upstream that lied.
 */

export const MAX_JSON_DEPTH = 64;

export class JsonTooDeep extends Error {
  constructor() {
    super(`the body is nested deeper than ${MAX_JSON_DEPTH} levels`);
    this.name = 'JsonTooDeep';
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * The deepest nesting of objects and arrays in `text`, stopping as soon as it passes `limit`. A
 * scan of the text before parsing it, so a too-deep body is refused without building any of it;
 * brackets inside strings do not count. It does not check the JSON itself: JSON.parse does that.
 */
function depthOver(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** JSON.parse, refusing a value nested deeper than MAX_JSON_DEPTH (JsonTooDeep). */
export function parseBoundedJson(text: string): unknown {
  if (depthOver(text, MAX_JSON_DEPTH)) throw new JsonTooDeep();
  return JSON.parse(text) as unknown;
}
