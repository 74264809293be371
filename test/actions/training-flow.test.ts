/**
 * The training flow as a workflow runs it: submit-dlc-job (with GitHub OIDC and the seeded
 * trainer role) → wait-and-resume, each as its dist bundle in a process, against the emulator's
 * PROCESS runner and the example training script. One spot preemption is injected; the wait
 * resumes from the newest complete checkpoint (a newer, half-written one is skipped), the
 * resumed job continues the step count, and the run ends succeeded with the model tagged with
 * the commit and the whole job chain in lineage.json. Later stages (evaluate-gate) extend this
 * file from the `trained` state.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { DEMO_BUCKET, ROLES, type Emulator, type AdminClient } from '../../packages/emulator/src/index.js';
import type { DlcClient } from '../../packages/core/src/clients/dlc.js';
import { DLC_IDEMPOTENCY_TAG } from '../../packages/core/src/clients/dlc-types.js';
import type { OssClient } from '../../packages/core/src/oss.js';
import { parseLineage } from '../../packages/core/src/lineage.js';
import { allLogs, progressSteps, startDlc } from '../../packages/emulator/test/dlc-support.js';
import { registerRun } from '../../packages/emulator/test/support/github-run.js';
import { findLeaks, knownSecrets } from './support/secrets.js';
import { defaultRun, runAction, type ActionRunResult } from './support/run-action.js';

let emulator: Emulator;
let admin: AdminClient;
let dlc: DlcClient;
let oss: OssClient;

const run = defaultRun({ runId: '4242', runAttempt: '1' });
const OUTPUT = `oss://${DEMO_BUCKET}/models/flow/`;
const MODEL_PREFIX = `models/flow/${run.sha}/model/`;
const CHECKPOINT_PREFIX = `models/flow/${run.sha}/checkpoints/`;

/** What the flow produced, for later stages to extend. */
const trained: { submit?: ActionRunResult; wait?: ActionRunResult } = {};

beforeAll(async () => {
  const world = await startDlc();
  ({ emulator, admin, dlc, oss } = world);
});

afterAll(async () => {
  await emulator?.stop();
});

/** The step's environment for GitHub OIDC: the run registered with the emulator's issuer. */
async function oidcEnv(): Promise<Record<string, string>> {
  const github = await registerRun(admin, {
    repository: run.repository,
    ref: run.ref,
    sha: run.sha,
    run_id: run.runId,
    run_attempt: run.runAttempt,
  });
  return { ACTIONS_ID_TOKEN_REQUEST_URL: github.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken };
}

function oidcInputs(): Record<string, string> {
  const { accountId } = emulator.info;
  return {
    'role-arn': `acs:ram::${accountId}:role/${ROLES.trainer.toLowerCase()}`,
    'oidc-provider-arn': `acs:ram::${accountId}:oidc-provider/github`,
  };
}

const submitInputs = () => ({
  ...oidcInputs(),
  image: 'registry.example.com/pai/train:1',
  command: 'node "$PAI_EMULATOR_EXAMPLES/train.mjs"',
  'instance-type': 'ecs.gn6i-c4g1.xlarge',
  spot: 'true',
  'spot-max-restarts': '0',
  'output-uri': OUTPUT,
  'checkpoint-interval': '1m',
  // 80 steps of 100 ms, a checkpoint every 10; GPU at 35 % plays a data-loading bottleneck.
  envs: 'TRAIN_STEPS=80\nCHECKPOINT_EVERY=10\nSTEP_DELAY_MS=100\nPAI_EMULATOR_GPU_UTIL=35',
});

