import type { IncomingMessage, ServerResponse } from 'node:http';
import { ThoughtSpotError } from './errors';
import type { FaultController } from './faults';
import { FaultRuleError, isFaultTarget, validateFaultRule } from './faults';
import { parseJsonRequest, readBody, sendJson } from './http';
import type { RequestCounts } from './request-counts';

/**
 * The emulator's own control API, served only when fault injection is enabled, so a test or a
 * benchmark that runs the emulator as a separate process can switch faults on and off:
 *   GET    /__emulator/faults             the rules in force
 *   PUT    /__emulator/faults/{operation}  set a rule (operation: getSessionInfo, login, ..., or *)
 *   DELETE /__emulator/faults/{operation}  remove one rule
 *   DELETE /__emulator/faults              remove every rule
 *   GET    /__emulator/requests            requests received so far, in all and by operation
 */
export const CONTROL_PREFIX = '/__emulator/';
const FAULTS = '/__emulator/faults';
const REQUESTS = '/__emulator/requests';

export interface ControlDeps {
  faults: FaultController;
  requests: RequestCounts;
  maxBodyBytes: number;
}

export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  { faults, requests, maxBodyBytes }: ControlDeps,
): Promise<void> {
  if (path === REQUESTS) {
    if (req.method === 'GET') sendJson(res, 200, requests.snapshot());
    else sendJson(res, 405, { error: `method ${req.method ?? ''} not allowed on ${path}` });
    return;
  }
  const target = path.startsWith(`${FAULTS}/`)
    ? decodeSegment(path.slice(FAULTS.length + 1))
    : undefined;
  if (path !== FAULTS && target === undefined) {
    sendJson(res, 404, { error: `no control endpoint at ${path}` });
    return;
  }
  if (target !== undefined && !isFaultTarget(target)) {
    sendJson(res, 404, { error: `unknown operation ${target}` });
    return;
  }
  try {
    if (req.method === 'GET' && target === undefined) {
      sendJson(res, 200, faults.list());
    } else if (req.method === 'PUT' && target !== undefined) {
      faults.set(
        target,
        validateFaultRule(parseJsonRequest(req, await readBody(req, maxBodyBytes))),
      );
      sendJson(res, 200, faults.list());
    } else if (req.method === 'DELETE') {
      faults.clear(target);
      sendJson(res, 200, faults.list());
    } else {
      sendJson(res, 405, { error: `method ${req.method ?? ''} not allowed on ${path}` });
    }
  } catch (error) {
    if (error instanceof FaultRuleError || error instanceof ThoughtSpotError) {
      sendJson(res, 400, { error: error.message });
      return;
    }
    throw error;
  }
}

/** A path segment, percent-decoded; a malformed encoding names no operation. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
