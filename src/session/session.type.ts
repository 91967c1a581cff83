import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { SessionInfo } from '../thoughtspot/wire';

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

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function int32(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2 ** 31 - 1
    ? value
    : null;
}

function orgsOf(value: unknown): Org[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { orgId, orgName } = entry as Record<string, unknown>;
    const id = int32(orgId);
    const name = text(orgName);
    return id === null || name === null ? [] : [Object.assign(new Org(), { id, name })];
  });
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
    'The signed-in ThoughtSpot user and their session (GET /tspublic/rest/v2/session): the fields a client needs, typed, and the whole upstream object in `raw`.',
  simpleResolvers: true,
})
export class Session {
  @Field(() => ID, { description: "The user's GUID (userGUID)." })
  id!: string;

  @Field({ description: "The user's login name." })
  userName!: string;

  @Field(() => String, { nullable: true, description: "The user's display name." })
  displayName!: string | null;

  @Field(() => String, { nullable: true, description: "The user's email address." })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'The kind of account, e.g. LOCAL_USER.' })
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

  @Field(() => String, { nullable: true, description: "The cluster's release, e.g. 8.4.1.cl-117." })
  releaseVersion!: string | null;

  @Field(() => String, { nullable: true, description: "The user's locale, e.g. en-US." })
  locale!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The user's time zone, e.g. America/Los_Angeles.",
  })
  timezone!: string | null;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'When the session expires (expirationTime), if ThoughtSpot says.',
  })
  expiresAt!: Date | null;

  @Field(() => GraphQLJSONObject, {
    description:
      'The whole session-info object as ThoughtSpot returned it, so nothing it sends is out of reach.',
  })
  raw!: Record<string, unknown>;

  static fromUpstream(info: SessionInfo): Session {
    const seconds = info.expirationTime;
    return Object.assign(new Session(), {
      id: info.userGUID,
      userName: info.userName,
      displayName: text(info.userDisplayName),
      email: text(info.userEmail),
      userType: text(info.userType),
      privileges: Array.isArray(info.privileges)
        ? info.privileges.filter((p): p is string => typeof p === 'string')
        : [],
      currentOrgId: int32(info.currentOrgId),
      orgs: orgsOf(info.orgs),
      releaseVersion: text(info.releaseVersion),
      locale: text(info.locale),
      timezone: text(info.timezone),
      // Seconds in the session-info object (§3), unlike every other time there.
      expiresAt:
        typeof seconds === 'number' && seconds > 0 && seconds < 1e11
          ? new Date(seconds * 1000)
          : null,
      raw: info,
    });
  }
}
