/**
 * Fault matrix row for cleanup-versions. Every cell cleans a group of its own that holds one
 * version for every reason to keep (serving, its rollback target, keep=true, 71 h out of traffic)
 * and three versions 80 h out of traffic, one of which shares its model with the keep version.
 * The emulator's clock runs 100 h ahead of the runner's: retention is judged on the server's.
 * Whatever the fault, nothing kept is deleted, no kept version's model is removed, and a re-run
 * finishes the job.
 */
import { rmSync } from 'node:fs';
import { EasClient } from '../../packages/core/src/clients/eas.js';
import { OssClient } from '../../packages/core/src/oss.js';
import { LABELS } from '../../packages/core/src/serving/labels.js';
import { DEMO_BUCKET, Emulator } from '../../packages/emulator/src/index.js';
import { emulatorClientOptions } from '../../packages/emulator/test/support/client-options.js';
import { emulatorEnv, runAction, type ActionRunResult } from '../actions/support/run-action.js';
import { findLeaks } from '../actions/support/secrets.js';
import { cell, faultMatrix, notApplicable } from './support/matrix.js';
import {
  adminOf,
  expectOneClearError,
  expectSuccess,
  expectUntouched,
  faulted,
  logMark,
  poisonProducts,
  restartWhen,
  startDurableEmulator,
  untilLogged,
} from './support/serving-faults.js';

const HOUR = 3_600_000;

interface CleanupWorld {
  emulator: Emulator;
  admin: ReturnType<typeof adminOf>;
  eas: EasClient;
  oss: OssClient;
}

async function cleanupWorld(emulator: Emulator, advance = true): Promise<CleanupWorld> {
  const admin = adminOf(emulator);
  // Deletes finish at once, so a second delete of the same version meets NotFound.
  await admin.call('PUT', '/eas/timings', { deleteMs: 0 });
  if (advance) await admin.advanceClock(100 * HOUR);
  return {
    emulator,
    admin,
    eas: new EasClient(emulatorClientOptions(emulator, 'eas')),
    oss: new OssClient(emulatorClientOptions(emulator, 'oss')),
  };
}

let world: CleanupWorld;
beforeAll(async () => {
  world = await cleanupWorld(await Emulator.start());
}, 60_000);
afterAll(() => world?.emulator.stop());
afterEach(() => world?.admin.clearFaults());

/** The versions of a cell's group, and which of them are due. */
const KEPT = ['serving', 'target', 'keep', 'recent'] as const;
const DUE = ['old1', 'old2', 'old3'] as const;
const name = (group: string, version: string) => `${group}_${version}`;
const modelOf = (group: string, version: string) =>
  `oss://${DEMO_BUCKET}/runs/${group}/${version === 'old1' ? 'keep' : version}/model`;

async function retiredGroup(w: CleanupWorld, group: string): Promise<string> {
  const now = (await w.admin.clock()).nowMs;
  const iso = (hoursAgo: number) => new Date(now - hoursAgo * HOUR).toISOString();
  const versions: [string, number, Record<string, string>][] = [
    ['serving', 100, { [LABELS.rollbackTarget]: name(group, 'target') }],
    ['target', 0, { [LABELS.trafficEndedAt]: iso(100) }],
    ['keep', 0, { [LABELS.trafficEndedAt]: iso(100), [LABELS.keep]: 'true' }],
    ['recent', 0, { [LABELS.trafficEndedAt]: iso(71) }],
    ...DUE.map((v): [string, number, Record<string, string>] => [v, 0, { [LABELS.trafficEndedAt]: iso(80) }]),
  ];
  for (const [version, weight, labels] of versions) {
    const model = modelOf(group, version);
    if (version !== 'old1') {
      await w.oss.putJson(`${model}/model.json`, { format: 'pai-emulator-linear/1', weights: [1], bias: 0 });
      await w.oss.putJson(`${model}/weights/part-0.json`, [0]);
    }
    await w.eas.createService({
      Body: { name: name(group, version), model_path: `${model}/`, metadata: { instance: 1, group } },
      Labels: {
        [LABELS.managedBy]: 'pai-actions',
        [LABELS.gitSha]: `${version}`.padEnd(40, '0'),
        [LABELS.modelUri]: `${model}/`,
        [LABELS.deployedAt]: iso(200),
        ...labels,
      },
    });
    await w.eas.releaseService(name(group, version), { Weight: weight, TrafficState: 'grouping' });
  }
  return group;
}

const cleanup = (
  w: CleanupWorld,
  group: string,
  options: {
    inputs?: Record<string, string>;
    onSpawn?: (c: import('node:child_process').ChildProcess) => void;
    scan?: boolean;
  } = {},
) =>
  runAction('cleanup-versions', {
    // Without the emulator, runAction skips its secret scan (a restart cell scans once it is back up).
    ...(options.scan === false ? { env: emulatorEnv(w.emulator, 'demo') } : { emulator: w.emulator }),
    inputs: {
      'service-name': group,
      keep: '0',
      'delete-artifacts': 'true',
      'request-timeout': '5s',
      ...options.inputs,
    },
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
  });

