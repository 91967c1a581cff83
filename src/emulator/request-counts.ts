import type { Operation } from '../contract';
import { OPERATIONS } from '../contract';

/** How many requests the emulator has received, in all and by operation (control API excluded). */
export interface RequestCountsSnapshot {
  /** Every request, the ones that name no endpoint included. */
  total: number;
  byOperation: Record<Operation, number>;
}

/**
 * Request counters, so a test or a benchmark in another process can check how many upstream calls
 * a client made (the gateway: exactly one per GraphQL operation). Counters only: never a header,
 * a body or a credential.
 */
export class RequestCounts {
  private total = 0;
  private readonly byOperation = new Map<Operation, number>(OPERATIONS.map((op) => [op, 0]));

  count(operation: Operation | undefined): void {
    this.total++;
    if (operation !== undefined)
      this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }

  snapshot(): RequestCountsSnapshot {
    return {
      total: this.total,
      byOperation: Object.fromEntries(this.byOperation) as Record<Operation, number>,
    };
  }
}
