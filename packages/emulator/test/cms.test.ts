/**
 * Emulated CloudMonitor, through the real @alicloud/cms20190101 client (wrapped by CmsClient):
 * EAS metrics computed from recorded gateway invocations, per period, with paging, time formats,
 * errors, RAM and injected throttling.
 */
import * as CmsNs from '@alicloud/cms20190101';
import * as OpenApiNs from '@alicloud/openapi-core';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { defaultExport } from '../../core/src/clients/cjs.js';
import { CmsClient, type MetricDatapoint } from '../../core/src/clients/cms.js';
import { PaiApiError } from '../../core/src/errors.js';
import { AdminClient, Emulator } from '../src/index.js';
import type { Invocation } from '../src/metrics.js';
import { byPeriod, cmsClient, expectedPeriod, MINUTE, pastHour, record, seeded, traffic } from './cms-support.js';

const NS = 'acs_learn';
let emulator: Emulator;
let admin: AdminClient;
let cms: CmsClient;
let hour: number; // start of an hour in the past, all traffic below is placed there
const samplesA: Invocation[] = [];
const samplesB: Invocation[] = [];

beforeAll(async () => {
  emulator = await Emulator.start();
  admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  cms = cmsClient(emulator);
  hour = pastHour(emulator);
  const random = seeded(42);
  // svc_a: busy minute 0, nothing in minute 1, 13 requests in minute 2, one in minute 3.
  samplesA.push(
    ...traffic(
      { service: 'svc_a', from: hour, count: 117, spreadMs: MINUTE, errorShare: 0.1, clientErrorShare: 0.05 },
      random,
    ),
    ...traffic({ service: 'svc_a', from: hour + 2 * MINUTE, count: 13, spreadMs: MINUTE, errorShare: 0.3 }, random),
    ...traffic({ service: 'svc_a', from: hour + 3 * MINUTE, count: 1, spreadMs: MINUTE }, random),
  );
  samplesB.push(
    ...traffic({ service: 'svc_b', from: hour, count: 30, spreadMs: 3 * MINUTE, latencyMs: [1, 9] }, random),
  );
  record(emulator, [...samplesA, ...samplesB]);
});

afterAll(async () => {
  await emulator?.stop();
});

const query = (metricName: string, extra: Partial<Parameters<CmsClient['describeMetricList']>[0]> = {}) => ({
  namespace: NS,
  metricName,
  dimensions: [{ serviceName: 'svc_a' }],
  period: 60,
  startTime: hour - MINUTE, // the range is (start, end]: this includes the period starting at `hour`
  endTime: hour + 10 * MINUTE,
  ...extra,
});

const value = (p: MetricDatapoint) => p.values['Value'];

