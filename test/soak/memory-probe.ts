/**
 * Preloaded into the gateway process by the soak (`node --expose-gc -r memory-probe.js
 * dist/index.js`): answers "memory" over the IPC channel with the process's memory usage after a
 * full collection, so heap and RSS can be compared at moments the soak chooses. Changes nothing
 * else in the process, and never keeps it alive.
 */
const collect = (globalThis as { gc?: () => void }).gc;

process.on('message', (message: unknown) => {
  if (message !== 'memory' || !process.send) return;
  // Twice: the first pass runs finalizers that free more for the second.
  collect?.();
  collect?.();
  process.send({ ...process.memoryUsage(), collected: collect !== undefined });
});
process.channel?.unref();
