/** submit-dlc-job's request building and the resubmission, as pure functions. */
import type { RunContext } from '../../src/action/github-context.js';
import { DLC_IDEMPOTENCY_TAG } from '../../src/clients/dlc-types.js';
import {
  buildCreateJobRequest,
  checkpointIntervalWarning,
  defaultJobName,
  submitIdempotencyKey,
  trainingLocations,
  type TrainingSpec,
} from '../../src/training/job-spec.js';
import { buildResumeRequest, checkpointPathInJob, checkpointPrefixOfJobPath } from '../../src/training/resubmit.js';
import { renderTrainingSummary } from '../../src/summary/training.js';
import { workflowFromRef } from '../../src/github/workflow-dispatch.js';

const run: RunContext = {
  repository: 'octo-org/my.models',
  sha: 'abcdef0123456789abcdef0123456789abcdef01',
  ref: 'refs/heads/main',
  runId: '99',
  runAttempt: 2,
  actor: 'octocat',
  workflow: 'train',
  eventName: 'push',
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  runUrl: 'https://github.com/octo-org/my.models/actions/runs/99/attempts/2',
};

const locations = trainingLocations({ bucket: 'b', prefix: 'out' }, run.sha);
const spec: TrainingSpec = {
  name: 'my-models-abcdef0',
  jobType: 'PyTorchJob',
  image: 'img:1',
  command: 'python train.py',
  workers: 2,
  instanceType: 'ecs.gn6i-c4g1.xlarge',
  spot: true,
  spotOptions: { maxRestarts: 2, discountLimit: 0.5 },
  dataUri: { bucket: 'b', prefix: 'data/' },
  outputUri: { bucket: 'b', prefix: 'out' },
  checkpointUri: locations.checkpointUri,
  modelUri: locations.modelUri,
  checkpointIntervalMs: 900_000,
  envs: { LR: '0.1' },
  timeoutMs: 90 * 60_000 + 1,
};

test('locations: model and checkpoints under <output>/<sha>/, lineage beside the model', () => {
  expect(locations).toEqual({
    modelUri: { bucket: 'b', prefix: `out/${run.sha}/model/` },
    checkpointUri: { bucket: 'b', prefix: `out/${run.sha}/checkpoints/` },
    lineageUri: `oss://b/out/${run.sha}/lineage.json`,
  });
  expect(
    trainingLocations({ bucket: 'b', prefix: 'out/' }, run.sha, { bucket: 'c', prefix: 'ck' }).checkpointUri,
  ).toEqual({
    bucket: 'c',
    prefix: 'ck/',
  });
});

test('the CreateJob request: spot, mounts, the job env contract, timeout in minutes rounded up, tags', () => {
  const request = buildCreateJobRequest(spec, run);
  expect(request.JobSpecs).toEqual([
    {
      Type: 'Worker',
      Image: 'img:1',
      PodCount: 2,
      EcsSpec: 'ecs.gn6i-c4g1.xlarge',
      UseSpotInstance: true,
      SpotSpec: { SpotStrategy: 'SpotWithPriceLimit', SpotDiscountLimit: 0.5 },
    },
  ]);
  expect(request.Envs).toMatchObject({
    LR: '0.1',
    CHECKPOINT_DIR: '/mnt/checkpoints/',
    MODEL_DIR: '/mnt/model/',
    DATA_DIR: '/mnt/data/',
    GIT_SHA: run.sha,
    PAI_MODEL_URI: `oss://b/out/${run.sha}/model/`,
    CHECKPOINT_INTERVAL_SECONDS: '900',
  });
  expect(request.DataSources?.map((d) => d.MountPath)).toEqual(['/mnt/data/', '/mnt/checkpoints/', '/mnt/model/']);
  expect(request.JobMaxRunningTimeMinutes).toBe(91);
  expect(request.Settings).toEqual({
    ElasticSpotJobMaxRestartTimes: 2,
    Tags: { 'git-sha': run.sha, 'github-run-id': '99' },
  });
  const onQuota = buildCreateJobRequest(
    { ...spec, spot: false, resourceGroup: 'quota1', resourceConfig: { CPU: '8' } },
    run,
  );
  expect(onQuota.JobSpecs[0]).toEqual({ Type: 'Worker', Image: 'img:1', PodCount: 2, ResourceConfig: { CPU: '8' } });
  expect(onQuota.ResourceId).toBe('quota1');
});

