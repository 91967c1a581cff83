import { resolve } from 'node:path';
import { compose, exampleSubgraphs } from './compose';

/**
 * `npm run supergraph:check`: composes schema/schema.graphql with the example app subgraph
 * (test/federation/app/app.graphql); exits 1 listing every composition error and hint.
 * Compiled by tsconfig.tools.json into dist-tools/, one level below the repository root.
 */
const root = resolve(__dirname, '..');
const subgraphs = exampleSubgraphs(root);
const composition = compose(subgraphs);
const names = subgraphs.map((s) => s.name).join(' + ');
if (composition.ok) {
  process.stdout.write(`supergraph:check: ${names} compose, with no errors and no hints.\n`);
} else {
  process.stderr.write(
    `supergraph:check: ${names} do not compose cleanly:\n${composition.problems
      .map((p) => `  - ${p.replaceAll('\n', '\n    ')}`)
      .join('\n')}\n` +
      'Fix schema/schema.graphql (through the type-graphql classes and `npm run schema:print`) or test/federation/app/app.graphql.\n',
  );
  process.exitCode = 1;
}
