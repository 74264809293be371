/**
 * Names that are JavaScript object properties (`constructor`, `__proto__`, `toString`…) are ordinary
 * names: objects, metadata, services, groups, labels, RAM users and policies so named are stored,
 * listed and read back like any other, across a restart too (the state file round-trips them).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { AdminClient, DEMO_BUCKET, Emulator } from '../src/index.js';
import { easClient } from './eas-support.js';

const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty/inner', 'valueOf'];

function oss(emulator: Emulator, keys = emulator.info.credentials): OSS {
  const port = new URL(emulator.info.endpoints['oss']!).port;
  return new OSS({
    ...keys,
    bucket: DEMO_BUCKET,
    endpoint: `http://localhost:${port}`,
    sldEnable: true,
    timeout: 10_000,
  } as OSS.Options);
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'property-names-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

test('object-property names are stored, listed and read back, before and after a restart', async () => {
  let emulator = await Emulator.start({ dataDir });
  let userKeys: { accessKeyId: string; accessKeySecret: string };
  try {
    const admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
    const client = oss(emulator);
    for (const key of KEYS) {
      await client.put(key, Buffer.from(`body of ${key}`), {
        meta: Object.fromEntries([
          ['__proto__', 'p'],
          ['constructor', 'c'],
        ]) as Record<string, string>,
      } as OSS.PutObjectOptions);
    }
    // A policy and a user named like properties, the user holding the policy.
    await admin.putPolicy('constructor', {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['oss:GetObject', 'oss:ListObjects'], Resource: '*' }],
    });
    userKeys = await admin.call('POST', '/ram/users', { name: 'toString', policies: ['constructor'] });
    const eas = easClient(emulator);
    await eas.createService({
      Body: { name: 'constructor', metadata: { instance: 1, group: 'hasownproperty' } },
      Labels: Object.fromEntries([
        ['__proto__', 'label-p'],
        ['toString', 'label-t'],
      ]) as Record<string, string>,
    });
    await expectAllThere(emulator, userKeys);
    await admin.call('POST', '/state/flush');
  } finally {
    await emulator.stop();
  }

  emulator = await Emulator.start({ dataDir });
  try {
    await expectAllThere(emulator, userKeys);
  } finally {
    await emulator.stop();
  }
}, 60_000);

async function expectAllThere(emulator: Emulator, userKeys: { accessKeyId: string; accessKeySecret: string }) {
  const client = oss(emulator);
  const listed = (await client.listV2({ 'max-keys': '1000' }, {})).objects?.map((o) => o.name) ?? [];
  expect(listed).toEqual(expect.arrayContaining(KEYS));
  for (const key of KEYS) {
    const got = await client.get(key);
    expect(got.content.toString()).toBe(`body of ${key}`);
    // ali-oss builds head().meta as a plain object (losing `__proto__`): read the headers themselves.
    const headers = (await client.head(key)).res.headers as Record<string, string>;
    expect([headers['x-oss-meta-__proto__'], headers['x-oss-meta-constructor']]).toEqual(['p', 'c']);
  }
  // The user named toString, holding the policy named constructor, reads with its own keys.
  expect((await oss(emulator, userKeys).get('constructor')).content.toString()).toBe('body of constructor');

  const eas = easClient(emulator);
  const service = await eas.describeService('constructor');
  expect(service.ServiceName).toBe('constructor');
  const labels = Object.fromEntries((service.Labels ?? []).map((l) => [l.LabelKey, l.LabelValue]));
  expect(Object.keys(labels).sort()).toEqual(['__proto__', 'toString']);
  expect((await eas.listServices()).Services.map((s) => s.ServiceName)).toContain('constructor');
  expect((await eas.describeGroup('hasownproperty')).Name).toBe('hasownproperty');
}
