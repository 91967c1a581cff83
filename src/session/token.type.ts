import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import type { TokenGrant } from '../thoughtspot/session-api';

// simpleResolvers: see Session.
@ObjectType({
  description:
    "ThoughtSpot's answer to a login or a token request, in the terms of the beta's SessionLoginResponse whichever API answered: five fields, plus their times as DateTimes.",
  simpleResolvers: true,
})
export class SessionToken {
  // Absent when ThoughtSpot did not say (a login by bearer token on REST API v2.0): then
  // SessionTokenResolver asks for it, with one more call, only when a client selects it.
  @Field(() => String, {
    description: 'Username of the user account for which the token is generated.',
  })
  userName!: string | undefined;

  @Field({
    description:
      'Bearer token generated. Blank when tokenType is Cookie: the session then lives in the cookies set on this response.',
  })
  token!: string;

  @Field({
    description: 'When the token was generated, in epoch milliseconds as a string; "-1" for none.',
  })
  tokenCreatedTime!: string;

  @Field({
    description:
      'When the token expires, as ThoughtSpot sent it: an epoch-milliseconds expiry or a duration in seconds, as a string; "-1" for none. Prefer expiresAt.',
  })
  tokenExpiryDuration!: string;

  @Field({ description: 'Type of token generated: Bearer, or Cookie for a cookie session.' })
  tokenType!: string;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'tokenCreatedTime as a date-time; null when ThoughtSpot sent "-1".',
  })
  createdAt!: Date | null;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description:
      'When the token expires, whichever way ThoughtSpot expressed it; null when it sent "-1" (a cookie session) or a value that cannot be placed in time.',
  })
  expiresAt!: Date | null;

  static fromGrant(grant: TokenGrant): SessionToken {
    return Object.assign(new SessionToken(), grant);
  }
}
