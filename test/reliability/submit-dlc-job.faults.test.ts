/**
 * Fault matrix of submit-dlc-job: its bundle as GitHub runs it, against the emulator with faults
 * on the calls it makes (ListJobs for its idempotency tag, CreateJob, the lineage in OSS). The
 * invariant every cell reads back: exactly one DLC job carries the run attempt's idempotency
 * key, and lineage.json names that job once — a lost answer, a restart or a cancel never pays
 * for a second training run.
 */
import { afterAll, beforeAll, expect } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import type { DlcClient } from '../../packages/core/src/clients/dlc.js';
import { parseLineage } from '../../packages/core/src/lineage.js';
import { readRunContext } from '../../packages/core/src/action/github-context.js';
import { submitIdempotencyKey } from '../../packages/core/src/training/job-spec.js';
import type { OssClient } from '../../packages/core/src/oss.js';
import { DEMO_BUCKET, type AdminClient, type Emulator } from '../../packages/emulator/src/index.js';
import type { LoggedRequest } from '../../packages/emulator/src/request-log.js';
import { startDlc } from '../../packages/emulator/test/dlc-support.js';
import { defaultRun, runAction, type ActionRunResult, type GitHubRun } from '../actions/support/run-action.js';
import { cell, faultMatrix, notApplicable } from './support/matrix.js';
import {
  expectFaulted,
  expectOneClearError,
  injectFault,
  jobsWithKey,
  logMark,
  pollUntil,
  RestartableWorld,
} from './support/training.js';

let emulator: Emulator;
let admin: AdminClient;
let dlc: DlcClient;
let oss: OssClient;

beforeAll(async () => {
  ({ emulator, admin, dlc, oss } = await startDlc());
});
afterAll(async () => {
  await emulator?.stop();
});

const OUTPUT = `oss://${DEMO_BUCKET}/models/mx-submit/`;

/** A run of its own per cell (its own commit and run id), so cells never see each other's jobs. */
function runFor(cellId: number, attempt = 1): GitHubRun {
  const sha = `${String(cellId).padStart(2, '0')}${'5eed'.repeat(9)}ab`.slice(0, 40);
  return defaultRun({ sha, runId: String(7000 + cellId), runAttempt: String(attempt) });
}

const keyOf = (run: GitHubRun) =>
  submitIdempotencyKey(
    readRunContext({
      GITHUB_REPOSITORY: run.repository,
      GITHUB_SHA: run.sha,
      GITHUB_RUN_ID: run.runId,
      GITHUB_RUN_ATTEMPT: run.runAttempt,
    }),
  );

const inputs = {
  image: 'registry.example.com/pai/train:1',
  command: 'python train.py',
  'instance-type': 'ecs.gn6i-c4g1.xlarge',
  spot: 'true',
  'output-uri': OUTPUT,
  // Simulated on the emulator clock: no process, and long enough to still run when asserted.
  envs: 'PAI_EMULATOR_SIMULATE=true\nPAI_EMULATOR_TOTAL_STEPS=100000',
  'request-timeout': '2s',
};

