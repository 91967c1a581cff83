import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { ANALYST, TSADMIN } from '../../e2e/support';

/**
 * The example app's own subgraph, as an app team would write it: Apollo Server and @apollo/subgraph,
 * its schema in app.graphql. It keeps pinned Liveboards per ThoughtSpot user GUID, which it learns
 * from the thoughtspot subgraph through the Session entity; it never sees a credential.
 */

interface Liveboard {
  id: string;
  title: string;
}

export const FEATURED_LIVEBOARDS: readonly Liveboard[] = [
  { id: 'c1d0e8f2-0000-4000-8000-00000000f001', title: 'Company KPIs' },
];

/** Each user's pins, by the user's ThoughtSpot GUID (the default emulator seed's users). */
export const PINNED: Readonly<Record<string, readonly Liveboard[]>> = {
  [TSADMIN.id]: [
    { id: 'c1d0e8f2-0000-4000-8000-00000000a001', title: 'Revenue by region' },
    { id: 'c1d0e8f2-0000-4000-8000-00000000a002', title: 'Pipeline health' },
  ],
  [ANALYST.id]: [{ id: 'c1d0e8f2-0000-4000-8000-00000000b001', title: 'Churn cohorts' }],
};

export interface AppSubgraph {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:43117/ */
  url: string;
  /** Every `_entities` representation the supergraph sent, in order. */
  representations: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startAppSubgraph(): Promise<AppSubgraph> {
  const representations: Record<string, unknown>[] = [];
  const schema = buildSubgraphSchema({
    typeDefs: parse(readFileSync(join(__dirname, 'app.graphql'), 'utf8')),
    resolvers: {
      Query: { featuredLiveboards: () => FEATURED_LIVEBOARDS },
      Session: {
        __resolveReference(reference: { id: string }) {
          representations.push({ ...reference });
          return { id: reference.id };
        },
        pinnedLiveboards: ({ id }: { id: string }) => PINNED[id] ?? [],
      },
    },
  });
  // No usage reporting here to feed: no inline traces.
  const server = new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, representations, close: () => server.stop() };
}
