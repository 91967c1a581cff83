import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context';
import { SessionToken } from './token.type';

/**
 * `SessionToken.userName` when ThoughtSpot did not say whose session a login made (REST API v2.0
 * answers a login by bearer token with 204 and no body): one more call, made only when a client
 * selects the field.
 */
@Resolver(() => SessionToken)
export class SessionTokenResolver {
  @FieldResolver(() => String)
  userName(
    @Root() token: SessionToken,
    @Ctx() { thoughtspot }: GatewayContext,
  ): string | Promise<string> {
    return token.userName ?? thoughtspot.currentSession().then((session) => session.userName);
  }
}
