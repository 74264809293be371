/**
 * Fault matrix row for eas-rollback. Every cell rolls back a group of its own in which `serving`
 * was promoted over `prior` (its rollback target). Whatever the fault, traffic ends on the
 * target or stays where it was: never split between the target and the version being reverted.
 * A re-run (a new attempt of the same run) finishes the rollback and never steps back twice.
 */
import { rmSync } from 'node:fs';
import { LABELS } from '../../packages/core/src/serving/labels.js';
import type { Emulator } from '../../packages/emulator/src/index.js';
import { defaultRun, emulatorEnv, runAction, type ActionRunResult } from '../actions/support/run-action.js';
import { findLeaks } from '../actions/support/secrets.js';
import { labelsOf, SMOKE_BODY, startServingWorld, type ServingWorld } from '../actions/support/serving.js';
import { cell, faultMatrix, notApplicable } from './support/matrix.js';
import {
  eventually,
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
  weightsOf,
  worldOf,
  type PromotedGroup,
} from './support/serving-world.js';

let world: ServingWorld;
let models: Awaited<ReturnType<typeof putGroupModels>>;

beforeAll(async () => {
  world = await startServingWorld();
  models = await putGroupModels(world);
}, 60_000);
afterAll(() => world?.emulator.stop());
afterEach(() => world?.admin.clearFaults());

const RUN_ID = '7101';
const RUN_KEY = `https://github.com/octo-org/models/actions/runs/${RUN_ID}`;
type Spawned = (child: import('node:child_process').ChildProcess) => void;

const rollback = (
  w: ServingWorld,
  group: string,
  options: { attempt?: number; inputs?: Record<string, string>; onSpawn?: Spawned; scan?: boolean } = {},
) =>
  runAction('eas-rollback', {
    // Without the emulator, runAction skips its secret scan (a restart cell scans once it is back up).
    ...(options.scan === false ? { env: emulatorEnv(w.emulator, 'demo') } : { emulator: w.emulator }),
    run: defaultRun({ runId: RUN_ID, runAttempt: String(options.attempt ?? 1) }),
    inputs: {
      'service-name': group,
      'smoke-request': SMOKE_BODY,
      'wait-timeout': '2m',
      'request-timeout': '5s',
      ...options.inputs,
    },
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
  });

/** Traffic is wholly on one side: rolled back (true) or where it was (false); never split. */
async function expectWhole(w: ServingWorld, g: PromotedGroup): Promise<boolean> {
  const weights = await weightsOf(w, g.group);
  const rolledBack = weights[g.prior] === 100;
  expect(weights).toEqual(rolledBack ? { [g.prior]: 100, [g.serving]: 0 } : { [g.prior]: 0, [g.serving]: 100 });
  await expectOnlyAnswersOf(w, g.group, rolledBack ? g.priorModel : g.servingModel);
  return rolledBack;
}

/** Rolled back: all traffic on the target; the drained version marked for cleanup's retention. */
async function expectRolledBack(w: ServingWorld, g: PromotedGroup): Promise<void> {
  expect(await expectWhole(w, g)).toBe(true);
  const drained = await labelsOf(w, g.serving);
  expect(drained[LABELS.trafficEndedAt]).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(drained[LABELS.rollbackTarget]).toBe(g.prior);
  const target = await labelsOf(w, g.prior);
  expect(target[LABELS.trafficEndedAt]).toBeUndefined();
  expect(target[LABELS.rolledBackByRun]).toBe(RUN_KEY);
}

function expectDone(result: ActionRunResult, g: PromotedGroup): void {
  expectSuccess(result);
  expect(result.outputs).toEqual({ 'rolled-back-to': g.prior });
}

