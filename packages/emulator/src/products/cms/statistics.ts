import type { Invocation } from '../../metrics.js';

/** What one period of one service's gateway traffic boils down to; every EAS metric reads from it. */
export interface PeriodSummary {
  periodSeconds: number;
  requests: number;
  /** Responses per status class: 2 → 2xx, 4 → 4xx, 5 → 5xx (other classes are counted in `requests` only). */
  byClass: Record<2 | 4 | 5, number>;
  /** Response times in whole microseconds, ascending. */
  latenciesUs: number[];
}

export function summarisePeriod(invocations: readonly Invocation[], periodSeconds: number): PeriodSummary {
  const byClass = { 2: 0, 4: 0, 5: 0 };
  const latenciesUs: number[] = [];
  for (const { status, latencyMs } of invocations) {
    const statusClass = Math.floor(status / 100);
    if (statusClass === 2 || statusClass === 4 || statusClass === 5) byClass[statusClass]++;
    latenciesUs.push(Math.round(latencyMs * 1000));
  }
  latenciesUs.sort((a, b) => a - b);
  return { periodSeconds, requests: invocations.length, byClass, latenciesUs };
}

/**
 * Nearest-rank percentile: the value at rank ⌈p/100 × n⌉ (1-based) of the ascending samples, i.e.
 * the smallest sample that at least p % of the samples do not exceed. Always one of the samples,
 * never interpolated. `percent` is an integer 1..100 so the rank is computed without float error.
 */
export function nearestRank(ascending: readonly number[], percent: number): number {
  if (ascending.length === 0) throw new RangeError('no samples');
  if (!Number.isInteger(percent) || percent < 1 || percent > 100)
    throw new RangeError(`percent must be an integer 1..100, got ${percent}`);
  const rank = Math.max(1, Math.ceil((percent * ascending.length) / 100));
  return ascending[rank - 1]!;
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
