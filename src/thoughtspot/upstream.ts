import type { Dispatcher } from 'undici';
import { Pool } from 'undici';
import type { UpstreamFailure } from '../errors';

/**
 * The connections to ThoughtSpot: undici Pools, shared by every request. They hold connections
 * only; credentials travel in each call's headers and nothing about a response is kept. It never
 * retries (a retried login or revoke could act twice) and never caches or de-duplicates.
 *
 * One pool per endpoint (method and path), each of `connections`: a bulkhead. With one pool for all,
 * calls hung on one failing endpoint would hold every connection until their time budget ran out,
 * and the session checks and logins of every other caller would queue behind them.
 *
 * No HTTP/1.1 connection carries a second call, unless `reuseHttp1Connections` says so. HTTP/1.1
 * tells answers apart by their order alone: one response the upstream (or a proxy) sends that
 * nobody asked for would be read as the answer to the next call on that connection, and every answer
 * after it would reach the caller after the one it was meant for, with that caller's session and
 * cookies. undici closes a connection that sends bytes while no call waits on it, but bytes that come
 * after the next call went out cannot be told from its answer. Over TLS, HTTP/2 is offered (ALPN):
 * its answers carry the id of the request they answer, so they can share one connection safely.
 */

export interface UpstreamOptions {
  /** The cluster's base URL, with an optional path prefix, no trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  /** Connections per endpoint, open at once. */
  connections: number;
  /**
   * Lets one HTTP/1.1 connection carry call after call (keep-alive). Off by default: see above. It
   * does not affect HTTP/2, whose connections are always shared.
   */
  reuseHttp1Connections?: boolean;
  /** Largest response body read; a bigger one is an upstream fault, not something to buffer. */
  maxResponseBytes?: number;
  /** Certificates (PEM) trusted instead of Node's defaults: the tests' own, for one. */
  ca?: string;
}

export interface UpstreamCall {
  method: 'GET' | 'POST' | 'PUT';
  /** Path below the base URL, starting with "/". */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface UpstreamResponse {
  status: number;
  /** Every Set-Cookie header, one entry each, as received. */
  setCookie: string[];
  body: string;
}

/** A call that got no usable HTTP answer. */
export class UpstreamTransportError extends Error {
  constructor(
    readonly failure: UpstreamFailure,
    /** Cookies of an answer whose headers arrived before it broke: the session they name may exist. */
    readonly setCookie: string[] = [],
  ) {
    super(failure.kind);
    this.name = 'UpstreamTransportError';
  }
}

export interface Upstream {
  call(request: UpstreamCall): Promise<UpstreamResponse>;
  /** Closes the pooled connections now, failing the calls in flight (the end of a shutdown). */
  destroy(): Promise<void>;
}

const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const H2_STREAMS = 100;
const UNDICI_TIMER_RESOLUTION_MS = 1000;

// Errors of the gateway's own making, a request undici refuses to send: bugs, not upstream failures.
// Every other error with a code is ThoughtSpot (or the way to it) failing: refused, reset, closed,
// unresolvable, a TLS failure, or an answer that is not HTTP (undici's parser, HPE_*: a control
// character or obs-fold in a header, a bare LF, headers over 16 KiB; HTTP/2's ERR_HTTP2_*).
const OWN = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_INVALID_RETURN_VALUE',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
]);
const TIMEOUT = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

// What a code may look like to be logged. It is the one thing of an upstream error that is: undici's
// parser errors carry the bytes that follow the error (`data`), headers and body, and are never logged.
const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

