/**
 * Where CloudMonitor keeps PAI-EAS metrics, and the metric ids the rollout reads by default. In
 * a module of their own so an action can name the defaults without loading the CloudMonitor SDK.
 */
export const DEFAULT_EAS_NAMESPACE = 'acs_learn';
export interface EasMetricNames {
  /** Requests per second (statistic Value). */
  requests: string;
  /** 5xx responses per second (statistic Value). */
  serverErrors: string;
  /** 95th percentile response time in microseconds (statistic Value). The real id is unverified. */
  p95Latency: string;
}
export const DEFAULT_EAS_METRICS: Readonly<EasMetricNames> = Object.freeze({
  requests: 'qps_total',
  serverErrors: 'rps_status_5xx',
  p95Latency: 'rt_tp95',
});
