import type { ApolloConfigInput, ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginUsageReporting } from '@apollo/server/plugin/usageReporting';
import type { Config } from '../config';

/**
 * Apollo Studio usage reporting, decided by the configuration alone. Apollo Server would otherwise
 * turn it on by itself when it finds APOLLO_KEY and APOLLO_GRAPH_REF in the environment, with its
 * defaults; here it is on only when config.ts read both, and it never sends a variable value
 * (passwords and secret keys travel in variables) or a request header (credentials do).
 *
 * Schema reporting stays off either way: the schema is published from schema/schema.graphql (e.g.
 * with `rover`), not by each running replica, and APOLLO_SCHEMA_REPORTING is not read. Inline
 * traces are left to Apollo's default: sent only by a federation subgraph, only to a router that asks
 * for them, with error messages masked and no variables.
 */

export interface UsageReportingOverrides {
  /** Tests only: where reports go instead of Apollo's endpoint. */
  endpointUrl?: string;
}

/** The `apollo` option of the ApolloServer constructor: the key and graph ref, when configured. */
export function apolloConfigOf(config: Config): ApolloConfigInput | undefined {
  return config.apollo && { key: config.apollo.key, graphRef: config.apollo.graphRef };
}

export function apolloReportingPlugins(
  config: Config,
  overrides: UsageReportingOverrides = {},
): ApolloServerPlugin[] {
  if (config.apollo === undefined)
    return [
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
    ];
  return [
    ApolloServerPluginUsageReporting({
      sendVariableValues: { none: true },
      sendHeaders: { none: true },
      sendErrors: { masked: true },
      // The operation text Apollo builds a signature from has its literals hidden, so an inline
      // password is not sent either; a document that does not parse is never sent as is.
      sendUnexecutableOperationDocuments: false,
      ...(overrides.endpointUrl !== undefined && { endpointUrl: overrides.endpointUrl }),
    }),
    ApolloServerPluginSchemaReportingDisabled(),
  ];
}
