/**
 * cleanup-versions end to end: its dist bundle as a process against the emulator, whose clock is
 * moved 73 h so retention is judged on the server's time. One group `shop` holds a version for
 * every rule; group `other` serves a model that a deleted version of `shop` also used.
 */
import OSS from 'ali-oss';
import { EasClient } from '../../packages/core/src/clients/eas.js';
import { AdminClient, DEMO_BUCKET, Emulator } from '../../packages/emulator/src/index.js';
import { emulatorClientOptions } from '../../packages/emulator/test/support/client-options.js';
import { findLeaks, knownSecrets } from './support/secrets.js';
import { runAction, type ActionRunResult } from './support/run-action.js';

const HOUR = 3_600_000;

let emulator: Emulator;
let admin: AdminClient;
let eas: EasClient;
let oss: OSS;
const tokens: string[] = [];

interface Version {
  name: string;
  group: string;
  /** Hours before the start of the test (negative: after). */
  deployedHoursAgo: number;
  endedHoursAgo?: number;
  weight: number;
  model: string;
  labels?: Record<string, string>;
}

// Retention 72 h (default), keep 1 (default); the clock then moves 73 h.
const VERSIONS: Version[] = [
  { name: 'shop_a1', group: 'shop', deployedHoursAgo: 300, endedHoursAgo: 10, weight: 0, model: 'runs/s1/model/' },
  {
    name: 'shop_a2',
    group: 'shop',
    deployedHoursAgo: 200,
    endedHoursAgo: 5,
    weight: 0,
    model: 'runs/s2/model/',
    labels: { keep: 'true' },
  },
  { name: 'shop_a3', group: 'shop', deployedHoursAgo: 150, endedHoursAgo: 2, weight: 0, model: 'runs/shared/model/' },
  { name: 'shop_a4', group: 'shop', deployedHoursAgo: 100, endedHoursAgo: 1, weight: 0, model: 'runs/s4/model/' },
  { name: 'shop_a5', group: 'shop', deployedHoursAgo: 50, endedHoursAgo: 1, weight: 0, model: 'runs/s5/model/' },
  {
    name: 'shop_a6',
    group: 'shop',
    deployedHoursAgo: 10,
    weight: 100,
    model: 'runs/s6/model/',
    labels: { 'rollback-target': 'shop_a4' },
  },
  // Stopped carrying traffic 10 h after the test starts: 63 h old once the clock has moved.
  { name: 'shop_a7', group: 'shop', deployedHoursAgo: 60, endedHoursAgo: -10, weight: 0, model: 'runs/s7/model/' },
  { name: 'shop_a8', group: 'shop', deployedHoursAgo: 400, weight: 0, model: 'runs/s8/model/' },
  { name: 'other_b1', group: 'other', deployedHoursAgo: 5, weight: 100, model: 'runs/shared/model/' },
];

const EXPECTED_KEPT = {
  shop_a2: 'labelled keep=true',
  shop_a4: 'rollback target of shop_a6',
  shop_a5: 'newest previous version #1 of the 1 kept',
  shop_a6: 'carries traffic (weight 100)',
  shop_a7: expect.stringMatching(/^out of traffic for 2d15h/),
  shop_a8: 'no traffic-ended-at label; retention cannot be judged',
};

const EXPIRED = /^out of traffic for 3d\d+h.*, past the 3d retention$/;

const modelUri = (key: string) => `oss://${DEMO_BUCKET}/${key}`;
const lineageKey = (model: string) => model.replace(/model\/$/, 'lineage.json');

