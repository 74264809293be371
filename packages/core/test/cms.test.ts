/**
 * CmsClient.easServiceWindow and the metric-name check, against the emulator through the real
 * @alicloud/cms20190101 client: what the traffic shift reads at each step for old and new version.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { AdminClient, Emulator } from '../../emulator/src/index.js';
import type { Invocation } from '../../emulator/src/metrics.js';
import {
  byPeriod,
  cmsClient,
  micros,
  MINUTE,
  pastHour,
  percentileByCount,
  record,
  seeded,
  traffic,
} from '../../emulator/test/cms-support.js';
import { CmsClient, MetricNotFoundError } from '../src/clients/cms.js';
import { jsonAnswer, startScriptedServer, type ScriptedServer } from './support/scripted-server.js';

let emulator: Emulator;
let admin: AdminClient;
let window: number; // start of a 5-minute window in the past
const recorded: Invocation[] = [];

beforeAll(async () => {
  emulator = await Emulator.start();
  admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  window = pastHour(emulator, 2);
  const random = seeded(7);
  recorded.push(
    // Old version: fast and healthy; new version: slower and failing 20 % of the time.
    ...traffic({ service: 'demo_v1', from: window, count: 403, spreadMs: 5 * MINUTE, latencyMs: [5, 40] }, random),
    ...traffic(
      { service: 'demo_v2', from: window, count: 97, spreadMs: 5 * MINUTE, latencyMs: [30, 400], errorShare: 0.2 },
      random,
    ),
    // Just outside the window on both sides: must not be counted.
    ...traffic({ service: 'demo_v2', from: window - MINUTE, count: 50, spreadMs: MINUTE, errorShare: 1 }, random),
    ...traffic({ service: 'demo_v2', from: window + 5 * MINUTE, count: 50, spreadMs: MINUTE, errorShare: 1 }, random),
  );
  record(emulator, recorded);
});

afterAll(async () => {
  await emulator?.stop();
});

function expectedWindow(service: string, start: number, end: number) {
  const inWindow = recorded.filter((i) => i.service === service && i.time >= start && i.time < end);
  const perPeriodP95 = [...byPeriod(inWindow, MINUTE).values()].map((samples) =>
    percentileByCount(samples.map(micros), 95),
  );
  const errors = inWindow.filter((i) => i.status >= 500).length;
  return {
    requests: inWindow.length,
    errors,
    errorRate: errors / inWindow.length,
    p95LatencyMs: Math.max(...perPeriodP95) / 1000,
    qps: inWindow.length / ((end - start) / 1000),
  };
}

describe('easServiceWindow', () => {
  test('old and new version: requests, 5xx, error rate, P95 and QPS of the window match what was served', async () => {
    const cms = cmsClient(emulator);
    for (const service of ['demo_v1', 'demo_v2']) {
      const got = await cms.easServiceWindow({ service, start: window, end: window + 5 * MINUTE });
      const expected = expectedWindow(service, window, window + 5 * MINUTE);
      expect(got).toMatchObject({
        service,
        windowStart: window,
        windowEnd: window + 5 * MINUTE,
        periodSeconds: 60,
        activePeriods: 5,
      });
      expect(got.requests).toBe(expected.requests);
      expect(got.errors).toBe(expected.errors);
      expect(got.errorRate).toBeCloseTo(expected.errorRate, 12);
      expect(got.p95LatencyMs).toBe(expected.p95LatencyMs);
      expect(got.qps).toBeCloseTo(expected.qps, 12);
    }
    const [v1, v2] = await Promise.all(
      ['demo_v1', 'demo_v2'].map((service) =>
        cms.easServiceWindow({ service, start: window, end: window + 5 * MINUTE }),
      ),
    );
    expect(v2!.errorRate).toBeGreaterThan(v1!.errorRate);
    expect(v2!.p95LatencyMs!).toBeGreaterThan(v1!.p95LatencyMs!);
  });

  test('a window between period boundaries is widened to whole periods', async () => {
    const cms = cmsClient(emulator);
    const got = await cms.easServiceWindow({
      service: 'demo_v2',
      start: new Date(window + 10_000),
      end: window + 5 * MINUTE - 5_000,
    });
    expect(got.windowStart).toBe(window);
    expect(got.windowEnd).toBe(window + 5 * MINUTE);
    expect(got.requests).toBe(expectedWindow('demo_v2', window, window + 5 * MINUTE).requests);
  });

  test('a 300 s period reads the window as one period: P95 is then exact for the window', async () => {
    const cms = cmsClient(emulator);
    const got = await cms.easServiceWindow({
      service: 'demo_v2',
      start: window,
      end: window + 5 * MINUTE,
      period: 300,
    });
    const inWindow = recorded.filter(
      (i) => i.service === 'demo_v2' && i.time >= window && i.time < window + 5 * MINUTE,
    );
    expect(got.activePeriods).toBe(1);
    expect(got.requests).toBe(inWindow.length);
    expect(got.p95LatencyMs).toBe(percentileByCount(inWindow.map(micros), 95) / 1000);
  });

  test('a window without traffic: zero requests, no P95', async () => {
    const cms = cmsClient(emulator);
    const got = await cms.easServiceWindow({
      service: 'demo_v1',
      start: window - 60 * MINUTE,
      end: window - 30 * MINUTE,
    });
    expect(got).toMatchObject({
      requests: 0,
      errors: 0,
      errorRate: 0,
      qps: 0,
      activePeriods: 0,
      p95LatencyMs: undefined,
    });
  });
});

describe('metric names are checked once with DescribeMetricMetaList', () => {
  test('a metric that does not exist fails with a message naming it, before any data query', async () => {
    const cms = cmsClient(emulator);
    const since = (await admin.requests()).at(-1)?.seq ?? 0;
    const error = await cms
      .easServiceWindow({
        service: 'demo_v2',
        start: window,
        end: window + MINUTE,
        metricNames: { p95Latency: 'rt_p95' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetricNotFoundError);
    expect(error).toMatchObject({ namespace: 'acs_learn', metricName: 'rt_p95' });
    expect((error as Error).message).toMatch(/no metric "rt_p95" in namespace "acs_learn".*rt_tp95/);
    const actions = (await admin.requests({ product: 'cms', sinceSeq: since })).map((r) => r.action);
    expect(actions).toEqual(['DescribeMetricMetaList']);
  });

  test('a namespace without metrics is named as the problem', async () => {
    const cms = cmsClient(emulator);
    await expect(
      cms.easServiceWindow({ service: 'demo_v2', start: window, end: window + MINUTE, namespace: 'acs_pai_eas' }),
    ).rejects.toThrow(/lists no metrics in namespace "acs_pai_eas"/);
  });

  test('one client asks for the metric list once, however many windows it reads', async () => {
    const cms = cmsClient(emulator);
    const since = (await admin.requests()).at(-1)?.seq ?? 0;
    for (const service of ['demo_v1', 'demo_v2', 'demo_v1'])
      await cms.easServiceWindow({ service, start: window, end: window + MINUTE });
    const actions = (await admin.requests({ product: 'cms', sinceSeq: since })).map((r) => r.action);
    expect(actions.filter((a) => a === 'DescribeMetricMetaList')).toHaveLength(1);
    expect(actions.filter((a) => a === 'DescribeMetricList')).toHaveLength(9);
  });

  test('without permission for DescribeMetricMetaList the check is skipped with a warning', async () => {
    await admin.putPolicy('CmsListOnly', {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['cms:DescribeMetricList'], Resource: ['*'] }],
    });
    const user = await admin.createUser('cms-list-only', ['CmsListOnly']);
    const warnings: string[] = [];
    const cms = cmsClient(emulator, { credentials: user, onWarning: (m) => warnings.push(m) });
    const got = await cms.easServiceWindow({ service: 'demo_v1', start: window, end: window + 5 * MINUTE });
    expect(got.requests).toBe(expectedWindow('demo_v1', window, window + 5 * MINUTE).requests);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('DescribeMetricMetaList');
  });
});

describe('describeMetricListAll against a service that repeats its NextToken', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => {
    await server.close();
  });

  test('fails instead of asking for the same page forever', async () => {
    const point = (timestamp: number) => JSON.stringify([{ timestamp, serviceName: 'demo', Value: 1 }]);
    server.play([
      jsonAnswer(200, { Code: '200', Datapoints: point(0), NextToken: 'page-2', Period: '60', RequestId: 'R1' }),
      // Every later answer hands out the same token again.
      jsonAnswer(200, { Code: '200', Datapoints: point(60_000), NextToken: 'page-2', Period: '60', RequestId: 'R2' }),
    ]);
    const cms = new CmsClient({
      credentials: { accessKeyId: 'test-ak', accessKeySecret: 'test-secret' },
      region: 'cn-hangzhou',
      endpoint: `http://127.0.0.1:${server.port}`,
    });
    await expect(
      cms.describeMetricListAll({
        namespace: 'acs_learn',
        metricName: 'qps_total',
        period: 60,
        startTime: 0,
        endTime: 1,
      }),
    ).rejects.toThrow(/NextToken page-2 came back/);
    expect(server.requests).toHaveLength(2);
  }, 10_000);
});

describe('describeMetricMetaList against a service that leaves out TotalCount', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => {
    await server.close();
  });

  test('keeps paging while the pages are full', async () => {
    const page = (from: number, count: number) =>
      jsonAnswer(200, {
        Code: '200',
        RequestId: `R${from}`,
        Resources: {
          Resource: Array.from({ length: count }, (_, i) => ({ Namespace: 'acs_learn', MetricName: `m${from + i}` })),
        },
      });
    server.play([page(0, 100), page(100, 7)]);
    const cms = new CmsClient({
      credentials: { accessKeyId: 'test-ak', accessKeySecret: 'test-secret' },
      region: 'cn-hangzhou',
      endpoint: `http://127.0.0.1:${server.port}`,
    });
    const metas = await cms.describeMetricMetaList('acs_learn');
    expect(metas.map((m) => m.metricName)).toEqual(Array.from({ length: 107 }, (_, i) => `m${i}`));
    expect(server.requests).toHaveLength(2);
  });
});
