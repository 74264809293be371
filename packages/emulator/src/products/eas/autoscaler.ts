import type { AutoscalerRecord } from './records.js';

/**
 * The autoscaler's decision, as a pure function: replicas from QPS per instance, bounded by
 * min/max, with the stabilization windows of the Kubernetes HPA that EAS's `behavior` mirrors
 * (scale out as soon as every recommendation in the scale-up window asks for more; scale in only
 * to the highest recommendation of the scale-down window, 300 s by default: the cooldown) and
 * scale-to-zero after `onZero.scaleDownGracePeriodSeconds` without a request when min is 0.
 */
export interface ScaleInput {
  now: number;
  /** Instances now, ready or starting. */
  current: number;
  /** Requests per second over the whole service, averaged over the measuring window. */
  qps: number;
  lastRequestAt: number | undefined;
  autoscaler: Pick<
    AutoscalerRecord,
    | 'min'
    | 'max'
    | 'strategies'
    | 'scaleUpWindowMs'
    | 'scaleDownWindowMs'
    | 'zeroGraceMs'
    | 'activationReplicas'
    | 'recommendations'
  >;
}

export interface ScaleDecision {
  replicas: number;
  recommendations: AutoscalerRecord['recommendations'];
}

export function decideReplicas(input: ScaleInput): ScaleDecision {
  const { now, current, autoscaler: a } = input;
  const threshold = qpsThreshold(a.strategies);
  let wanted = threshold ? Math.ceil(input.qps / threshold - 1e-9) : current;
  if (a.min === 0) {
    const idle = input.lastRequestAt === undefined || now - input.lastRequestAt >= a.zeroGraceMs;
    wanted = idle ? 0 : Math.max(wanted, Math.min(a.activationReplicas, a.max), 1);
  }
  wanted = clamp(wanted, a.min, a.max);

  const horizon = Math.max(a.scaleUpWindowMs, a.scaleDownWindowMs);
  const recommendations = [...a.recommendations.filter((r) => now - r.at < horizon), { at: now, replicas: wanted }];
  const within = (windowMs: number) => recommendations.filter((r) => now - r.at <= windowMs).map((r) => r.replicas);

  let replicas = current;
  if (wanted > current) replicas = Math.max(current, Math.min(...within(a.scaleUpWindowMs)));
  else if (wanted < current) replicas = Math.min(current, Math.max(...within(a.scaleDownWindowMs)));
  return { replicas: clamp(replicas, a.min, a.max), recommendations };
}

/** The QPS-per-instance target; CPU/GPU strategies are accepted but not emulated. */
export function qpsThreshold(strategies: AutoscalerRecord['strategies']): number | undefined {
  const qps = strategies.find((s) => s.metricName.toLowerCase() === 'qps');
  return qps && qps.threshold > 0 ? qps.threshold : undefined;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
