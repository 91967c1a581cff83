import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
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

async function main(check: boolean): Promise<number> {
  const current = await readFile(FILE, 'utf8');
  const page = await expected(current);
  if (!check) {
    await writeFile(FILE, page);
    process.stdout.write(`wrote ${FILE}\n`);
    return 0;
  }
  if (page === current) {
    process.stdout.write('docs/configuration.md is up to date\n');
    return 0;
  }
  process.stderr.write(
    'docs/configuration.md differs from the settings in src/config/settings.ts. Run `npm run config:write` and commit the result.\n',
  );
  return 1;
}

main(process.argv.includes('--check')).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
