/**
 * Fault matrix of wait-and-resume: its bundle as GitHub runs it, waiting for a simulated DLC spot
 * job (steps on the emulator clock, checkpoints in emulated OSS) that a preemption ends. The
 * invariants every cell reads back: no checkpoint object is deleted, a half-written checkpoint is
 * never RESUME_FROM, the resubmitted job resumes from the newest complete one, and exactly one job
 * carries the ended job's resume key — a lost answer, a cancel and re-run, or two waits at once
 * never pay for a second training run.
 */
import { afterAll, beforeAll, expect } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { readRunContext } from '../../packages/core/src/action/github-context.js';
import type { DlcClient } from '../../packages/core/src/clients/dlc.js';
import { parseOssUri } from '../../packages/core/src/inputs.js';
import { parseLineage } from '../../packages/core/src/lineage.js';
import type { OssClient } from '../../packages/core/src/oss.js';
import { resumeIdempotencyKey, trainingLocations } from '../../packages/core/src/training/job-spec.js';
import { MemoryReporter } from '../../packages/core/src/training/reporter.js';
import { submitTrainingJob } from '../../packages/core/src/training/submit.js';
import { DEMO_BUCKET, type AdminClient, type Emulator } from '../../packages/emulator/src/index.js';
import { startDlc, waitForStatus, type DlcWorld } from '../../packages/emulator/test/dlc-support.js';
import { defaultRun, emulatorEnv, runAction, type ActionRunResult } from '../actions/support/run-action.js';
import { findLeaks } from '../actions/support/secrets.js';
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

let world: DlcWorld;
let emulator: Emulator;
let admin: AdminClient;
let dlc: DlcClient;
let oss: OssClient;

// Ten emulated seconds per real one: phases, steps and the wait's polls go ten times faster.
const SPEED = 10;

beforeAll(async () => {
  world = await startDlc({ speed: SPEED });
  ({ emulator, admin, dlc, oss } = world);
});
afterAll(async () => {
  await emulator?.stop();
});

const OUTPUT = `oss://${DEMO_BUCKET}/models/mx-wait/`;
const PREEMPT_AT_STEP = 45;
/** Checkpoints every 10 steps: at the preemption, step 40 is the newest complete one. */
const NEWEST_COMPLETE = 40;

interface TrainingJob {
  jobId: string;
  sha: string;
  lineageUri: string;
  checkpointUri: string;
}

/**
 * A spot job submitted by submit-dlc-job's own code (so its Envs and lineage are the real ones),
 * simulated at 2 steps per emulated second (20 per real second) with a checkpoint every 10 steps, preempted at step 45.
 */
async function trainingJob(
  cellId: number,
  options: { clients?: DlcWorld; steps?: number; instanceType?: string; preempt?: boolean } = {},
): Promise<TrainingJob> {
  const { dlc: jobs, oss: store, admin: control } = options.clients ?? world;
  const sha = `${String(cellId).padStart(2, '0')}${'a17e'.repeat(9)}cd`.slice(0, 40);
  const run = readRunContext({
    GITHUB_REPOSITORY: 'octo-org/models',
    GITHUB_SHA: sha,
    GITHUB_RUN_ID: `${8000 + cellId}`,
  });
  const locations = trainingLocations(parseOssUri('output-uri', OUTPUT), sha);
  const result = await submitTrainingJob(
    {
      name: `mx-wait-${cellId}`,
      jobType: 'PyTorchJob',
      image: 'registry.example.com/pai/train:1',
      command: 'python train.py',
      workers: 1,
      instanceType: options.instanceType ?? 'ecs.gn6i-c4g1.xlarge',
      spot: true,
      spotOptions: {},
      outputUri: parseOssUri('output-uri', OUTPUT),
      checkpointUri: locations.checkpointUri,
      modelUri: locations.modelUri,
      checkpointIntervalMs: 60_000,
      envs: {
        PAI_EMULATOR_SIMULATE: 'true',
        PAI_EMULATOR_TOTAL_STEPS: String(options.steps ?? 60),
        PAI_EMULATOR_STEPS_PER_SECOND: '2',
        PAI_EMULATOR_CHECKPOINT_EVERY: '10',
      },
    },
    run,
    { dlc: jobs, oss: async () => store, now: Date.now, reporter: new MemoryReporter(), sleep: async () => {} },
  );
  if (options.preempt ?? true) {
    await control.call('POST', `/dlc/jobs/${result.jobId}/preempt`, { afterSteps: PREEMPT_AT_STEP });
    await waitForStatus(jobs, result.jobId, ['Failed'], 30_000);
  }
  return { jobId: result.jobId, sha, lineageUri: result.lineageUri, checkpointUri: result.checkpointUri };
}

