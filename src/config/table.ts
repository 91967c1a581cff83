/**
 * The machinery of the settings table (settings.ts): what a row is, the configuration type a table
 * gives, and reading a whole table from an environment with every problem collected.
 */
import type { Kind } from './kinds';

/** A default that differs in production (NODE_ENV=production). */
export class ByMode<V> {
  constructor(
    readonly development: V,
    readonly production: V,
  ) {}
}

interface Row<V> {
  /** The environment variable. */
  readonly env: string;
  readonly kind: Kind<V>;
  /** What it sets, for the docs: one short line. */
  readonly doc: string;
  /** The docs' section it is listed in. */
  readonly group: string;
  /** Said after the default in the docs (`8 MiB`); for an optional setting, what unset means. */
  readonly defaultNote?: string;
}

/** A setting that always has a value: its own, or the default. */
export interface Setting<V> extends Row<V> {
  readonly default: V | ByMode<V>;
}

/** A setting that has no value unless its variable is set. */
export interface Optional<V> extends Row<V> {
  readonly default?: undefined;
}

/** Optional settings that count only together: the group has a value when all are set, else none. */
export class AllOrNothing<T extends Record<string, Optional<unknown>>> {
  constructor(readonly settings: T) {}
}

type AnyAllOrNothing = AllOrNothing<Record<string, Optional<unknown>>>;

export interface Table {
  readonly [key: string]: Setting<unknown> | Optional<unknown> | AnyAllOrNothing | Table;
}

type ValueOf<N> =
  N extends Setting<infer V>
    ? V
    : N extends Optional<infer V>
      ? V
      : N extends AllOrNothing<infer T>
        ? { [K in keyof T]: ValueOf<T[K]> }
        : Values<N>;
type IsOptional<N> = N extends Optional<unknown> | AnyAllOrNothing ? true : false;

/** The configuration a table gives: its shape, with optional settings as optional properties. */
export type Values<T> = {
  -readonly [K in keyof T as IsOptional<T[K]> extends true ? never : K]: ValueOf<T[K]>;
} & { -readonly [K in keyof T as IsOptional<T[K]> extends true ? K : never]?: ValueOf<T[K]> };

const isSetting = (node: unknown): node is Setting<unknown> | Optional<unknown> =>
  typeof node === 'object' && node !== null && 'env' in node && 'kind' in node;

/** Every row of a table, in its order. */
export function rows(table: Table): (Setting<unknown> | Optional<unknown>)[] {
  return Object.values(table).flatMap((node) => {
    if (isSetting(node)) return [node];
    if (node instanceof AllOrNothing) return rows(node.settings);
    return rows(node);
  });
}

type Env = Readonly<Record<string, string | undefined>>;

export interface Reading {
  /** Problems, each naming its variable. */
  readonly problems: string[];
  /** The variables that have a problem. */
  readonly refused: Set<string>;
}

/** The trimmed value of a variable, or undefined when unset or blank. */
function valueOf(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Reads every setting of the table. A refused variable is recorded and takes its default, so the
 * reading goes on and finds every problem. Defaults that differ by mode stay ByMode until `inMode`.
 */
export function readTable(table: Table, env: Env, reading: Reading): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, node] of Object.entries(table)) {
    let value: unknown;
    if (isSetting(node)) value = readSetting(node, env, reading);
    else if (node instanceof AllOrNothing) {
      const group = readTable(node.settings, env, reading);
      const all = rows(node.settings as Table).every((row) => !reading.refused.has(row.env));
      value =
        all && Object.keys(group).length === Object.keys(node.settings).length ? group : undefined;
    } else value = readTable(node, env, reading);
    if (value !== undefined) values[key] = value;
  }
  return values;
}

function readSetting(
  row: Setting<unknown> | Optional<unknown>,
  env: Env,
  reading: Reading,
): unknown {
  const text = valueOf(env, row.env);
  const read = text === undefined ? undefined : row.kind.read(text);
  if (read !== undefined && 'value' in read) return read.value;
  if (read !== undefined) {
    reading.refused.add(row.env);
    for (const problem of read.problems) reading.problems.push(`${row.env} ${problem}`);
  }
  // A copy: the configuration is frozen, and no two share a list.
  const fallback: unknown = row.default;
  return Array.isArray(fallback) ? [...(fallback as unknown[])] : fallback;
}

/** Resolves the defaults that differ by mode, in place. */
export function inMode(values: Record<string, unknown>, production: boolean): void {
  for (const [key, value] of Object.entries(values)) {
    if (value instanceof ByMode) values[key] = production ? value.production : value.development;
    else if (typeof value === 'object' && value !== null && !Array.isArray(value))
      inMode(value as Record<string, unknown>, production);
  }
}
