import { badUserInput } from '../errors';

/**
 * `__resolveReference` of the Session entity. Its key is `resolvable: false` (see session.type.ts):
 * a router never asks this subgraph for a Session by reference, because ThoughtSpot shows a session
 * only to its own credentials, at Query.session. A client that calls `_entities` directly gets
 * BAD_USER_INPUT instead of a Session made up of its own input.
 */
export function refuseSessionReference(): never {
  throw badUserInput(
    "A Session cannot be looked up by reference: query `session` with the user's own credentials.",
  );
}
