/**
 * DLC job lifecycle on the emulator, driven through the real DlcClient (openapi-core, ACS3
 * signatures, RAM): status names and history, pods, events, logs, metrics, stop/delete,
 * validation, listing, spot preemption and DLC's own restarts — with the simulated runner, so
 * every test runs in well under a few seconds.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLatestValidCheckpoint } from '../../core/src/checkpoints.js';
import type { CreateJobRequest } from '../../core/src/clients/dlc-types.js';
import { DlcClient } from '../../core/src/clients/dlc.js';
import { PaiApiError } from '../../core/src/errors.js';
import { assessPreemption } from '../../core/src/preemption.js';
import {
  allLogs,
  bucketUri,
  FAST_PHASES,
  jobRequest,
  pollUntil,
  progressSteps,
  startDlc,
  waitForStatus,
  type DlcWorld,
} from './dlc-support.js';

let world: DlcWorld;

beforeAll(async () => {
  world = await startDlc();
});

afterAll(async () => {
  await world.emulator.stop();
});

afterEach(async () => {
  await world.admin.setClockSpeed(1);
  await world.admin.call('POST', '/dlc/config', { phaseMs: FAST_PHASES });
});

function simulated(
  name: string,
  envs: Record<string, string> = {},
  extra: Partial<CreateJobRequest> = {},
): CreateJobRequest {
  return jobRequest(name, 'python /root/code/train.py', { PAI_EMULATOR_SIMULATE: 'true', ...envs }, extra);
}

async function rejection(promise: Promise<unknown>): Promise<PaiApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PaiApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

test('a job walks Creating → Queuing → EnvPreparing → Running → Succeeded with pods, events, logs, checkpoints and a model', async () => {
  const prefix = 'models/lifecycle/sha1';
  const { JobId } = await world.dlc.createJob(
    simulated('lifecycle', {
      PAI_EMULATOR_TOTAL_STEPS: '40',
      PAI_EMULATOR_STEPS_PER_SECOND: '50',
      PAI_EMULATOR_CHECKPOINT_EVERY: '10',
      PAI_CHECKPOINT_URI: bucketUri(`${prefix}/checkpoints/`),
      PAI_MODEL_URI: bucketUri(`${prefix}/model/`),
    }),
  );
  expect(JobId).toMatch(/^dlc[a-z0-9]+$/);
  const first = await world.dlc.getJob(JobId);
  expect(first.Status).toBe('Creating');

  const seen = new Set<string>();
  const job = await pollUntil(
    () => world.dlc.getJob(JobId, { NeedDetail: true }),
    (j) => {
      seen.add(j.Status ?? '');
      return j.Status === 'Succeeded' || j.Status === 'Failed';
    },
    15_000,
    10,
  );
  expect(seen).toContain('Running');
  expect(job.Status).toBe('Succeeded');
  expect(job.ReasonCode).toBe('JobSucceeded');
  expect(job.StatusHistory?.map((h) => h.Status)).toEqual([
    'Creating',
    'Queuing',
    'EnvPreparing',
    'Running',
    'Succeeded',
  ]);
  const times = ['GmtCreateTime', 'GmtSubmittedTime', 'GmtRunningTime', 'GmtFinishTime'] as const;
  const stamps = times.map((t) => Date.parse(job[t] ?? ''));
  expect(stamps.every(Number.isFinite)).toBe(true);
  expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
  expect(job.GmtSuccessedTime).toBe(job.GmtFinishTime);
  expect(job.RestartTimes).toBe('0/0');
  expect(job.Pods).toHaveLength(1);
  expect(job.Pods?.[0]).toMatchObject({
    PodId: `${JobId}-worker-0`,
    Type: 'Worker',
    Status: 'Succeeded',
    SubStatus: 'Normal',
  });

  const logs = await allLogs(world.dlc, job);
  expect(progressSteps(logs)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  const events = (await world.dlc.getJobEvents(JobId)).Events ?? [];
  expect(events.map((e) => / (\w+): /.exec(e)?.[1])).toEqual([
    'JobCreated',
    'JobQueuing',
    'PodScheduled',
    'JobRunning',
    'JobSucceeded',
  ]);
  expect(events[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ Normal JobCreated: /);

  const listing = await world.oss.listAll(bucketUri(`${prefix}/checkpoints/`));
  const selection = await findLatestValidCheckpoint(`${prefix}/checkpoints/`, listing, async (key) =>
    JSON.stringify(await world.oss.getJson(bucketUri(key))),
  );
  expect(selection.checkpoint?.step).toBe(40);
  expect(listing.filter((o) => o.key.endsWith('/_COMPLETE'))).toHaveLength(4);
  expect(await world.oss.getJson(bucketUri(`${prefix}/model/model.json`))).toEqual({
    format: 'pai-emulator-linear/1',
    weights: [0.5, -1.25, 2],
    bias: 0.75,
  });
  expect(await world.oss.getJson(bucketUri(`${prefix}/model/metrics.json`))).toMatchObject({
    step: 40,
    total_steps: 40,
  });
});

test('GPU utilisation follows the configured level, so a data-loading bottleneck shows as low utilisation', async () => {
  await world.admin.setClockSpeed(20);
  const envs = { PAI_EMULATOR_TOTAL_STEPS: '200', PAI_EMULATOR_STEPS_PER_SECOND: '20' };
  const low = await world.dlc.createJob(simulated('io-bound', { ...envs, PAI_EMULATOR_GPU_UTIL: '35' }));
  const high = await world.dlc.createJob(simulated('gpu-bound', { ...envs, PAI_EMULATOR_GPU_UTIL: '92' }));
  const cpuOnly = await world.dlc.createJob(
    simulated('cpu-only', envs, { JobSpecs: [{ Type: 'Worker', Image: 'img', PodCount: 1, EcsSpec: 'ecs.c6.large' }] }),
  );
  for (const { JobId } of [low, high, cpuOnly]) await waitForStatus(world.dlc, JobId, ['Succeeded'], 15_000);

  const points = async (jobId: string, type: string) =>
    ((await world.dlc.getJobMetrics(jobId, { MetricType: type })).PodMetrics ?? []).flatMap((p) => p.Metrics ?? []);
  const lowGpu = await points(low.JobId, 'GpuCoreUsage');
  const highGpu = await points(high.JobId, 'GpuCoreUsage');
  expect(lowGpu.length).toBeGreaterThanOrEqual(5);
  expect(lowGpu.every((p) => (p.Value ?? 100) < 60 && (p.Value ?? 0) > 25)).toBe(true);
  expect(highGpu.every((p) => (p.Value ?? 0) > 80)).toBe(true);
  expect(lowGpu.every((p, i) => i === 0 || (p.Time ?? 0) > (lowGpu[i - 1]!.Time ?? 0))).toBe(true);
  expect(await points(cpuOnly.JobId, 'GpuCoreUsage')).toEqual([]);
  expect((await points(cpuOnly.JobId, 'CpuCoreUsage')).length).toBeGreaterThan(0);

  // Emulator-only series from the progress lines: 20 steps per emulated second.
  const rates = (await points(low.JobId, 'StepsPerSecond')).map((p) => p.Value ?? 0);
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  expect(mean).toBeGreaterThan(15);
  expect(mean).toBeLessThan(25);
  const loss = (await points(low.JobId, 'Loss')).map((p) => p.Value ?? 0);
  expect(loss.at(-1)!).toBeLessThan(loss[0]!);

  const bucketed = await points(low.JobId, 'GpuCoreUsage');
  const perMinute =
    ((await world.dlc.getJobMetrics(low.JobId, { MetricType: 'GpuCoreUsage', TimeStep: '1m' })).PodMetrics ?? [])[0]
      ?.Metrics ?? [];
  expect(perMinute.length).toBeLessThan(bucketed.length);
  expect(perMinute.every((p) => (p.Time ?? 1) % 60_000 === 0)).toBe(true);

  const bad = await rejection(world.dlc.getJobMetrics(low.JobId, { MetricType: 'GpuUtil' }));
  expect([bad.statusCode, bad.code]).toEqual([400, 'InvalidParameter']);
  expect(bad.apiMessage).toMatch(/GpuCoreUsage/);
});

test('a failing process ends Failed with the exit code, which is not a preemption', async () => {
  const { JobId } = await world.dlc.createJob(
    simulated('crashes', { PAI_EMULATOR_FAIL_AT_STEP: '5', PAI_EMULATOR_STEPS_PER_SECOND: '50' }),
  );
  const job = await waitForStatus(world.dlc, JobId, ['Succeeded', 'Failed']);
  expect(job).toMatchObject({ Status: 'Failed', ReasonCode: 'JobFailed' });
  expect(job.ReasonMessage).toMatch(/exited with code 1/);
  expect(job.GmtFailedTime).toBe(job.GmtFinishTime);
  expect(job.Pods?.[0]).toMatchObject({ Status: 'Failed', SubStatus: 'Normal' });
  expect(progressSteps(await allLogs(world.dlc, job)).at(-1)).toBe(5);
  expect(assessPreemption(job).action).toBe('none');
});

test('StopJob stops a running job (Stopping → Stopped, JobStoppedByUser); only finished jobs can be deleted', async () => {
  const { JobId } = await world.dlc.createJob(
    simulated('to-stop', { PAI_EMULATOR_STEPS_PER_SECOND: '1', PAI_EMULATOR_TOTAL_STEPS: '1000' }),
  );
  await waitForStatus(world.dlc, JobId, ['Running']);

  const refused = await rejection(world.dlc.deleteJob(JobId));
  expect([refused.statusCode, refused.code]).toEqual([400, 'InvalidJobStatus']);

  expect((await world.dlc.stopJob(JobId)).JobId).toBe(JobId);
  const stopped = await waitForStatus(world.dlc, JobId, ['Stopped', 'Failed', 'Succeeded']);
  expect(stopped).toMatchObject({
    Status: 'Stopped',
    ReasonCode: 'JobStoppedByUser',
    ReasonMessage: 'Job is stopped by user.',
  });
  expect(stopped.StatusHistory?.map((h) => h.Status).slice(-3)).toEqual(['Running', 'Stopping', 'Stopped']);
  expect(stopped.GmtStoppedTime).toBeDefined();
  expect(stopped.Pods?.[0]?.Status).toBe('Stopped');
  expect(assessPreemption(stopped).action).toBe('none');
  await world.dlc.stopJob(JobId); // stopping a stopped job changes nothing
  expect((await world.dlc.getJob(JobId)).StatusHistory).toEqual(stopped.StatusHistory);

  expect((await world.dlc.deleteJob(JobId)).JobId).toBe(JobId);
  const gone = await rejection(world.dlc.getJob(JobId));
  expect([gone.statusCode, gone.code]).toEqual([404, 'JobNotFound']);
});

test.each<[string, (r: CreateJobRequest) => unknown, RegExp]>([
  [
    'JobType in the wrong case',
    (r) => ({ ...r, JobType: 'pytorchjob' }),
    /JobType "pytorchjob" is not supported.*case-sensitive.*PyTorchJob/,
  ],
  ['no JobSpecs', (r) => ({ ...r, JobSpecs: undefined }), /JobSpecs is required/],
  ['empty JobSpecs', (r) => ({ ...r, JobSpecs: [] }), /JobSpecs must be a non-empty array/],
  ['no DisplayName', (r) => ({ ...r, DisplayName: '' }), /DisplayName is required/],
  ['no UserCommand', (r) => ({ ...r, UserCommand: undefined }), /UserCommand is required/],
  [
    'no image',
    (r) => ({ ...r, JobSpecs: [{ Type: 'Worker', PodCount: 1, EcsSpec: 'ecs.c6.large' }] }),
    /JobSpecs\[0\]\.Image is required/,
  ],
  [
    'a pod role the framework has not',
    (r) => ({ ...r, JobSpecs: [{ Type: 'PS', Image: 'i', PodCount: 1, EcsSpec: 'e' }] }),
    /Type "PS" is not valid for PyTorchJob/,
  ],
  [
    'no EcsSpec on public resources',
    (r) => ({ ...r, JobSpecs: [{ Type: 'Worker', Image: 'i', PodCount: 1 }] }),
    /EcsSpec is required/,
  ],
  ['Priority out of range', (r) => ({ ...r, Priority: 12 }), /Priority must be an integer from 1 to 9/],
  ['a non-string env', (r) => ({ ...r, Envs: { STEPS: 10 } }), /Envs\.STEPS must be a string/],
  [
    'an env name a shell cannot hold',
    (r) => ({ ...r, Envs: { 'MY-VAR': 'x' } }),
    /not a valid environment variable name/,
  ],
  [
    'a bad simulation knob',
    (r) => ({ ...r, Envs: { PAI_EMULATOR_SIMULATE: 'true', PAI_EMULATOR_TOTAL_STEPS: 'ten' } }),
    /PAI_EMULATOR_TOTAL_STEPS/,
  ],
  ['a data source that is not OSS', (r) => ({ ...r, DataSources: [{ Uri: 'https://example.com/data' }] }), /oss:\/\//],
])('CreateJob refuses %s with 400 InvalidParameter', async (_name, mutate, message) => {
  const before = (await world.dlc.listJobs()).TotalCount;
  const error = await rejection(world.dlc.createJob(mutate(jobRequest('invalid', 'true')) as CreateJobRequest));
  expect([error.statusCode, error.code]).toEqual([400, 'InvalidParameter']);
  expect(error.apiMessage).toMatch(message);
  expect(error.requestId).toBeDefined();
  expect((await world.dlc.listJobs()).TotalCount).toBe(before);
});

test('ListJobs filters by DisplayName, Status, Tags, JobIds and pages; listAllJobs gathers every page', async () => {
  const slow = { PAI_EMULATOR_STEPS_PER_SECOND: '0.01' };
  const created: string[] = [];
  for (let i = 0; i < 5; i++) {
    const tags = { team: i % 2 === 0 ? 'vision' : 'speech', run: `r${i}` };
    created.push((await world.dlc.createJob(simulated(`listing-${i}`, slow, { Settings: { Tags: tags } }))).JobId);
  }
  const mine = await world.dlc.listJobs({ DisplayName: 'listing-', PageSize: 100 });
  expect(mine.TotalCount).toBe(5);
  expect(mine.Jobs?.map((j) => j.JobId)).toEqual([...created].reverse()); // newest first by default

  const vision = await world.dlc.listJobs({ DisplayName: 'listing-', Tags: { team: 'vision' } });
  expect(vision.Jobs?.map((j) => j.DisplayName).sort()).toEqual(['listing-0', 'listing-2', 'listing-4']);
  expect(vision.Jobs?.every((j) => j.Settings?.Tags?.team === 'vision')).toBe(true);
  expect((await world.dlc.listJobs({ Tags: { team: 'vision', run: 'r2' } })).Jobs?.map((j) => j.JobId)).toEqual([
    created[2],
  ]);

  const byIds = await world.dlc.listJobs({ JobIds: `${created[1]},${created[3]}`, Order: 'asc' });
  expect(byIds.Jobs?.map((j) => j.JobId)).toEqual([created[1], created[3]]);

  await world.dlc.stopJob(created[0]!);
  await waitForStatus(world.dlc, created[0]!, ['Stopped']);
  expect((await world.dlc.listJobs({ DisplayName: 'listing-', Status: 'Stopped' })).Jobs?.map((j) => j.JobId)).toEqual([
    created[0],
  ]);

  const page2 = await world.dlc.listJobs({ DisplayName: 'listing-', PageSize: 2, PageNumber: 2 });
  expect(page2).toMatchObject({ TotalCount: 5 });
  expect(page2.Jobs?.map((j) => j.JobId)).toEqual([created[2], created[1]]);
  const all = await world.dlc.listAllJobs({ DisplayName: 'listing-' }, { pageSize: 2 });
  expect(all.map((j) => j.JobId)).toEqual([...created].reverse());

  for (const id of created.slice(1)) await world.dlc.stopJob(id);
});

test('spot preemption without restarts: pods Evicted, the job ends Failed (JobPreempted) and is to be resubmitted', async () => {
  const { JobId } = await world.dlc.createJob(
    simulated('spot', { PAI_EMULATOR_STEPS_PER_SECOND: '20', PAI_EMULATOR_TOTAL_STEPS: '1000' }),
  );
  await waitForStatus(world.dlc, JobId, ['Running']);
  await world.admin.call('POST', `/dlc/jobs/${JobId}/preempt`, { afterSteps: 10 });
  const job = await waitForStatus(world.dlc, JobId, ['Failed', 'Succeeded', 'Stopped']);
  expect(job).toMatchObject({ Status: 'Failed', ReasonCode: 'JobPreempted', RestartTimes: '0/0' });
  expect(job.ReasonMessage).toMatch(/spot/i);
  expect(job.Pods?.[0]).toMatchObject({ Status: 'Failed', SubStatus: 'Evicted' });
  const steps = progressSteps(await allLogs(world.dlc, job));
  expect(steps.at(-1)).toBeGreaterThanOrEqual(10);
  expect(steps.at(-1)).toBeLessThan(1000);
  expect((await world.dlc.getJobEvents(JobId)).Events?.some((e) => / Warning SpotInstanceReclaimed: /.test(e))).toBe(
    true,
  );
  expect(assessPreemption(job)).toMatchObject({ preempted: true, restarting: false, action: 'resubmit' });

  const notSpot = await world.dlc.createJob(
    simulated(
      'on-demand',
      { PAI_EMULATOR_STEPS_PER_SECOND: '0.01' },
      { JobSpecs: [{ Type: 'Worker', Image: 'i', PodCount: 1, EcsSpec: 'ecs.gn6i-c4g1.xlarge' }] },
    ),
  );
  await expect(world.admin.call('POST', `/dlc/jobs/${notSpot.JobId}/preempt`, {})).rejects.toThrow(/no spot instance/);
  await world.dlc.stopJob(notSpot.JobId);
});

test('with Settings.ElasticSpotJobMaxRestartTimes DLC restarts a preempted job by itself, resuming from its checkpoint', async () => {
  await world.admin.call('POST', '/dlc/config', { phaseMs: { Restarting: 1_500 } });
  const { JobId } = await world.dlc.createJob(
    simulated(
      'elastic',
      {
        PAI_EMULATOR_STEPS_PER_SECOND: '40',
        PAI_EMULATOR_TOTAL_STEPS: '60',
        PAI_EMULATOR_CHECKPOINT_EVERY: '10',
        PAI_CHECKPOINT_URI: bucketUri('models/elastic/checkpoints/'),
      },
      { Settings: { ElasticSpotJobMaxRestartTimes: 1 } },
    ),
  );
  await waitForStatus(world.dlc, JobId, ['Running']);
  await world.admin.call('POST', `/dlc/jobs/${JobId}/preempt`, { afterSteps: 25 });

  const restarting = await waitForStatus(world.dlc, JobId, ['Restarting', 'Failed']);
  expect(restarting).toMatchObject({
    Status: 'Restarting',
    SubStatus: 'Restarting',
    RestartTimes: '1/1',
    ReasonCode: 'SpotInstanceReclaimed',
  });
  expect(restarting.RestartRecord).toEqual([
    expect.objectContaining({ JobRestartCount: 1, RestartStatus: 'Restarting', OccurPhase: 'Running' }),
  ]);
  expect(assessPreemption(restarting)).toMatchObject({
    preempted: true,
    restarting: true,
    action: 'keep-waiting',
    restarts: { used: 1, max: 1 },
  });

  const done = await waitForStatus(world.dlc, JobId, ['Succeeded', 'Failed']);
  expect(done.Status).toBe('Succeeded');
  expect(done.StatusHistory?.map((h) => h.Status)).toEqual([
    'Creating',
    'Queuing',
    'EnvPreparing',
    'Running',
    'Restarting',
    'EnvPreparing',
    'Running',
    'Succeeded',
  ]);
  const pod = done.Pods![0]!;
  expect(pod.HistoryPods).toEqual([
    expect.objectContaining({ PodId: pod.PodId, Status: 'Failed', SubStatus: 'Evicted' }),
  ]);
  expect(pod.HistoryPods?.[0]?.PodUid).not.toBe(pod.PodUid);
  expect(done.RestartRecord?.[0]).toMatchObject({ RestartStatus: 'Succeeded' });
  expect(assessPreemption(done).action).toBe('none');

  // The second incarnation continued from the newest checkpoint before the eviction.
  const second = (await world.dlc.getPodLogs(JobId, pod.PodId!, { PodUid: pod.PodUid })).Logs ?? [];
  const firstRun = progressSteps(
    (await world.dlc.getPodLogs(JobId, pod.PodId!, { PodUid: pod.HistoryPods![0]!.PodUid })).Logs ?? [],
  );
  const resumedAt = Math.floor(firstRun.at(-1)! / 10) * 10;
  expect(second[0]).toBe(`resumed from step=${resumedAt} (own checkpoint)`);
  expect(progressSteps(second)[0]).toBe(resumedAt + 1);
  expect(progressSteps(second).at(-1)).toBe(60);
});

test('when the automatic restarts are used up, the next preemption ends the job Failed', async () => {
  await world.admin.call('POST', '/dlc/config', { phaseMs: { Restarting: 100 } });
  const { JobId } = await world.dlc.createJob(
    simulated(
      'elastic-exhausted',
      { PAI_EMULATOR_STEPS_PER_SECOND: '5' },
      { Settings: { ElasticSpotJobMaxRestartTimes: 1 } },
    ),
  );
  await waitForStatus(world.dlc, JobId, ['Running']);
  await world.admin.call('POST', `/dlc/jobs/${JobId}/preempt`, {});
  await pollUntil(
    () => world.dlc.getJob(JobId),
    (j) => j.Status === 'Running' && j.RestartTimes === '1/1',
  );
  await world.admin.call('POST', `/dlc/jobs/${JobId}/preempt`, { afterSeconds: 0.2 });
  const job = await waitForStatus(world.dlc, JobId, ['Failed', 'Succeeded']);
  expect(job).toMatchObject({ Status: 'Failed', ReasonCode: 'JobPreempted', RestartTimes: '1/1' });
  expect(job.ReasonMessage).toMatch(/restart\(s\) are used up/);
  expect(job.Pods?.[0]?.HistoryPods).toHaveLength(1);
  expect(assessPreemption(job).action).toBe('resubmit');
});

test('RESUME_FROM may name the checkpoint as a mounted path, as the same job sees it on the cloud', async () => {
  const prefix = 'models/mounted/checkpoints/';
  const fast = {
    PAI_EMULATOR_STEPS_PER_SECOND: '100',
    PAI_EMULATOR_TOTAL_STEPS: '30',
    PAI_EMULATOR_CHECKPOINT_EVERY: '10',
  };
  const origin = await world.dlc.createJob(
    simulated('mount-origin', { ...fast, PAI_CHECKPOINT_URI: bucketUri(prefix) }),
  );
  await waitForStatus(world.dlc, origin.JobId, ['Succeeded']);

  const viaDataSource = await world.dlc.createJob(
    simulated(
      'mount-data-source',
      { ...fast, RESUME_FROM: '/mnt/previous/step-00000020' },
      { DataSources: [{ Uri: bucketUri(prefix), MountPath: '/mnt/previous/' }] },
    ),
  );
  const viaCheckpointDir = await world.dlc.createJob(
    simulated('mount-checkpoint-dir', {
      ...fast,
      CHECKPOINT_DIR: '/mnt/ckpt',
      PAI_CHECKPOINT_URI: bucketUri(prefix),
      RESUME_FROM: '/mnt/ckpt/step-00000010/',
    }),
  );
  const unmounted = await world.dlc.createJob(
    simulated('not-mounted', { ...fast, RESUME_FROM: '/somewhere/else/step-00000010' }),
  );
  for (const [job, step] of [
    [viaDataSource, 20],
    [viaCheckpointDir, 10],
  ] as const) {
    const done = await waitForStatus(world.dlc, job.JobId, ['Succeeded', 'Failed']);
    const logs = await allLogs(world.dlc, done);
    expect(logs[0]).toBe(`resumed from step=${step} (${bucketUri(`${prefix}step-${String(step).padStart(8, '0')}/`)})`);
    expect(progressSteps(logs)[0]).toBe(step + 1);
  }
  const failed = await waitForStatus(world.dlc, unmounted.JobId, ['Succeeded', 'Failed']);
  expect(failed.Status).toBe('Failed');
  expect(failed.ReasonMessage).toMatch(/RESUME_FROM \/somewhere\/else\/step-00000010 holds no complete checkpoint/);
});

test('a caller whose RAM policy does not allow paidlc:CreateJob cannot create a job, and nothing runs', async () => {
  await world.admin.putPolicy('DlcReadOnly', {
    Version: '1',
    Statement: [{ Effect: 'Allow', Action: ['paidlc:GetJob', 'paidlc:ListJobs'], Resource: ['*'] }],
  });
  const keys = await world.admin.createUser('dlc-reader', ['DlcReadOnly']);
  const reader = new DlcClient({ ...world.clientOptions, credentials: keys });
  const witness = join(tmpdir(), `dlc-ram-witness-${process.pid}-${Date.now()}`);
  const before = (await world.dlc.listJobs({ PageSize: 100 })).TotalCount;

  const denied = await rejection(reader.createJob(jobRequest('not-allowed', `touch ${witness}`)));
  expect([denied.statusCode, denied.code]).toEqual([403, 'Forbidden.RAM']);
  expect(denied.apiMessage).toMatch(/paidlc:CreateJob/);
  expect(denied.apiMessage).toMatch(/acs:paidlc:cn-shanghai:\d+:job\/\*/);

  await new Promise((r) => setTimeout(r, 1_000)); // longer than every lifecycle phase here
  expect(existsSync(witness)).toBe(false);
  expect((await reader.listJobs({ PageSize: 100 })).TotalCount).toBe(before);
  const wrongSecret = new DlcClient({ ...world.clientOptions, credentials: { ...keys, accessKeySecret: 'wrong' } });
  expect((await rejection(wrongSecret.listJobs())).code).toBe('SignatureDoesNotMatch');
});
