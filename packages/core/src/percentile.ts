/**
 * Nearest-rank percentile, the definition the emulated CloudMonitor uses for its TP metrics: the
 * value at rank ⌈p/100 × n⌉ (1-based) of the samples in ascending order, i.e. the smallest sample
 * that at least p % of the samples do not exceed. Never interpolated. For comparing what a client
 * measured with what CloudMonitor reports.
 * @param percent integer 1..100 (the rank is computed in integers, free of float error)
 */
export function nearestRankPercentile(samples: readonly number[], percent: number): number {
  if (samples.length === 0) throw new RangeError('nearestRankPercentile: no samples');
  if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
    throw new RangeError(`nearestRankPercentile: percent must be an integer 1..100, got ${percent}`);
  }
  const ascending = [...samples].sort((a, b) => a - b);
  return ascending[Math.ceil((percent * ascending.length) / 100) - 1]!;
}