describe('per-period EAS metrics', () => {
  test('rates, ratios, response times and percentiles match the raw samples; empty periods are omitted', async () => {
    const periods = byPeriod(samplesA, MINUTE);
    const expectedTimestamps = [...periods.keys()].sort((a, b) => a - b);
    expect(expectedTimestamps).toEqual([hour, hour + 2 * MINUTE, hour + 3 * MINUTE]);

    for (const name of [
      'qps_total',
      'rps_status_2xx',
      'rps_status_4xx',
      'rps_status_5xx',
      'rps_status_2xx_ratio',
      'rps_status_4xx_ratio',
      'rps_status_5xx_ratio',
      'rt_tp95',
      'rt_tp99',
    ] as const) {
      const page = await cms.describeMetricList(query(name));
      expect(page.period).toBe(60);
      expect(page.nextToken).toBeUndefined();
      expect(page.datapoints.map((p) => p.timestamp)).toEqual(expectedTimestamps);
      for (const point of page.datapoints) {
        const expected = expectedPeriod(periods.get(point.timestamp)!, 60);
        expect(point.dimensions).toEqual({ userId: emulator.info.accountId, serviceName: 'svc_a' });
        expect(value(point)).toBeCloseTo(expected[name], 9);
      }
    }
    const rt = await cms.describeMetricList(query('rt'));
    for (const point of rt.datapoints) {
      const expected = expectedPeriod(periods.get(point.timestamp)!, 60).rt;
      expect(point.values['Average']).toBeCloseTo(expected.Average, 6);
      expect(point.values['Maximum']).toBe(expected.Maximum);
      expect(point.values['Minimum']).toBe(expected.Minimum);
    }
  });

  test('5xx counts recovered from the rate equal the 503s recorded', async () => {
    const page = await cms.describeMetricList(query('rps_status_5xx'));
    const counted = page.datapoints.reduce((sum, p) => sum + Math.round(value(p)! * 60), 0);
    expect(counted).toBe(samplesA.filter((s) => s.status === 503).length);
    expect(counted).toBeGreaterThan(0);
  });

  test('a 300 s period aggregates five minutes into one point at the period start', async () => {
    const page = await cms.describeMetricList(
      query('qps_total', { period: 300, startTime: hour - 300_000, endTime: hour }),
    );
    expect(page.period).toBe(300);
    expect(page.datapoints).toHaveLength(1);
    expect(page.datapoints[0]!.timestamp).toBe(hour);
    expect(value(page.datapoints[0]!)).toBeCloseTo(samplesA.length / 300, 9);
    const tp95 = await cms.describeMetricList(
      query('rt_tp95', { period: 300, startTime: hour - 300_000, endTime: hour }),
    );
    expect(value(tp95.datapoints[0]!)).toBe(expectedPeriod(samplesA, 300).rt_tp95);
  });

  test('a period that is not a multiple of 60 s is refused', async () => {
    await expect(cms.describeMetricList(query('qps_total', { period: 90 }))).rejects.toMatchObject({
      code: 'InvalidParameter.Period',
      statusCode: 400,
    });
  });
});

describe('periods and ranges', () => {
  test('a request at xx:59.999 and one at the next minute land in different periods', async () => {
    const base = hour + 20 * MINUTE;
    record(emulator, [
      { service: 'svc_edge', time: base + MINUTE - 1, latencyMs: 10, status: 200 },
      { service: 'svc_edge', time: base + MINUTE, latencyMs: 30, status: 500 },
    ]);
    const page = await cms.describeMetricList(
      query('rt', { dimensions: [{ serviceName: 'svc_edge' }], startTime: base - MINUTE, endTime: base + 5 * MINUTE }),
    );
    expect(page.datapoints.map((p) => [p.timestamp, p.values['Maximum']])).toEqual([
      [base, 10_000],
      [base + MINUTE, 30_000],
    ]);
  });

  test('the range is (StartTime, EndTime] on period starts', async () => {
    const base = hour + 20 * MINUTE;
    const edge = (startTime: number, endTime: number) =>
      cms
        .describeMetricList(query('qps_total', { dimensions: [{ serviceName: 'svc_edge' }], startTime, endTime }))
        .then((page) => page.datapoints.map((p) => p.timestamp));
    expect(await edge(base, base + MINUTE)).toEqual([base + MINUTE]);
    expect(await edge(base - 1, base + MINUTE - 1)).toEqual([base]);
    expect(await edge(base - MINUTE, base + MINUTE)).toEqual([base, base + MINUTE]);
  });

  test('"YYYY-MM-DD hh:mm:ss" is read as UTC+8 and gives the same points as epoch ms', async () => {
    const raw = rawSdkClient();
    const utc8 = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    const request = (startTime: string, endTime: string) =>
      raw.describeMetricList(
        new CmsNs.DescribeMetricListRequest({
          namespace: NS,
          metricName: 'qps_total',
          dimensions: JSON.stringify([{ serviceName: 'svc_a' }]),
          period: '60',
          startTime,
          endTime,
        }),
      );
    const formatted = await request(utc8(hour - MINUTE), utc8(hour + 10 * MINUTE));
    const epoch = await request(String(hour - MINUTE), String(hour + 10 * MINUTE));
    expect(typeof formatted.body?.datapoints).toBe('string'); // a JSON string, as the cloud sends it
    expect(formatted.body?.code).toBe('200');
    expect(formatted.body?.success).toBe(true);
    expect(JSON.parse(formatted.body!.datapoints!)).toEqual(JSON.parse(epoch.body!.datapoints!));
    expect(JSON.parse(epoch.body!.datapoints!)).toHaveLength(3);
    // The same wall-clock text meant as UTC is 8 hours later than as UTC+8: read as UTC+8 it
    // points 8 hours before the traffic and finds nothing.
    const asUtc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    const wrongZone = await request(asUtc(hour - MINUTE), asUtc(hour + 10 * MINUTE));
    expect(JSON.parse(wrongZone.body!.datapoints!)).toEqual([]);
  });

  test('StartTime after EndTime, an impossible date and a range over 31 days are refused', async () => {
    await expect(
      cms.describeMetricList(query('qps_total', { startTime: hour, endTime: hour - 1 })),
    ).rejects.toMatchObject({ code: 'InvalidParameter.StartTime' });
    await expect(
      cms.describeMetricList(query('qps_total', { startTime: hour - 32 * 86_400_000, endTime: hour })),
    ).rejects.toMatchObject({ code: 'InvalidParameter.EndTime' });
    const raw = rawSdkClient();
    await expect(
      raw.describeMetricList(
        new CmsNs.DescribeMetricListRequest({
          namespace: NS,
          metricName: 'qps_total',
          startTime: '2024-02-30 00:00:00',
          endTime: '2024-03-02 00:00:00',
        }),
      ),
    ).rejects.toMatchObject({ code: 'InvalidParameter.StartTime', statusCode: 400 });
  });
});

