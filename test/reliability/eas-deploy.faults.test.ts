/**
 * Fault matrix row for eas-deploy. Every cell deploys a new commit beside a promoted version
 * (weight 100, rollback-target label on it) in a group of its own, then checks what an operator
 * paged at night needs: one service for the commit (a lost or late CreateService answer made no
 * second one), the new version at weight 0 with users still answered by the serving model, and
 * the serving version's rollback-target label intact.
 */
import { rmSync } from 'node:fs';
import { LABELS } from '../../packages/core/src/serving/labels.js';
import type { Emulator } from '../../packages/emulator/src/index.js';
import { emulatorEnv, runAction, type ActionRunResult } from '../actions/support/run-action.js';
import { findLeaks } from '../actions/support/secrets.js';
import {
  labelsOf,
  putCommitModel,
  SMOKE_BODY,
  startServingWorld,
  type CommitModel,
  type ServingWorld,
} from '../actions/support/serving.js';
import { cell, faultMatrix, notApplicable } from './support/matrix.js';
import {
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
import {
  expectOnlyAnswersOf,
  promotedGroup,
  putGroupModels,
  untilAllRunning,
  versionName,
  weightsOf,
  worldOf,
  type PromotedGroup,
} from './support/serving-world.js';

let world: ServingWorld;

const faultsLeft = async (w: ServingWorld) => (await w.admin.call<{ faults: unknown[] }>('GET', '/faults')).faults;
let models: Awaited<ReturnType<typeof putGroupModels>>;
let next: CommitModel;

beforeAll(async () => {
  world = await startServingWorld();
  models = await putGroupModels(world);
  next = await putCommitModel(world, '0c0c0c0'.padEnd(40, '3'), 300);
}, 60_000);
afterAll(() => world?.emulator.stop());
afterEach(() => world?.admin.clearFaults());

const deploy = (w: ServingWorld, group: string, inputs: Record<string, string> = {}, onSpawn?: Spawned, scan = true) =>
  runAction('eas-deploy', {
    // Without the emulator, runAction skips its secret scan (a restart cell scans once it is back up).
    ...(scan ? { emulator: w.emulator } : { env: emulatorEnv(w.emulator, 'demo') }),
    run: next.run,
    inputs: {
      'service-name': group,
      'model-uri': next.modelUri,
      processor: 'torchscript',
      environment: 'staging',
      'smoke-request': SMOKE_BODY,
      'wait-timeout': '5m',
      'request-timeout': '5s',
      ...inputs,
    },
    ...(onSpawn ? { onSpawn } : {}),
  });
type Spawned = (child: import('node:child_process').ChildProcess) => void;

/**
 * The blue-green invariants: exactly the two versions that were there and the new one (no
 * duplicate), the new one at weight 0 once it runs, the serving one still at 100 with its
 * rollback target, and every user request answered by the serving model.
 */
async function expectHiddenBeside(w: ServingWorld, g: PromotedGroup): Promise<void> {
  const fresh = versionName(g.group, next.sha);
  await untilAllRunning(w, [fresh]);
  expect(await weightsOf(w, g.group)).toEqual({ [g.prior]: 0, [g.serving]: 100, [fresh]: 0 });
  expect((await labelsOf(w, g.serving))[LABELS.rollbackTarget]).toBe(g.prior);
  expect((await labelsOf(w, fresh))[LABELS.gitSha]).toBe(next.sha);
  await expectOnlyAnswersOf(w, g.group, g.servingModel);
}

function expectDeployed(result: ActionRunResult, g: PromotedGroup): void {
  expectSuccess(result);
  expect(result.outputs).toMatchObject({
    'service-name': versionName(g.group, next.sha),
    group: g.group,
    first: 'false',
    previous: g.serving,
  });
}

/** The n/a cells share one clean deploy with DLC and CloudMonitor poisoned. */
let untouchedRun: Promise<{ result: ActionRunResult; since: number; group: PromotedGroup }> | undefined;
function deployWithoutDlcOrCms() {
  untouchedRun ??= (async () => {
    const group = await promotedGroup(world, 'dp_untouched', models);
    const since = await logMark(world.admin);
    await poisonProducts(world.admin, ['dlc', 'cms']);
    const result = await deploy(world, group.group);
    await world.admin.clearFaults();
    return { result, since, group };
  })();
  return untouchedRun;
}

faultMatrix('eas-deploy', {
  throttling: cell('retries the throttled create and weight-0 release, one service, no traffic on it', async () => {
    const g = await promotedGroup(world, 'dp_throttle', models);
    const since = await logMark(world.admin);
    for (const action of ['CreateService', 'ReleaseService', 'DescribeService'])
      await world.admin.injectFault({ product: 'eas', action, kind: 'throttle', count: 2, retryAfterSeconds: 0.2 });
    const result = await deploy(world, g.group);
    expectDeployed(result, g);
    for (const action of ['CreateService', 'ReleaseService', 'DescribeService'])
      expect((await faulted(world.admin, { product: 'eas', action, sinceSeq: since })).map((r) => r.status)).toEqual([
        429, 429,
      ]);
    await expectHiddenBeside(world, g);
  }),

  '5xx-burst': cell(
    'a create applied but answered 503 is found, not repeated; 5xx on the release is retried; one service at weight 0',
    async () => {
      const g = await promotedGroup(world, 'dp_5xx', models);
      const since = await logMark(world.admin);
      await world.admin.injectFault({
        product: 'eas',
        action: 'CreateService',
        kind: 'error',
        count: 1,
        afterHandler: true,
      });
      await world.admin.injectFault({ product: 'eas', action: 'ReleaseService', kind: 'error', status: 500, count: 2 });
      await world.admin.injectFault({ product: 'eas', action: 'DescribeGroup', kind: 'error', status: 502, count: 1 });
      const result = await deploy(world, g.group);
      expectDeployed(result, g);
      expect((await faulted(world.admin, { product: 'eas', sinceSeq: since })).map((r) => r.status).sort()).toEqual([
        500, 500, 502, 503,
      ]);
      await expectHiddenBeside(world, g);
    },
  ),

  'connection-reset': cell(
    'a create whose answer is lost to a reset is found, not repeated; one service at weight 0',
    async () => {
      const g = await promotedGroup(world, 'dp_reset', models);
      const since = await logMark(world.admin);
      await world.admin.injectFault({
        product: 'eas',
        action: 'CreateService',
        kind: 'reset',
        count: 1,
        afterHandler: true,
      });
      await world.admin.injectFault({ product: 'eas', action: 'ReleaseService', kind: 'reset', count: 1 });
      await world.admin.injectFault({ product: 'oss', action: 'PutObject', kind: 'reset', count: 1 });
      const result = await deploy(world, g.group);
      expectDeployed(result, g);
      expect((await faulted(world.admin, { sinceSeq: since })).map((r) => `${r.action} ${r.code}`).sort()).toEqual([
        'CreateService ConnectionReset',
        'PutObject ConnectionReset',
        'ReleaseService ConnectionReset',
      ]);
      // The create was applied once: the retry's look-up found it instead of sending it again.
      expect((await world.admin.requests({ product: 'eas', action: 'CreateService', sinceSeq: since })).length).toBe(1);
      await expectHiddenBeside(world, g);
    },
  ),

  'slow-response': cell(
    'a create answered after the request timeout is applied late; the retry makes no second service',
    async () => {
      const g = await promotedGroup(world, 'dp_slow', models);
      await world.admin.injectFault({
        product: 'eas',
        action: 'CreateService',
        kind: 'delay',
        delayMs: 3000,
        count: 1,
      });
      await world.admin.injectFault({
        product: 'eas',
        action: 'ReleaseService',
        kind: 'delay',
        delayMs: 3000,
        count: 1,
      });
      const result = await deploy(world, g.group, { 'request-timeout': '2s' });
      expectDeployed(result, g);
      // Both delays fired (a counted rule retires once spent) and outlasted the 2 s request timeout.
      expect(await faultsLeft(world)).toEqual([]);
      await expectHiddenBeside(world, g);
    },
  ),

  'emulator-restart': cell(
    'EAS down while the new version starts: the step completes or fails with one error; the re-run reuses the version at weight 0',
    async () => {
      const { emulator, dataDir } = await startDurableEmulator({ speed: 10 });
      let current: Emulator = emulator;
      try {
        const w = await worldOf(emulator);
        const own = await putGroupModels(w);
        await putCommitModel(w, next.sha, next.bias);
        const g = await promotedGroup(w, 'dp_restart', own);
        // The setup's own releases are in the log too: only the step's count.
        const started = await logMark(w.admin);
        const running = deploy(w, g.group, {}, undefined, false);
        // Down right after the create and the weight-0 release, while the step waits for Running.
        current = await restartWhen(
          emulator,
          dataDir,
          untilLogged(w.admin, { product: 'eas', action: 'ReleaseService', sinceSeq: started }),
          1500,
          { speed: 10 },
        );
        const w2 = await worldOf(current);
        const restarted = await logMark(w2.admin);
        const first = await running;
        // The step outlived the restart: it either failed with one error or called the new emulator.
        if (first.exitCode !== 0) expectOneClearError(first);
        else expect((await w2.admin.requests({ product: 'eas', sinceSeq: restarted })).length).toBeGreaterThan(0);
        expect(findLeaks(first, await w2.admin.issuedSecrets())).toEqual([]);
        const rerun = await logMark(w2.admin);
        const again = await deploy(w2, g.group);
        expectDeployed(again, g);
        expect(again.stdout).toContain('reusing it');
        expect((await w2.admin.requests({ product: 'eas', action: 'CreateService', sinceSeq: rerun })).length).toBe(0);
        await expectHiddenBeside(w2, g);
      } finally {
        await current.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  ),

  cancelled: cell(
    'cancelled while the new version starts: it stays at weight 0; the re-run reuses it, no second create',
    async () => {
      const g = await promotedGroup(world, 'dp_cancel', models);
      const since = await logMark(world.admin);
      const fresh = versionName(g.group, next.sha);
      // Stop the clock so the new version stays Creating until the step is cancelled.
      await world.admin.setClockSpeed(0.001);
      let signalled = false;
      const first = await deploy(world, g.group, {}, (child) => {
        // Once the new version's weight-0 release is logged (a signal inside create → release is
        // held until it is done). Bounded: with the clock stopped the step waits for ever, so a
        // missed moment kills it and the cell fails on `signalled`, rather than hanging the suite.
        void untilLogged(
          world.admin,
          { product: 'eas', action: 'ReleaseService', sinceSeq: since },
          (r) => r.path.includes(`/${fresh}`),
          90_000,
        )
          .then(() => (signalled = child.kill('SIGINT')))
          .catch(() => child.kill('SIGKILL'));
      });
      await world.admin.setClockSpeed(10);
      expect(signalled).toBe(true);
      expect(first.exitCode === 0).toBe(false);
      expect(first.outputs['service-name']).toBeUndefined();
      await expectHiddenBeside(world, g);
      const again = await deploy(world, g.group);
      expectDeployed(again, g);
      expect(again.stdout).toContain('reusing it');
      expect((await world.admin.requests({ product: 'eas', action: 'CreateService', sinceSeq: since })).length).toBe(1);
      await expectHiddenBeside(world, g);
    },
    200_000,
  ),

  concurrent: cell('two deploys of the same commit at once: both succeed, one service, at weight 0', async () => {
    const g = await promotedGroup(world, 'dp_concurrent', models);
    const since = await logMark(world.admin);
    // Both runs list the group before either creates: the second create meets the first's service.
    await world.admin.injectFault({ product: 'eas', action: 'CreateService', kind: 'delay', delayMs: 1500, count: 2 });
    const results = await Promise.all([deploy(world, g.group), deploy(world, g.group)]);
    for (const result of results) expectDeployed(result, g);
    expect((await world.admin.requests({ product: 'eas', action: 'CreateService', sinceSeq: since })).length).toBe(2);
    await expectHiddenBeside(world, g);
  }),

  'preempt-checkpoint-write': notApplicable(
    'eas-deploy calls no DLC and writes no checkpoint; its only OSS write is lineage.json',
    async () => {
      const { result, since, group } = await deployWithoutDlcOrCms();
      expectDeployed(result, group);
      await expectUntouched(world.admin, since, ['dlc']);
      const writes = (await world.admin.requests({ product: 'oss', sinceSeq: since })).filter(
        (r) => r.method !== 'GET' && r.method !== 'HEAD',
      );
      expect(writes.map((r) => r.path)).toEqual([expect.stringMatching(/lineage\.json$/)]);
    },
  ),

  'cms-no-data': notApplicable('eas-deploy reads no CloudMonitor metric (the shift does)', async () => {
    const { result, since, group } = await deployWithoutDlcOrCms();
    expectDeployed(result, group);
    await expectUntouched(world.admin, since, ['cms']);
  }),
});
