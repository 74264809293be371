/**
 * The DLC process runner: a job's command really runs (the example training script), its
 * checkpoints and model reach emulated OSS, a spot preemption kills it mid-way, and a second
 * job resumes from the last complete checkpoint — found with core's checkpoints.ts over a real
 * ali-oss listing. Also: process groups die on stop/timeout/shutdown, the job's environment,
 * and what the job's RAM role may touch.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findLatestValidCheckpoint } from '../../core/src/checkpoints.js';
import type { GetJobResponse } from '../../core/src/clients/dlc-types.js';
import { DlcClient } from '../../core/src/clients/dlc.js';
import { OssClient } from '../../core/src/oss.js';
import { assessPreemption } from '../../core/src/preemption.js';
import { DEMO_BUCKET, Emulator } from '../src/index.js';
import { AdminClient } from '../src/admin-client.js';
import {
  allLogs,
  bucketUri,
  FAST_PHASES,
  jobRequest,
  progressSteps,
  startDlc,
  TRAIN_SCRIPT,
  waitForStatus,
  type DlcWorld,
} from './dlc-support.js';

let world: DlcWorld;
const SHA = '3f2a9c1d';
const TRAINING = { TRAIN_STEPS: '60', CHECKPOINT_EVERY: '10', STEP_DELAY_MS: '30', GIT_SHA: SHA };

beforeAll(async () => {
  world = await startDlc();
});

afterAll(async () => {
  await world.emulator.stop();
});

const train = `node ${TRAIN_SCRIPT}`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

/** The model an uninterrupted run of the same training produces (the script is deterministic). */
async function referenceModel(envs: Record<string, string>): Promise<unknown> {
  const dir = await mkdtemp(join(tmpdir(), 'dlc-reference-'));
  try {
    await promisify(execFile)(process.execPath, [TRAIN_SCRIPT], {
      env: {
        PATH: process.env['PATH'] ?? '',
        ...envs,
        STEP_DELAY_MS: '0',
        CHECKPOINT_DIR: join(dir, 'c'),
        MODEL_DIR: join(dir, 'm'),
      },
      timeout: 20_000,
    });
    return JSON.parse(await readFile(join(dir, 'm', 'model.json'), 'utf8'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function latestCheckpoint(oss: OssClient, prefix: string) {
  const listing = await oss.listAll(bucketUri(prefix));
  const selection = await findLatestValidCheckpoint(prefix, listing, async (key) =>
    JSON.stringify(await oss.getJson(bucketUri(key))),
  );
  return { listing, selection };
}

async function pidsFromLogs(dlc: DlcClient, jobId: string): Promise<number[]> {
  for (let i = 0; i < 200; i++) {
    const job = await dlc.getJob(jobId);
    const lines = job.Pods?.[0]?.PodId ? ((await dlc.getPodLogs(jobId, job.Pods[0].PodId)).Logs ?? []) : [];
    const pids = lines.flatMap((l) => /^pid=(\d+)$/.exec(l)?.slice(1) ?? []).map(Number);
    if (pids.length >= 2) return pids;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${jobId} printed no pids`);
}

test('a training run preempted mid-way is resumed by a second job from its last complete checkpoint, and ends where an uninterrupted run ends', async () => {
  const root = `models/resume/${SHA}`;
  const first = await world.dlc.createJob(
    jobRequest('train-spot', train, {
      ...TRAINING,
      PAI_CHECKPOINT_URI: bucketUri(`${root}/checkpoints/`),
      PAI_MODEL_URI: bucketUri(`${root}/model/`),
    }),
  );
  await waitForStatus(world.dlc, first.JobId, ['Running']);
  await world.admin.call('POST', `/dlc/jobs/${first.JobId}/preempt`, { afterSteps: 35 });
  const preempted = await waitForStatus(world.dlc, first.JobId, ['Failed', 'Succeeded'], 30_000);

  expect(preempted).toMatchObject({ Status: 'Failed', ReasonCode: 'JobPreempted' });
  expect(preempted.Pods?.[0]).toMatchObject({ Status: 'Failed', SubStatus: 'Evicted' });
  expect(assessPreemption(preempted).action).toBe('resubmit');
  const firstSteps = progressSteps(await allLogs(world.dlc, preempted));
  expect(firstSteps.at(-1)).toBeGreaterThanOrEqual(35);
  expect(firstSteps.at(-1)).toBeLessThan(60);

  const { listing, selection } = await latestCheckpoint(world.oss, `${root}/checkpoints/`);
  expect(listing.some((o) => /\.tmp$/.test(o.key))).toBe(false);
  const checkpoint = selection.checkpoint!;
  expect(checkpoint.step % 10).toBe(0);
  expect(checkpoint.step).toBeGreaterThanOrEqual(30);
  expect(checkpoint.step).toBeLessThanOrEqual(firstSteps.at(-1)!);
  expect(await world.oss.exists(bucketUri(`${root}/model/model.json`))).toBe(false);

  const resumeFrom = bucketUri(checkpoint.prefix);
  const second = await world.dlc.createJob(
    jobRequest('train-resume', train, {
      ...TRAINING,
      RESUME_FROM: resumeFrom,
      PAI_CHECKPOINT_URI: bucketUri(`${root}/checkpoints-resumed/`),
      PAI_MODEL_URI: bucketUri(`${root}/model/`),
    }),
  );
  const resumed = await waitForStatus(world.dlc, second.JobId, ['Failed', 'Succeeded'], 30_000);
  expect(resumed).toMatchObject({ Status: 'Succeeded', ReasonCode: 'JobSucceeded' });

  const logs = await allLogs(world.dlc, resumed);
  expect(logs.find((l) => l.startsWith('resumed from'))).toMatch(new RegExp(`^resumed from step=${checkpoint.step} `));
  const steps = progressSteps(logs);
  expect(steps[0]).toBe(checkpoint.step + 1);
  expect(steps.at(-1)).toBe(60);
  expect(steps).toHaveLength(60 - checkpoint.step);
  expect(
    (await world.dlc.getJobEvents(second.JobId)).Events?.some((e) =>
      e.includes(`ResumeCheckpointReady: Downloaded 2 object(s) of ${resumeFrom}`),
    ),
  ).toBe(true);

  const metrics = await world.oss.getJson<Record<string, number>>(bucketUri(`${root}/model/metrics.json`));
  expect(metrics).toMatchObject({ step: 60, total_steps: 60, resumed_from_step: checkpoint.step });
  expect(metrics['r2']).toBeGreaterThan(0.9);
  const model = await world.oss.getJson(bucketUri(`${root}/model/model.json`));
  expect(model).toEqual(await referenceModel({ TRAIN_STEPS: '60', CHECKPOINT_EVERY: '10' }));
  expect((await latestCheckpoint(world.oss, `${root}/checkpoints-resumed/`)).selection.checkpoint?.step).toBe(60);
}, 50_000);

test('a checkpoint cut off mid-write is never reported complete; temporary files never reach OSS', async () => {
  const prefix = 'models/half-written/checkpoints/';
  // A complete checkpoint from an earlier run…
  const body = Buffer.from(JSON.stringify({ step: 5, weights: [0, 0, 0], bias: 0 }));
  const { createHash } = await import('node:crypto');
  const md5 = createHash('md5').update(body).digest('hex');
  const bucket = world.oss.bucket(DEMO_BUCKET);
  await bucket.put(`${prefix}step-00000005/state.json`, body);
  await bucket.put(
    `${prefix}step-00000005/_COMPLETE`,
    Buffer.from(
      JSON.stringify({ format: 'pai-checkpoint/1', step: 5, files: [{ path: 'state.json', size: body.length, md5 }] }),
    ),
  );
  // …and a job killed while writing the next one: its data file is there, its marker still a temp file.
  const command = [
    'dir="$CHECKPOINT_DIR/step-00000010"',
    'mkdir -p "$dir"',
    `printf '{"step":10,"weights":[0.1' > "$dir/state.json"`,
    `printf '{"format":"pai-checkpoint/1"' > "$dir/_COMPLETE.tmp"`,
    'echo "progress step=10 total=60"',
    'sleep 300',
  ].join('; ');
  const { JobId } = await world.dlc.createJob(
    jobRequest('half-written', command, { PAI_CHECKPOINT_URI: bucketUri(prefix) }),
  );
  await waitForStatus(world.dlc, JobId, ['Running']);
  await world.admin.call('POST', `/dlc/jobs/${JobId}/preempt`, { afterSteps: 10 });
  expect((await waitForStatus(world.dlc, JobId, ['Failed', 'Succeeded'])).ReasonCode).toBe('JobPreempted');

  const { listing, selection } = await latestCheckpoint(world.oss, prefix);
  expect(listing.map((o) => o.key)).toEqual([
    `${prefix}step-00000005/_COMPLETE`,
    `${prefix}step-00000005/state.json`,
    `${prefix}step-00000010/state.json`,
  ]);
  expect(selection.checkpoint?.step).toBe(5);

  // A marker that got ahead of a truncated file is caught by its sizes.
  await bucket.put(
    `${prefix}step-00000010/_COMPLETE`,
    Buffer.from(JSON.stringify({ format: 'pai-checkpoint/1', step: 10, files: [{ path: 'state.json', size: 200 }] })),
  );
  const again = await latestCheckpoint(world.oss, prefix);
  expect(again.selection.checkpoint?.step).toBe(5);
  expect(again.selection.rejected).toEqual([
    {
      prefix: `${prefix}step-00000010/`,
      reason: expect.stringMatching(/state\.json has \d+ bytes, the marker says 200/),
    },
  ]);
}, 30_000);

test('DLC restarts a preempted process job by itself; the new pod finds the synced checkpoints in CHECKPOINT_DIR and continues', async () => {
  const root = 'models/elastic-process';
  const { JobId } = await world.dlc.createJob(
    jobRequest(
      'train-elastic',
      train,
      {
        ...TRAINING,
        PAI_CHECKPOINT_URI: bucketUri(`${root}/checkpoints/`),
        PAI_MODEL_URI: bucketUri(`${root}/model/`),
      },
      { Settings: { ElasticSpotJobMaxRestartTimes: 2 } },
    ),
  );
  await waitForStatus(world.dlc, JobId, ['Running']);
  await world.admin.call('POST', `/dlc/jobs/${JobId}/preempt`, { afterSteps: 25 });
  const done = await waitForStatus(world.dlc, JobId, ['Succeeded', 'Failed'], 30_000);
  expect(done).toMatchObject({ Status: 'Succeeded', RestartTimes: '1/2' });
  const pod = done.Pods![0]!;
  expect(pod.HistoryPods?.[0]?.SubStatus).toBe('Evicted');
  const secondRun = (await world.dlc.getPodLogs(JobId, pod.PodId!, { PodUid: pod.PodUid })).Logs ?? [];
  const resumedAt = Number(/^resumed from step=(\d+)/.exec(secondRun.find((l) => l.startsWith('resumed')) ?? '')?.[1]);
  expect(resumedAt % 10).toBe(0);
  expect(resumedAt).toBeGreaterThanOrEqual(20);
  expect(progressSteps(secondRun)[0]).toBe(resumedAt + 1);
  expect(await world.oss.getJson(bucketUri(`${root}/model/model.json`))).toEqual(
    await referenceModel({ TRAIN_STEPS: '60', CHECKPOINT_EVERY: '10' }),
  );
}, 40_000);

test('StopJob and JobMaxRunningTimeMinutes (on the emulator clock) kill the whole process group', async () => {
  const command = 'sleep 300 & echo "pid=$!"; echo "pid=$$"; wait';
  const stopped = await world.dlc.createJob(jobRequest('stop-me', command));
  const stopPids = await pidsFromLogs(world.dlc, stopped.JobId);
  expect(stopPids.every(isAlive)).toBe(true);
  await world.dlc.stopJob(stopped.JobId);
  expect(await waitForStatus(world.dlc, stopped.JobId, ['Stopped', 'Failed'])).toMatchObject({
    Status: 'Stopped',
    ReasonCode: 'JobStoppedByUser',
  });
  expect(await eventually(() => !stopPids.some(isAlive))).toBe(true);

  const limited = await world.dlc.createJob(jobRequest('too-long', command, {}, { JobMaxRunningTimeMinutes: 1 }));
  const limitPids = await pidsFromLogs(world.dlc, limited.JobId);
  await new Promise((r) => setTimeout(r, 300));
  expect((await world.dlc.getJob(limited.JobId)).Status).toBe('Running');
  await world.admin.advanceClock(61_000);
  const timedOut = await waitForStatus(world.dlc, limited.JobId, ['Failed', 'Stopped', 'Succeeded']);
  expect(timedOut).toMatchObject({ Status: 'Failed', ReasonCode: 'JobRunningTimeout' });
  expect(await eventually(() => !limitPids.some(isAlive))).toBe(true);
}, 30_000);

test("a job gets the runner's env contract and data, and nothing of the emulator's own environment", async () => {
  process.env['PAI_TEST_HOST_SECRET'] = 'host-only-value';
  const csv = [
    'x1,x2,y',
    ...Array.from({ length: 40 }, (_, i) => `${i / 40},${(i % 7) / 7},${(3 * i) / 40 - (i % 7) / 7 + 1}`),
  ].join('\n');
  await world.oss.bucket(DEMO_BUCKET).put('datasets/tiny/train.csv', Buffer.from(csv));
  try {
    const { JobId } = await world.dlc.createJob(
      jobRequest(
        'env-contract',
        `env | sort; echo "--"; ${train}`,
        { TRAIN_STEPS: '5', STEP_DELAY_MS: '0', GIT_SHA: SHA, PAI_MODEL_URI: bucketUri('models/env/model/') },
        {
          DataSources: [{ Uri: bucketUri('datasets/tiny/'), MountPath: '/mnt/data/' }],
        },
      ),
    );
    const job = await waitForStatus(world.dlc, JobId, ['Succeeded', 'Failed']);
    const logs = await allLogs(world.dlc, job);
    expect(job.Status).toBe('Succeeded');
    const env = Object.fromEntries(
      logs.slice(0, logs.indexOf('--')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(env).toMatchObject({
      GIT_SHA: SHA,
      PAI_JOB_ID: JobId,
      PAI_POD_ID: job.Pods?.[0]?.PodId,
      RANK: '0',
      WORLD_SIZE: '1',
      PAI_EMULATOR: 'true',
    });
    for (const name of ['CHECKPOINT_DIR', 'MODEL_DIR', 'DATA_DIR', 'DATA_DIR_0', 'HOME', 'TMPDIR'])
      expect(env[name]).toMatch(/^\/.*pai-emulator-dlc\//);
    expect(env['PAI_EMULATOR_EXAMPLES']).toBe(TRAIN_SCRIPT.replace(/train\.mjs$/, ''));
    expect(logs.join('\n')).not.toMatch(/host-only-value|ALIBABA_CLOUD|PAI_TEST_HOST_SECRET/);
    expect(logs).toContain(`data: ${env['DATA_DIR']}/train.csv`);
    const model = await world.oss.getJson<{ weights: number[] }>(bucketUri('models/env/model/model.json'));
    expect(model.weights).toHaveLength(2);
  } finally {
    delete process.env['PAI_TEST_HOST_SECRET'];
  }
}, 30_000);

test("OSS access is the job role's: writes outside models/ are refused (events say so), unreadable data fails the environment", async () => {
  const writes = await world.dlc.createJob(
    jobRequest('forbidden-prefix', 'mkdir -p "$MODEL_DIR" && echo "{}" > "$MODEL_DIR/model.json"', {
      PAI_MODEL_URI: bucketUri('private/model/'),
    }),
  );
  const written = await waitForStatus(world.dlc, writes.JobId, ['Succeeded', 'Failed']);
  expect(written.Status).toBe('Succeeded');
  const events = (await world.dlc.getJobEvents(writes.JobId)).Events ?? [];
  expect(events.find((e) => e.includes('OssSyncFailed'))).toMatch(
    /private\/model\/model\.json.*not authorized to do action: oss:PutObject/,
  );
  expect(await world.oss.exists(bucketUri('private/model/model.json'))).toBe(false);

  await world.oss.bucket(DEMO_BUCKET).put('private/data/x.csv', Buffer.from('a'));
  const reads = await world.dlc.createJob(
    jobRequest('forbidden-data', 'true', {}, { DataSources: [{ Uri: bucketUri('private/data/') }] }),
  );
  const failed = await waitForStatus(world.dlc, reads.JobId, ['Succeeded', 'Failed']);
  expect(failed).toMatchObject({ Status: 'Failed', ReasonCode: 'EnvPreparingFailed' });
  expect(failed.ReasonMessage).toMatch(/oss:GetObject/);
  expect(failed.StatusHistory?.map((h) => h.Status)).toEqual(['Creating', 'Queuing', 'EnvPreparing', 'Failed']);
});

test('across an emulator restart a running process job ends Failed with a clear reason, and a simulated job carries on', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'dlc-restart-'));
  let emulator = await Emulator.start({ dataDir });
  try {
    const connect = (e: Emulator) => ({
      admin: new AdminClient(e.info.endpoints['admin']!, e.info.adminToken),
      dlc: new DlcClient({
        credentials: e.info.credentials,
        region: e.info.region,
        endpoint: e.info.endpoints['dlc'],
        retryPolicy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      }),
    });
    let { admin, dlc } = connect(emulator);
    await admin.call('POST', '/dlc/config', { phaseMs: FAST_PHASES });
    const processJob = await dlc.createJob(
      jobRequest('long-process', 'sleep 300 & echo "pid=$!"; echo "pid=$$"; wait'),
    );
    const simJob = await dlc.createJob(
      jobRequest('long-sim', 'python x.py', {
        PAI_EMULATOR_SIMULATE: 'true',
        PAI_EMULATOR_TOTAL_STEPS: '30',
        PAI_EMULATOR_STEPS_PER_SECOND: '10',
      }),
    );
    const pids = await pidsFromLogs(dlc, processJob.JobId);
    await waitForStatus(dlc, simJob.JobId, ['Running']);

    await emulator.stop();
    expect(await eventually(() => !pids.some(isAlive))).toBe(true);
    emulator = await Emulator.start({ dataDir });
    ({ admin, dlc } = connect(emulator));

    const failed: GetJobResponse = await dlc.getJob(processJob.JobId);
    expect(failed).toMatchObject({ Status: 'Failed', ReasonCode: 'EmulatorStopped' });
    expect(failed.ReasonMessage).toMatch(/emulator stopped while the job's process was running/);
    const sim = await waitForStatus(dlc, simJob.JobId, ['Succeeded', 'Failed'], 15_000);
    expect(sim.Status).toBe('Succeeded');
    expect(progressSteps(await allLogs(dlc, sim)).at(-1)).toBe(30);
  } finally {
    await emulator.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}, 40_000);