/** What no fault may touch: every kept version (not being deleted) and every kept version's model. */
async function expectProtected(w: CleanupWorld, group: string): Promise<void> {
  for (const version of KEPT) {
    const status = (await w.eas.findService(name(group, version)))?.Status ?? 'gone';
    expect([version, ['gone', 'Deleting', 'Terminating'].includes(status)]).toEqual([version, false]);
    expect([version, await w.oss.exists(`${modelOf(group, version)}/model.json`)]).toEqual([version, true]);
  }
  expect((await w.eas.describeService(name(group, 'serving'))).Weight).toBe(100);
}

/** The job done: the due versions gone and their own models with them; everything else kept. */
async function expectCleaned(w: CleanupWorld, group: string, models = true): Promise<void> {
  await expectProtected(w, group);
  for (const version of DUE)
    expect([version, await w.eas.findService(name(group, version))]).toEqual([version, undefined]);
  if (models) {
    for (const version of ['old2', 'old3'])
      expect([version, await w.oss.exists(`${modelOf(group, version)}/model.json`)]).toEqual([version, false]);
  }
}

function expectReport(result: ActionRunResult, group: string, deleted: readonly string[] = DUE): void {
  expectSuccess(result);
  const services = (json: string | undefined) =>
    (JSON.parse(json ?? '[]') as { service: string }[]).map((d) => d.service).sort();
  expect(services(result.outputs['deleted'])).toEqual(deleted.map((v) => name(group, v)).sort());
  expect(services(result.outputs['kept'])).toEqual(KEPT.map((v) => name(group, v)).sort());
}

let untouchedRun: Promise<{ result: ActionRunResult; since: number; group: string }> | undefined;
function cleanupWithoutDlcOrCms() {
  untouchedRun ??= (async () => {
    const group = await retiredGroup(world, 'cv_untouched');
    const since = await logMark(world.admin);
    await poisonProducts(world.admin, ['dlc', 'cms']);
    const result = await cleanup(world, group);
    await world.admin.clearFaults();
    return { result, since, group };
  })();
  return untouchedRun;
}

const faultsLeft = async (w: CleanupWorld) => (await w.admin.call<{ faults: unknown[] }>('GET', '/faults')).faults;

