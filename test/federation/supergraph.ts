import { resolve } from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { exampleSubgraphs, supergraphSdlOf } from './compose';
import type { SupergraphContext } from './thoughtspot-data-source';
import { ThoughtSpotDataSource } from './thoughtspot-data-source';

export interface Supergraph {
  /** The supergraph's GraphQL endpoint, e.g. http://127.0.0.1:43117/ */
  url: string;
  close(): Promise<void>;
}

/**
 * The example supergraph served as a platform team would with @apollo/gateway: composed ahead of
 * time with @apollo/composition (a static supergraphSdl: no polling, no introspection), Apollo
 * Server on real HTTP, the thoughtspot subgraph behind ThoughtSpotDataSource, the app behind a
 * plain RemoteGraphQLDataSource (it gets no credential and relays no cookie).
 */
export async function startSupergraph(
  urls: { thoughtspot: string; app: string },
  /** The thoughtspot data source's fetcher; @apollo/gateway's default (make-fetch-happen) if left out. */
  fetcher?: ThoughtSpotDataSource['fetcher'],
): Promise<Supergraph> {
  const supergraphSdl = supergraphSdlOf(exampleSubgraphs(resolve(__dirname, '..', '..'), urls));
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      name === 'thoughtspot'
        ? new ThoughtSpotDataSource({ url, ...(fetcher && { fetcher }) })
        : new RemoteGraphQLDataSource<SupergraphContext>({ url }),
  });
  const server = new ApolloServer<SupergraphContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: ({ req, res }) => Promise.resolve({ req, res }),
  });
  return { url, close: () => server.stop() };
}
