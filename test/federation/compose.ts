import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { composeServices as composeWithGuild } from '@theguild/federation-composition';
import { parse } from 'graphql';

/** A subgraph to compose: its name in the supergraph, where the router reaches it, its SDL. */
export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

/**
 * The example supergraph: this gateway (the committed subgraph SDL, which `npm run schema:check`
 * keeps equal to the code) beside the example app in test/federation/app/. The URLs are the ones the
 * README's supergraph configuration uses; tests that serve the subgraphs pass their own.
 */
export function exampleSubgraphs(
  root: string,
  urls: { thoughtspot: string; app: string } = {
    thoughtspot: 'http://thoughtspot-gateway:4000/graphql',
    app: 'http://app:4002/graphql',
  },
): SubgraphSource[] {
  return [
    {
      name: 'thoughtspot',
      url: urls.thoughtspot,
      sdl: readFileSync(join(root, 'schema', 'schema.graphql'), 'utf8'),
    },
    {
      name: 'app',
      url: urls.app,
      sdl: readFileSync(join(root, 'test', 'federation', 'app', 'app.graphql'), 'utf8'),
    },
  ];
}

export type Composition =
  | {
      ok: true;
      /** @apollo/composition's supergraph: what rover, GraphOS and Apollo Router take. */
      supergraphSdl: string;
      /** @theguild/federation-composition's: what Hive (mesh-compose, Hive Console) gives Hive Gateway. */
      guildSupergraphSdl: string;
    }
  | {
      ok: false;
      /** One line each: `apollo error CODE: message`, `apollo hint CODE: message`, `guild error CODE: message`. */
      problems: string[];
    };

const codeOf = (e: { extensions: Record<string, unknown> }) => {
  const { code } = e.extensions;
  return typeof code === 'string' ? code : 'COMPOSITION';
};

/**
 * Composes the subgraphs with both composers a platform team may use: @apollo/composition (as
 * `rover supergraph compose` and GraphOS do) and @theguild/federation-composition (as Hive does).
 * Every hint counts as a failure, too: a hint means it composed, but not as the subgraphs say (a
 * description replaced by another subgraph's, a type merged in a way one side did not write), and
 * in a supergraph this repository controls, each one is a mistake to fix, not to live with. (The
 * Guild's composer reports errors only.)
 */
export function compose(subgraphs: readonly SubgraphSource[]): Composition {
  const services = subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) }));
  const apollo = composeServices(services);
  const guild = composeWithGuild(services);
  const problems = [
    ...(apollo.errors ?? []).map((e) => `apollo error ${codeOf(e)}: ${e.message}`),
    ...(apollo.errors ? [] : apollo.hints).map(
      (h) => `apollo hint ${h.definition.code}: ${h.message}`,
    ),
    ...(guild.errors ?? []).map((e) => `guild error ${codeOf(e)}: ${e.message}`),
  ];
  if (problems.length > 0 || apollo.errors || guild.errors) return { ok: false, problems };
  return {
    ok: true,
    supergraphSdl: apollo.supergraphSdl,
    guildSupergraphSdl: guild.supergraphSdl,
  };
}

/** The supergraph SDL of these subgraphs; throws listing every problem if they do not compose cleanly. */
export function supergraphSdlOf(subgraphs: readonly SubgraphSource[]): string {
  const composition = compose(subgraphs);
  if (!composition.ok)
    throw new Error(`the supergraph does not compose:\n${composition.problems.join('\n')}`);
  return composition.supergraphSdl;
}
