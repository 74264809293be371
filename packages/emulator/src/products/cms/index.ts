import type { EmulatorContext } from '../../context.js';
import { openApiHandler, popFailure, type ApiCall, type OpenApiProduct } from '../../openapi.js';
import type { ProductModule } from '../../product.js';
import { ADVERTISED_PERIODS, EAS_DIMENSIONS, EAS_METRICS, EAS_NAMESPACE, findMetric } from './eas-metrics.js';
import { invalidParameter, metricNotFound } from './errors.js';
import {
  decodeNextToken,
  DEFAULT_LIST_SPAN_MS,
  encodeNextToken,
  parseDimensions,
  parseLength,
  parsePeriod,
  parseRange,
  queryFingerprint,
  required,
  type TimeRange,
} from './query.js';
import { datapoints, latestDatapoints, type Datapoint, type SeriesQuery } from './series.js';

/**
 * CloudMonitor (CMS 2019-01-01, RPC): the metric queries the rollout reads, answering PAI-EAS
 * metrics (namespace acs_learn) computed from the requests the emulated gateway really served.
 * docs/metrics.md describes the semantics; eas-metrics.ts lists the metrics.
 */
export function createCms(ctx: EmulatorContext): ProductModule {
  const spec: OpenApiProduct = {
    product: 'cms',
    version: '2019-01-01',
    style: 'RPC',
    ramPrefix: 'cms',
    routes: [
      { action: 'DescribeMetricList', method: 'POST', path: '/', handle: (call) => describeMetricList(ctx, call) },
      { action: 'DescribeMetricLast', method: 'POST', path: '/', handle: (call) => describeMetricLast(ctx, call) },
      { action: 'DescribeMetricMetaList', method: 'POST', path: '/', handle: (call) => describeMetricMetaList(call) },
    ],
  };
  return { name: 'cms', handler: openApiHandler(spec, ctx), failure: popFailure };
}

function describeMetricList(ctx: EmulatorContext, call: ApiCall) {
  return seriesPage(ctx, call, DEFAULT_LIST_SPAN_MS, datapoints);
}

/**
 * Without StartTime the look-back is 2 h for minute-level periods and 2 days for hour-level ones;
 * with one, the earlier of StartTime and that look-back (the DescribeMetricLast reference).
 */
function describeMetricLast(ctx: EmulatorContext, call: ApiCall) {
  const periodSeconds = parsePeriod(call.input['Period']);
  const lookbackMs = periodSeconds >= 3600 ? 2 * 86_400_000 : 2 * 3_600_000;
  return seriesPage(ctx, call, lookbackMs, latestDatapoints, (range) => ({
    start: Math.min(range.start, range.end - lookbackMs),
    end: range.end,
  }));
}

function seriesPage(
  ctx: EmulatorContext,
  call: ApiCall,
  lookbackMs: number,
  select: (recorder: EmulatorContext['invocations'], query: SeriesQuery) => Datapoint[],
  widen: (range: TimeRange) => TimeRange = (range) => range,
) {
  const { input } = call;
  const namespace = required(input, 'Namespace');
  const metricName = required(input, 'MetricName');
  const periodSeconds = parsePeriod(input['Period']);
  const length = parseLength(input['Length']);
  const filters = parseDimensions(input['Dimensions']);
  const metric = findMetric(namespace, metricName);
  if (!metric) throw metricNotFound(namespace, metricName);
  const fingerprint = queryFingerprint(input);
  const cursor = input['NextToken'] ? decodeNextToken(input['NextToken'], fingerprint) : undefined;
  const range = cursor?.range ?? widen(parseRange(input, call.now, lookbackMs));
  const offset = cursor?.offset ?? 0;

  const points = select(ctx.invocations, { metric, accountId: ctx.ram.accountId, filters, periodSeconds, range });
  const page = points.slice(offset, offset + length);
  const more = offset + length < points.length;
  return {
    Code: '200',
    Success: true,
    Period: String(periodSeconds),
    Datapoints: JSON.stringify(page),
    // The reference: a NextToken means more data; none (null) means everything was returned.
    ...(more ? { NextToken: encodeNextToken({ offset: offset + length, range, query: fingerprint }) } : {}),
  };
}

/** PageNumber / PageSize (default 1 / 30); Labels filters are accepted and not applied. */
function describeMetricMetaList(call: ApiCall) {
  const { input } = call;
  const pageNumber = positiveInteger('PageNumber', input['PageNumber'], 1);
  const pageSize = positiveInteger('PageSize', input['PageSize'], 30);
  const matching = EAS_METRICS.filter(
    (m) =>
      (!input['Namespace'] || input['Namespace'] === EAS_NAMESPACE) &&
      (!input['MetricName'] || input['MetricName'] === m.name),
  );
  const page = matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    Code: '200',
    Success: true,
    TotalCount: String(matching.length),
    Resources: {
      Resource: page.map((m) => ({
        Namespace: EAS_NAMESPACE,
        MetricName: m.name,
        Description: m.description,
        Unit: m.unit,
        Periods: ADVERTISED_PERIODS.join(','),
        Statistics: m.statistics.join(','),
        Dimensions: EAS_DIMENSIONS.join(','),
      })),
    },
  };
}

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw invalidParameter(name, `"${raw}" is not a positive integer`);
  return value;
}
