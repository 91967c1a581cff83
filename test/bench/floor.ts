import 'reflect-metadata';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { GraphQLDateTime } from 'graphql-scalars';
import {
  Arg,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  buildSchema,
} from 'type-graphql';
import { Pool } from 'undici';
import type { ApiName } from './options';
import { BETA_BASE_PATH } from './scenarios';

/**
 * The benchmark's floor: the leanest server the gateway's stack allows for the benchmark's two
 * operations. Apollo Server 5 on a bare node:http server, a type-graphql schema of the fields the
 * benchmark selects, one undici Pool; the same upstream call per request as the gateway and the
 * same answers (run.ts checks them byte for byte). No plugins beyond switching Apollo's defaults
 * off (the gateway switches them off too), no logging, limits, metrics, CORS, cookie filtering or
 * error mapping: what the gateway adds on top of this is its features.
 */

interface FloorContext {
  authorization: string | undefined;
  /** Every Set-Cookie of the upstream answer, for the response. */
  setCookie: string[];
}

@ObjectType({ simpleResolvers: true })
class FloorOrg {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
}

@ObjectType('Session', { simpleResolvers: true })
class FloorSession {
  @Field(() => ID) id!: string;
  @Field(() => String) userName!: string;
  @Field(() => String, { nullable: true }) displayName!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) userType!: string | null;
  @Field(() => [String]) privileges!: string[];
  @Field(() => Int, { nullable: true }) currentOrgId!: number | null;
  @Field(() => [FloorOrg]) orgs!: FloorOrg[];
  @Field(() => String, { nullable: true }) releaseVersion!: string | null;
  @Field(() => String, { nullable: true }) locale!: string | null;
  @Field(() => String, { nullable: true }) timezone!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true }) expiresAt!: Date | null;
}

@ObjectType('SessionToken', { simpleResolvers: true })
class FloorToken {
  @Field(() => String) userName!: string;
  @Field(() => String) token!: string;
  @Field(() => String) tokenCreatedTime!: string;
  @Field(() => String) tokenExpiryDuration!: string;
  @Field(() => String) tokenType!: string;
  @Field(() => GraphQLDateTime, { nullable: true }) createdAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) expiresAt!: Date | null;
}

@InputType('LoginInput')
class FloorLoginInput {
  @Field(() => String, { nullable: true }) userName?: string | null;
  @Field(() => String, { nullable: true }) password?: string | null;
}

type Json = Record<string, unknown>;
/** The classes' shapes: graphql-js reads plain objects, no instance is needed. */
type Plain<T> = { [K in keyof T]: T[K] };
type OrgAnswer = Plain<FloorOrg>;
type SessionAnswer = Plain<Omit<FloorSession, 'orgs'>> & { orgs: OrgAnswer[] };
type TokenAnswer = Plain<FloorToken>;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const int = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const orgs = (value: unknown, id: string, name: string): OrgAnswer[] =>
  Array.isArray(value)
    ? (value as Json[]).map((o) => ({ id: o[id] as number, name: o[name] as string }))
    : [];
const strings = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : []);

/** REST API v2.0's User, or the beta's session-info object, as the schema's Session. */
export function floorSession(body: Json, api: ApiName): SessionAnswer {
  if (api === '2.0') {
    const org = body.current_org as Json | undefined;
    return {
      id: body.id as string,
      userName: body.name as string,
      displayName: str(body.display_name),
      email: str(body.email),
      userType: str(body.account_type),
      privileges: strings(body.privileges),
      currentOrgId: int(org?.id),
      orgs: orgs(body.orgs, 'id', 'name'),
      releaseVersion: null,
      locale: str(body.preferred_locale),
      timezone: null,
      expiresAt: null,
    };
  }
  const seconds = int(body.expirationTime);
  return {
    id: body.userGUID as string,
    userName: body.userName as string,
    displayName: str(body.userDisplayName),
    email: str(body.userEmail),
    userType: str(body.userType),
    privileges: strings(body.privileges),
    currentOrgId: int(body.currentOrgId),
    orgs: orgs(body.orgs, 'orgId', 'orgName'),
    releaseVersion: str(body.releaseVersion),
    locale: str(body.locale),
    timezone: str(body.timezone),
    expiresAt: seconds !== null && seconds > 0 ? new Date(seconds * 1000) : null,
  };
}

