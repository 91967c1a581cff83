import { STATUS_CODES } from 'node:http';
import type { Action } from '../contract';
import { ACTIONS } from '../contract';

/**
 * Fault injection, for the gateway's resilience tests: per action, added latency and one way of
 * failing. Off unless the emulator is started with it enabled.
 */

export { ACTIONS };
export type { Action };
/**
 * An action of the contract (src/contract/endpoint.ts `ACTIONS`; the control API's "operation"), or
 * `*` for every action without a rule of its own. A rule names what a call does, not a path: a rule on `login` applies to the login
 * endpoint of both APIs, one on `getToken` to token/full and token/object.
 */
export type FaultTarget = Action | '*';

export const FAULT_MODES = [
  'status',
  'malformed-json',
  'truncated-json',
  'html',
  'drop',
  'hang',
] as const;
/**
 * - `status`: answer `status` (default 500) with `body` (a string as is, anything else as JSON).
 * - `malformed-json`: 200 with `Content-Type: application/json` and a body that is not JSON.
 * - `truncated-json`: the real answer (state changes happen), cut off halfway: the connection
 *   closes before the promised Content-Length arrives. An answer without a body (a v2.0 204) is
 *   cut in its head instead: half of its status line and headers, then the connection closes.
 * - `html`: a proxy's HTML error page, status `status` (default 502).
 * - `drop`: the connection is destroyed without an answer.
 * - `hang`: the request is never answered (until the emulator closes).
 * The modes other than `truncated-json` answer without touching the emulated cluster.
 */
export type FaultMode = (typeof FAULT_MODES)[number];

export interface FaultRule {
  /** Milliseconds to wait before answering (or before failing, with a mode). */
  latencyMs?: number;
  mode?: FaultMode;
  status?: number;
  body?: unknown;
  contentType?: string;
  /** How many requests the rule applies to before it removes itself; unlimited if absent. */
  times?: number;
}

export class FaultRuleError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid fault rule: ${problems.join('; ')}`);
    this.name = 'FaultRuleError';
  }
}

export class FaultInjectionDisabledError extends Error {
  constructor() {
    super(
      'fault injection is off: start the emulator with faults enabled (--faults, or faults: true)',
    );
    this.name = 'FaultInjectionDisabledError';
  }
}

export const isFaultTarget = (v: string): v is FaultTarget =>
  v === '*' || (ACTIONS as readonly string[]).includes(v);

const isCount = (v: unknown, min: number, max: number) =>
  Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;

export function validateFaultRule(input: unknown): FaultRule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FaultRuleError(['a fault rule must be an object']);
  }
  const rule = input as Record<string, unknown>;
  const problems: string[] = [];
  const known = ['latencyMs', 'mode', 'status', 'body', 'contentType', 'times'];
  for (const key of Object.keys(rule))
    if (!known.includes(key)) problems.push(`unknown field ${key}`);
  if (rule.latencyMs !== undefined && !isCount(rule.latencyMs, 0, 600_000)) {
    problems.push('latencyMs must be an integer from 0 to 600000');
  }
  if (rule.mode !== undefined && !(FAULT_MODES as readonly unknown[]).includes(rule.mode)) {
    problems.push(`mode must be one of ${FAULT_MODES.join(', ')}`);
  }
  if (rule.status !== undefined && !isCount(rule.status, 100, 599)) {
    problems.push('status must be an HTTP status from 100 to 599');
  }
  if (rule.contentType !== undefined && typeof rule.contentType !== 'string') {
    problems.push('contentType must be a string');
  }
  if (rule.times !== undefined && !isCount(rule.times, 1, Number.MAX_SAFE_INTEGER)) {
    problems.push('times must be a positive integer');
  }
  if (rule.mode === undefined && rule.latencyMs === undefined)
    problems.push('give a mode, a latencyMs, or both');
  if (problems.length > 0) throw new FaultRuleError(problems);
  return { ...rule };
}

/** The live fault rules, by action. */
export class FaultController {
  private readonly rules = new Map<FaultTarget, FaultRule>();

  constructor(readonly enabled: boolean) {}

  set(target: FaultTarget, rule: FaultRule): void {
    this.assertEnabled();
    if (!isFaultTarget(target)) throw new FaultRuleError([`unknown operation ${String(target)}`]);
    this.rules.set(target, validateFaultRule(rule));
  }

  /** Removes the rule of one target, or every rule. */
  clear(target?: FaultTarget): void {
    this.assertEnabled();
    if (target === undefined) this.rules.clear();
    else this.rules.delete(target);
  }

  list(): Partial<Record<FaultTarget, FaultRule>> {
    return Object.fromEntries([...this.rules].map(([k, v]) => [k, { ...v }]));
  }

  /** The rule that applies to this request, counting it as used. */
  take(action: Action): FaultRule | undefined {
    if (this.rules.size === 0) return undefined;
    const target: FaultTarget = this.rules.has(action) ? action : '*';
    const rule = this.rules.get(target);
    if (!rule) return undefined;
    if (rule.times !== undefined) {
      if (rule.times <= 1) this.rules.delete(target);
      else rule.times -= 1;
    }
    return rule;
  }

  private assertEnabled(): void {
    if (!this.enabled) throw new FaultInjectionDisabledError();
  }
}

export const MALFORMED_JSON = '{"userName": tsadmin, "tokenType": "Cookie",,}';

/** The error page a reverse proxy in front of a cluster answers with. */
export function htmlErrorPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
    `<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  );
}
