/** The part of autocannon 9's programmatic API the benchmark uses (it ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Options {
      url: string;
      connections: number;
      /** Requests to make in all; overrides duration. */
      amount?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      /** A response whose body this does not accept counts as a mismatch. */
      verifyBody?: (body: string) => boolean;
      /** Seconds before a request counts as timed out. */
      timeout?: number;
      /** Milliseconds between samples (and before the result, once done). */
      sampleInt?: number;
    }

    interface Result {
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
    }

    interface Instance extends EventEmitter {
      stop(): void;
    }
  }

  function autocannon(
    options: autocannon.Options,
    done: (error: Error | null, result: autocannon.Result) => void,
  ): autocannon.Instance;

  export = autocannon;
}
