/**
 * The gate's verdict: each metric against its threshold and against the baseline, pure.
 */
import type { GateMetricResult } from '../lineage.js';
import { formatNumber } from '../summary/markdown.js';
import {
  criteriaMetrics,
  formatLimit,
  formatThreshold,
  meetsThreshold,
  type GateCriteria,
  type RegressionRule,
} from './criteria.js';
import type { Metrics } from './metrics.js';

export interface GateEvaluation {
  passed: boolean;
  results: GateMetricResult[];
  /** Regression checks that could not run (no baseline, or the baseline lacks the metric). */
  unjudged: string[];
}

/**
 * Metrics are decimals written by one program and read by another: 0.92 - 0.91 is
 * 0.010000000000000009, which must not count as a regression beyond 0.01.
 */
const RELATIVE_TOLERANCE = 1e-9;

export function evaluateGate(metrics: Metrics, criteria: GateCriteria, baseline: Metrics | undefined): GateEvaluation {
  const unjudged: string[] = [];
  const results = criteriaMetrics(criteria).map((metric): GateMetricResult => {
    const value = Object.hasOwn(metrics, metric) ? metrics[metric]! : null;
    const threshold = criteria.thresholds.find((t) => t.metric === metric);
    const rule = criteria.regressions.find((r) => r.metric === metric);
    const base = baseline && Object.hasOwn(baseline, metric) ? baseline[metric]! : null;
    const result: GateMetricResult = {
      metric,
      value,
      passed: true,
      ...(threshold ? { threshold: formatThreshold(threshold) } : {}),
      ...(baseline ? { baseline: base } : {}),
      ...(rule ? { maxRegression: formatLimit(rule.limit) } : {}),
    };
    const reasons: string[] = [];
    if (value === null) {
      reasons.push('missing from the metrics');
    } else {
      if (threshold && !meetsThreshold(value, threshold)) {
        reasons.push(`${formatNumber(value)} does not meet ${formatThreshold(threshold)}`);
      }
      if (rule && base !== null) {
        const regression = regressionBeyondLimit(value, base, rule);
        if (regression) reasons.push(regression);
      } else if (rule) {
        unjudged.push(baseline ? `the baseline has no ${metric}` : `no baseline to compare ${metric} with`);
      }
    }
    return reasons.length > 0 ? { ...result, passed: false, reason: reasons.join('; ') } : result;
  });
  return { passed: results.every((result) => result.passed), results, unjudged };
}

/** Why `value` fell further behind `base` than the rule allows, or undefined when it did not. */
export function regressionBeyondLimit(value: number, base: number, rule: RegressionRule): string | undefined {
  const worsening = rule.higherIsBetter ? base - value : value - base;
  const allowed = rule.limit.kind === 'absolute' ? rule.limit.amount : (rule.limit.percent / 100) * Math.abs(base);
  const tolerance = RELATIVE_TOLERANCE * Math.max(1, Math.abs(base), Math.abs(value));
  if (worsening <= allowed + tolerance) return undefined;
  const by =
    rule.limit.kind === 'relative' && base !== 0
      ? `${formatNumber((worsening / Math.abs(base)) * 100, 3)}%`
      : formatNumber(worsening);
  return `${rule.higherIsBetter ? 'fell' : 'rose'} by ${by} from the baseline ${formatNumber(base)} (allowed ${formatLimit(rule.limit)})`;
}
