import type { Action } from '../contract';
import { ACTIONS } from '../contract';

/** How many requests the emulator has received, in all and by operation (control API excluded). */
export interface RequestCountsSnapshot {
  /** Every request, the ones that name no endpoint included. */
  total: number;
  byOperation: Record<Action, number>;
}

/**
 * Request counters, so a test or a benchmark in another process can check how many upstream calls
 * a client made (the gateway: exactly one per GraphQL operation). Counters only: never a header,
 * a body or a credential.
 */
export class RequestCounts {
  private total = 0;
  private readonly byOperation = new Map<Action, number>(ACTIONS.map((op) => [op, 0]));

  count(action: Action | undefined): void {
    this.total++;
    if (action !== undefined) this.byOperation.set(action, (this.byOperation.get(action) ?? 0) + 1);
  }

  snapshot(): RequestCountsSnapshot {
    return {
      total: this.total,
      byOperation: Object.fromEntries(this.byOperation) as Record<Action, number>,
    };
  }
}
