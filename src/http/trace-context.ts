/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): a caller's `traceparent` is passed on
 * to ThoughtSpot, so a trace started in the browser or a router continues there. The gateway makes
 * no span of its own; it forwards the caller's context unchanged, and only when it is well formed:
 * a header that is not goes no further than the gateway.
 */

export interface TraceContext {
  traceparent: string;
  /** Vendor entries; only ever with a valid traceparent. */
  tracestate?: string;
}

// Version 00 exactly: version, 32-hex trace id, 16-hex parent id, 2-hex flags, lower case only.
// Other versions are refused rather than guessed at (the gateway cannot vouch for their format).
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const ALL_ZEROS = /^0+$/;

// A list member: key=value. Keys are a simple key or tenant@system; values are printable ASCII
// without ',' or '=' and do not end in a space.
const MEMBER =
  /^(?:[a-z][a-z0-9_\-*/]{0,255}|[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13})=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;
/** The spec asks that at least 512 characters be passed on; more is not needed and not forwarded. */
export const MAX_TRACESTATE_LENGTH = 512;
const MAX_MEMBERS = 32;

/** The caller's trace context if its traceparent is valid, else undefined. */
export function traceContextFrom(
  traceparent: string | string[] | undefined,
  tracestate: string | string[] | undefined,
): TraceContext | undefined {
  // Node joins repeated headers with ", "; a repeated traceparent is invalid and stays that way.
  if (typeof traceparent !== 'string') return undefined;
  const match = TRACEPARENT.exec(traceparent.trim());
  if (match === null || ALL_ZEROS.test(match[1] ?? '') || ALL_ZEROS.test(match[2] ?? ''))
    return undefined;
  const state = validTracestate(Array.isArray(tracestate) ? tracestate.join(',') : tracestate);
  return { traceparent: match[0], ...(state !== undefined && { tracestate: state }) };
}

/** The tracestate as a clean comma-separated list, or undefined if it is absent or invalid. */
function validTracestate(value: string | undefined): string | undefined {
  if (value === undefined || value.length > MAX_TRACESTATE_LENGTH * 2) return undefined;
  // Empty members (",,") are allowed and dropped; spaces and tabs around members are not part of them.
  const members = value
    .split(',')
    .map((member) => member.replace(/^[ \t]+|[ \t]+$/g, ''))
    .filter((member) => member !== '');
  if (members.length === 0 || members.length > MAX_MEMBERS) return undefined;
  const keys = new Set<string>();
  for (const member of members) {
    if (!MEMBER.test(member)) return undefined;
    const key = member.slice(0, member.indexOf('='));
    if (keys.has(key)) return undefined;
    keys.add(key);
  }
  const joined = members.join(',');
  return joined.length > MAX_TRACESTATE_LENGTH ? undefined : joined;
}