faultMatrix('cleanup-versions', {
  throttling: cell('throttled listings, deletes and model deletes are retried; only the due versions go', async () => {
    const group = await retiredGroup(world, 'cv_throttle');
    const since = await logMark(world.admin);
    for (const action of ['ListServices', 'DeleteService'])
      await world.admin.injectFault({ product: 'eas', action, kind: 'throttle', count: 2, retryAfterSeconds: 0.2 });
    await world.admin.injectFault({ product: 'oss', action: 'DeleteMultipleObjects', kind: 'throttle', count: 1 });
    expectReport(await cleanup(world, group), group);
    expect((await faulted(world.admin, { sinceSeq: since })).map((r) => r.action).sort()).toEqual([
      'DeleteMultipleObjects',
      'DeleteService',
      'DeleteService',
      'ListServices',
      'ListServices',
    ]);
    await expectCleaned(world, group);
  }),

  '5xx-burst': cell(
    'a delete applied but answered 503 is retried and its NotFound counts as done; 5xx listings retried',
    async () => {
      const group = await retiredGroup(world, 'cv_5xx');
      const since = await logMark(world.admin);
      await world.admin.injectFault({
        product: 'eas',
        action: 'DeleteService',
        kind: 'error',
        count: 2,
        afterHandler: true,
      });
      await world.admin.injectFault({ product: 'eas', action: 'ListServices', kind: 'error', status: 500, count: 2 });
      await world.admin.injectFault({ product: 'oss', action: 'ListObjectsV2', kind: 'error', count: 1 });
      expectReport(await cleanup(world, group), group);
      expect((await faulted(world.admin, { sinceSeq: since })).map((r) => `${r.action} ${r.status}`).sort()).toEqual([
        'DeleteService 503',
        'DeleteService 503',
        'ListObjectsV2 503',
        'ListServices 500',
        'ListServices 500',
      ]);
      await expectCleaned(world, group);
    },
  ),

  'connection-reset': cell(
    'resets on listings, deletes (before and after applying) and the model delete are retried',
    async () => {
      const group = await retiredGroup(world, 'cv_reset');
      const since = await logMark(world.admin);
      await world.admin.injectFault({ product: 'eas', action: 'DeleteService', kind: 'reset', count: 1 });
      await world.admin.injectFault({
        product: 'eas',
        action: 'DeleteService',
        kind: 'reset',
        count: 1,
        afterHandler: true,
      });
      await world.admin.injectFault({ product: 'eas', action: 'ListServices', kind: 'reset', count: 1 });
      await world.admin.injectFault({ product: 'oss', action: 'DeleteMultipleObjects', kind: 'reset', count: 1 });
      expectReport(await cleanup(world, group), group);
      expect((await faulted(world.admin, { sinceSeq: since })).map((r) => r.code)).toEqual(
        Array(4).fill('ConnectionReset'),
      );
      await expectCleaned(world, group);
    },
  ),

  'slow-response': cell(
    'a listing and a delete answered after the request timeout are abandoned and retried',
    async () => {
      const group = await retiredGroup(world, 'cv_slow');
      for (const action of ['ListServices', 'DeleteService'])
        await world.admin.injectFault({ product: 'eas', action, kind: 'delay', delayMs: 3000, count: 1 });
      expectReport(await cleanup(world, group, { inputs: { 'request-timeout': '2s' } }), group);
      // Both delays fired (a counted rule retires once spent) and outlasted the 2 s request timeout.
      expect(await faultsLeft(world)).toEqual([]);
      await expectCleaned(world, group);
    },
  ),

  'emulator-restart': cell(
    'EAS down mid-delete: the step completes or fails with one error, nothing kept is touched; the re-run finishes',
    async () => {
      const { emulator, dataDir } = await startDurableEmulator();
      let current: Emulator = emulator;
      try {
        const w = await cleanupWorld(emulator);
        const group = await retiredGroup(w, 'cv_restart');
        const started = await logMark(w.admin);
        const running = cleanup(w, group, { scan: false });
        current = await restartWhen(
          emulator,
          dataDir,
          untilLogged(w.admin, { product: 'eas', action: 'DeleteService', sinceSeq: started }),
          1000,
        );
        const w2 = await cleanupWorld(current, false);
        const first = await running;
        expect(findLeaks(first, await w2.admin.issuedSecrets())).toEqual([]);
        if (first.exitCode !== 0) expectOneClearError(first);
        await expectProtected(w2, group);
        expectSuccess(await cleanup(w2, group));
        await expectCleaned(w2, group, first.exitCode === 0);
      } finally {
        await current.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  ),

  cancelled: cell('cancelled mid-delete: nothing kept is touched; the re-run deletes what is left', async () => {
    const group = await retiredGroup(world, 'cv_cancel');
    const since = await logMark(world.admin);
    // One delete is held while the others finish: the run is cancelled with deletes half done.
    await world.admin.injectFault({ product: 'eas', action: 'DeleteService', kind: 'delay', delayMs: 2000, count: 1 });
    let signalled = false;
    const first = await cleanup(world, group, {
      onSpawn: (child) => {
        void untilLogged(world.admin, { product: 'eas', action: 'DeleteService', sinceSeq: since }).then(
          () => (signalled = child.kill('SIGINT')),
        );
      },
    });
    expect(signalled).toBe(true);
    expect(first.exitCode).not.toBe(0);
    await expectProtected(world, group);
    expectSuccess(await cleanup(world, group));
    await expectCleaned(world, group, false);
  }),

  concurrent: cell(
    'two cleanups of one group at once: both succeed (a NotFound delete is done), nothing kept is touched',
    async () => {
      const group = await retiredGroup(world, 'cv_concurrent');
      const since = await logMark(world.admin);
      // Deletes are held, so both runs plan and re-check before either delete lands.
      await world.admin.injectFault({
        product: 'eas',
        action: 'DeleteService',
        kind: 'delay',
        delayMs: 2500,
        count: 6,
      });
      const results = await Promise.all([cleanup(world, group), cleanup(world, group)]);
      for (const result of results) expectSuccess(result);
      expect(
        (await world.admin.requests({ product: 'eas', action: 'DeleteService', sinceSeq: since })).filter(
          (r) => r.status === 404,
        ).length,
      ).toBeGreaterThan(0);
      await expectCleaned(world, group);
    },
  ),

  'preempt-checkpoint-write': notApplicable('cleanup-versions calls no DLC and deletes no checkpoint', async () => {
    const { result, since, group } = await cleanupWithoutDlcOrCms();
    expectReport(result, group);
    await expectUntouched(world.admin, since, ['dlc']);
    const deleted = (await world.admin.requests({ product: 'oss', action: 'DeleteMultipleObjects', sinceSeq: since }))
      .length;
    expect(deleted).toBeGreaterThan(0);
  }),

  'cms-no-data': notApplicable('cleanup-versions reads no CloudMonitor metric', async () => {
    const { result, since, group } = await cleanupWithoutDlcOrCms();
    expectReport(result, group);
    await expectUntouched(world.admin, since, ['cms']);
  }),
});
