import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { runGeneratedFile } from '../generated-file';
import { configurationTables } from './docs';

/**
 * `npm run config:write` rewrites the tables of docs/configuration.md (between its two markers)
 * from src/config/settings.ts; `npm run config:check` fails when the committed page differs.
 * The prose around the markers is written by hand.
 */
const FILE = resolve(__dirname, '..', '..', 'docs', 'configuration.md');
const BEGIN =
  '<!-- BEGIN settings: generated from src/config/settings.ts by `npm run config:write` -->';
const END = '<!-- END settings -->';

async function expected(current: string): Promise<string> {
  const begin = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${FILE} must hold the lines\n${BEGIN}\n${END}`);
  const page = `${current.slice(0, begin + BEGIN.length)}\n\n${configurationTables()}\n\n${current.slice(end)}`;
  return format(page, { ...(await resolveConfig(FILE)), filepath: FILE });
}

runGeneratedFile({
  path: FILE,
  name: 'docs/configuration.md',
  source: 'the settings in src/config/settings.ts',
  writeCommand: 'config:write',
  produce: expected,
});
