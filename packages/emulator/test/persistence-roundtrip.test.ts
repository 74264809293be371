/**
 * Every product names what it changes: after a workload across all of them (OSS, RAM, STS, the
 * OIDC issuer, EAS with its lifecycle and autoscaler, DLC jobs that run, finish, stop and go), the
 * state on disk is exactly the state in memory. A change made without `changed(...)` for its
 * record would live in memory only and show up here as a difference.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import OSS from 'ali-oss';
import { AdminClient, DEMO_BUCKET, Emulator, ROLES } from '../src/index.js';
import { StateStore } from '../src/store.js';
import { jobRequest, pollUntil } from './dlc-support.js';
import { easClient } from './eas-support.js';
import { AssumeRoleRequest, idToken, roleArn, stsClient } from './sts-support.js';
import { DlcClient } from '../../core/src/clients/dlc.js';
import { emulatorClientOptions } from './support/client-options.js';

const SLICES = ['oss', 'ram', 'eas', 'dlc', 'oidc', 'seed', 'tls'];
const dataDir = mkdtempSync(join(tmpdir(), 'pai-emulator-roundtrip-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test('after a workload across every product, the state on disk equals the state in memory', async () => {
  const emulator = await Emulator.start({ dataDir });
  const { credentials, endpoints, adminToken, region } = emulator.info;
  const admin = new AdminClient(endpoints['admin']!, adminToken);
  try {
    const oss = new OSS({ ...credentials, endpoint: endpoints['oss']!, bucket: DEMO_BUCKET, region: `oss-${region}` });
    await oss.put(
      'a/model.json',
      Buffer.from(JSON.stringify({ format: 'pai-emulator-linear/1', weights: [1], bias: 0 })),
    );
    await oss.put('a/gone', Buffer.from('soon deleted'));
    await oss.copy('a/copy', 'a/gone');
    await oss.delete('a/gone');

    const user = await admin.createUser('roundtrip', ['AdministratorAccess']);
    await stsClient(emulator, user).assumeRole(
      new AssumeRoleRequest({ roleArn: roleArn(emulator, ROLES.deployer), roleSessionName: 'roundtrip' }),
    );
    await idToken(admin, { repository: 'acme/models', ref: 'refs/heads/main' });

    const eas = easClient(emulator);
    const modelPath = `oss://${DEMO_BUCKET}/a/`;
    await eas.createService({ Body: { name: 'rt_blue', model_path: modelPath, metadata: { group: 'rt_group' } } });
    await eas.createService({ Body: { name: 'rt_gone', model_path: modelPath } });
    await admin.advanceClock(60_000);
    await eas.updateService('rt_blue', { Body: { metadata: { instance: 2 } } });
    await eas.releaseService('rt_blue', { Weight: 40 });
    await eas.updateServiceLabel('rt_blue', { Labels: { stage: 'canary' } });
    await eas.createServiceAutoScaler('rt_blue', {
      min: 1,
      max: 3,
      scaleStrategies: [{ metricName: 'qps', threshold: 10 }],
    });
    await eas.deleteService('rt_gone');
    await admin.call('PUT', '/eas/services/rt_blue/behaviour', { errorRate: 0.1 });
    await admin.advanceClock(120_000); // updates, the delete and autoscaler ticks settle
    await eas.listServices();

    const dlc = new DlcClient(emulatorClientOptions(emulator, 'dlc'));
    await admin.call('POST', '/dlc/config', { phaseMs: { Creating: 10, Queuing: 10, EnvPreparing: 10 } });
    const simulated = {
      PAI_EMULATOR_SIMULATE: 'true',
      PAI_EMULATOR_TOTAL_STEPS: '20',
      PAI_EMULATOR_STEPS_PER_SECOND: '1000',
    };
    const finishing = (await dlc.createJob(jobRequest('rt-done', 'python train.py', simulated))).JobId;
    const stopped = (
      await dlc.createJob(
        jobRequest('rt-stop', 'python train.py', { ...simulated, PAI_EMULATOR_TOTAL_STEPS: '1000000000' }),
      )
    ).JobId;
    const deleted = (await dlc.createJob(jobRequest('rt-gone', 'python train.py', simulated))).JobId;
    await pollUntil(
      () => Promise.all([finishing, deleted].map((id) => dlc.getJob(id))),
      (jobs) => jobs.every((j) => j.Status === 'Succeeded'),
    );
    await dlc.stopJob(stopped);
    await pollUntil(
      () => dlc.getJob(stopped),
      (job) => job.Status === 'Stopped',
    );
    await dlc.deleteJob(deleted);
  } finally {
    await emulator.stop();
  }

  const inMemory = snapshot(emulator.context.store);
  const reopened = new StateStore(dataDir);
  try {
    expect(snapshot(reopened)).toEqual(inMemory);
  } finally {
    await reopened.close();
  }
  // The workload did reach every slice (else the comparison shows less than it says).
  expect(Object.keys((inMemory['eas'] as { services: object }).services)).toEqual(['rt_blue']);
  expect(Object.keys((inMemory['dlc'] as { jobs: object }).jobs)).toHaveLength(2);
}, 60_000);

/** The slices as JSON sees them: what was on disk before LMDB and what a client could observe. */
function snapshot(store: StateStore): Record<string, unknown> {
  return Object.fromEntries(
    SLICES.map((name) => [name, JSON.parse(JSON.stringify(store.slice(name, () => ({})))) as unknown]),
  );
}
