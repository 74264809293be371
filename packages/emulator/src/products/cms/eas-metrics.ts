import { mean, nearestRank, type PeriodSummary } from './statistics.js';

/*
 * The PAI-EAS metrics of CloudMonitor (namespace `acs_learn`, dimensions userId + serviceName),
 * computed from the requests the emulated gateway served. Names, units and statistics follow the
 * Alibaba Cloud page "PAI-EAS inference service" (older metric list) as pai-api.md §C records it.
 * The percentile metrics are the exception: the EAS alerting page names them TP95ResponseTime /
 * TP99ResponseTime (display names, like QueryPerSecondTotal for qps_total), but no source gives
 * their MetricName ids. `rt_tp95` / `rt_tp99` are OUR GUESS (rt + the TP suffix the console uses);
 * clients take metric names as inputs and check them with DescribeMetricMetaList.
 */

export const EAS_NAMESPACE = 'acs_learn';
export const EAS_DIMENSIONS = ['userId', 'serviceName'] as const;
/** Periods DescribeMetricMetaList advertises; queries accept any positive multiple of 60 s. */
export const ADVERTISED_PERIODS = [60, 300, 900, 3600] as const;

export type Statistics = Record<string, number>;

export interface MetricDefinition {
  name: string;
  unit: string;
  description: string;
  statistics: readonly string[];
  /** Statistics of one period that had at least one request. */
  compute(summary: PeriodSummary): Statistics;
}

const perSecond = (count: number, s: PeriodSummary) => count / s.periodSeconds;
const percentOf = (count: number, s: PeriodSummary) => (100 * count) / s.requests;

function statusRate(statusClass: 2 | 4 | 5): MetricDefinition {
  return {
    name: `rps_status_${statusClass}xx`,
    unit: 'Count/s',
    description: `Responses with status ${statusClass}xx per second, averaged over the period (ResponsePerSecondWithStatusCode${statusClass}xx)`,
    statistics: ['Value'],
    compute: (s) => ({ Value: perSecond(s.byClass[statusClass], s) }),
  };
}

function statusRatio(statusClass: 2 | 4 | 5): MetricDefinition {
  return {
    name: `rps_status_${statusClass}xx_ratio`,
    unit: '%',
    description: `Share of responses with status ${statusClass}xx among all responses of the period (${statusClass}xxResponseRatio)`,
    statistics: ['Value'],
    compute: (s) => ({ Value: percentOf(s.byClass[statusClass], s) }),
  };
}

function responseTimePercentile(percent: number): MetricDefinition {
  return {
    name: `rt_tp${percent}`,
    unit: 'Microsecond',
    description: `Response time that ${percent} % of the period's requests did not exceed, nearest rank (TP${percent}ResponseTime; metric id unverified)`,
    statistics: ['Value'],
    compute: (s) => ({ Value: nearestRank(s.latenciesUs, percent) }),
  };
}

export const EAS_METRICS: readonly MetricDefinition[] = [
  {
    name: 'qps_total',
    unit: 'Count/s',
    description: 'Requests per second received by the service, averaged over the period (QueryPerSecondTotal)',
    statistics: ['Value'],
    compute: (s) => ({ Value: perSecond(s.requests, s) }),
  },
  statusRate(2),
  statusRate(4),
  statusRate(5),
  statusRatio(2),
  statusRatio(4),
  statusRatio(5),
  {
    name: 'rt',
    unit: 'Microsecond',
    description: 'Response time of the requests of the period (ResponseTime)',
    statistics: ['Average', 'Maximum', 'Minimum'],
    compute: (s) => ({
      Average: mean(s.latenciesUs),
      Maximum: s.latenciesUs[s.latenciesUs.length - 1]!,
      Minimum: s.latenciesUs[0]!,
    }),
  },
  responseTimePercentile(95),
  responseTimePercentile(99),
];

export function findMetric(namespace: string, metricName: string): MetricDefinition | undefined {
  return namespace === EAS_NAMESPACE ? EAS_METRICS.find((m) => m.name === metricName) : undefined;
}
