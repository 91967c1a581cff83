/**
 * Parsing, validating and starting a GraphQL operation is synchronous CPU work (milliseconds for a
 * large distinct document), and it all runs in the event-loop turn the request arrived in. Under a
 * flood of such requests, every request that arrived together is worked through before the loop
 * reads a socket again, so a health probe or a cheap refusal waits behind all of them (seconds, on
 * two busy cores). Taking turns lets each request's work start in its own turn, one after the other
 * in arrival order: between two of them the loop reads the sockets, answers probes, refuses what is
 * refused before GraphQL, and goes on. Throughput is the same (the work is the same); on an idle
 * gateway the cost is one setImmediate per request.
 */
export function createTurns(): () => Promise<void> {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  const next = () => {
    const start = waiting.shift();
    // Scheduled from within a check-phase callback, the next one runs in the next loop iteration,
    // after the poll phase: that is the point.
    if (waiting.length > 0) setImmediate(next);
    else scheduled = false;
    // The awaiting handler continues in this callback's microtasks, before the next turn.
    start?.();
  };
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!scheduled) {
        scheduled = true;
        setImmediate(next);
      }
    });
}
