import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../context';
import { GetTokenInput, LoginInput, SwitchOrgInput } from './inputs';
import { toLoginParams, toOrgId, toTokenParams } from './inputs-to-params';
import { Session } from './session.type';
import { TokenInfo } from './token-info.type';
import { SessionToken } from './token.type';

/**
 * One session-API call per field. Stateless on purpose: type-graphql keeps a single instance of this
 * class for every request, so anything about a caller comes from the context.
 */
@Resolver()
export class SessionResolver {
  @Query(() => Session, {
    description:
      'The signed-in user and their session, by the bearer token or session cookie sent.',
  })
  async session(@Ctx() { thoughtspot }: GatewayContext): Promise<Session> {
    return Session.fromFacts(await thoughtspot.currentSession());
  }

  @Query(() => TokenInfo, {
    description:
      'What the bearer token in the Authorization header is valid for: its user, scope, creation and expiry. Never takes a token as an argument, which would end up in URLs and logs. Needs REST API v2.0 (UNSUPPORTED_OPERATION on the beta).',
  })
  async tokenInfo(@Ctx() { thoughtspot }: GatewayContext): Promise<TokenInfo> {
    return TokenInfo.fromFacts(await thoughtspot.validateToken());
  }

  @Mutation(() => SessionToken, {
    description:
      'Creates a cookie session, with a user name and password or with the token in the Authorization header. The session cookies come back as Set-Cookie headers.',
  })
  async login(
    @Arg('input', () => LoginInput, {
      nullable: true,
      description: 'Leave out to log in by bearer token.',
    })
    input: LoginInput | null | undefined,
    @Ctx() { thoughtspot }: GatewayContext,
  ): Promise<SessionToken> {
    return SessionToken.fromGrant(await thoughtspot.login(toLoginParams(input)));
  }

  @Mutation(() => Boolean, {
    description:
      'Logs the user out of the current session; the session cookies come back expired. Needs no authentication.',
  })
  logout(@Ctx() { thoughtspot }: GatewayContext): Promise<boolean> {
    return thoughtspot.logout();
  }

  @Mutation(() => SessionToken, {
    description:
      'Creates a bearer token for a user, with their password or the trusted-authentication secret key. Needs no authentication; sets no cookie.',
  })
  async getToken(
    @Arg('input', () => GetTokenInput, { description: 'Whose token, proved how, for what.' })
    input: GetTokenInput,
    @Ctx() { thoughtspot }: GatewayContext,
  ): Promise<SessionToken> {
    return SessionToken.fromGrant(await thoughtspot.getToken(toTokenParams(input)));
  }

  @Mutation(() => SessionToken, {
    description:
      "Creates a new bearer token for the user of the current session (cookie or bearer), valid 24 hours: the bridge from a cookie login to the Visual Embed SDK's cookieless mode. Needs REST API v2.0 (UNSUPPORTED_OPERATION on the beta).",
  })
  async getSessionToken(@Ctx() { thoughtspot }: GatewayContext): Promise<SessionToken> {
    return SessionToken.fromGrant(await thoughtspot.getSessionToken());
  }

  @Mutation(() => Boolean, {
    description:
      'Revokes the bearer token in the Authorization header, and the sessions made from it. With only a session cookie: on the beta it ends that session; on REST API v2.0 it answers BAD_USER_INPUT (use logout).',
  })
  revokeToken(@Ctx() { thoughtspot }: GatewayContext): Promise<boolean> {
    return thoughtspot.revokeToken();
  }

  @Mutation(() => Boolean, {
    description:
      'Switches the current cookie session to another org the user belongs to (clusters with orgs enabled; cookie sessions only).',
  })
  switchOrg(
    @Arg('input', () => SwitchOrgInput, { description: 'The org to switch to.' })
    input: SwitchOrgInput,
    @Ctx() { thoughtspot }: GatewayContext,
  ): Promise<boolean> {
    return thoughtspot.switchOrg(toOrgId(input));
  }
}
