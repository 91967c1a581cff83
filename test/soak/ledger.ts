/**
 * What the soak saw: every answer by code, the fault windows, and every answer that must not
 * happen. An upstream error is expected only for an operation whose fault was switched on at some
 * moment while its request was in flight; any other is a failure, as is an answer about another
 * caller, or a session still served after its own logout or revocation.
 */

/** The emulator operations, as the fault rules name them. */
export type Operation =
  'getSessionInfo' | 'login' | 'logout' | 'getToken' | 'revokeToken' | 'switchOrg';

interface FaultWindow {
  operation: Operation | '*';
  from: number;
  to: number;
}

export class Ledger {
  requests = 0;
  readonly byCode = new Map<string, number>();
  readonly crossCaller: string[] = [];
  readonly stale: string[] = [];
  readonly unexpected: string[] = [];
  private readonly windows: FaultWindow[] = [];

  /** Called before the rule is set; returns the function to call once it has been removed. */
  faultOn(operation: Operation | '*'): () => void {
    const window: FaultWindow = { operation, from: performance.now(), to: Infinity };
    this.windows.push(window);
    return () => {
      window.to = performance.now();
    };
  }

  /** Time with a fault switched on, in ms, up to now. */
  faultMs(): number {
    const now = performance.now();
    return this.windows.reduce((sum, w) => sum + Math.min(w.to, now) - w.from, 0);
  }

  faultWindows(): number {
    return this.windows.length;
  }

  /**
   * Counts one answer; an upstream error outside any fault of the operations behind it (the calls
   * the gateway made for it) is unexpected.
   */
  answered(
    operations: readonly Operation[],
    code: string,
    from: number,
    to: number,
    caller: string,
  ): void {
    this.requests++;
    this.byCode.set(code, (this.byCode.get(code) ?? 0) + 1);
    if (!code.startsWith('UPSTREAM_')) return;
    const faulted = this.windows.some(
      (w) =>
        (w.operation === '*' || operations.includes(w.operation)) && w.from <= to && w.to >= from,
    );
    if (!faulted)
      this.unexpected.push(
        `${operations.join('+')} answered ${code} at ${Math.round(from)}-${Math.round(to)} ms with no fault ` +
          `on it (faults: ${this.windows.map((w) => `${w.operation} ${Math.round(w.from)}-${Math.round(w.to)}`).join(', ')}): ${caller}`,
      );
  }
}