const quick = { 'poll-interval': '1s', 'max-poll-interval': '2s', 'request-timeout': '2s' };

function wait(
  job: TrainingJob,
  options: { emulator?: Emulator; onSpawn?: (child: ChildProcess) => void; inputs?: Record<string, string> } = {},
): Promise<ActionRunResult> {
  const on = options.emulator ?? emulator;
  return runAction('wait-and-resume', {
    // Under a restart the step may end while the emulator is down: the secret scan is the cell's.
    ...(options.emulator ? { env: emulatorEnv(on, 'demo') } : { emulator: on }),
    run: defaultRun({ sha: job.sha }),
    inputs: { 'job-id': job.jobId, ...quick, ...options.inputs },
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
  });
}

/** Every checkpoint object's key and ETag: a snapshot to prove none is deleted or replaced by a partial one. */
async function checkpointObjects(job: TrainingJob, store: OssClient = oss): Promise<Map<string, string>> {
  const objects = await store.listAll(job.checkpointUri);
  return new Map(objects.map((object) => [object.key, object.etag ?? '']));
}

/**
 * The invariants after a wait that resumed once: one job with the resume key, resumed from the
 * newest complete checkpoint (never a partial one), the lineage chain naming each job once, and
 * every checkpoint object that existed before still there.
 */
async function expectResumedOnce(
  job: TrainingJob,
  result: ActionRunResult | undefined,
  before: Map<string, string>,
  clients: { dlc: DlcClient; oss: OssClient } = { dlc, oss },
  options: { racing?: boolean } = {},
): Promise<string> {
  const resumed = (await jobsWithKey(clients.dlc, resumeIdempotencyKey(job.jobId))).filter(
    (item) => !['Stopping', 'Stopped'].includes(item.Status ?? ''),
  );
  expect(resumed).toHaveLength(1);
  const resumedId = resumed[0]!.JobId;
  const step = String(NEWEST_COMPLETE).padStart(8, '0');
  expect((await clients.dlc.getJob(resumedId)).Envs?.['RESUME_FROM']).toBe(`/mnt/checkpoints/step-${step}/`);
  if (result) {
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'succeeded', 'job-id': resumedId, resumes: '1' });
  }
  const lineage = parseLineage(await clients.oss.getJson(job.lineageUri));
  // Two waits writing the lineage at once can leave the entry of a duplicate they stopped (known
  // limit: read-modify-write); it must then be a stopped job, never one that trained.
  const duplicates = lineage.jobs.filter((entry) => entry.jobId !== job.jobId && entry.jobId !== resumedId);
  if (!options.racing) expect(duplicates).toEqual([]);
  for (const duplicate of duplicates)
    expect(['Stopping', 'Stopped']).toContain((await clients.dlc.getJob(duplicate.jobId)).Status);
  expect(
    lineage.jobs.filter((entry) => !duplicates.includes(entry)).map((entry) => [entry.jobId, entry.reason]),
  ).toEqual([
    [job.jobId, 'initial'],
    [resumedId, 'preempted'],
  ]);
  expect(lineage.jobs.find((entry) => entry.jobId === resumedId)!.resumeFrom).toBe(`${job.checkpointUri}step-${step}/`);
  const after = await checkpointObjects(job, clients.oss);
  for (const key of before.keys()) expect(after.has(key)).toBe(true);
  return resumedId;
}

