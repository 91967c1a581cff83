import { resolve } from 'node:path';
import type { SubgraphSource } from './compose';
import { compose, exampleSubgraphs } from './compose';

/**
 * What `npm run supergraph:check` decides, and why the schema's federation directives are what they
 * are: each case composes this gateway's SDL with an app subgraph written for it.
 */

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key", "@shareable"])';
const [thoughtspot, app] = exampleSubgraphs(resolve(__dirname, '..', '..'));

function withApp(sdl: string): SubgraphSource[] {
  if (!thoughtspot || !app) throw new Error('the example subgraphs are missing');
  return [thoughtspot, { ...app, sdl: `${LINK}\n${sdl}` }];
}

function problemsOf(subgraphs: SubgraphSource[]): string[] {
  const composition = compose(subgraphs);
  if (composition.ok) throw new Error('expected the composition to fail');
  return composition.problems;
}

describe('composition of the thoughtspot subgraph', () => {
  it('with the example app: clean, the app adding pinnedLiveboards to Session by its key', () => {
    if (!thoughtspot || !app) throw new Error('the example subgraphs are missing');
    const composition = compose([thoughtspot, app]);
    if (!composition.ok) throw new Error(composition.problems.join('\n'));
    expect(composition.supergraphSdl).toContain(
      'type Session\n  @join__type(graph: APP, key: "id")\n  @join__type(graph: THOUGHTSPOT, key: "id", resolvable: false)',
    );
    expect(composition.supergraphSdl).toMatch(
      /pinnedLiveboards: \[Liveboard!\]! @join__field\(graph: APP\)/,
    );
  });

  it('a sibling subgraph may return the same ThoughtSpot Org (both say @shareable)', () => {
    const composition = compose(
      withApp(`
        type Org @shareable { id: Int! name: String! }
        type Query { liveboardOrgs: [Org!]! }
      `),
    );
    expect(composition.ok).toBe(true);
  });

  it("a different Org (a company's own) never merges silently: composition fails, naming it", () => {
    expect(
      problemsOf(
        withApp(`
          type Org @key(fields: "id") { id: ID! name: String! }
          type Query { myOrg: Org }
        `),
      ),
    ).toContainEqual(expect.stringMatching(/^apollo error FIELD_TYPE_MISMATCH: .*"Org\.id"/));
  });

  it("a root field of the same name (the app's own login) fails, naming it", () => {
    expect(
      problemsOf(withApp('type Mutation { login(password: String!): Boolean! }')),
    ).toContainEqual(
      expect.stringMatching(
        /^apollo error INVALID_FIELD_SHARING: Non-shareable field "Mutation\.login"/,
      ),
    );
  });

  it('an app that adds Session fields without the key cannot: composition fails', () => {
    expect(problemsOf(withApp('type Session { id: ID! theme: String }'))).toEqual([
      expect.stringMatching(/^apollo error INVALID_FIELD_SHARING: .*"Session\.id"/),
      expect.stringMatching(/^guild error INVALID_FIELD_SHARING: .*"Session\.id"/),
    ]);
  });

  it('a hint fails too: a description that would replace ours in the supergraph', () => {
    expect(
      problemsOf(
        withApp(
          '"""The app\'s view of a user."""\ntype Session @key(fields: "id") { id: ID! theme: String }',
        ),
      ),
    ).toEqual([expect.stringMatching(/^apollo hint INCONSISTENT_DESCRIPTION: Element "Session"/)]);
  });

  it("a link to a federation version The Guild's composer does not know fails, naming it", () => {
    if (!thoughtspot || !app) throw new Error('the example subgraphs are missing');
    const problems = problemsOf([
      { ...thoughtspot, sdl: thoughtspot.sdl.replace('/federation/v2.0"', '/federation/v2.14"') },
      app,
    ]);
    expect(problems).toContainEqual(expect.stringMatching(/^guild error .*v2\.14/));
    expect(problems.filter((p) => p.startsWith('apollo '))).toEqual([]);
  });
});
