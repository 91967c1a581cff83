import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * What the OS says a process used, from Linux's /proc: CPU time (user + system) and peak resident
 * memory. The parsers are pure; the readers read /proc/<pid>/stat and /proc/<pid>/status.
 */

/** utime + stime, in clock ticks, from the text of /proc/<pid>/stat. */
export function parseCpuTicks(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces and parentheses itself: the
  // fields that follow start after the last ")". utime and stime are fields 14 and 15.
  const after = stat
    .slice(stat.lastIndexOf(')') + 1)
    .trim()
    .split(/\s+/);
  const utime = Number(after[11]);
  const stime = Number(after[12]);
  if (!Number.isSafeInteger(utime) || !Number.isSafeInteger(stime))
    throw new Error('unreadable /proc/<pid>/stat');
  return utime + stime;
}

/** The peak resident set size (VmHWM), in kB, from the text of /proc/<pid>/status. */
export function parseVmHwmKb(status: string): number {
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  if (!match?.[1]) throw new Error('no VmHWM in /proc/<pid>/status');
  return Number(match[1]);
}

/** Clock ticks per second (USER_HZ), almost always 100. */
export function clockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isSafeInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

/** CPU time a process has used so far, in milliseconds. */
export function readCpuMs(pid: number, ticksPerSecond: number): number {
  return (parseCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) * 1000) / ticksPerSecond;
}

/** The most memory a process has had resident so far, in MB (10^6 bytes). */
export function readPeakRssMb(pid: number): number {
  return (parseVmHwmKb(readFileSync(`/proc/${pid}/status`, 'utf8')) * 1024) / 1e6;
}
