import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { TokenFacts } from '../thoughtspot/session-api';

// simpleResolvers: see Session.
@ObjectType({
  description:
    'What the bearer token sent in the Authorization header is valid for, as ThoughtSpot says (REST API v2.0 only).',
  simpleResolvers: true,
})
export class TokenInfo {
  @Field(() => ID, { description: 'The GUID of the user the token acts for.' })
  userId!: string;

  @Field({
    description:
      'What the token gives access to: FULL, or REPORT_BOOK_VIEW for view access to one object (objectId).',
  })
  accessLevel!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The org the token is for; null when the cluster does not have orgs enabled.',
  })
  orgId!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The one object a REPORT_BOOK_VIEW token may view; null for a FULL token.',
  })
  objectId!: string | null;

  @Field({ description: 'The kind of token, as ThoughtSpot names it (e.g. Bearer).' })
  tokenType!: string;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the token was created.' })
  createdAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the token expires.' })
  expiresAt!: Date | null;

  static fromFacts(facts: TokenFacts): TokenInfo {
    return Object.assign(new TokenInfo(), facts);
  }
}
