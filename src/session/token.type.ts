import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import type { SessionLoginResponse } from '../thoughtspot/wire';
import { createdAt, expiresAt } from './token-times';

// simpleResolvers: see Session.
@ObjectType({
  description:
    "ThoughtSpot's answer to a login or a token request (SessionLoginResponse): the five upstream fields under their upstream names, plus their times as DateTimes.",
  simpleResolvers: true,
})
export class SessionToken {
  @Field({ description: 'Username of the user account for which the token is generated.' })
  userName!: string;

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

  static fromUpstream(response: SessionLoginResponse): SessionToken {
    return Object.assign(new SessionToken(), {
      ...response,
      createdAt: createdAt(response.tokenCreatedTime),
      expiresAt: expiresAt(response.tokenCreatedTime, response.tokenExpiryDuration),
    });
  }
}
