import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FEDERATION_SPEC } from '../../src/schema';
import { exampleSubgraphs } from './compose';
import { FORWARDED_HEADERS } from './thoughtspot-data-source';

/** docs/supergraph.md shows the router configurations deploy/ ships, not a copy that drifts. */

const ROOT = resolve(__dirname, '..', '..');
const read = (path: string) => readFile(resolve(ROOT, path), 'utf8');

let readme: string;
beforeAll(async () => {
  readme = await read('docs/supergraph.md');
});

describe('docs/supergraph.md', () => {
  it.each([
    ['yaml', 'deploy/apollo-router/router.yaml'],
    ['rhai', 'deploy/apollo-router/rhai/thoughtspot-set-cookie.rhai'],
    ['ts', 'test/federation/thoughtspot-data-source.ts'],
    ['ts', 'deploy/hive-gateway/gateway.config.ts'],
  ])('embeds %s %s verbatim', async (language, path) => {
    expect(readme).toContain(`\`\`\`${language}\n${await read(path)}\`\`\``);
  });

  it('has the router propagate exactly the headers the tested data source forwards', async () => {
    const router = await read('deploy/apollo-router/router.yaml');
    const subgraph =
      /^ {4}(\w+):\n {6}request:\n((?: {8}- propagate:\n {12}named: [\w-]+\n)+)/m.exec(router);
    expect(subgraph?.[1]).toBe('thoughtspot');
    expect([...(subgraph?.[2] ?? '').matchAll(/named: ([\w-]+)/g)].map((m) => m[1])).toEqual([
      ...FORWARDED_HEADERS,
    ]);
  });

  it('names the subgraph, its URL and the versions the check and the schema use', async () => {
    const [thoughtspot] = exampleSubgraphs(ROOT);
    expect(thoughtspot?.name).toBe('thoughtspot');
    expect(readme).toContain(
      `  ${thoughtspot?.name ?? ''}:\n    routing_url: ${thoughtspot?.url ?? ''}\n`,
    );
    const { devDependencies } = JSON.parse(await read('package.json')) as {
      devDependencies: Record<string, string>;
    };
    expect(readme).toContain(
      `federation_version: =${devDependencies['@apollo/composition'] ?? ''}\n`,
    );
    const hive = JSON.parse(await read('deploy/hive-gateway/package.json')) as {
      dependencies: Record<string, string>;
    };
    expect(readme).toContain(
      `| Hive Gateway ${hive.dependencies['@graphql-hive/gateway'] ?? ''} (`,
    );
    const version = FEDERATION_SPEC.slice(FEDERATION_SPEC.lastIndexOf('/') + 1);
    expect(readme).toContain(`(\`@link\` to federation ${version},`);
    expect(await read('deploy/apollo-router/rhai/thoughtspot-set-cookie.rhai')).toContain(
      `if subgraph == "${thoughtspot?.name ?? ''}" {`,
    );
  });
});
