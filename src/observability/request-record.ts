import type { CookieDropReason } from '../http/cookies';

/**
 * What one HTTP request did, filled in as it is served and read once when it ends. It is the one
 * seam between serving a request and watching it: the access log and the metrics are observers of
 * it, so neither reaches into Apollo's pipeline or the ThoughtSpot client by itself.
 */

/** One call to ThoughtSpot made while serving the request. */
export interface UpstreamCallRecord {
  /** Method and path below the API base, e.g. "POST /session/login": a fixed set, safe as a label. */
  endpoint: string;
  /**
   * The status ThoughtSpot answered with: for a failure, the one it meant inside its error envelope
   * (it sends every failure as HTTP 500). Absent when no answer came (timeout, refused, reset).
   */
  status?: number;
  /** Why no answer came: a timeout, ThoughtSpot unreachable, or anything else ("error"). */
  failure?: 'timeout' | 'unavailable' | 'error';
  durationMs: number;
}

export class RequestRecord {
  readonly startedAt = performance.now();
  /** The operation name the client gave, if any (client-chosen: not a safe metric label). */
  operationName: string | undefined;
  /** query or mutation, once the operation was resolved. */
  operationType: string | undefined;
  /**
   * The operation's root fields, sorted and joined with "+" (e.g. "login", "getToken+session"): named by
   * the schema, so a bounded set, unlike operationName.
   */
  rootFields: string | undefined;
  /** The first error's extensions.code; undefined when the request succeeded. */
  errorCode: string | undefined;
  readonly upstreamCalls: UpstreamCallRecord[] = [];
  /** Why each upstream Set-Cookie that was not relayed was dropped (src/http/cookies.ts). */
  readonly droppedCookies: CookieDropReason[] = [];

  constructor(
    readonly requestId: string,
    readonly method: string,
    /** The path only: a GET query string can carry variables, passwords among them. */
    readonly path: string,
  ) {}
}

export interface FinishedRequest {
  record: RequestRecord;
  /** The status sent, or the one that would have been when the caller went away first. */
  status: number;
  durationMs: number;
  /** The caller closed the connection before the whole answer was sent. */
  aborted: boolean;
}

export interface RequestObserver {
  requestStarted?(record: RequestRecord): void;
  requestFinished(finished: FinishedRequest): void;
}
