import type { Writable } from 'node:stream';
import type { DestinationStream } from 'pino';

/**
 * Where the gateway's log lines go in production: stdout, through a bounded queue that never blocks
 * a request and never holds up the exit. A reader that is slow (or stopped) gets what fits in
 * `maxBytes`; lines beyond it are dropped and counted. A reader that is gone (EPIPE, or any other
 * write error) is noted once on stderr, and from then on lines are dropped and counted while the
 * gateway goes on serving. `flush(ms)` waits, for at most `ms`, for what is queued: the exit path
 * calls it, so shutting down with a stuck reader takes that long and no longer.
 *
 * Why not pino's own asynchronous destination (sonic-boom, `pino.destination({ sync: false,
 * maxLength })`)? It can drop when full, but pino registers a synchronous flush of it at process
 * exit (`flushSync`) that retries every failed write forever, 100 ms apart: a gone reader (EPIPE
 * not yet seen) or a full pipe turns SIGTERM into a process that only SIGKILL ends. And its writes
 * run in libuv's thread pool, where a blocking pipe would park one of the four threads DNS lookups
 * need. Writing through `process.stdout` instead uses Node's own stream for the descriptor: for a
 * pipe or socket, non-blocking writes driven by the event loop, queued in the process (where this
 * module bounds them); for a file, plain synchronous writes, which a file absorbs. (A terminal is
 * written blocking by Node, as for any program.)
 */

export interface LogOutput extends DestinationStream {
  /**
   * Resolves once every queued line is written, the output is broken, or `ms` have passed; lines
   * still queued then are given up, and said so on stderr.
   */
  flush(ms: number): Promise<void>;
}

/** Why a log line was not written: the queue was full, or the output had failed. */
export type DropReason = 'full' | 'broken';

// One stdout per process, so one count per process: metrics.ts reads it with the process metrics.
const dropped: Record<DropReason, number> = { full: 0, broken: 0 };

/** Log lines dropped so far in this process, by reason. */
export function droppedLogLines(): Readonly<Record<DropReason, number>> {
  return { ...dropped };
}

type Out = Pick<NodeJS.WritableStream, 'write' | 'on'> & Pick<Writable, 'cork' | 'uncork'>;

/**
 * The bounded log output over `out` (stdout unless a caller gives another stream), its one note
 * about a failure written with `note` (stderr by default).
 */
export function boundedOutput(
  maxBytes: number,
  out: Out = process.stdout,
  note: (text: string) => void = writeStderr,
): LogOutput {
  let queuedBytes = 0;
  let queuedLines = 0;
  let broken = false;
  let corked = false;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (queuedLines > 0 && !broken) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };
  const fail = (error: unknown) => {
    if (broken) return;
    broken = true;
    const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'error';
    note(
      `log output failed (${code}): log lines are dropped from now on and counted in ` +
        `thoughtspot_gateway_log_lines_dropped_total{reason="broken"}\n`,
    );
    settle();
  };
  out.on('error', fail);

  return {
    write(line: string) {
      if (broken) {
        dropped.broken++;
        return;
      }
      const bytes = Buffer.byteLength(line);
      // A line longer than the whole queue still goes out alone, rather than never.
      if (queuedLines > 0 && queuedBytes + bytes > maxBytes) {
        dropped.full++;
        return;
      }
      queuedBytes += bytes;
      queuedLines++;
      // The lines of one turn of the event loop go out in one write (writev) rather than a
      // system call each.
      if (!corked) {
        corked = true;
        out.cork();
        setImmediate(() => {
          corked = false;
          out.uncork();
        });
      }
      out.write(line, (error?: Error | null) => {
        queuedBytes -= bytes;
        queuedLines--;
        // The lines queued when the output failed are lost with it: counted, each once.
        if (error) {
          dropped.broken++;
          fail(error);
        }
        settle();
      });
    },
    flush(ms: number) {
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((waiter) => waiter !== done);
          note(`log output: ${queuedLines} queued log lines given up after ${ms} ms\n`);
          resolve();
        }, ms);
        waiters.push(done);
        settle();
      });
    },
  };
}

// stderr may be gone with stdout (`2>&1 | reader`): its error must not end the process either.
let stderrGuarded = false;
function writeStderr(text: string): void {
  if (!stderrGuarded) {
    stderrGuarded = true;
    process.stderr.on('error', () => undefined);
  }
  process.stderr.write(text);
}
