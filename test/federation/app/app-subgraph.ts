import type { IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

/**
 * The example app's own subgraph, as an app team would write it: Apollo Server and @apollo/subgraph,
 * its schema in app.graphql. It keeps pinned Liveboards per ThoughtSpot user GUID, which it learns
 * from the thoughtspot subgraph through the Session entity; it never sees a credential. It imports
 * nothing but its own folder, so that main.ts can run it as a process of its own.
 */

interface Liveboard {
  id: string;
  title: string;
}

export const FEATURED_LIVEBOARDS: readonly Liveboard[] = [
  { id: 'c1d0e8f2-0000-4000-8000-00000000f001', title: 'Company KPIs' },
];

/** Each user's pins, by ThoughtSpot GUID: the default emulator seed's tsadmin and analyst. */
export const PINNED: Readonly<Record<string, readonly Liveboard[]>> = {
  '59481331-ee53-42be-a548-bd87be6ddd4a': [
    { id: 'c1d0e8f2-0000-4000-8000-00000000a001', title: 'Revenue by region' },
    { id: 'c1d0e8f2-0000-4000-8000-00000000a002', title: 'Pipeline health' },
  ],
  '0c6e4a3b-95f1-4d7e-8b2a-3f5d7c9e1a20': [
    { id: 'c1d0e8f2-0000-4000-8000-00000000b001', title: 'Churn cohorts' },
  ],
};

/** What the app saw of one request: its headers, for "never gets a credential" checks. */
export interface AppRequest {
  headers: IncomingHttpHeaders;
}

export interface AppSubgraph {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:43117/ */
  url: string;
  /** Every `_entities` representation the supergraph sent, in order. */
  representations: Record<string, unknown>[];
  /** Every request, in order. */
  requests: AppRequest[];
  close(): Promise<void>;
}

export interface AppOptions {
  port?: number;
  /** app.graphql's path: this folder's by default (main.ts, compiled elsewhere, passes it). */
  schemaPath?: string;
  /** Called with each request and each representation as they come (main.ts prints them). */
  onRecord?: (
    record: { request: AppRequest } | { representation: Record<string, unknown> },
  ) => void;
}

export async function startAppSubgraph(options: AppOptions = {}): Promise<AppSubgraph> {
  const representations: Record<string, unknown>[] = [];
  const requests: AppRequest[] = [];
  const schema = buildSubgraphSchema({
    typeDefs: parse(readFileSync(options.schemaPath ?? join(__dirname, 'app.graphql'), 'utf8')),
    resolvers: {
      Query: { featuredLiveboards: () => FEATURED_LIVEBOARDS },
      Session: {
        __resolveReference(reference: { id: string }) {
          const representation = { ...reference };
          representations.push(representation);
          options.onRecord?.({ representation });
          return { id: reference.id };
        },
        pinnedLiveboards: ({ id }: { id: string }) => PINNED[id] ?? [],
      },
    },
  });
  // No usage reporting here to feed: no inline traces.
  const server = new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  const { url } = await startStandaloneServer(server, {
    listen: { port: options.port ?? 0, host: '127.0.0.1' },
    context: ({ req }) => {
      const request = { headers: { ...req.headers } };
      requests.push(request);
      options.onRecord?.({ request });
      return Promise.resolve({});
    },
  });
  return { url, representations, requests, close: () => server.stop() };
}