describe('dimensions and paging', () => {
  test('several services in one query, ordered by timestamp then service; another userId selects nothing', async () => {
    const page = await cms.describeMetricList(
      query('qps_total', { dimensions: [{ serviceName: 'svc_b' }, { serviceName: 'svc_a' }] }),
    );
    const keys = page.datapoints.map((p) => [p.timestamp, p.dimensions['serviceName']]);
    const expected = [
      ...[...byPeriod(samplesA, MINUTE).keys()].map((t) => [t, 'svc_a']),
      ...[...byPeriod(samplesB, MINUTE).keys()].map((t) => [t, 'svc_b']),
    ].sort((a, b) => (a[0] as number) - (b[0] as number) || String(a[1]).localeCompare(String(b[1])));
    expect(keys).toEqual(expected);
    const other = await cms.describeMetricList(
      query('qps_total', { dimensions: [{ userId: '1', serviceName: 'svc_a' }] }),
    );
    expect(other.datapoints).toEqual([]);
    const mine = await cms.describeMetricList(
      query('qps_total', { dimensions: [{ userId: emulator.info.accountId, serviceName: 'svc_a' }] }),
    );
    expect(mine.datapoints).toHaveLength(3);
  });

  test('Length pages the points; NextToken continues where the last page ended, and is absent at the end', async () => {
    const both = { dimensions: [{ serviceName: 'svc_a' }, { serviceName: 'svc_b' }] };
    const all = (await cms.describeMetricList(query('qps_total', both))).datapoints;
    expect(all.length).toBe(6);
    const pages: MetricDatapoint[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await cms.describeMetricList(
        query('qps_total', { ...both, length: 4, ...(nextToken ? { nextToken } : {}) }),
      );
      pages.push(page.datapoints);
      nextToken = page.nextToken;
    } while (nextToken);
    expect(pages.map((p) => p.length)).toEqual([4, 2]);
    expect(pages.flat()).toEqual(all);
    expect(await cms.describeMetricListAll(query('qps_total', { ...both, length: 1 }))).toEqual(all);
  });

  test('Length over 1440 and a NextToken from another query are refused', async () => {
    await expect(cms.describeMetricList(query('qps_total', { length: 1441 }))).rejects.toMatchObject({
      code: 'InvalidParameter.Length',
    });
    const first = await cms.describeMetricList(query('qps_total', { length: 1 }));
    expect(first.nextToken).toBeDefined();
    await expect(cms.describeMetricList(query('rt', { length: 1, nextToken: first.nextToken! }))).rejects.toMatchObject(
      {
        code: 'InvalidParameter.NextToken',
      },
    );
  });
});

