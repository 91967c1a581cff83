import { join } from 'node:path';

/**
 * `node --expose-gc dist-bench/gateway-process.js`: the production build (dist/index.js) unchanged,
 * configured by the environment as usual, plus one IPC message for the benchmark: 'heap' collects
 * garbage and answers the heap in use, so a leak can be told from garbage not yet collected.
 * Test code: never part of the gateway.
 */

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined || process.send === undefined) {
  process.stderr.write('gateway-process.js needs --expose-gc and an IPC channel (fork)\n');
  process.exit(2);
}

export interface HeapReport {
  heapUsed: number;
  rss: number;
}

process.on('message', (message) => {
  if (message !== 'heap') return;
  // Twice: the first pass can leave garbage that only the second frees (weak references, finalizers).
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  process.send?.({ heapUsed, rss } satisfies HeapReport);
});

void import(join(__dirname, '..', 'dist', 'index.js'));