// llhttp's own words for what broke, a fixed string of its source ("Invalid header value char").
const PARSER_REASON = /^Response does not match the HTTP\/1\.1 protocol \(([\w ,./'-]{1,80})\)$/;

/**
 * What to log of an answer undici's HTTP/1.1 parser refused (its HTTPParserError, duck-typed): the
 * parser's reason, never the error's `data`. undici 7 leaves its `code` undefined.
 */
function parserFailure(error: Error): string | undefined {
  if (error.name !== 'HTTPParserError') return undefined;
  const reason = PARSER_REASON.exec(error.message)?.[1];
  return reason === undefined ? 'HTTPParserError' : `HTTPParserError (${reason})`;
}

/**
 * Stack traces off until the current synchronous run of code ends: the limit is put back in the
 * next tick, ahead of any tick queued after this call.
 *
 * Why: undici closes an HTTP/1.1 connection that carried its one call (`reset`) by destroying the
 * socket with an `InformationalError('reset')`, synchronously right after the handler's
 * onResponseEnd returns, and Node's stream `destroy(err)` reads `err.stack` at once (to avoid a V8
 * leak), which formats the trace. For an error that nobody sees, capturing and formatting its stack
 * was ~7% of the gateway's CPU under load (2.5% creating it, 4% formatting it). Turned off from
 * onResponseEnd, only the errors created between there and the next tick lose their stack: that
 * one, undici's own, in the same socket read.
 */
let stacksOff = false;
function stacksOffUntilNextTick(): void {
  if (stacksOff) return;
  stacksOff = true;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  process.nextTick(() => {
    Error.stackTraceLimit = limit;
    stacksOff = false;
  });
}

function errorCode(error: unknown): string | undefined {
  // undici reports some socket errors on `cause`, DNS and connect failures as AggregateErrors.
  // Duck-typed, not `instanceof`: errors from Node's own network code may come from another realm.
  let e: unknown = error;
  for (let depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    const { code, errors, cause } = e as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED') return code;
    e = Array.isArray(errors) && errors.length > 0 ? (errors[0] as unknown) : cause;
  }
  return undefined;
}

export function createUpstream(options: UpstreamOptions): Upstream {
  const base = new URL(options.baseUrl);
  const pathPrefix = base.pathname.replace(/\/+$/, '');
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const { timeoutMs } = options;
  // undici's connect, headers and body timers tick every ~half second and may fire up to a tick
  // early (a 900 ms budget was seen to end after 617 ms), so the call's own timer below is the
  // budget and undici's only a backstop, set a full tick past it.
  const backstopMs = timeoutMs + UNDICI_TIMER_RESOLUTION_MS;
  const reuse = options.reuseHttp1Connections ?? false;
  const https = base.protocol === 'https:';
  // Calls in flight at once on one connection. HTTP/2: many streams (undici's default limit of
  // concurrent streams). HTTP/1.1: one; a connection that carries one call only (`reset`) is never
  // given a second, whatever this says, but one that is reused would pipeline, so it stays at one.
  const pipelining = https && !reuse ? H2_STREAMS : 1;
  const pools = new Map<string, Pool>();
  let closed = false;
  // Made on first use: one per endpoint the client calls, six at most.
  const poolFor = (method: string, path: string): Pool => {
    const key = `${method} ${path}`;
    let pool = pools.get(key);
    if (pool === undefined) {
      // As a closed pool would refuse it, rather than open connections nothing will close.
      if (closed)
        throw new UpstreamTransportError({ kind: 'unavailable', reason: 'UND_ERR_CLOSED' });
      pool = new Pool(base.origin, {
        connections: options.connections,
        pipelining,
        allowH2: https,
        connect: { timeout: backstopMs, ...(options.ca !== undefined && { ca: options.ca }) },
        headersTimeout: backstopMs,
        bodyTimeout: backstopMs,
      });
      pools.set(key, pool);
    }
    return pool;
  };

  function classify(error: Error, setCookie: string[]): Error {
    const parser = parserFailure(error);
    if (parser !== undefined)
      return new UpstreamTransportError({ kind: 'unavailable', reason: parser }, setCookie);
    const code = errorCode(error);
    // No code: an error thrown by the gateway's own handler, a bug to be logged as one.
    if (code === undefined || OWN.has(code)) return error;
    if (TIMEOUT.has(code))
      return new UpstreamTransportError({ kind: 'timeout', timeoutMs }, setCookie);
    return new UpstreamTransportError(
      { kind: 'unavailable', reason: CODE.test(code) ? code : 'unreadable upstream error' },
      setCookie,
    );
  }

  return {
    // undici's dispatch API with a handler of our own: no stream, async iterator or AbortSignal per
    // call (the request API makes a Readable per answer), only the chunks collected.
    call: (request) =>
      new Promise<UpstreamResponse>((resolve, reject) => {
        const pool = poolFor(request.method, request.path);
        let controller: Dispatcher.DispatchController | undefined;
        let settled = false;
        let status = 0;
        let setCookie: string[] = [];
        const chunks: Buffer[] = [];
        let size = 0;
        /** True the first time only: the call settles once, whatever undici reports later. */
        const settle = () => {
          if (settled) return false;
          settled = true;
          clearTimeout(timer);
          return true;
        };
        const fail = (error: Error) => {
          if (settle()) reject(error);
        };
        // One budget for the whole call, connect to last byte, so a slow trickle cannot outlast it.
        const timer = setTimeout(() => {
          fail(new UpstreamTransportError({ kind: 'timeout', timeoutMs }, setCookie));
          controller?.abort(new Error('upstream timeout'));
        }, timeoutMs);
        timer.unref();
        pool.dispatch(
          {
            method: request.method,
            path: pathPrefix + request.path,
            headers: request.headers,
            body: request.body ?? null,
            // HTTP/1.1: `Connection: close`, and the connection is closed once this answer is read.
            reset: !reuse,
          },
          {
            onRequestStart(started) {
              controller = started;
              // Timed out while waiting for a connection: never send it.
              if (settled) started.abort(new Error('upstream timeout'));
            },
            onResponseStart(_controller, statusCode, headers) {
              if (statusCode < 200) return; // 1xx: informational, the answer follows
              status = statusCode;
              const raw = headers['set-cookie'];
              setCookie = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
            },
            onResponseData(current, chunk) {
              size += chunk.length;
              if (size > maxResponseBytes) {
                fail(
                  new UpstreamTransportError(
                    {
                      kind: 'unexpected',
                      status,
                      reason: `response body over ${maxResponseBytes} bytes`,
                    },
                    setCookie,
                  ),
                );
                current.abort(new Error('upstream response too large'));
                return;
              }
              chunks.push(chunk);
            },
            onResponseEnd() {
              if (!reuse) stacksOffUntilNextTick();
              const body =
                chunks.length === 1
                  ? (chunks[0] as Buffer).toString('utf8')
                  : Buffer.concat(chunks, size).toString('utf8');
              if (settle()) resolve({ status, setCookie, body });
            },
            onResponseError(_controller, error) {
              fail(classify(error, setCookie));
            },
          },
        );
      }),
    destroy: async () => {
      closed = true;
      await Promise.all([...pools.values()].map((pool) => pool.destroy()));
    },
  };
}