faultMatrix('wait-and-resume', {
  throttling: cell(
    'throttled GetJob and CreateJob are retried; resumed once from the newest complete checkpoint',
    async () => {
      const job = await trainingJob(1);
      const before = await checkpointObjects(job);
      const polls = await injectFault(admin, { product: 'dlc', action: 'GetJob', kind: 'throttle', count: 2 });
      const creates = await injectFault(admin, { product: 'dlc', action: 'CreateJob', kind: 'throttle', count: 2 });
      const result = await wait(job);
      expectFaulted(await polls.log(), 429, 2);
      expectFaulted(await creates.log(), 429, 2);
      await expectResumedOnce(job, result, before);
    },
  ),

  '5xx-burst': cell('5xx on GetJob and on a resubmit that was applied: one resumed job, not two', async () => {
    const job = await trainingJob(2);
    const before = await checkpointObjects(job);
    const polls = await injectFault(admin, { product: 'dlc', action: 'GetJob', kind: 'error', count: 2 });
    const creates = await injectFault(admin, {
      product: 'dlc',
      action: 'CreateJob',
      kind: 'error',
      status: 500,
      afterHandler: true,
      count: 1,
    });
    const result = await wait(job);
    expectFaulted(await polls.log(), 503, 2);
    const createLog = await creates.log();
    expectFaulted(createLog, 500, 1);
    expect(createLog).toHaveLength(1);
    await expectResumedOnce(job, result, before);
  }),

  'connection-reset': cell(
    'resets on the resubmit (applied) and on a checkpoint marker read: one resumed job, from the newest complete one',
    async () => {
      const job = await trainingJob(3);
      const before = await checkpointObjects(job);
      const creates = await injectFault(admin, {
        product: 'dlc',
        action: 'CreateJob',
        kind: 'reset',
        afterHandler: true,
        count: 1,
      });
      const markers = await injectFault(admin, { product: 'oss', action: 'GetObject', kind: 'reset', count: 1 });
      const result = await wait(job);
      const createLog = await creates.log();
      expectFaulted(createLog, 0, 1);
      expect(createLog).toHaveLength(1);
      expectFaulted(await markers.log(), 0, 1);
      await expectResumedOnce(job, result, before);
    },
  ),

  'slow-response': cell(
    'the resubmit answered after the 2 s request timeout: found by its key, one resumed job',
    async () => {
      const job = await trainingJob(4);
      const before = await checkpointObjects(job);
      const mark = await logMark(admin);
      await admin.injectFault({
        product: 'dlc',
        action: 'CreateJob',
        kind: 'delay',
        delayMs: 3_000,
        afterHandler: true,
        count: 1,
      });
      const result = await wait(job);
      expect((await admin.call<{ faults: unknown[] }>('GET', '/faults')).faults).toEqual([]);
      expect(await admin.requests({ product: 'dlc', action: 'CreateJob', sinceSeq: mark })).toHaveLength(1);
      await expectResumedOnce(job, result, before);
    },
  ),

  'emulator-restart': cell(
    'the emulator restarts while the wait polls a running job: completes or fails clearly; the job and its checkpoints survive, a re-run completes',
    async () => {
      const restartable = await RestartableWorld.start({ speed: SPEED });
      try {
        const job = await trainingJob(5, { clients: restartable.world, steps: 100, preempt: false });
        const mark = await logMark(restartable.world.admin);
        const running = wait(job, { emulator: restartable.emulator });
        // Once the wait has seen the job running (it reads its logs), the emulator goes away for 1 s.
        await pollUntil(
          () => restartable.world.admin.requests({ product: 'dlc', action: 'GetPodLogs', sinceSeq: mark }),
          (entries) => entries.length > 0,
        );
        const before = await checkpointObjects(job, restartable.world.oss);
        await restartable.restart(1_000);
        let result = await running;
        expect(findLeaks(result, await restartable.world.admin.issuedSecrets())).toEqual([]);
        if (result.exitCode !== 0) {
          expectOneClearError(result, /GetJob|GetPodLogs|GetJobEvents|HeadObject|ECONN|connect|socket/i);
          result = await wait(job, { emulator: restartable.emulator });
        }
        expect(result.errors).toEqual([]);
        expect(result.outputs).toMatchObject({ status: 'succeeded', 'job-id': job.jobId, resumes: '0' });
        expect(findLeaks(result, await restartable.world.admin.issuedSecrets())).toEqual([]);
        const after = await checkpointObjects(job, restartable.world.oss);
        for (const key of before.keys()) expect(after.has(key)).toBe(true);
        expect(await jobsWithKey(restartable.world.dlc, resumeIdempotencyKey(job.jobId))).toEqual([]);
      } finally {
        await restartable.stop();
      }
    },
  ),

  cancelled: cell(
    'cancelled while the resubmit was in flight, then re-run: the re-run finds the resumed job, one in all',
    async () => {
      const job = await trainingJob(6);
      const before = await checkpointObjects(job);
      await admin.injectFault({
        product: 'dlc',
        action: 'CreateJob',
        kind: 'delay',
        delayMs: 5_000,
        afterHandler: true,
        count: 1,
      });
      let child: ChildProcess | undefined;
      const cancelled = wait(job, { onSpawn: (spawned) => (child = spawned) });
      // Cancel once the resumed job exists but before the step learned its id.
      await pollUntil(
        () => jobsWithKey(dlc, resumeIdempotencyKey(job.jobId)),
        (jobs) => jobs.length > 0,
      );
      child!.kill('SIGINT');
      const first = await cancelled;
      expect(first.exitCode).not.toBe(0);
      expect(first.outputs['status']).toBeUndefined();
      const again = await wait(job);
      await expectResumedOnce(job, again, before);
    },
  ),

  concurrent: cell(
    'two waits on the same preempted job at once: one resumed job stays, a racing duplicate is stopped',
    async () => {
      const job = await trainingJob(7);
      const before = await checkpointObjects(job);
      // Both resubmits are held until both look-ups have found nothing.
      const creates = await injectFault(admin, {
        product: 'dlc',
        action: 'CreateJob',
        kind: 'delay',
        delayMs: 1_500,
        count: 2,
      });
      const results = await Promise.all([wait(job), wait(job)]);
      const resumedId = await expectResumedOnce(job, undefined, before, { dlc, oss }, { racing: true });
      // A wait follows the kept job when it sees its own stopped as a duplicate. On a loaded
      // machine the two can settle on different views (DLC has no conditional create): then one
      // wait fails naming the stop, never both, and the one job left is the kept one.
      const succeeded = results.filter((result) => result.exitCode === 0);
      expect(succeeded.length).toBeGreaterThanOrEqual(1);
      for (const result of succeeded) {
        expect(result.outputs).toMatchObject({ status: 'succeeded', 'job-id': resumedId, resumes: '1' });
      }
      for (const result of results.filter((each) => each.exitCode !== 0)) {
        expect(result.errors).toEqual([expect.stringMatching(/Stopped/)]);
      }
      const createLog = (await creates.log()).filter((entry) => JSON.stringify(entry.body).includes(job.sha));
      const keyed = await jobsWithKey(dlc, resumeIdempotencyKey(job.jobId));
      expect(keyed).toHaveLength(createLog.length);
      for (const loser of keyed.filter((item) => item.JobId !== resumedId))
        expect(['Stopping', 'Stopped']).toContain(loser.Status);
    },
  ),

  'preempt-checkpoint-write': cell(
    'preempted while checkpoints were half-written: resumes from the newest complete one, never a partial one, none deleted',
    async () => {
      const job = await trainingJob(8, { preempt: false });
      const root = parseOssUri('checkpoint-uri', job.checkpointUri);
      // The write the preemption cut short, in both shapes OSS can hold: a marker that vouches for
      // a file that never fully arrived (step 50), and files without their marker (step 60).
      // Planted once the job wrote step 40 (the runner itself would start from a marker it found at start).
      await pollUntil(
        () => oss.exists(`${job.checkpointUri}step-00000040/_COMPLETE`),
        (exists) => exists,
      );
      await oss.putJson(`${job.checkpointUri}step-00000050/state.json`, { step: 50, partial: true });
      await oss.putJson(`${job.checkpointUri}step-00000050/_COMPLETE`, {
        format: 'pai-checkpoint/1',
        step: 50,
        files: [{ path: 'state.json', size: 4096 }],
      });
      await oss.putJson(`${job.checkpointUri}step-00000060/state.json`, { step: 60 });
      await admin.call('POST', `/dlc/jobs/${job.jobId}/preempt`, { afterSteps: PREEMPT_AT_STEP });
      await waitForStatus(dlc, job.jobId, ['Failed'], 30_000);
      const before = await checkpointObjects(job);
      expect([...before.keys()]).toEqual(
        expect.arrayContaining([
          `${root.prefix}step-00000040/_COMPLETE`,
          `${root.prefix}step-00000050/_COMPLETE`,
          `${root.prefix}step-00000060/state.json`,
        ]),
      );
      const result = await wait(job);
      expect(result.stdout).toMatch(
        /skipped checkpoint .*step-00000050\/: state\.json has \d+ bytes, the marker says 4096/,
      );
      await expectResumedOnce(job, result, before);
    },
  ),

  'cms-no-data': notApplicable(
    'the wait reads no CloudMonitor; with no GPU metrics at all (a CPU job) it reports without them',
    async () => {
      const job = await trainingJob(9, { instanceType: 'ecs.c6.large', steps: 20, preempt: false });
      const mark = await logMark(admin);
      const result = await wait(job);
      expect(result.errors).toEqual([]);
      expect(result.outputs).toMatchObject({ status: 'succeeded', 'job-id': job.jobId });
      const metrics = JSON.parse(result.outputs['metrics']!) as Record<string, number>;
      expect(metrics['train_steps']).toBe(20);
      expect(metrics).not.toHaveProperty('train_gpu_util_mean');
      const calls = await admin.requests({ sinceSeq: mark });
      expect(calls.map((entry) => entry.product)).not.toContain('cms');
      expect(calls.filter((entry) => entry.action === 'GetJobMetrics')).not.toEqual([]);
    },
  ),
});
