/**
 * The kinds of value a setting holds: how each is read from its variable's text, and how the docs
 * describe it. A problem completes the sentence "<VARIABLE> ...", so every message names its variable.
 */

/** What reading one variable's text gives: its value, or every problem with it. */
export type Read<V> = { value: V } | { problems: string[] };

export interface Kind<V> {
  read(text: string): Read<V>;
  /** What it accepts, for the docs. */
  accepts: string;
  /** A value as the docs write it. */
  show(value: V): string;
}

const code = (text: string) => `\`${text}\``;
const fail = (problem: string): Read<never> => ({ problems: [problem] });

/** "a, b or c" */
function either(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

export function integer(min: number, max: number): Kind<number> {
  return {
    read(text) {
      const n = /^\d+$/.test(text) ? Number(text) : NaN;
      return Number.isSafeInteger(n) && n >= min && n <= max
        ? { value: n }
        : fail(`must be an integer from ${min} to ${max}, not "${text}"`);
    },
    accepts: `integer, ${min} to ${max}`,
    show: (n) => code(String(n)),
  };
}

export const boolean: Kind<boolean> = {
  read(text) {
    const lower = text.toLowerCase();
    if (lower === 'true' || lower === '1') return { value: true };
    if (lower === 'false' || lower === '0') return { value: false };
    return fail(`must be true or false, not "${text}"`);
  },
  accepts: '`true` or `false` (`1`, `0`)',
  show: (b) => code(String(b)),
};

/**
 * One of a few words, written in any case unless `exactCase` (NODE_ENV: "Production" is a typo,
 * not production). `notes` follow a word in the message; `unset` says what no value means.
 */
export function oneOf<const W extends string>(
  words: readonly W[],
  options: { exactCase?: boolean; notes?: Partial<Record<W, string>>; unset?: string } = {},
): Kind<W> {
  const listed = words.map((w) => (options.notes?.[w] ? `${w} (${options.notes[w]})` : w));
  if (options.unset !== undefined) listed.push(`unset (${options.unset})`);
  return {
    read(text) {
      const word = words.find((w) =>
        options.exactCase ? w === text : w.toLowerCase() === text.toLowerCase(),
      );
      return word !== undefined
        ? { value: word }
        : fail(`must be ${either(listed)}, not "${text}"`);
    },
    accepts: either(words.map(code)),
    show: code,
  };
}

/** Any text, taken as given (trimmed). */
export const text: Kind<string> = {
  read: (value) => ({ value }),
  accepts: 'text',
  show: code,
};

export const path: Kind<string> = {
  read: (value) =>
    /^\/[\w\-./]*$/.test(value) && !value.includes('//')
      ? { value }
      : fail(`must be a URL path starting with "/", not "${value}"`),
  accepts: 'a URL path starting with `/`',
  show: code,
};

/** Comma-separated, trimmed, blanks dropped. */
export function items(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function matching(
  pattern: RegExp,
  accepts: string,
  problem: (value: string) => string,
): Kind<string> {
  return {
    read: (value) => (pattern.test(value) ? { value } : fail(problem(value))),
    accepts,
    show: code,
  };
}

/** A kind whose value is converted once read (NODE_ENV is read as a word, kept as a boolean). */
export function converted<A, B>(
  kind: Kind<A>,
  to: (value: A) => B,
  show: (value: B) => string,
): Kind<B> {
  return {
    read(text) {
      const read = kind.read(text);
      return 'value' in read ? { value: to(read.value) } : read;
    },
    accepts: kind.accepts,
    show,
  };
}
