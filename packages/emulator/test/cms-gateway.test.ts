/**
 * CloudMonitor fed by the real EAS gateway (no direct recording): 2xx, 4xx (no token, bad input)
 * and 5xx answers as clients saw them come back per status class, in the period they were sent.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { CmsClient, MetricDatapoint } from '../../core/src/clients/cms.js';
import { cmsClient, MINUTE } from './cms-support.js';
import { inParallel, predict, putModel, startEas, type EasWorld } from './eas-support.js';

let w: EasWorld;
let cms: CmsClient;

beforeAll(async () => {
  w = await startEas();
  cms = cmsClient(w.emulator);
  const model = await putModel(w.oss, 'models/cms-gateway', {
    weights: [2, -1],
    bias: 1,
    behaviour: { latencyMs: { p50: 20, p95: 60 }, errorRate: 0.25 },
  });
  await w.eas.createService({ Body: { name: 'cms_gw', model_path: model, metadata: { instance: 1 } } });
  await w.admin.advanceClock(25_000);
});

afterAll(async () => {
  await w?.emulator.stop();
});

test('per-class rates and ratios equal the statuses the clients received; rt is in microseconds', async () => {
  const { nowMs } = await w.admin.clock();
  await w.admin.advanceClock(MINUTE - (nowMs % MINUTE) + 50); // a fresh period
  const period = Math.floor((await w.admin.clock()).nowMs / MINUTE) * MINUTE;
  const url = `${w.gateway}/api/predict/cms_gw`;
  const token = (await w.eas.describeService('cms_gw')).AccessToken;

  const good = await inParallel(120, 12, () => predict(url, token, { instances: [[1, 2]] }));
  const noToken = await inParallel(9, 3, () => predict(url, undefined, { instances: [[1, 2]] }));
  const badInput = await inParallel(6, 3, () => predict(url, token, { instances: [[1, 2, 3]] }));
  const statuses = [...good, ...noToken, ...badInput].map((a) => a.status);
  const count = (test: (s: number) => boolean) => statuses.filter(test).length;
  const served = {
    total: statuses.length,
    c2: count((s) => s < 300),
    c4: count((s) => s >= 400 && s < 500),
    c5: count((s) => s >= 500),
  };
  expect(noToken.every((a) => a.status === 401)).toBe(true);
  expect(badInput.every((a) => a.status === 400)).toBe(true);
  expect(served.c5).toBeGreaterThan(0);
  expect(served.c2 + served.c4 + served.c5).toBe(served.total);
  await w.admin.advanceClock(MINUTE); // close the period

  const read = async (metricName: string): Promise<MetricDatapoint> => {
    const points = await cms.describeMetricListAll({
      namespace: 'acs_learn',
      metricName,
      dimensions: [{ serviceName: 'cms_gw' }],
      period: 60,
      startTime: period - MINUTE,
      endTime: period,
    });
    expect(points.map((p) => p.timestamp)).toEqual([period]);
    return points[0]!;
  };
  const rate = async (metricName: string) => Math.round((await read(metricName)).values['Value']! * 60);
  expect(await rate('qps_total')).toBe(served.total);
  expect(await rate('rps_status_2xx')).toBe(served.c2);
  expect(await rate('rps_status_4xx')).toBe(served.c4);
  expect(await rate('rps_status_5xx')).toBe(served.c5);
  expect((await read('rps_status_4xx_ratio')).values['Value']).toBeCloseTo((100 * served.c4) / served.total, 9);
  expect((await read('rps_status_5xx_ratio')).values['Value']).toBeCloseTo((100 * served.c5) / served.total, 9);

  // Rejections (401, 400) take no model time; served requests take tens of ms: in microseconds.
  const rt = (await read('rt')).values;
  expect(rt['Minimum']).toBeLessThan(1_000);
  expect(rt['Maximum']).toBeGreaterThan(20_000);
  const tp95 = (await read('rt_tp95')).values['Value']!;
  const tp99 = (await read('rt_tp99')).values['Value']!;
  expect(rt['Minimum']! <= tp95 && tp95 <= tp99 && tp99 <= rt['Maximum']!).toBe(true);
});
