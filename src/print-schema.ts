import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createSchema, printSdl } from './schema';

/**
 * `npm run schema:print` writes schema/schema.graphql from the code; `npm run schema:check` fails
 * when the committed file differs from what the code prints.
 */
const FILE = resolve(__dirname, '..', 'schema', 'schema.graphql');

async function main(check: boolean): Promise<number> {
  const sdl = printSdl(await createSchema());
  if (!check) {
    await writeFile(FILE, sdl);
    process.stdout.write(`wrote ${FILE}\n`);
    return 0;
  }
  const committed = await readFile(FILE, 'utf8').catch(() => '');
  if (committed === sdl) {
    process.stdout.write('schema/schema.graphql is up to date\n');
    return 0;
  }
  process.stderr.write(
    'schema/schema.graphql differs from the schema the code builds. Run `npm run schema:print` and commit the result.\n',
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