/** A re-run of the same run after the faulted one completes; `again`: a further re-run changes nothing. */
async function expectRerunFinishes(w: ServingWorld, g: PromotedGroup, again = false): Promise<void> {
  expectDone(await rollback(w, g.group, { attempt: 2 }), g);
  await expectRolledBack(w, g);
  if (!again) return;
  const since = await logMark(w.admin);
  const third = await rollback(w, g.group, { attempt: 3 });
  expectDone(third, g);
  expect(third.stdout).toContain(`this run already rolled ${g.group} back`);
  expect(await w.admin.requests({ product: 'eas', action: 'ReleaseService', sinceSeq: since })).toEqual([]);
}

let untouchedRun: Promise<{ result: ActionRunResult; since: number; group: PromotedGroup }> | undefined;
function rollbackWithoutDlcOrCms() {
  untouchedRun ??= (async () => {
    const group = await promotedGroup(world, 'rb_untouched', models);
    const since = await logMark(world.admin);
    await poisonProducts(world.admin, ['dlc', 'cms']);
    const result = await rollback(world, group.group);
    await world.admin.clearFaults();
    return { result, since, group };
  })();
  return untouchedRun;
}

faultMatrix('eas-rollback', {
  throttling: cell('retries the throttled switch; all traffic on the target', async () => {
    const g = await promotedGroup(world, 'rb_throttle', models);
    const since = await logMark(world.admin);
    for (const action of ['ReleaseService', 'ListServices', 'UpdateServiceLabel'])
      await world.admin.injectFault({ product: 'eas', action, kind: 'throttle', count: 2, retryAfterSeconds: 0.2 });
    expectDone(await rollback(world, g.group), g);
    expect((await faulted(world.admin, { product: 'eas', sinceSeq: since })).map((r) => r.status)).toEqual(
      Array(6).fill(429),
    );
    await expectRolledBack(world, g);
  }),

  '5xx-burst': cell(
    'a drain answered 503 after it was applied is repeated harmlessly (absolute weights); all traffic on the target',
    async () => {
      const g = await promotedGroup(world, 'rb_5xx', models);
      const since = await logMark(world.admin);
      await world.admin.injectFault({
        product: 'eas',
        action: 'ReleaseService',
        kind: 'error',
        count: 2,
        afterHandler: true,
      });
      await world.admin.injectFault({
        product: 'eas',
        action: 'DeleteServiceLabel',
        kind: 'error',
        status: 500,
        count: 2,
      });
      expectDone(await rollback(world, g.group), g);
      expect((await faulted(world.admin, { product: 'eas', sinceSeq: since })).map((r) => r.status).sort()).toEqual([
        500, 500, 503, 503,
      ]);
      await expectRolledBack(world, g);
    },
  ),

  'connection-reset': cell(
    'resets before and after the switch calls are retried; all traffic on the target',
    async () => {
      const g = await promotedGroup(world, 'rb_reset', models);
      const since = await logMark(world.admin);
      await world.admin.injectFault({ product: 'eas', action: 'ReleaseService', kind: 'reset', count: 1 });
      await world.admin.injectFault({
        product: 'eas',
        action: 'ReleaseService',
        kind: 'reset',
        count: 1,
        afterHandler: true,
      });
      await world.admin.injectFault({ product: 'eas', action: 'DescribeGroup', kind: 'reset', count: 1 });
      expectDone(await rollback(world, g.group), g);
      expect((await faulted(world.admin, { product: 'eas', sinceSeq: since })).map((r) => r.code)).toEqual(
        Array(3).fill('ConnectionReset'),
      );
      await expectRolledBack(world, g);
    },
  ),

  'slow-response': cell(
    'switch calls answered after the request timeout are abandoned and retried; all traffic on the target',
    async () => {
      const g = await promotedGroup(world, 'rb_slow', models);
      for (const action of ['ReleaseService', 'ListServices'])
        await world.admin.injectFault({ product: 'eas', action, kind: 'delay', delayMs: 3000, count: 1 });
      expectDone(await rollback(world, g.group, { inputs: { 'request-timeout': '2s' } }), g);
      // Both delays fired (a counted rule retires once spent) and outlasted the 2 s request timeout.
      expect((await world.admin.call<{ faults: unknown[] }>('GET', '/faults')).faults).toEqual([]);
      await expectRolledBack(world, g);
    },
  ),

  'emulator-restart': cell(
    'EAS down during the switch: the step completes or fails with one error, traffic is never split; the re-run finishes',
    async () => {
      const { emulator, dataDir } = await startDurableEmulator({ speed: 10 });
      let current: Emulator = emulator;
      try {
        const w = await worldOf(emulator);
        const g = await promotedGroup(w, 'rb_restart', await putGroupModels(w));
        // The setup's own releases are in the log too: only the step's count.
        const started = await logMark(w.admin);
        const running = rollback(w, g.group, { scan: false });
        current = await restartWhen(
          emulator,
          dataDir,
          untilLogged(w.admin, { product: 'eas', action: 'ReleaseService', sinceSeq: started }),
          1000,
          { speed: 10 },
        );
        const w2 = await worldOf(current);
        const first = await running;
        expect(findLeaks(first, await w2.admin.issuedSecrets())).toEqual([]);
        if (first.exitCode !== 0) expectOneClearError(first);
        await expectWhole(w2, g);
        await expectRerunFinishes(w2, g);
      } finally {
        await current.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  ),

  cancelled: cell(
    'cancelled between raising the target and draining the reverted version: the switch finishes first, never split',
    async () => {
      const g = await promotedGroup(world, 'rb_cancel', models);
      const since = await logMark(world.admin);
      // Hold the target's raise, then throttle every later release: the drain is retried while
      // the run is cancelled, the moment a step dying at once would leave the traffic split.
      await world.admin.injectFault({
        product: 'eas',
        action: 'ReleaseService',
        kind: 'delay',
        delayMs: 1500,
        count: 1,
      });
      let signalled = false;
      const first = await rollback(world, g.group, {
        onSpawn: (child) => {
          void (async () => {
            await eventually('the raise to be held', async () =>
              (await world.admin.call<{ faults: unknown[] }>('GET', '/faults')).faults.length === 0 ? true : undefined,
            );
            await world.admin.injectFault({
              product: 'eas',
              action: 'ReleaseService',
              kind: 'throttle',
              retryAfterSeconds: 1,
            });
            await untilLogged(
              world.admin,
              { product: 'eas', action: 'ReleaseService', sinceSeq: since },
              (r) => r.status === 429,
            );
            signalled = child.kill('SIGINT');
            await world.admin.clearFaults();
          })();
        },
      });
      expect(signalled).toBe(true);
      expect(first.exitCode).not.toBe(0);
      await expectWhole(world, g);
      expect(first.stdout).toContain('SIGINT received: finishing the traffic switch');
      await expectRerunFinishes(world, g, true);
    },
  ),

  concurrent: cell(
    'two rollbacks of one group at once: both succeed, all traffic on the target, no step beyond it',
    async () => {
      const g = await promotedGroup(world, 'rb_concurrent', models);
      const results = await Promise.all([rollback(world, g.group), rollback(world, g.group, { attempt: 2 })]);
      for (const result of results) expectDone(result, g);
      await expectRolledBack(world, g);
    },
  ),

  'preempt-checkpoint-write': notApplicable('eas-rollback calls no DLC and writes nothing to OSS', async () => {
    const { result, since, group } = await rollbackWithoutDlcOrCms();
    expectDone(result, group);
    await expectUntouched(world.admin, since, ['dlc']);
    expect(await world.admin.requests({ product: 'oss', sinceSeq: since })).toEqual([]);
  }),

  'cms-no-data': notApplicable('eas-rollback reads no CloudMonitor metric', async () => {
    const { result, since, group } = await rollbackWithoutDlcOrCms();
    expectDone(result, group);
    await expectUntouched(world.admin, since, ['cms']);
  }),
});
