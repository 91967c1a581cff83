import 'reflect-metadata';
import { resolve } from 'node:path';
import { runGeneratedFile } from './generated-file';
import { createSchema, printSdl } from './schema';

/**
 * `npm run schema:print` writes schema/schema.graphql from the code; `npm run schema:check` fails
 * when the committed file differs from what the code prints.
 */
runGeneratedFile({
  path: resolve(__dirname, '..', 'schema', 'schema.graphql'),
  name: 'schema/schema.graphql',
  source: 'the schema the code builds',
  writeCommand: 'schema:print',
  produce: async () => printSdl(await createSchema()),
});
