import type { Principal } from './records';
import { ACCOUNT_EXPIRES_AT } from './records';
import type { SeedOrg } from './seed';

/** The id of the group every user is in ("All"). */
export const ALL_GROUP_ID = 'b25ee394-9d13-49e3-9385-cd97f5b253b4';

export interface SessionInfoContext {
  orgsEnabled: boolean;
  trustedAuthEnabled: boolean;
  orgs: ReadonlyMap<number, SeedOrg>;
  releaseVersion: string;
  /** Echoed as `acceptLanguage`, as the documented example does (beta-behaviour.md §3). */
  acceptLanguage: string;
}

/**
 * The v1-style session-info object of beta-behaviour.md §3, plus `currentOrgId` and `orgs` when
 * orgs are enabled (§11.8 there). Key names, value types and units (ms, except `expirationTime` in seconds) follow the
 * documented example.
 */
export function buildSessionInfo(who: Principal, ctx: SessionInfoContext): Record<string, unknown> {
  const { user } = who;
  const info: Record<string, unknown> = {
    userName: user.name,
    userDisplayName: user.displayName,
    userEmail: user.email,
    userGUID: user.guid,
    userType: user.userType ?? 'LOCAL_USER',
    state: 'ACTIVE',
    isSystemUser: false,
    canChangePassword: user.userType === undefined || user.userType === 'LOCAL_USER',
    isFirstLogin: false,
    firstLoginDate: user.createdAt,
    userCreatedTime: user.createdAt,
    userExpirationTime: ACCOUNT_EXPIRES_AT,
    expirationTime: Math.floor(who.expiresAt / 1000),
    privileges: [...user.privileges],
    userGroupMask: user.privileges.includes('ADMINISTRATION') ? 1 : 0,
    allUserGroupId: ALL_GROUP_ID,
    allUserGroupDisplayName: 'All',
    allUserGroupMemberUserCount: 0,
    authToken: who.authToken,
    partialJSessionGUID: who.partialSessionId,
    releaseVersion: ctx.releaseVersion,
    license: 'EAE',
    logicalModelVersion: 1,
    apiVersion: 'v1',
    locale: 'en-US',
    timezone: 'America/Los_Angeles',
    acceptLanguage: ctx.acceptLanguage,
    dateFormat: { formatPattern: 'MM/dd/yyyy' },
    timeFormat: { formatPattern: 'HH:mm:ss' },
    dateTimeFormat: { formatPattern: 'MM/dd/yyyy HH:mm:ss' },
    integerFormat: { formatPattern: '#,###' },
    decimalFormat: { formatPattern: '#,###.##' },
    userProperties: { mail: user.email, displayName: user.displayName },
    userPreferences: { notifyOnShare: true, showWalkMe: false },
    onboardingActivity: {},
    clientState: {},
    configInfo: {
      isOrgsEnabled: ctx.orgsEnabled,
      enableTrustedAuthentication: ctx.trustedAuthEnabled,
    },
  };
  if (who.accessLevel === 'REPORT_BOOK_VIEW') {
    info.accessLevel = who.accessLevel;
    info.tsObjectId = who.tsObjectId;
  }
  if (ctx.orgsEnabled && who.orgId !== undefined) {
    info.currentOrgId = who.orgId;
    info.orgs = user.orgs.flatMap((id) => {
      const org = ctx.orgs.get(id);
      return org ? [{ orgId: org.id, orgName: org.name }] : [];
    });
  }
  return info;
}
