/**
 * submit-dlc-job's inputs: each bad value fails with one error line naming the input, before any
 * API call. (The submission itself, its re-run idempotency and lineage: training-flow.test.ts.)
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { AdminClient, DEMO_BUCKET, Emulator } from '../../packages/emulator/src/index.js';
import { runAction } from './support/run-action.js';

let emulator: Emulator;
let admin: AdminClient;

beforeAll(async () => {
  emulator = await Emulator.start();
  admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
});
afterAll(async () => {
  await emulator?.stop();
});

const valid = {
  image: 'registry.example.com/train:1',
  command: 'python train.py',
  'instance-type': 'ecs.gn6i-c4g1.xlarge',
  'output-uri': `oss://${DEMO_BUCKET}/models/bad-inputs/`,
};

test.each([
  ['image', { image: '' }, 'is required'],
  ['command', { command: '' }, 'is required'],
  ['output-uri', { 'output-uri': 's3://bucket/x' }, 'oss://'],
  ['workspace-id', { 'workspace-id': 'a b' }, ''],
  ['name', { name: '-starts-with-dash' }, ''],
  ['job-type', { 'job-type': 'pytorchjob' }, 'PyTorchJob'],
  ['workers', { workers: '0' }, 'between 1 and 1000'],
  ['instance-type', { 'instance-type': '' }, 'required unless resource-group'],
  ['resource-config', { 'resource-group': 'quota1' }, 'required with resource-group'],
  ['resource-config', { 'resource-group': 'quota1', 'resource-config': 'CORES=8' }, 'CPU, GPU'],
  ['spot', { spot: 'yes' }, 'true'],
  ['spot-max-restarts', { spot: 'true', 'spot-max-restarts': '101' }, ''],
  ['spot-discount-limit', { spot: 'true', 'spot-discount-limit': '1.5' }, 'at most 1'],
  ['spot-price-limit', { spot: 'true', 'spot-discount-limit': '0.5', 'spot-price-limit': '2' }, 'one limit'],
  ['data-uri', { 'data-uri': 'oss://Bad_Bucket/x' }, ''],
  ['checkpoint-uri', { 'checkpoint-uri': 'oss://b' }, ''],
  ['checkpoint-interval', { 'checkpoint-interval': '30s' }, 'at least 1m'],
  ['envs', { envs: 'NO_EQUALS_SIGN' }, ''],
  ['envs', { envs: 'RESUME_FROM=/x' }, 'the action sets'],
  ['priority', { priority: '10' }, 'between 1 and 9'],
  ['timeout', { timeout: '90' }, 'add a unit'],
  ['role-duration-seconds', { 'role-duration-seconds': '60' }, ''],
  ['oss-endpoint', { 'oss-endpoint': 'ftp://nowhere' }, ''],
])('a bad %s fails with one error line naming it and makes no API call', async (input, inputs, hint) => {
  const before = (await admin.requests()).length;
  const result = await runAction('submit-dlc-job', { emulator, inputs: { ...valid, ...inputs } });
  expect(result.exitCode).toBe(1);
  expect(result.errors).toEqual([expect.stringContaining(`"${input}"`)]);
  expect(result.errors[0]).toContain(hint);
  expect((await admin.requests()).length).toBe(before);
});

test('spot with a checkpoint interval over 20 minutes submits with a warning annotation', async () => {
  const ok = await runAction('submit-dlc-job', {
    emulator,
    inputs: { ...valid, spot: 'true', 'checkpoint-interval': '30m', envs: 'PAI_EMULATOR_SIMULATE=true' },
  });
  expect(ok.errors).toEqual([]);
  expect(ok.exitCode).toBe(0);
  expect(ok.warnings).toEqual(expect.arrayContaining([expect.stringContaining('30m with spot')]));
});
