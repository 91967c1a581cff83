import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { LatencySummary } from './stats';
import { summarizeLatencies } from './stats';

/**
 * The load generator, in a process of its own (forked by run.ts) so its CPU is not the measured
 * server's. One IPC message per run: a fixed number of requests over a number of keep-alive
 * connections, every answer checked (status, exact body), response times kept to the microsecond.
 */

export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  amount: number;
  /** Every response body must be exactly this. */
  expectBody: string;
}

export interface LoadResult {
  /** Responses received. */
  completed: number;
  /** Responses by status code. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  /** Responses whose body was not the expected one. */
  mismatches: number;
  /** The first unexpected body, for the report. */
  mismatchSample?: string;
  /** From the first request sent to the last response received. */
  elapsedMs: number;
  latencyMs: LatencySummary;
}

function run(request: LoadRequest): Promise<LoadResult> {
  const latencies = new Float64Array(request.amount);
  let completed = 0;
  let lastResponseAt = 0;
  let mismatchSample: string | undefined;
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const instance = autocannon(
      {
        url: request.url,
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined && { body: request.body }),
        connections: request.connections,
        amount: request.amount,
        verifyBody: (body) => body === request.expectBody,
        timeout: 10,
        sampleInt: 100,
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        resolve({
          completed,
          statuses: Object.fromEntries(
            Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
          ),
          errors: result.errors,
          mismatches: result.mismatches,
          ...(mismatchSample !== undefined && { mismatchSample }),
          elapsedMs: lastResponseAt - startedAt,
          latencyMs: summarizeLatencies(latencies.subarray(0, Math.min(completed, request.amount))),
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
      if (completed < latencies.length) latencies[completed] = ms;
      completed++;
      lastResponseAt = performance.now();
    });
    instance.on('reqMismatch', (body: string) => {
      mismatchSample ??= body.slice(0, 500);
    });
  });
}

process.on('message', (request: LoadRequest) => {
  run(request).then(
    (result) => process.send?.({ ok: true, result }),
    (error: unknown) => process.send?.({ ok: false, error: String(error) }),
  );
});