async function deploy(version: Version, startMs: number): Promise<void> {
  const iso = (hoursAgo: number) => new Date(startMs - hoursAgo * HOUR).toISOString();
  await eas.createService({
    Body: {
      name: version.name,
      model_path: modelUri(version.model),
      metadata: { instance: 1, group: version.group },
    },
    Labels: {
      'managed-by': 'pai-actions',
      'git-sha': `${version.name}0000000`,
      'model-uri': modelUri(version.model),
      'deployed-at': iso(version.deployedHoursAgo),
      ...(version.endedHoursAgo === undefined ? {} : { 'traffic-ended-at': iso(version.endedHoursAgo) }),
      ...version.labels,
    },
  });
  await eas.releaseService(version.name, { Weight: version.weight, TrafficState: 'grouping' });
}

async function putModel(key: string): Promise<void> {
  const model = { format: 'pai-emulator-linear/1', weights: [1], bias: 0 };
  await oss.put(`${key}model.json`, Buffer.from(JSON.stringify(model)));
  await oss.put(`${key}weights/part-0`, Buffer.from('0'));
  await oss.put(lineageKey(key), Buffer.from('{}'));
}

const objectExists = async (key: string) =>
  (await oss.list({ prefix: key, 'max-keys': 1 }, {})).objects?.[0]?.name === key;
const status = async (name: string) => (await eas.findService(name))?.Status ?? 'gone';
const byService = (json: string | undefined) =>
  Object.fromEntries(
    (JSON.parse(json ?? '[]') as { service: string; reason: string }[]).map((d) => [d.service, d.reason]),
  );

const cleanup = (inputs: Record<string, string>) =>
  runAction('cleanup-versions', { emulator, inputs: { 'service-name': 'shop', ...inputs } });

function expectNoLeaks(result: ActionRunResult): void {
  expect(findLeaks(result, knownSecrets(emulator, tokens))).toEqual([]);
}

beforeAll(async () => {
  emulator = await Emulator.start();
  const { credentials, endpoints, adminToken } = emulator.info;
  admin = new AdminClient(endpoints['admin']!, adminToken);
  eas = new EasClient(emulatorClientOptions(emulator, 'eas'));
  oss = new OSS({ ...credentials, endpoint: endpoints['oss']!, bucket: DEMO_BUCKET, region: 'oss-cn-shanghai' });
  const start = (await admin.clock()).nowMs;
  for (const key of new Set(VERSIONS.map((v) => v.model))) await putModel(key);
  for (const version of VERSIONS) await deploy(version, start);
  for (const version of VERSIONS) tokens.push((await eas.describeService(version.name)).AccessToken!);
  await admin.advanceClock(73 * HOUR);
}, 60_000);
afterAll(() => emulator?.stop());

describe('bad input', () => {
  test.each([
    ['service-name', 'Shop-Prod'],
    ['label-selector', 'stage'],
    ['label-selector', 'managed-by=me'],
    ['retention', '72'],
    ['keep', '-1'],
    ['max-deletes', '0'],
    ['dry-run', 'yes'],
    ['delete-artifacts', 'maybe'],
    ['eas-endpoint', 'ftp://nowhere'],
    ['oss-endpoint', 'not a host'],
  ])('%s=%s: one error line naming it, no API call', async (input, value) => {
    const before = (await admin.requests()).length;
    const result = await cleanup({ [input]: value });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([expect.stringContaining(`Input "${input}" has invalid value`)]);
    expect((await admin.requests()).length).toBe(before);
  });

  test('neither service-name nor label-selector: one error line naming service-name', async () => {
    const result = await runAction('cleanup-versions', { emulator, inputs: {} });
    expect(result.errors).toEqual([expect.stringMatching(/^Input "service-name" is required: .*label-selector/)]);
  });
});

