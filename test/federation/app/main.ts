import { resolve } from 'node:path';
import { startAppSubgraph } from './app-subgraph';

/**
 * The example app subgraph as the process it is in production: `node dist-tools/app/main.js`
 * (compiled by tsconfig.tools.json into dist-tools/app/, two levels below the repository root, by
 * `npm run tools:build`; npm test does it). It listens on
 * 127.0.0.1, PORT (0 by default), and prints one JSON line each: `{"ready":URL}`, then
 * `{"request":{"headers":...}}` and `{"representation":...}` as they come, for the tests to read.
 */
async function main() {
  const schemaPath = resolve(__dirname, '..', '..', 'test', 'federation', 'app', 'app.graphql');
  const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
  const app = await startAppSubgraph({
    port: Number(process.env.PORT ?? 0),
    schemaPath,
    onRecord: print,
  });
  print({ ready: app.url });
  process.once('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
