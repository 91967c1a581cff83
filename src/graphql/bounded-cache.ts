import type { CacheBounds } from '../config';

/**
 * A least-recently-used map bounded both by entry count and by the bytes its entries are said to
 * keep, the size given by the caller with each entry. Apollo Server's own cache sizes an entry by
 * its JSON, which misses most of what a parsed document keeps on the heap; here the caller, who
 * knows what an entry holds, says what it costs.
 */
export class BoundedCache<V> {
  // A Map iterates in insertion order: re-inserting on each hit keeps the least recently used first.
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private heldBytes = 0;

  constructor(private readonly bounds: CacheBounds) {}

  get size(): number {
    return this.entries.size;
  }

  /** The sum of the entries' sizes. */
  get bytes(): number {
    return this.heldBytes;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value`, evicting the least recently used entries over a bound; one alone over it is not kept. */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.bounds.maxBytes || this.bounds.maxEntries === 0) return;
    this.entries.set(key, { value, bytes });
    this.heldBytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.heldBytes <= this.bounds.maxBytes && this.entries.size <= this.bounds.maxEntries)
        break;
      this.entries.delete(oldest);
      this.heldBytes -= entry.bytes;
    }
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.heldBytes -= entry.bytes;
    return true;
  }
}