const epoch = (value: string): Date | null => (value === '-1' ? null : new Date(Number(value)));

/** A login's answer: v2.0's is 204 and no body (a cookie session), the beta's its five strings. */
export function floorToken(body: string, api: ApiName, userName: string): TokenAnswer {
  const grant =
    api === '2.0'
      ? {
          userName,
          token: '',
          tokenCreatedTime: '-1',
          tokenExpiryDuration: '-1',
          tokenType: 'Cookie',
        }
      : (JSON.parse(body) as Omit<FloorToken, 'createdAt' | 'expiresAt'>);
  return { ...grant, createdAt: epoch(grant.tokenCreatedTime), expiresAt: null };
}

const PATHS: Record<ApiName, { session: string; login: string }> = {
  '2.0': { session: '/api/rest/2.0/auth/session/user', login: '/api/rest/2.0/auth/session/login' },
  beta: { session: `${BETA_BASE_PATH}/session`, login: `${BETA_BASE_PATH}/session/login` },
};

export interface Floor {
  server: Server;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function createFloor(
  upstreamUrl: string,
  api: ApiName,
  reuseConnections: boolean,
): Promise<Floor> {
  const pool = new Pool(upstreamUrl);
  const paths = PATHS[api];
  const call = async (
    method: 'GET' | 'POST',
    path: string,
    context: FloorContext,
    body?: object,
  ): Promise<string> => {
    const answer = await pool.request({
      method,
      path,
      headers: {
        accept: 'application/json',
        'x-requested-by': 'ThoughtSpot',
        ...(context.authorization !== undefined && { authorization: context.authorization }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
      // The same connection use as the gateway's (UPSTREAM_HTTP1_KEEP_ALIVE).
      reset: !reuseConnections,
    });
    const text = await answer.body.text();
    if (answer.statusCode >= 300) throw new Error(`upstream answered ${answer.statusCode}`);
    const cookies = answer.headers['set-cookie'];
    if (cookies !== undefined)
      context.setCookie.push(...(Array.isArray(cookies) ? cookies : [cookies]));
    return text;
  };

  @Resolver()
  class FloorResolver {
    @Query(() => FloorSession)
    async session(@Ctx() context: FloorContext): Promise<SessionAnswer> {
      return floorSession(JSON.parse(await call('GET', paths.session, context)) as Json, api);
    }

    @Mutation(() => FloorToken)
    async login(
      @Arg('input', () => FloorLoginInput, { nullable: true }) input: FloorLoginInput | null,
      @Ctx() context: FloorContext,
    ): Promise<TokenAnswer> {
      const userName = input?.userName ?? '';
      const password = input?.password ?? '';
      const body = api === '2.0' ? { username: userName, password } : { userName, password };
      return floorToken(await call('POST', paths.login, context, body), api, userName);
    }
  }

  const apollo = new ApolloServer<FloorContext>({
    schema: await buildSchema({ resolvers: [FloorResolver], validate: false }),
    plugins: [ApolloServerPluginCacheControlDisabled(), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    const context: FloorContext = { authorization: req.headers.authorization, setCookie: [] };
    const url = req.url ?? '/';
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method ?? 'GET',
        headers,
        search: url.includes('?') ? url.slice(url.indexOf('?')) : '',
        body: raw === '' ? undefined : JSON.parse(raw),
      },
      context: () => Promise.resolve(context),
    });
    res.statusCode = answer.status ?? 200;
    for (const [name, value] of answer.headers) res.setHeader(name, value);
    if (context.setCookie.length > 0) res.setHeader('set-cookie', context.setCookie);
    if (answer.body.kind === 'complete') {
      res.end(answer.body.string);
      return;
    }
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  };

  const server = createServer({ keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => {
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    });
  });
  server.keepAliveTimeout = 65_000;

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
          server.off('error', reject);
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
        });
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
      await pool.close();
    },
  };
}
