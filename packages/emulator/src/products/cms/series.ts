import type { Invocation, InvocationRecorder } from '../../metrics.js';
import type { MetricDefinition } from './eas-metrics.js';
import type { DimensionFilter, TimeRange } from './query.js';
import { summarisePeriod } from './statistics.js';

/**
 * Datapoints of one EAS metric, computed from the gateway's invocation records.
 *
 * - A datapoint aggregates the period [timestamp, timestamp + Period); timestamps are period starts,
 *   aligned to multiples of Period since the epoch.
 * - A datapoint is returned when StartTime < timestamp <= EndTime (the reference's left-open,
 *   right-closed range). The current, unfinished period is served with what has arrived so far.
 * - A period in which a service received no request has no datapoint (nothing was reported):
 *   callers treat a missing period as zero traffic, not as zero latency.
 * - Order: by timestamp, then by service name.
 */
export interface Datapoint {
  timestamp: number;
  userId: string;
  serviceName: string;
  /** Average / Maximum / Minimum / Value, as the metric defines. */
  [statistic: string]: number | string;
}

export interface SeriesQuery {
  metric: MetricDefinition;
  accountId: string;
  filters: DimensionFilter[];
  periodSeconds: number;
  range: TimeRange;
}

export function datapoints(recorder: InvocationRecorder, query: SeriesQuery): Datapoint[] {
  const periodMs = query.periodSeconds * 1000;
  const first = Math.floor(query.range.start / periodMs) * periodMs + periodMs;
  const last = Math.floor(query.range.end / periodMs) * periodMs;
  const points: Datapoint[] = [];
  if (last < first) return points;
  for (const serviceName of selectServices(recorder, query.accountId, query.filters)) {
    for (const [timestamp, invocations] of bucket(recorder.between(serviceName, first, last + periodMs), periodMs)) {
      const statistics = query.metric.compute(summarisePeriod(invocations, query.periodSeconds));
      points.push({ timestamp, userId: query.accountId, serviceName, ...statistics });
    }
  }
  return points.sort((a, b) => a.timestamp - b.timestamp || compare(a.serviceName, b.serviceName));
}

/** The newest datapoint of each service within the range (DescribeMetricLast). */
export function latestDatapoints(recorder: InvocationRecorder, query: SeriesQuery): Datapoint[] {
  const newest = new Map<string, Datapoint>();
  for (const point of datapoints(recorder, query)) newest.set(point.serviceName, point);
  return [...newest.values()].sort((a, b) => a.timestamp - b.timestamp || compare(a.serviceName, b.serviceName));
}

/**
 * Services the dimension filters select. acs_learn knows the dimensions userId and serviceName:
 * a filter naming another account, or a dimension acs_learn does not have, selects nothing.
 */
function selectServices(recorder: InvocationRecorder, accountId: string, filters: DimensionFilter[]): string[] {
  const all = recorder.services();
  if (filters.length === 0) return [...all].sort(compare);
  const selected = new Set<string>();
  for (const filter of filters) {
    if (Object.keys(filter).some((key) => key !== 'userId' && key !== 'serviceName')) continue;
    if (filter['userId'] !== undefined && filter['userId'] !== accountId) continue;
    const service = filter['serviceName'];
    for (const name of service === undefined ? all : all.filter((s) => s === service)) selected.add(name);
  }
  return [...selected];
}

function bucket(invocations: Invocation[], periodMs: number): Map<number, Invocation[]> {
  const buckets = new Map<number, Invocation[]>();
  for (const invocation of invocations) {
    const start = Math.floor(invocation.time / periodMs) * periodMs;
    let list = buckets.get(start);
    if (!list) buckets.set(start, (list = []));
    list.push(invocation);
  }
  return buckets;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
