import type { MetricDatapoint } from './cms.js';

/**
 * One EAS service's traffic over a window, from its per-period CloudMonitor series. Pure, so the
 * rollout's judgement can be tested on plain data.
 *
 * - Counts: a per-second rate times the period length, rounded (requests, 5xx).
 * - A period with no datapoint had no traffic (CloudMonitor reports nothing for it).
 * - P95: the largest per-period P95 in the window. Per-period percentiles cannot be merged
 *   exactly; the largest is an upper bound of the window's own P95 (in every period at least 95 %
 *   of the requests were at or below it), so a verdict on it errs on the safe side. It is exact
 *   when the window is one period.
 */
export interface EasWindowSeries {
  requests: MetricDatapoint[];
  serverErrors: MetricDatapoint[];
  p95Latency: MetricDatapoint[];
}

export interface EasWindowSpan {
  /** Epoch ms, period-aligned; the window is [windowStart, windowEnd). */
  windowStart: number;
  windowEnd: number;
  periodSeconds: number;
}

export interface EasServiceWindow extends EasWindowSpan {
  service: string;
  /** Periods in which the service answered at least one request. */
  activePeriods: number;
  requests: number;
  /** 5xx responses. */
  errors: number;
  /** errors / requests; 0 without requests. */
  errorRate: number;
  /** Undefined when the window had no requests. */
  p95LatencyMs: number | undefined;
  /** requests / window length in seconds. */
  qps: number;
}

export function summariseEasWindow(service: string, series: EasWindowSeries, span: EasWindowSpan): EasServiceWindow {
  const count = (points: MetricDatapoint[]) =>
    points.reduce((sum, p) => sum + Math.round(statistic(p) * span.periodSeconds), 0);
  const requests = count(series.requests);
  const errors = count(series.serverErrors);
  const p95s = series.p95Latency.map(statistic);
  const windowSeconds = (span.windowEnd - span.windowStart) / 1000;
  return {
    service,
    ...span,
    activePeriods: series.requests.filter((p) => statistic(p) > 0).length,
    requests,
    errors,
    errorRate: requests > 0 ? errors / requests : 0,
    p95LatencyMs: requests > 0 && p95s.length > 0 ? Math.max(...p95s) / 1000 : undefined,
    qps: windowSeconds > 0 ? requests / windowSeconds : 0,
  };
}

// Rates and percentiles come as `Value`; fall back to `Average` for metrics that only have that.
function statistic(point: MetricDatapoint): number {
  return point.values['Value'] ?? point.values['Average'] ?? 0;
}
