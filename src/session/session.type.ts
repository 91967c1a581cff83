import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { SessionFacts } from '../thoughtspot/session-api';

/**
 * `@shareable`: a value type of ThoughtSpot facts (an org's id and name), with no identity of its own
 * to look up. Another subgraph in front of the same cluster (say, one for Liveboards and their orgs)
 * returns the very same values, so the supergraph may take `Org` from either. Sharing needs every
 * defining subgraph to say `@shareable`, so a different `Org` (a company's own) never merges with
 * this one silently: composition refuses it (see test/federation/).
 */
@Directive('@shareable')
@ObjectType({
  description: 'An organization (org) on a ThoughtSpot cluster with orgs enabled.',
  // Plain properties, read by graphql-js's default resolver. Without it, type-graphql wraps every
  // field in a middleware runner (a closure and an object per field per request) for middlewares
  // this schema does not have.
  simpleResolvers: true,
})
export class Org {
  @Field(() => Int, { description: "The org's id; 0 is the Primary org." })
  id!: number;

  @Field({ description: "The org's name." })
  name!: string;
}

/**
 * An entity keyed by the user's GUID, so that other subgraphs can add what they keep per user (the
 * example app in test/federation/ adds `pinnedLiveboards`): the router reads `id` here and hands it
 * to them. `resolvable: false`, because ThoughtSpot shows a session only to its own credentials, at
 * Query.session: no subgraph can ask this one for a Session by id (session.reference.ts refuses).
 * Not `@shareable`: only this subgraph can resolve these fields.
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({
  description:
    "The signed-in ThoughtSpot user and their session: the fields a client needs, typed, and the whole upstream object in `raw`. Some fields are null on ThoughtSpot's REST API v2.0, which does not carry them (each says so).",
  simpleResolvers: true,
})
export class Session {
  @Field(() => ID, { description: "The user's GUID." })
  id!: string;

  @Field({ description: "The user's login name." })
  userName!: string;

  @Field(() => String, { nullable: true, description: "The user's display name." })
  displayName!: string | null;

  @Field(() => String, { nullable: true, description: "The user's email address." })
  email!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The kind of account, e.g. LOCAL_USER, LDAP_USER, SAML_USER, OIDC_USER.',
  })
  userType!: string | null;

  @Field(() => [String], {
    description: "The user's privileges, e.g. ADMINISTRATION, AUTHORING, DATADOWNLOADING.",
  })
  privileges!: string[];

  @Field(() => Int, {
    nullable: true,
    description: 'The org this session is in; null when the cluster does not have orgs enabled.',
  })
  currentOrgId!: number | null;

  @Field(() => [Org], {
    description: 'The orgs the user belongs to; empty when the cluster does not have orgs enabled.',
  })
  orgs!: Org[];

  @Field(() => String, {
    nullable: true,
    description: "The cluster's release, e.g. 8.4.1.cl-117. Always null on REST API v2.0.",
  })
  releaseVersion!: string | null;

  @Field(() => String, { nullable: true, description: "The user's locale, e.g. en-US." })
  locale!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The user's time zone, e.g. America/Los_Angeles. Always null on REST API v2.0.",
  })
  timezone!: string | null;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description:
      'When the session expires, if ThoughtSpot says. Always null on REST API v2.0, which does not say (its expiration_time_in_millis, in raw, is when the user account expires).',
  })
  expiresAt!: Date | null;

  @Field(() => GraphQLJSONObject, {
    description:
      'The whole upstream object as ThoughtSpot returned it (the beta: the session-info object; REST API v2.0: the User), so nothing it sends is out of reach.',
  })
  raw!: Record<string, unknown>;

  static fromFacts(facts: SessionFacts): Session {
    return Object.assign(new Session(), {
      ...facts,
      orgs: facts.orgs.map((org) => Object.assign(new Org(), org)),
    });
  }
}
