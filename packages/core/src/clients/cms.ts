/**
 * CloudMonitor (CMS 2019-01-01) through the official @alicloud/cms20190101 client, as it is: the
 * metric queries the rollout reads, each through the shared retry policy, with the Datapoints
 * JSON string parsed into typed points. docs/metrics.md describes the EAS metrics and semantics.
 */
import * as CmsNs from '@alicloud/cms20190101';
import * as $dara from '@darabonba/typescript';
import { PaiApiError } from '../errors.js';
import { withRetry } from '../retry.js';
import { defaultExport } from './cjs.js';
import { summariseEasWindow, type EasServiceWindow, type EasWindowSeries } from './cms-window.js';
import { openApiConfig } from './openapi-config.js';
import type { ClientOptions } from './types.js';

export * from './cms-window.js';

type CmsClientClass = typeof CmsNs.default.default;
const Client = defaultExport<CmsClientClass>(CmsNs, '@alicloud/cms20190101');
// Request models are named exports; inside an ncc bundle they may sit on the default object instead.
const models = (
  (CmsNs as unknown as { DescribeMetricListRequest?: unknown }).DescribeMetricListRequest
    ? CmsNs
    : (CmsNs as unknown as { default: typeof CmsNs }).default
) as typeof CmsNs;

export const CMS_PRODUCT = 'cms';
export const cmsEndpointHost = (region: string) => `metrics.${region}.aliyuncs.com`;

/** Where CloudMonitor keeps PAI-EAS metrics, and the metric ids the rollout reads by default. */
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

export interface CmsClientOptions extends ClientOptions {
  /** Told when a check had to be skipped (e.g. DescribeMetricMetaList not allowed). */
  onWarning?: (message: string) => void;
}

export type TimeInput = number | Date;

export interface MetricQuery {
  namespace: string;
  metricName: string;
  /** One map per resource, e.g. `[{ serviceName: 'demo_v2' }]`; userId is filled in by the cloud. */
  dimensions?: Record<string, string>[];
  /** Seconds; acs_learn wants a multiple of 60. */
  period: number;
  /** The range is (startTime, endTime] on datapoint timestamps (the reference's left-open, right-closed). */
  startTime: TimeInput;
  endTime: TimeInput;
  /** Points per page, at most 1440. */
  length?: number;
  nextToken?: string;
}

export interface MetricDatapoint {
  /** Epoch ms. */
  timestamp: number;
  /** The point's dimension values (userId, serviceName, …). */
  dimensions: Record<string, string>;
  /** Statistics by name: Average, Maximum, Minimum, Value, … */
  values: Record<string, number>;
}

export interface MetricPage {
  period: number;
  datapoints: MetricDatapoint[];
  /** Present when more points follow. */
  nextToken?: string;
}

export interface MetricMeta {
  namespace: string;
  metricName: string;
  description: string;
  unit: string;
  periods: number[];
  statistics: string[];
  dimensions: string[];
}

export interface EasWindowQuery {
  service: string;
  start: TimeInput;
  end: TimeInput;
  /** Seconds, default 60. */
  period?: number;
  namespace?: string;
  metricNames?: Partial<EasMetricNames>;
}

/** A metric the configuration names that CloudMonitor does not list. */
export class MetricNotFoundError extends Error {
  override readonly name = 'MetricNotFoundError';

  constructor(
    readonly namespace: string,
    readonly metricName: string,
    readonly available: string[],
  ) {
    super(
      available.length === 0
        ? `CloudMonitor lists no metrics in namespace "${namespace}" (wanted "${metricName}"): check the namespace.`
        : `CloudMonitor has no metric "${metricName}" in namespace "${namespace}"; DescribeMetricMetaList lists: ${available.join(', ')}. Set the metric name to one of these.`,
    );
  }
}

const META_PAGE_SIZE = 100;
const MAX_META_PAGES = 100;

export class CmsClient {
  private readonly client: InstanceType<CmsClientClass>;
  private readonly metaByNamespace = new Map<string, Promise<Map<string, MetricMeta> | undefined>>();

  constructor(private readonly options: CmsClientOptions) {
    this.client = new Client(openApiConfig(options, cmsEndpointHost(options.region)));
  }

  /** One page of datapoints. */
  async describeMetricList(query: MetricQuery): Promise<MetricPage> {
    const request = new models.DescribeMetricListRequest(metricRequestFields(query));
    const body = await this.call('DescribeMetricList', async () => {
      const response = await this.client.describeMetricListWithOptions(request, this.runtime());
      this.options.onResponse?.(response.headers ?? {});
      return response.body;
    });
    return toPage(body, query.period);
  }

