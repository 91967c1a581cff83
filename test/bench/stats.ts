/** The few statistics the benchmark reports, kept pure so they are unit-tested. */

/** The median; NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The nearest-rank percentile (p from 0 to 100) of values sorted in ascending order; NaN for none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export interface LatencySummary {
  p50: number;
  p99: number;
  mean: number;
}

/** p50, p99 and mean of response times (any order; the array is not changed). */
export function summarizeLatencies(latencies: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.length === 0 ? NaN : sum / sorted.length,
  };
}

/** a ÷ b, NaN when b is not a positive number (no ratio to speak of). */
export function ratio(a: number, b: number): number {
  return b > 0 ? a / b : NaN;
}

/** Rounds for display and for the JSON line: `digits` decimals, NaN stays NaN. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