describe('DescribeMetricLast and DescribeMetricMetaList', () => {
  test('DescribeMetricLast answers the newest point of each service', async () => {
    const page = await cms.describeMetricLast(
      query('qps_total', { dimensions: [{ serviceName: 'svc_a' }, { serviceName: 'svc_b' }] }),
    );
    const lastA = Math.max(...byPeriod(samplesA, MINUTE).keys());
    const lastB = Math.max(...byPeriod(samplesB, MINUTE).keys());
    expect(page.datapoints.map((p) => [p.dimensions['serviceName'], p.timestamp]).sort()).toEqual(
      [
        ['svc_a', lastA],
        ['svc_b', lastB],
      ].sort(),
    );
  });

  test('the metric list names exactly the metrics served, and each one can be queried', async () => {
    const metas = await cms.describeMetricMetaList(NS);
    expect(metas.map((m) => m.metricName).sort()).toEqual(
      [
        'qps_total',
        'rps_status_2xx',
        'rps_status_4xx',
        'rps_status_5xx',
        'rps_status_2xx_ratio',
        'rps_status_4xx_ratio',
        'rps_status_5xx_ratio',
        'rt',
        'rt_tp95',
        'rt_tp99',
      ].sort(),
    );
    for (const meta of metas) {
      expect(meta).toMatchObject({ namespace: NS, dimensions: ['userId', 'serviceName'] });
      expect(meta.unit).not.toBe('');
      expect(meta.description).not.toBe('');
      expect(meta.periods).toContain(60);
      const page = await cms.describeMetricList(query(meta.metricName));
      expect(page.datapoints.length).toBe(3);
      for (const point of page.datapoints)
        expect(Object.keys(point.values).sort()).toEqual([...meta.statistics].sort());
    }
    expect((await cms.describeMetricMetaList(NS, 'rt_tp95')).map((m) => m.unit)).toEqual(['Microsecond']);
    expect(await cms.describeMetricMetaList('acs_ecs_dashboard')).toEqual([]);
  });

  test('an unknown metric answers ResourceNotFound and is not retried', async () => {
    const since = (await admin.requests({ product: 'cms' })).at(-1)?.seq ?? 0;
    const error = await cms.describeMetricList(query('rt_p95')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaiApiError);
    expect(error).toMatchObject({
      code: 'ResourceNotFound',
      statusCode: 404,
      product: 'cms',
      action: 'DescribeMetricList',
    });
    expect((error as PaiApiError).message).toContain('rt_p95');
    expect(await admin.requests({ product: 'cms', sinceSeq: since })).toHaveLength(1);
  });
});

describe('RAM and faults', () => {
  test('a user without cms:DescribeMetricList is refused (403) and not retried', async () => {
    await admin.putPolicy('CmsMetaOnly', {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['cms:DescribeMetricMetaList'], Resource: ['*'] }],
    });
    const user = await admin.createUser('cms-meta-only', ['CmsMetaOnly']);
    const limited = cmsClient(emulator, { credentials: user });
    expect((await limited.describeMetricMetaList(NS)).length).toBeGreaterThan(0);
    const since = (await admin.requests({ product: 'cms' })).at(-1)?.seq ?? 0;
    const error = await limited.describeMetricList(query('qps_total')).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 403, code: 'Forbidden.RAM' });
    expect((error as Error).message).toContain('cms:DescribeMetricList');
    expect(await admin.requests({ product: 'cms', sinceSeq: since })).toHaveLength(1);
  });

  test('throttled twice, then answered: the client retries and returns the data', async () => {
    await admin.injectFault({ product: 'cms', action: 'DescribeMetricList', kind: 'throttle', count: 2 });
    const retries: string[] = [];
    const client = cmsClient(emulator, { onRetry: (info) => retries.push(info.error.code) });
    const page = await client.describeMetricList(query('qps_total'));
    expect(retries).toEqual(['Throttling.User', 'Throttling.User']);
    expect(page.datapoints).toHaveLength(3);
  });
});

type RawCms = InstanceType<typeof CmsNs.default.default>;
function rawSdkClient(): RawCms {
  const Client = defaultExport<typeof CmsNs.default.default>(CmsNs, '@alicloud/cms20190101');
  return new Client(
    new OpenApiNs.$OpenApiUtil.Config({
      accessKeyId: emulator.info.credentials.accessKeyId,
      accessKeySecret: emulator.info.credentials.accessKeySecret,
      endpoint: new URL(emulator.info.endpoints['cms']!).host,
      protocol: 'http',
      regionId: emulator.info.region,
    }),
  );
}
