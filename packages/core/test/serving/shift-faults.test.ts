/**
 * A revert must hold under faults: shiftTraffic in-process with the real EAS and CloudMonitor
 * clients against the emulator, a slow new version judged on the shift's own synthetic load,
 * and ReleaseService failing just as the revert begins. Retried, the revert lands; when it
 * cannot land, the shift fails loudly with the weights as they are.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals';
import { ServerClock } from '../../src/action/server-clock.js';
import { CmsClient } from '../../src/clients/cms.js';
import { EasClient } from '../../src/clients/eas.js';
import type { ClientOptions } from '../../src/clients/types.js';
import { shiftTraffic, type ShiftRequest } from '../../src/serving/shift.js';
import { putModel, startEas, type EasWorld } from '../../../emulator/test/eas-support.js';
import { emulatorClientOptions } from '../../../emulator/test/support/client-options.js';

let w: EasWorld;
let clock: ServerClock;
let eas: EasClient;
let cms: CmsClient;
const logs: string[] = [];
const reporter = {
  info: (m: string) => logs.push(m),
  warning: (m: string) => logs.push(`warning: ${m}`),
  secret: () => {},
};

beforeAll(async () => {
  w = await startEas();
  await w.admin.setClockSpeed(30);
});
afterAll(async () => {
  await w?.emulator.stop();
});
beforeEach(() => {
  logs.length = 0;
  clock = new ServerClock();
  const options = (product: string): ClientOptions => ({
    ...emulatorClientOptions(w.emulator, product),
    onResponse: (headers) => clock.observe(headers['date']),
  });
  eas = new EasClient(options('eas'));
  cms = new CmsClient(options('cms'));
});

async function slowCanary(group: string): Promise<{ old: string; new: string }> {
  const model = (p95: number) =>
    putModel(w.oss, `models/${group}/${p95}`, {
      weights: [1],
      bias: 0,
      behaviour: { latencyMs: { p50: p95 / 2.5, p95 }, errorRate: 0 },
    });
  const [oldModel, newModel] = await Promise.all([model(50), model(150)]);
  const old = `${group}_aaaaaaa`;
  const next = `${group}_bbbbbbb`;
  await eas.createService({ Body: { name: old, model_path: oldModel, metadata: { instance: 1, group } } });
  await eas.updateGroup(group, { TrafficMode: 'customized' });
  await eas.releaseService(old, { Weight: 100 });
  await eas.createService({ Body: { name: next, model_path: newModel, metadata: { instance: 1, group } } });
  await eas.releaseService(next, { Weight: 0 });
  await w.admin.advanceClock(25_000);
  return { old, new: next };
}

const request = (group: string, next: string): ShiftRequest => ({
  group,
  new: next,
  plan: {
    steps: [10, 100],
    bakeMs: 60_000,
    finalBakeMs: 0,
    minRequests: 20,
    onLowTraffic: 'revert',
    lowTrafficWaitMs: 600_000,
    extendByMs: 60_000,
    limits: { maxP95IncreasePercent: 50, maxErrorRatePercent: 1 },
  },
  metrics: { periodSeconds: 60 },
  load: { rps: 5, body: '{"instances":[[1]]}' },
  holder: { runId: '42', runAttempt: 1 },
  runUrl: () => 'https://github.com/o/r/actions/runs/42/attempts/1',
});

/** Fails ReleaseService with `spec` once the first step's weights are in place (mid-bake, before the revert). */
async function failReleasesOnceStepped(service: string, spec: { count?: number }): Promise<void> {
  while ((await eas.describeService(service)).Weight !== 10) await new Promise((resolve) => setTimeout(resolve, 50));
  await w.admin.injectFault({ product: 'eas', action: 'ReleaseService', kind: 'error', status: 503, ...spec });
}

const weights = async (versions: { old: string; new: string }) => ({
  old: (await eas.describeService(versions.old)).Weight,
  new: (await eas.describeService(versions.new)).Weight,
});

test('ReleaseService failing as the revert begins is retried until the old version holds all traffic', async () => {
  const versions = await slowCanary('faults_retry');
  const faults = failReleasesOnceStepped(versions.new, { count: 3 });
  const report = await shiftTraffic({ eas, cms, clock }, request('faults_retry', versions.new), reporter);
  await faults;
  await w.admin.clearFaults();

  expect(report.result).toBe('reverted');
  expect(report.reason).toMatch(/^step 1\/2 \(10 %\): P95 [\d.]+ ms > limit/);
  expect(await weights(versions)).toEqual({ old: 100, new: 0 });
  const failed = (await w.admin.requests({ product: 'eas', action: 'ReleaseService' })).filter((r) => r.status === 503);
  expect(failed).toHaveLength(3);
}, 150_000);

test('a revert that cannot be applied fails loudly with the weights as they are, and keeps the lock for the post step to clear', async () => {
  const versions = await slowCanary('faults_stuck');
  const faults = failReleasesOnceStepped(versions.new, {});
  const shift = shiftTraffic({ eas, cms, clock }, request('faults_stuck', versions.new), reporter);
  await expect(shift).rejects.toThrow(
    /^REVERT FAILED: could not set faults_stuck_bbbbbbb to weight 0 and faults_stuck_aaaaaaa to weight 100 \(.*503.*\)\. Weights now: faults_stuck_bbbbbbb weight 10, faults_stuck_aaaaaaa weight 90\./,
  );
  await faults;
  await w.admin.clearFaults();
  expect(await weights(versions)).toEqual({ old: 90, new: 10 });
  expect(logs.filter((line) => line.startsWith('warning: Revert attempt'))).toHaveLength(3);
  for (const service of [versions.old, versions.new]) {
    const labels = (await eas.describeService(service)).Labels ?? [];
    expect(labels.find((l) => l.LabelKey === 'shift-lock')?.LabelValue).toMatch(/^42\.1@/);
  }
}, 150_000);

test('a shift that fails mid-bake reverts and marks the new version traffic-ended, so cleanup can retire it', async () => {
  const versions = await slowCanary('faults_cms');
  const stepped = (async () => {
    while ((await eas.describeService(versions.new)).Weight !== 10) await new Promise((r) => setTimeout(r, 50));
    await w.admin.injectFault({ product: 'cms', action: 'DescribeMetricList', kind: 'error', status: 500 });
  })();
  const shift = shiftTraffic({ eas, cms, clock }, request('faults_cms', versions.new), reporter);
  await expect(shift).rejects.toThrow(/InternalError|500/);
  await stepped;
  await w.admin.clearFaults();
  expect(await weights(versions)).toEqual({ old: 100, new: 0 });
  const labels = (await eas.describeService(versions.new)).Labels ?? [];
  expect(Date.parse(labels.find((l) => l.LabelKey === 'traffic-ended-at')?.LabelValue ?? '')).toBeGreaterThan(0);
}, 150_000);
