/**
 * EAS state lives in the emulator's state store: services, versions, tokens, groups and weights
 * survive a restart from the same data dir, and the restarted gateway serves the same model.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import OSS from 'ali-oss';
import { AdminClient, DEMO_BUCKET, Emulator } from '../src/index.js';
import { easClient, expected, predict, putModel, type Linear } from './eas-support.js';

const dataDir = mkdtempSync(join(tmpdir(), 'pai-emulator-eas-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test('a Running service, its token, versions, group and weight come back after a restart', async () => {
  const model: Linear = { weights: [3, 1], bias: -2, behaviour: { latencyMs: { p50: 0, p95: 0 } } };
  const first = await Emulator.start({ dataDir });
  const { credentials, endpoints } = first.info;
  const oss = new OSS({ ...credentials, endpoint: endpoints['oss']!, bucket: DEMO_BUCKET, region: 'oss-cn-shanghai' });
  const path = await putModel(oss, 'models/persist', model);
  const eas = easClient(first);
  await eas.createService({ Body: { name: 'demo_persist', model_path: path, metadata: { group: 'demo' } } });
  await eas.updateService('demo_persist', { Body: { metadata: { instance: 2 } } });
  await eas.releaseService('demo_persist', { Weight: 30 });
  await eas.updateGroup('demo', { TrafficMode: 'customized' });
  await new AdminClient(endpoints['admin']!, first.info.adminToken).advanceClock(60_000);
  const before = await eas.describeService('demo_persist');
  expect(before.Status).toBe('Running');
  await first.stop();

  const second = await Emulator.start({ dataDir });
  try {
    const again = easClient(second);
    const after = await again.describeService('demo_persist');
    expect(after).toMatchObject({
      Status: 'Running',
      AccessToken: before.AccessToken,
      ServiceId: before.ServiceId,
      CurrentVersion: 2,
      LatestVersion: 2,
      Weight: 30,
      RunningInstance: 2,
    });
    expect((await again.describeGroup('demo')).TrafficMode).toBe('customized');
    const answer = await predict(`${second.info.endpoints['gateway']}/api/predict/demo_persist`, after.AccessToken, {
      instances: [[1, 1]],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.predictions).toEqual(expected(model, [[1, 1]]));
  } finally {
    await second.stop();
  }
});
