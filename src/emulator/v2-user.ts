import type { V2Org, V2User } from '../contract';
import type { Principal } from './records';
import { ACCOUNT_EXPIRES_AT } from './records';
import type { SeedOrg } from './seed';
import { ALL_GROUP_ID } from './session-info';

export interface V2UserContext {
  orgsEnabled: boolean;
  orgs: ReadonlyMap<number, SeedOrg>;
}

const ACCOUNT_TYPES = new Set(['LOCAL_USER', 'LDAP_USER', 'SAML_USER', 'OIDC_USER', 'REMOTE_USER']);
/** The emulated cluster's one tenant. */
export const TENANT_ID = '982d6da9-9cd1-479e-b9a6-35aa05f9282a';

/**
 * The v2.0 `User` of GET /api/rest/2.0/auth/session/user (rest-2.0-auth.md §4), valid against
 * the OpenAPI: the four required fields and the ones a seed can fill. Times are epoch ms;
 * `expiration_time_in_millis` is the account's expiry, not the session's. `current_org` and `orgs`
 * are null on a cluster without orgs. A seed `userType` outside the OpenAPI's enum is null here.
 */
export function buildV2User(who: Principal, ctx: V2UserContext): V2User {
  const { user } = who;
  const org = (id: number): V2Org[] => {
    const found = ctx.orgs.get(id);
    return found ? [{ id: found.id, name: found.name }] : [];
  };
  const accountType = user.userType ?? 'LOCAL_USER';
  const admin = user.privileges.includes('ADMINISTRATION');
  return {
    id: user.guid,
    name: user.name,
    display_name: user.displayName,
    visibility: 'SHARABLE',
    author_id: user.guid,
    can_change_password: accountType === 'LOCAL_USER',
    complete_detail: true,
    creation_time_in_millis: user.createdAt,
    current_org: ctx.orgsEnabled && who.orgId !== undefined ? (org(who.orgId)[0] ?? null) : null,
    deleted: false,
    deprecated: false,
    account_type: ACCOUNT_TYPES.has(accountType) ? accountType : null,
    account_status: 'ACTIVE',
    email: user.email,
    expiration_time_in_millis: ACCOUNT_EXPIRES_AT,
    external: false,
    first_login_time_in_millis: user.createdAt,
    group_mask: admin ? 1 : 0,
    hidden: false,
    is_first_login: false,
    modification_time_in_millis: user.createdAt,
    modifier_id: user.guid,
    notify_on_share: true,
    onboarding_experience_completed: true,
    orgs: ctx.orgsEnabled ? user.orgs.flatMap(org) : null,
    owner_id: user.guid,
    parent_type: 'USER',
    privileges: [...user.privileges],
    show_onboarding_experience: false,
    super_user: false,
    system_user: false,
    tenant_id: TENANT_ID,
    user_groups: [{ id: ALL_GROUP_ID, name: 'All' }],
    user_inherited_groups: [],
    welcome_email_sent: false,
    preferred_locale: 'en-US',
    use_browser_language: false,
  };
}