  /** Every datapoint of the query, following NextToken to the end. */
  async describeMetricListAll(query: Omit<MetricQuery, 'nextToken'>): Promise<MetricDatapoint[]> {
    const points: MetricDatapoint[] = [];
    const seenTokens = new Set<string>();
    let nextToken: string | undefined;
    do {
      const page = await this.describeMetricList({ ...query, ...(nextToken ? { nextToken } : {}) });
      points.push(...page.datapoints);
      nextToken = page.nextToken;
      // A server that hands out the same token twice would keep us reading forever.
      if (nextToken && seenTokens.has(nextToken)) {
        throw new PaiApiError({
          code: 'InvalidResponse',
          message: `NextToken ${nextToken} came back a second time; the listing would never end`,
          product: CMS_PRODUCT,
          action: 'DescribeMetricList',
        });
      }
      if (nextToken) seenTokens.add(nextToken);
    } while (nextToken);
    return points;
  }

  /** The newest datapoint of each resource. */
  async describeMetricLast(query: MetricQuery): Promise<MetricPage> {
    const request = new models.DescribeMetricLastRequest(metricRequestFields(query));
    const body = await this.call('DescribeMetricLast', async () => {
      const response = await this.client.describeMetricLastWithOptions(request, this.runtime());
      this.options.onResponse?.(response.headers ?? {});
      return response.body;
    });
    return toPage(body, query.period);
  }

  /** The metrics CloudMonitor knows in a namespace (all pages). */
  async describeMetricMetaList(namespace: string, metricName?: string): Promise<MetricMeta[]> {
    const metas: MetricMeta[] = [];
    // The page cap only guards against a server that ignores PageNumber.
    for (let pageNumber = 1; pageNumber <= MAX_META_PAGES; pageNumber++) {
      const request = new models.DescribeMetricMetaListRequest({
        namespace,
        ...(metricName ? { metricName } : {}),
        pageNumber,
        pageSize: META_PAGE_SIZE,
      });
      const body = await this.call('DescribeMetricMetaList', async () => {
        const response = await this.client.describeMetricMetaListWithOptions(request, this.runtime());
        this.options.onResponse?.(response.headers ?? {});
        return response.body;
      });
      const resources = body?.resources?.resource ?? [];
      metas.push(...resources.map(toMeta));
      // Without TotalCount only a short page says the listing is done.
      const total = body?.totalCount === undefined ? Number.NaN : Number(body.totalCount);
      if (resources.length < META_PAGE_SIZE || metas.length >= total) return metas;
    }
    return metas;
  }

  /**
   * Fails with MetricNotFoundError when a name is not listed in the namespace. Asks once per
   * namespace and client. When DescribeMetricMetaList is not allowed (403), the check is skipped
   * with a warning: the queries themselves will still fail on a wrong name.
   */
  async requireMetrics(namespace: string, metricNames: string[]): Promise<void> {
    let known = this.metaByNamespace.get(namespace);
    if (!known) {
      known = this.loadMetas(namespace);
      this.metaByNamespace.set(namespace, known);
      known.catch(() => this.metaByNamespace.delete(namespace));
    }
    const metas = await known;
    if (!metas) return;
    for (const name of metricNames) {
      if (!metas.has(name)) throw new MetricNotFoundError(namespace, name, [...metas.keys()]);
    }
  }

  /**
   * Requests, 5xx errors, error rate, P95 latency and QPS of one EAS service over a window, read
   * from CloudMonitor. The window is widened to whole periods; see cms-window.ts for how the
   * periods are combined.
   */
  async easServiceWindow(query: EasWindowQuery): Promise<EasServiceWindow> {
    const namespace = query.namespace ?? DEFAULT_EAS_NAMESPACE;
    const names = { ...DEFAULT_EAS_METRICS, ...query.metricNames };
    const period = query.period ?? 60;
    await this.requireMetrics(namespace, [names.requests, names.serverErrors, names.p95Latency]);
    const periodMs = period * 1000;
    const windowStart = Math.floor(toEpochMs(query.start) / periodMs) * periodMs;
    const windowEnd = Math.ceil(toEpochMs(query.end) / periodMs) * periodMs;
    if (!(windowEnd > windowStart)) throw new RangeError('easServiceWindow: end must be later than start');
    // Ask one period wider on the left and filter here: correct whether the cloud treats
    // StartTime/EndTime as (start, end] (its reference) or as [start, end).
    const read = (metricName: string) =>
      this.describeMetricListAll({
        namespace,
        metricName,
        dimensions: [{ serviceName: query.service }],
        period,
        startTime: windowStart - periodMs,
        endTime: windowEnd,
      }).then((points) =>
        points.filter(
          (p) => p.timestamp >= windowStart && p.timestamp < windowEnd && p.dimensions['serviceName'] === query.service,
        ),
      );
    const [requests, serverErrors, p95Latency] = await Promise.all([
      read(names.requests),
      read(names.serverErrors),
      read(names.p95Latency),
    ]);
    const series: EasWindowSeries = { requests, serverErrors, p95Latency };
    return summariseEasWindow(query.service, series, { windowStart, windowEnd, periodSeconds: period });
  }