describe('after 73 h', () => {
  let dryRun: ActionRunResult;

  test('dry run: reports the plan and deletes nothing', async () => {
    const before = await admin.requests({ product: 'eas' });
    dryRun = await cleanup({ 'dry-run': 'true', 'delete-artifacts': 'true' });
    expect(dryRun.errors).toEqual([]);
    expect(dryRun.exitCode).toBe(0);
    expect(byService(dryRun.outputs['deleted'])).toEqual({
      shop_a1: expect.stringMatching(EXPIRED),
      shop_a3: expect.stringMatching(EXPIRED),
    });
    expect(byService(dryRun.outputs['kept'])).toEqual(EXPECTED_KEPT);
    expect(JSON.parse(dryRun.outputs['deleted-artifacts']!)).toEqual([{ uri: modelUri('runs/s1/model/'), objects: 2 }]);
    expect(dryRun.summary).toContain('dry run: nothing was deleted');
    const calls = (await admin.requests({ product: 'eas', sinceSeq: before.at(-1)?.seq ?? 0 })).map((r) => r.action);
    expect(calls.filter((action) => action !== 'ListServices')).toEqual([]);
    for (const version of VERSIONS) expect(await status(version.name)).toBe('Running');
    expect(await objectExists('runs/s1/model/model.json')).toBe(true);
    expectNoLeaks(dryRun);
  });

  test('max-deletes 1: deletes the longest out of traffic, keeps the other expired one and says so', async () => {
    const result = await cleanup({ 'max-deletes': '1', 'delete-artifacts': 'true' });
    expect(result.exitCode).toBe(0);
    expect(byService(result.outputs['deleted'])).toEqual({ shop_a1: expect.stringMatching(EXPIRED) });
    expect(byService(result.outputs['kept'])['shop_a3']).toMatch(/max-deletes \(1\) was reached/);
    expect(result.warnings).toContainEqual(expect.stringMatching(/^max-deletes \(1\) reached: 1 more version/));
    expect(result.summary).toContain('**max-deletes reached**');
    expect(await status('shop_a1')).toMatch(/^(Deleting|gone)$/);
    expect(await status('shop_a3')).toBe('Running');
    // The unreferenced model went; its lineage.json, beside the model, stays.
    expect(JSON.parse(result.outputs['deleted-artifacts']!)).toEqual([{ uri: modelUri('runs/s1/model/'), objects: 2 }]);
    expect(await objectExists('runs/s1/model/model.json')).toBe(false);
    expect(await objectExists('runs/s1/model/weights/part-0')).toBe(false);
    expect(await objectExists('runs/s1/lineage.json')).toBe(true);
    expectNoLeaks(result);
  });

  test('the rest: deletes exactly the expired versions; a model another group serves stays', async () => {
    await admin.advanceClock(60_000); // shop_a1's delete completes
    const result = await cleanup({ 'delete-artifacts': 'true' });
    expect(result.errors).toEqual([]);
    expect(Object.keys(byService(result.outputs['deleted']))).toEqual(['shop_a3']);
    expect(byService(result.outputs['kept'])).toEqual(EXPECTED_KEPT);
    expect(JSON.parse(result.outputs['deleted-artifacts']!)).toEqual([]);
    expect(result.summary).toMatch(/runs\/shared\/model\/ \| kept \| still used by other_b1/);
    await admin.advanceClock(60_000);
    const remaining = (await eas.listAllServices()).map((s) => s.ServiceName).sort();
    expect(remaining).toEqual(['other_b1', 'shop_a2', 'shop_a4', 'shop_a5', 'shop_a6', 'shop_a7', 'shop_a8']);
    // Every remaining version's model and lineage are intact.
    for (const version of VERSIONS.filter((v) => remaining.includes(v.name))) {
      expect(await objectExists(`${version.model}model.json`)).toBe(true);
      expect(await objectExists(lineageKey(version.model))).toBe(true);
    }
    expectNoLeaks(result);
  });

  test('a label selector across groups touches only managed services that match', async () => {
    const result = await runAction('cleanup-versions', {
      emulator,
      inputs: { 'label-selector': 'keep=true', retention: '0s', keep: '0', 'dry-run': 'true' },
    });
    expect(result.exitCode).toBe(0);
    expect(byService(result.outputs['deleted'])).toEqual({});
    expect(byService(result.outputs['kept'])).toEqual({ shop_a2: 'labelled keep=true' });
    expectNoLeaks(result);
  });
});
