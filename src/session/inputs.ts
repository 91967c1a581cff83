import { Field, InputType, Int, registerEnumType } from 'type-graphql';

export enum AccessLevel {
  FULL = 'FULL',
  REPORT_BOOK_VIEW = 'REPORT_BOOK_VIEW',
}

registerEnumType(AccessLevel, {
  name: 'AccessLevel',
  description: 'User access privilege granted by a token.',
  valuesConfig: {
    FULL: { description: 'Creates a session with full access.' },
    REPORT_BOOK_VIEW: {
      description: 'Allows view access to the one Liveboard or visualization given in tsObjectId.',
    },
  },
});

@InputType({
  description:
    'Credentials for a cookie session. Leave it out to log in with the token in the Authorization header instead; userName and password take precedence over the header when both are sent.',
})
export class LoginInput {
  @Field(() => String, { nullable: true, description: 'Username of the user account.' })
  userName?: string | null;

  @Field(() => String, { nullable: true, description: 'The password of the user account.' })
  password?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'When true, the session cookie persists (about 7 days) instead of ending with the browser session. Default false.',
  })
  rememberMe?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "The org to log in to, when orgs are enabled; by default the org of the user's previous session. On ThoughtSpot's beta API the session is switched to it right after the login (a login that cannot switch is undone).",
  })
  orgId?: number | null;
}

@InputType({
  description:
    'What a token is requested for. Give a password, or the secretKey of trusted authentication; when both are given, only the password is sent.',
})
export class GetTokenInput {
  @Field({ description: 'Username of the user account.' })
  userName!: string;

  @Field(() => String, { nullable: true, description: 'The password of the user account.' })
  password?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The secret key ThoughtSpot generates when trusted authentication is enabled (Develop > Customizations > Settings).',
  })
  secretKey?: string | null;

  @Field(() => AccessLevel, {
    nullable: true,
    defaultValue: AccessLevel.FULL,
    description: 'User access privilege: FULL, or REPORT_BOOK_VIEW for view access to one object.',
  })
  accessLevel?: AccessLevel | null;

  @Field(() => String, {
    nullable: true,
    description:
      'GUID of the Liveboard or visualization; required when accessLevel is REPORT_BOOK_VIEW.',
  })
  tsObjectId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Seconds after which the token should expire. ThoughtSpot's default differs by API: 300 seconds on REST API v2.0, 24 hours on the beta.",
  })
  tokenExpiryDuration?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'The org to associate with the token, when orgs are enabled; by default the org the user last logged in to.',
  })
  orgId?: number | null;
}

@InputType({ description: 'The org to switch the current cookie session to.' })
export class SwitchOrgInput {
  @Field(() => Int, { description: "The org's id; 0 is the Primary org." })
  id!: number;
}