test('submit → preemption → resume from the last complete checkpoint → succeeded, with lineage and a tagged model', async () => {
  const submit = await runAction('submit-dlc-job', {
    emulator,
    credentials: 'none',
    run,
    inputs: submitInputs(),
    env: await oidcEnv(),
  });
  expect(submit.errors).toEqual([]);
  expect(submit.exitCode).toBe(0);
  const firstJobId = submit.outputs['job-id']!;
  expect(firstJobId).toMatch(/^dlc/);
  expect(submit.outputs).toMatchObject({
    'model-uri': `oss://${DEMO_BUCKET}/${MODEL_PREFIX}`,
    'checkpoint-uri': `oss://${DEMO_BUCKET}/${CHECKPOINT_PREFIX}`,
    'lineage-uri': `oss://${DEMO_BUCKET}/models/flow/${run.sha}/lineage.json`,
  });
  expect(submit.outputs['console-url']).toContain(firstJobId);
  // The calls went out with the trainer role's STS credentials, not the demo keys.
  const created = await admin.requests({ product: 'dlc', action: 'CreateJob' });
  expect(created.at(-1)!.accessKeyId).toMatch(/^STS\./);

  // Before it runs (however busy the machine): the spot instance is to be reclaimed at step 45,
  // and a newer checkpoint appears whose marker vouches for a file that never arrived (a
  // half-written checkpoint; the script and the wait must both pass it over).
  await admin.call('POST', `/dlc/jobs/${firstJobId}/preempt`, { afterSteps: 45 });
  await oss.putJson(`oss://${DEMO_BUCKET}/${CHECKPOINT_PREFIX}step-00000070/_COMPLETE`, {
    format: 'pai-checkpoint/1',
    step: 70,
    files: [{ path: 'state.json', size: 180 }],
  });

  // A re-run of the same run attempt finds its job instead of submitting another.
  const again = await runAction('submit-dlc-job', {
    emulator,
    credentials: 'none',
    run,
    inputs: submitInputs(),
    env: await oidcEnv(),
  });
  expect(again.exitCode).toBe(0);
  expect(again.outputs['job-id']).toBe(firstJobId);
  const tagged = await dlc.listAllJobs({ Tags: { 'git-sha': run.sha } });
  expect(tagged.map((job) => job.JobId)).toEqual([firstJobId]);
  expect(tagged[0]!.Settings?.Tags?.[DLC_IDEMPOTENCY_TAG]).toContain(`#${run.runId}.${run.runAttempt}`);

  const wait = await runAction('wait-and-resume', {
    emulator,
    credentials: 'none',
    run,
    inputs: {
      ...oidcInputs(),
      'job-id': firstJobId,
      'poll-interval': '1s',
      'max-poll-interval': '2s',
      'max-resumes': '2',
    },
    env: await oidcEnv(),
  });
  trained.submit = submit;
  trained.wait = wait;
  expect(wait.errors).toEqual([]);
  expect(wait.exitCode).toBe(0);
  expect(wait.outputs['status']).toBe('succeeded');
  expect(wait.outputs['resumes']).toBe('1');
  const finalJobId = wait.outputs['job-id']!;
  expect(finalJobId).not.toBe(firstJobId);
  expect(wait.stdout).toMatch(/skipped checkpoint .*step-00000070\/: state\.json is missing/);

  // The resumed job continued from the newest complete checkpoint the first job left (a multiple
  // of 10 at or past the preemption step, never the planted step 70), and counted on from there.
  const firstSteps = progressSteps(await allLogs(dlc, await dlc.getJob(firstJobId)));
  const resumed = await dlc.getJob(finalJobId);
  const resumeStep = Number(/^\/mnt\/checkpoints\/step-(\d{8})\/$/.exec(resumed.Envs?.['RESUME_FROM'] ?? '')?.[1]);
  expect(resumeStep % 10).toBe(0);
  expect(resumeStep).toBeGreaterThanOrEqual(40);
  expect(resumeStep).toBeLessThanOrEqual(firstSteps.at(-1)!);
  expect(firstSteps.at(-1)).toBeLessThan(70);
  const resumedLogs = await allLogs(dlc, resumed);
  expect(resumedLogs.some((line) => line.startsWith(`resumed from step=${resumeStep}`))).toBe(true);
  const steps = progressSteps(resumedLogs);
  expect(steps[0]).toBe(resumeStep + 1);
  expect(steps.at(-1)).toBe(80);
  const resumePrefix = `${CHECKPOINT_PREFIX}step-${String(resumeStep).padStart(8, '0')}/`;

  // lineage.json: the commit and the whole chain.
  const lineage = parseLineage(await oss.getJson(submit.outputs['lineage-uri']!));
  expect(lineage).toMatchObject({ sha: run.sha, repository: run.repository, runAttempt: 1 });
  expect(lineage.training).toMatchObject({ image: 'registry.example.com/pai/train:1', outputUri: OUTPUT });
  expect(lineage.jobs).toEqual([
    expect.objectContaining({ jobId: firstJobId, reason: 'initial', status: 'Failed' }),
    expect.objectContaining({
      jobId: finalJobId,
      reason: 'preempted',
      resumeFrom: `oss://${DEMO_BUCKET}/${resumePrefix}`,
      status: 'Succeeded',
    }),
  ]);
  expect(lineage.metrics).toMatchObject({ step: 80, resumed_from_step: resumeStep });

  // Every model object carries the commit.
  const objects = await oss.listAll(`oss://${DEMO_BUCKET}/${MODEL_PREFIX}`);
  expect(objects.map((o) => o.key.slice(MODEL_PREFIX.length)).sort()).toEqual(['metrics.json', 'model.json']);
  for (const object of objects) expect((await oss.head(object)).meta['git-sha']).toBe(run.sha);

  // Metrics, the GPU warning and the summary.
  const metrics = JSON.parse(wait.outputs['metrics']!) as Record<string, unknown>;
  // Flat numbers: the model's metrics.json for the gate, the run's measurements as train_*.
  expect(metrics).toMatchObject({
    step: 80,
    resumed_from_step: resumeStep,
    train_steps: 80,
    train_total_steps: 80,
    train_resumes: 1,
  });
  expect(Object.values(metrics).every((value) => typeof value === 'number')).toBe(true);
  expect(metrics['train_gpu_util_mean']).toBeLessThan(60);
  expect(metrics['train_steps_per_second']).toBeGreaterThan(0);
  expect(wait.warnings).toEqual([expect.stringContaining('data')]);
  expect(wait.summary).toContain('xychart-beta');
  expect(wait.summary).toMatch(/Steps\/s \| \d/);

  for (const result of [submit, again, wait]) expect(findLeaks(result, knownSecrets(emulator))).toEqual([]);
}, 120_000);