  private async loadMetas(namespace: string): Promise<Map<string, MetricMeta> | undefined> {
    try {
      return new Map((await this.describeMetricMetaList(namespace)).map((m) => [m.metricName, m]));
    } catch (error) {
      if (error instanceof PaiApiError && error.statusCode === 403) {
        this.options.onWarning?.(
          `Could not check CloudMonitor metric names in "${namespace}" (DescribeMetricMetaList: ${error.code}); continuing without the check.`,
        );
        return undefined;
      }
      throw error;
    }
  }

  private runtime() {
    const timeout = this.options.timeoutMs ?? 30_000;
    return new $dara.RuntimeOptions({ readTimeout: timeout, connectTimeout: 10_000 });
  }

  private call<T extends ResultBody | undefined>(action: string, send: () => Promise<T>): Promise<T> {
    return withRetry(
      async () => {
        const body = await send();
        failOnReportedError(body, action);
        return body;
      },
      {
        product: CMS_PRODUCT,
        action,
        idempotent: true,
        ...(this.options.retryPolicy ? { policy: this.options.retryPolicy } : {}),
        ...(this.options.onRetry ? { onRetry: this.options.onRetry } : {}),
      },
    );
  }
}

interface ResultBody {
  code?: string;
  success?: boolean;
  message?: string;
  requestId?: string;
}

// CMS can carry a failure in a 200 answer's body (Code other than "200", Success false).
function failOnReportedError(body: ResultBody | undefined, action: string): void {
  if (!body)
    throw new PaiApiError({ code: 'InvalidResponse', message: 'empty response body', product: CMS_PRODUCT, action });
  const failed = body.success === false || (body.code !== undefined && body.code !== '200');
  if (!failed) return;
  const code = body.code ?? 'Unknown';
  throw new PaiApiError({
    code,
    message: body.message ?? 'CloudMonitor reported a failure without a message',
    product: CMS_PRODUCT,
    action,
    ...(body.requestId ? { requestId: body.requestId } : {}),
    ...(/^\d{3}$/.test(code) ? { statusCode: Number(code) } : {}),
  });
}

function metricRequestFields(query: MetricQuery) {
  return {
    namespace: query.namespace,
    metricName: query.metricName,
    period: String(query.period),
    startTime: String(toEpochMs(query.startTime)),
    endTime: String(toEpochMs(query.endTime)),
    ...(query.dimensions && query.dimensions.length > 0 ? { dimensions: JSON.stringify(query.dimensions) } : {}),
    ...(query.length !== undefined ? { length: String(query.length) } : {}),
    ...(query.nextToken ? { nextToken: query.nextToken } : {}),
  };
}

function toEpochMs(time: TimeInput): number {
  const ms = time instanceof Date ? time.getTime() : time;
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid time: ${String(time)}`);
  return Math.floor(ms);
}

function toPage(
  body: { datapoints?: string; period?: string; nextToken?: string } | undefined,
  askedPeriod: number,
): MetricPage {
  return {
    period: body?.period ? Number(body.period) : askedPeriod,
    datapoints: parseDatapoints(body?.datapoints),
    ...(body?.nextToken ? { nextToken: body.nextToken } : {}),
  };
}

/** Datapoints arrive as a JSON string: numbers are statistics, strings are dimension values. */
export function parseDatapoints(raw: string | undefined): MetricDatapoint[] {
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new PaiApiError({
      code: 'InvalidResponse',
      message: `Datapoints is not JSON: ${(error as Error).message}`,
      product: CMS_PRODUCT,
    });
  }
  if (!Array.isArray(parsed)) {
    throw new PaiApiError({ code: 'InvalidResponse', message: 'Datapoints is not a JSON array', product: CMS_PRODUCT });
  }
  return parsed.map((item: unknown) => {
    const fields = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
    const point: MetricDatapoint = { timestamp: Number(fields['timestamp']), dimensions: {}, values: {} };
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'timestamp') continue;
      if (typeof value === 'number') point.values[key] = value;
      else if (typeof value === 'string') point.dimensions[key] = value;
    }
    return point;
  });
}

function toMeta(resource: {
  namespace?: string;
  metricName?: string;
  description?: string;
  unit?: string;
  periods?: string;
  statistics?: string;
  dimensions?: string;
}): MetricMeta {
  const list = (value: string | undefined) =>
    (value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    namespace: resource.namespace ?? '',
    metricName: resource.metricName ?? '',
    description: resource.description ?? '',
    unit: resource.unit ?? '',
    periods: list(resource.periods).map(Number).filter(Number.isFinite),
    statistics: list(resource.statistics),
    dimensions: list(resource.dimensions),
  };
}