function submit(
  run: GitHubRun,
  options: { emulator?: Emulator; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<ActionRunResult> {
  return runAction('submit-dlc-job', { emulator: options.emulator ?? emulator, run, inputs, ...options });
}

/** Log entries of this run's calls (a held request of an earlier cell may land later). */
const ofRun = (run: GitHubRun, log: LoggedRequest[]) =>
  log.filter((entry) => JSON.stringify(entry.body).includes(run.sha));

/** The invariants: one job with the run's key, the job the step reported, named once in lineage.json. */
async function expectOneJob(
  run: GitHubRun,
  result: ActionRunResult | undefined,
  clients: { dlc: DlcClient; oss: OssClient } = { dlc, oss },
  options: { stoppedToo?: boolean } = { stoppedToo: true },
): Promise<string> {
  const jobs = (await jobsWithKey(clients.dlc, keyOf(run))).filter(
    (job) => options.stoppedToo || !['Stopping', 'Stopped'].includes(job.Status ?? ''),
  );
  expect(jobs.map((job) => job.JobId)).toHaveLength(1);
  const jobId = jobs[0]!.JobId;
  if (result) {
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs['job-id']).toBe(jobId);
    const lineage = parseLineage(await clients.oss.getJson(result.outputs['lineage-uri']!));
    expect(lineage.jobs.map((job) => job.jobId)).toEqual([jobId]);
  }
  return jobId;
}

faultMatrix('submit-dlc-job', {
  throttling: cell('throttled ListJobs and CreateJob are retried; one job, recorded once', async () => {
    const run = runFor(1);
    const lookups = await injectFault(admin, { product: 'dlc', action: 'ListJobs', kind: 'throttle', count: 2 });
    const creates = await injectFault(admin, { product: 'dlc', action: 'CreateJob', kind: 'throttle', count: 2 });
    const result = await submit(run);
    expectFaulted(await lookups.log(), 429, 2);
    expectFaulted(await creates.log(), 429, 2);
    await expectOneJob(run, result);
  }),

  '5xx-burst': cell('5xx on the look-up and on a CreateJob that was applied: one job, not two', async () => {
    const run = runFor(2);
    const lookups = await injectFault(admin, { product: 'dlc', action: 'ListJobs', kind: 'error', count: 2 });
    const creates = await injectFault(admin, {
      product: 'dlc',
      action: 'CreateJob',
      kind: 'error',
      status: 500,
      afterHandler: true,
      count: 1,
    });
    const result = await submit(run);
    expectFaulted(await lookups.log(), 503, 2);
    const createLog = ofRun(run, await creates.log());
    expectFaulted(createLog, 500, 1);
    // The applied create was found by its tag, never sent again.
    expect(createLog).toHaveLength(1);
    await expectOneJob(run, result);
  }),

  'connection-reset': cell('a reset after CreateJob was applied: found by its tag, one job', async () => {
    const run = runFor(3);
    const resets = await injectFault(admin, {
      product: 'dlc',
      action: 'CreateJob',
      kind: 'reset',
      afterHandler: true,
      count: 1,
    });
    const ossResets = await injectFault(admin, { product: 'oss', action: 'PutObject', kind: 'reset', count: 1 });
    const result = await submit(run);
    const createLog = ofRun(run, await resets.log());
    expectFaulted(createLog, 0, 1);
    expect(createLog).toHaveLength(1);
    expectFaulted(await ossResets.log(), 0, 1);
    await expectOneJob(run, result);
  }),

  'slow-response': cell('CreateJob answered after the 2 s request timeout: found by its tag, one job', async () => {
    const run = runFor(4);
    const mark = await logMark(admin);
    await admin.injectFault({
      product: 'dlc',
      action: 'CreateJob',
      kind: 'delay',
      delayMs: 3_000,
      afterHandler: true,
      count: 1,
    });
    const result = await submit(run);
    // The rule fired (a counted rule retires once used) and no second CreateJob went out.
    expect((await admin.call<{ faults: unknown[] }>('GET', '/faults')).faults).toEqual([]);
    expect(ofRun(run, await admin.requests({ product: 'dlc', action: 'CreateJob', sinceSeq: mark }))).toHaveLength(1);
    await expectOneJob(run, result);
  }),

  'emulator-restart': cell(
    'the emulator restarts while CreateJob is answered: completes or fails clearly; one job either way, and a re-run finds it',
    async () => {
      const restartable = await RestartableWorld.start();
      try {
        const run = runFor(5);
        // The create is applied at once and its answer held: the restart lands between the two.
        await restartable.world.admin.injectFault({
          product: 'dlc',
          action: 'CreateJob',
          kind: 'delay',
          delayMs: 4_000,
          afterHandler: true,
          count: 1,
        });
        const running = submit(run, { emulator: restartable.emulator });
        await pollUntil(
          () => jobsWithKey(restartable.world.dlc, keyOf(run)),
          (jobs) => jobs.length > 0,
        );
        await restartable.restart(1_000);
        const result = await running;
        const clients = { dlc: restartable.world.dlc, oss: restartable.world.oss };
        if (result.exitCode === 0) {
          await expectOneJob(run, result, clients);
        } else {
          expectOneClearError(result, /CreateJob|ListJobs|ECONN|connect/);
          await expectOneJob(run, undefined, clients);
          const again = await submit(run, { emulator: restartable.emulator });
          await expectOneJob(run, again, clients);
        }
      } finally {
        await restartable.stop();
      }
    },
  ),

  cancelled: cell(
    'cancelled while CreateJob was in flight, then re-run as a new attempt: the running job is adopted, no second job',
    async () => {
      const run = runFor(6);
      await admin.injectFault({
        product: 'dlc',
        action: 'CreateJob',
        kind: 'delay',
        delayMs: 5_000,
        afterHandler: true,
        count: 1,
      });
      let child: ChildProcess | undefined;
      const cancelled = submit(run, { onSpawn: (spawned) => (child = spawned) });
      // Cancel once the job exists but before its answer arrived: the step never learns its id.
      await pollUntil(
        () => jobsWithKey(dlc, keyOf(run)),
        (jobs) => jobs.length > 0,
      );
      child!.kill('SIGINT');
      const first = await cancelled;
      expect(first.exitCode).not.toBe(0);
      expect(first.outputs['job-id']).toBeUndefined();
      const jobId = await expectOneJob(run, undefined);

      // GitHub's "re-run" is a new attempt of the same run.
      const rerun = runFor(6, 2);
      const again = await submit(rerun);
      expect(again.errors).toEqual([]);
      expect(again.exitCode).toBe(0);
      expect(again.outputs['job-id']).toBe(jobId);
      expect(await jobsWithKey(dlc, keyOf(rerun))).toEqual([]);
      const forCommit = await dlc.listAllJobs({ Tags: { 'git-sha': run.sha } });
      expect(forCommit.map((job) => job.JobId)).toEqual([jobId]);
    },
  ),

  concurrent: cell(
    'two steps of one run racing (both look-ups before either create): one job stays, the other is stopped',
    async () => {
      const run = runFor(7);
      // Both creates are held until both look-ups have found nothing: the race the tag alone cannot stop.
      const creates = await injectFault(admin, {
        product: 'dlc',
        action: 'CreateJob',
        kind: 'delay',
        delayMs: 1_500,
        count: 2,
      });
      const [a, b] = await Promise.all([submit(run), submit(run)]);
      expect(ofRun(run, await creates.log())).toHaveLength(2);
      const jobId = await expectOneJob(run, a, { dlc, oss }, { stoppedToo: false });
      expect(b.errors).toEqual([]);
      expect(b.outputs['job-id']).toBe(jobId);
      const all = await dlc.listAllJobs({ Tags: { 'git-sha': run.sha } });
      expect(all).toHaveLength(2);
      const loser = all.find((job) => job.JobId !== jobId)!;
      // The job the losing step created is stopped, never left training beside the kept one.
      expect(['Stopping', 'Stopped']).toContain(loser.Status);
      const warnings = [...a.warnings, ...b.warnings].filter((w) => !w.startsWith('Using a long-lived AccessKey'));
      expect(warnings.length).toBeGreaterThanOrEqual(1);
      for (const warning of warnings) expect(warning).toContain(`stopping ${loser.JobId} and using ${jobId}`);
    },
  ),

  'preempt-checkpoint-write': notApplicable(
    'submit reads no checkpoint and never sets RESUME_FROM, so a half-written one cannot reach it',
    async () => {
      const run = runFor(8);
      // A half-written checkpoint where this commit's checkpoints go: submit must not look at it.
      await oss.putJson(`${OUTPUT}${run.sha}/checkpoints/step-00000070/_COMPLETE`, {
        format: 'pai-checkpoint/1',
        step: 70,
        files: [{ path: 'state.json', size: 180 }],
      });
      const mark = await logMark(admin);
      const result = await submit(run);
      const jobId = await expectOneJob(run, result);
      const ossCalls = await admin.requests({ product: 'oss', sinceSeq: mark });
      expect(ossCalls.filter((entry) => entry.path.includes('/checkpoints/'))).toEqual([]);
      expect((await dlc.getJob(jobId)).Envs?.['RESUME_FROM']).toBeUndefined();
    },
  ),

  'cms-no-data': notApplicable('submit makes no CloudMonitor call', async () => {
    const run = runFor(9);
    const mark = await logMark(admin);
    const result = await submit(run);
    await expectOneJob(run, result);
    expect((await admin.requests({ sinceSeq: mark })).map((entry) => entry.product)).not.toContain('cms');
    expect(await admin.requests({ product: 'dlc', sinceSeq: mark })).not.toEqual([]);
  }),
});
