/**
 * A bad version really is bad, and CloudMonitor sees what the clients saw: two services, one
 * made slow and failing through the admin behaviour override, real gateway traffic measured
 * client-side, then the same numbers read back through CmsClient (the real cms20190101 client).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { CmsClient } from '../../core/src/clients/cms.js';
import { inParallel, percentile, predict, putModel, startEas, type EasWorld } from './eas-support.js';

let w: EasWorld;
let cms: CmsClient;

beforeAll(async () => {
  w = await startEas();
  cms = new CmsClient({
    credentials: w.emulator.info.credentials,
    region: w.emulator.info.region,
    endpoint: w.emulator.info.endpoints['cms'],
    retryPolicy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });
  const model = await putModel(w.oss, 'models/cms', {
    weights: [1, 1],
    bias: 0,
    behaviour: { latencyMs: { p50: 40, p95: 100 }, errorRate: 0 },
  });
  for (const name of ['cms_good', 'cms_bad']) {
    await w.eas.createService({ Body: { name, model_path: model, metadata: { instance: 1 } } });
  }
  await w.admin.advanceClock(25_000);
});

afterAll(async () => {
  await w?.emulator.stop();
});

test('a version made slow and failing through the admin API is slow and failing, and CloudMonitor agrees with the clients', async () => {
  const override = await w.admin.call<{ effective: unknown }>('PUT', '/eas/services/cms_bad/behaviour', {
    latencyMs: { p50: 200, p95: 500 },
    errorRate: 0.2,
  });
  expect(override.effective).toEqual({ latencyMs: { p50: 200, p95: 500 }, errorRate: 0.2 });

  // Start on a fresh minute so each service's traffic falls in one CloudMonitor period.
  const { nowMs } = await w.admin.clock();
  await w.admin.advanceClock(60_000 - (nowMs % 60_000) + 50);
  const start = (await w.admin.clock()).nowMs;

  const measured: Record<string, { latencies: number[]; errors: number }> = {};
  for (const name of ['cms_good', 'cms_bad']) {
    const token = (await w.eas.describeService(name)).AccessToken;
    const answers = await inParallel(200, 20, () =>
      predict(`${w.gateway}/api/predict/${name}`, token, { instances: [[1, 2]] }),
    );
    expect(answers.every((a) => a.status === 200 || a.status === 500)).toBe(true);
    measured[name] = { latencies: answers.map((a) => a.ms), errors: answers.filter((a) => a.status >= 500).length };
  }
  const good = measured['cms_good']!;
  const bad = measured['cms_bad']!;
  expect(good.errors).toBe(0);
  expect(bad.errors).toBeGreaterThan(20); // 20 % of 200, seeded
  expect(bad.errors).toBeLessThan(60);

  await w.admin.advanceClock(61_000); // close the period
  const p95: Record<string, number> = {};
  for (const [name, seen] of Object.entries(measured)) {
    const window = await cms.easServiceWindow({ service: name, start, end: start + 60_000 });
    expect(window.requests).toBe(200);
    expect(window.errors).toBe(seen.errors);
    // CloudMonitor has the emulated latency, which every client waited at least: a lower bound
    // only, since what a busy machine adds on top is no property of the emulator.
    expect(window.p95LatencyMs).toBeDefined();
    expect(window.p95LatencyMs!).toBeLessThanOrEqual(percentile(seen.latencies, 95) + 1);
    p95[name] = window.p95LatencyMs!;
  }
  // Emulated P95s are 500 ms and 100 ms (seeded draws from the behaviour's distribution).
  expect(p95['cms_good']!).toBeLessThan(150);
  expect(p95['cms_bad']!).toBeGreaterThan(350);

  await w.admin.call('DELETE', '/eas/services/cms_bad/behaviour');
  expect((await w.admin.call<{ effective: unknown }>('GET', '/eas/services/cms_bad/behaviour')).effective).toEqual({
    latencyMs: { p50: 40, p95: 100 },
    errorRate: 0,
  });
});
