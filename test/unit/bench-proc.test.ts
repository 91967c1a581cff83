import { readCpuMs, readPeakRssMb, parseCpuTicks, parseVmHwmKb } from '../bench/proc';

// /proc/<pid>/stat of a process whose name holds a space and parentheses; utime 1234, stime 56.
const STAT =
  '4242 (node (x) y) S 1 4242 4242 0 -1 4194304 5000 0 0 0 1234 56 0 0 20 0 11 0 98765 1234567 8910 ' +
  '18446744073709551615 1 1 0 0 0 0 0 4096 134234626 0 0 0 17 1 0 0 0 0 0';

const STATUS = [
  'Name:\tnode',
  'VmPeak:\t 1100000 kB',
  'VmSize:\t 1000000 kB',
  'VmHWM:\t  123456 kB',
  'VmRSS:\t  100000 kB',
  'Threads:\t11',
].join('\n');

describe('/proc parsing', () => {
  it('reads utime + stime after the command name, whatever it holds', () => {
    expect(parseCpuTicks(STAT)).toBe(1290);
  });

  it('refuses a stat line it cannot read', () => {
    expect(() => parseCpuTicks('4242 (node) S 1 2')).toThrow('unreadable /proc/<pid>/stat');
  });

  it('reads VmHWM, not VmPeak or VmRSS', () => {
    expect(parseVmHwmKb(STATUS)).toBe(123456);
    expect(() => parseVmHwmKb('Name:\tnode\nVmRSS:\t 1 kB')).toThrow('no VmHWM');
  });

  it('reads this very process', () => {
    const before = readCpuMs(process.pid, 100);
    let spin = 0;
    const until = Date.now() + 60;
    while (Date.now() < until) spin++;
    expect(spin).toBeGreaterThan(0);
    expect(readCpuMs(process.pid, 100)).toBeGreaterThan(before);
    const rssMb = (process.memoryUsage().rss * 1) / 1e6;
    // The peak is at least what is resident now (the two are read a moment apart, so allow 5%).
    expect(readPeakRssMb(process.pid)).toBeGreaterThanOrEqual(rssMb * 0.95);
  });
});
