import { randomBytes } from 'node:crypto';

/**
 * One ThoughtSpot user per soak caller, each in org 0 and an org of its own: an answer about
 * another caller's user, or another caller's org, cannot pass for the right one.
 */
export interface SoakUser {
  userName: string;
  password: string;
  guid: string;
  /** The org only this user is in (org 0 is shared by all). */
  org: number;
}

export function soakUsers(count: number): SoakUser[] {
  return Array.from({ length: count }, (_, i) => ({
    userName: `soak-user-${i}`,
    password: `pw-${i}-${randomBytes(6).toString('hex')}`,
    guid: `00000000-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`,
    org: i + 1,
  }));
}