test('names and keys', () => {
  expect(defaultJobName(run)).toBe('my-models-abcdef0');
  expect(submitIdempotencyKey(run)).toBe(`octo-org/my.models@${run.sha}#99.2`);
  expect(submitIdempotencyKey({ ...run, repository: `o/${'r'.repeat(120)}` })).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(checkpointIntervalWarning(true, 21 * 60_000)).toMatch(/21m with spot/);
  expect(checkpointIntervalWarning(true, 20 * 60_000)).toBeUndefined();
  expect(checkpointIntervalWarning(false, 60 * 60_000)).toBeUndefined();
});

test('the resumed job: same spec, RESUME_FROM set, the old idempotency key dropped, the timeout from the ListJobs item', () => {
  const request = buildCreateJobRequest(spec, run);
  const ended = {
    JobId: 'dlc-old',
    DisplayName: request.DisplayName,
    JobType: request.JobType,
    JobSpecs: request.JobSpecs,
    UserCommand: request.UserCommand,
    Envs: request.Envs!,
    DataSources: request.DataSources!,
    Settings: { ...request.Settings, Tags: { ...request.Settings!.Tags, [DLC_IDEMPOTENCY_TAG]: 'old' } },
  };
  const resumed = buildResumeRequest(ended, { JobMaxRunningTimeMinutes: 91 }, '/mnt/checkpoints/step-00000040/');
  expect(resumed).toMatchObject({
    DisplayName: request.DisplayName,
    JobSpecs: request.JobSpecs,
    JobMaxRunningTimeMinutes: 91,
  });
  expect(resumed.Envs!['RESUME_FROM']).toBe('/mnt/checkpoints/step-00000040/');
  expect(resumed.Settings!.Tags).toEqual(request.Settings!.Tags);
  expect(() => buildResumeRequest({ JobId: 'x' }, undefined, undefined)).toThrow(/cannot be resubmitted/);
  expect(checkpointPathInJob('out/ck/', 'out/ck/step-00000040/')).toBe('/mnt/checkpoints/step-00000040/');
  expect(() => checkpointPathInJob('out/ck/', 'elsewhere/step-1/')).toThrow(/not under/);
  // And back: what a found resubmission resumed from, for its lineage record.
  expect(checkpointPrefixOfJobPath('out/ck', '/mnt/checkpoints/step-00000040/')).toBe('out/ck/step-00000040/');
  expect(checkpointPrefixOfJobPath('out/ck/', '/mnt/ckpt/step-1/', '/mnt/ckpt')).toBe('out/ck/step-1/');
  expect(checkpointPrefixOfJobPath('out/ck/', '/data/step-1/')).toBeUndefined();
});

test('the summary: a table and a loss chart thinned to 40 points', () => {
  const loss = Array.from({ length: 100 }, (_, i) => ({ step: i + 1, loss: 1 / (i + 1) }));
  const markdown = renderTrainingSummary({
    status: 'succeeded',
    jobs: [
      { jobId: 'dlc1', reason: 'initial', status: 'Failed' },
      { jobId: 'dlc2', reason: 'preempted', status: 'Succeeded' },
    ],
    stepsPerSecond: 2.5,
    finalStep: 100,
    totalSteps: 100,
    finalLoss: 0.01,
    gpuUtilMean: 35,
    gpuUtilThreshold: 60,
    loss,
  });
  expect(markdown).toContain('| Resumes | 1 |');
  expect(markdown).toContain('| Steps/s | 2.50 |');
  expect(markdown).toContain('below 60 %');
  const xAxis = /x-axis "step" \[([^\]]*)\]/.exec(markdown)![1]!.split(', ');
  expect(xAxis).toHaveLength(40);
  expect(xAxis[0]).toBe('1');
  expect(xAxis.at(-1)).toBe('100');
});

test.each([
  ['octo-org/models/.github/workflows/train.yml@refs/heads/main', 'train.yml'],
  ['o/r/.github/workflows/ci.yaml@refs/pull/1/merge', 'ci.yaml'],
  [undefined, undefined],
  ['garbage', undefined],
])('workflowFromRef(%s)', (ref, expected) => {
  expect(workflowFromRef(ref)).toBe(expected);
});
