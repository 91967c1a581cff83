/** docs/configuration.md's tables, printed from the settings table: one per docs section. */
import { GROUPS, SETTINGS } from './settings';
import type { Optional, Setting } from './table';
import { ByMode, rows } from './table';

const cell = (text: string) => text.replaceAll('|', '\\|');

function defaultOf(row: Setting<unknown> | Optional<unknown>): string {
  const fallback: unknown = row.default;
  if (fallback === undefined) return row.defaultNote ?? 'none';
  if (fallback instanceof ByMode)
    return `${row.kind.show(fallback.development)}; ${row.kind.show(fallback.production)} in production`;
  const shown = row.kind.show(fallback);
  if (row.defaultNote === undefined) return shown;
  return shown === '' ? row.defaultNote : `${shown} (${row.defaultNote})`;
}

/** The generated part of docs/configuration.md (before Prettier aligns its columns). */
export function configurationTables(): string {
  const all = rows(SETTINGS);
  return GROUPS.map((group) => {
    const lines = all
      .filter((row) => row.group === group)
      .map((row) =>
        [`\`${row.env}\``, row.doc, row.kind.accepts, defaultOf(row)].map(cell).join(' | '),
      )
      .map((line) => `| ${line} |`);
    return [
      `### ${group}`,
      '',
      '| variable | sets | accepts | default |',
      '| --- | --- | --- | --- |',
      ...lines,
    ].join('\n');
  }).join('\n\n');
}
