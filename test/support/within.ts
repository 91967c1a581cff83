/**
 * Fails if `promise` has not settled after `ms`: a generous bound for "promptly" (a close or an exit
 * that must not wait for a hung request), never a performance measurement.
 */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`${what} took longer than ${ms} ms`));
      }, ms);
    }),
  ]).finally(() => {
    clearTimeout(timer);
  });
}
