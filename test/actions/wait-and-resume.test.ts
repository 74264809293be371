/**
 * wait-and-resume beyond the happy path (test/actions/training-flow.test.ts has that): bad
 * inputs, the user's code failing, max-resumes, and the hand-off to a later run through
 * workflow_dispatch (GitHub's REST API mocked with nock) that the later run continues.
 */
import { afterAll, afterEach, beforeAll, expect, jest, test } from '@jest/globals';
import nock from 'nock';
import { ServerClock } from '../../packages/core/src/action/server-clock.js';
import { DlcClient } from '../../packages/core/src/clients/dlc.js';
import { dispatchWorkflow } from '../../packages/core/src/github/workflow-dispatch.js';
import { OssClient } from '../../packages/core/src/oss.js';
import { MemoryReporter } from '../../packages/core/src/training/reporter.js';
import { waitAndResume } from '../../packages/core/src/training/wait.js';
import type { AdminClient, Emulator } from '../../packages/emulator/src/index.js';
import { bucketUri, jobRequest, startDlc, waitForStatus } from '../../packages/emulator/test/dlc-support.js';
import { emulatorClientOptions } from '../../packages/emulator/test/support/client-options.js';
import { findLeaks, knownSecrets } from './support/secrets.js';
import { runAction } from './support/run-action.js';

let emulator: Emulator;
let admin: AdminClient;
let dlc: DlcClient;

beforeAll(async () => {
  ({ emulator, admin, dlc } = await startDlc());
});
afterAll(async () => {
  await emulator?.stop();
});
afterEach(() => nock.cleanAll());
// nock patches node:http for the whole jest worker: undo it for the test files after this one.
afterAll(() => nock.restore());

/** A simulated job (steps on the emulator clock): fast and deterministic. */
async function simulatedJob(name: string, envs: Record<string, string> = {}): Promise<string> {
  const { JobId } = await dlc.createJob(
    jobRequest(name, 'python train.py', {
      PAI_EMULATOR_SIMULATE: 'true',
      PAI_EMULATOR_TOTAL_STEPS: '30',
      PAI_EMULATOR_STEPS_PER_SECOND: '20',
      ...envs,
    }),
  );
  return JobId;
}

const quick = { 'poll-interval': '1s', 'max-poll-interval': '2s' };

test.each([
  ['job-id', { 'job-id': 'no spaces allowed' }],
  ['resumes', { resumes: '-1' }],
  ['poll-interval', { 'poll-interval': '15' }],
  ['max-poll-interval', { 'poll-interval': '30s', 'max-poll-interval': '10s' }],
  ['timeout', { timeout: '10s' }],
  ['max-resumes', { 'max-resumes': '101' }],
  ['recover-on-exit-codes', { 'recover-on-exit-codes': '137,abc' }],
  ['budget', { budget: '500ms' }],
  ['gpu-util-threshold', { 'gpu-util-threshold': '101' }],
  ['workflow', { workflow: 'not a workflow' }],
  ['region', { region: 'Not_A_Region' }],
  ['dlc-endpoint', { 'dlc-endpoint': 'ftp://nowhere' }],
])('a bad %s fails with one error line naming it and makes no API call', async (input, inputs) => {
  const before = (await admin.requests()).length;
  const result = await runAction('wait-and-resume', { emulator, inputs: { 'job-id': 'dlc0000000000', ...inputs } });
  expect(result.exitCode).toBe(1);
  expect(result.errors).toEqual([expect.stringContaining(`"${input}"`)]);
  expect((await admin.requests()).length).toBe(before);
});

test('the job-id is required', async () => {
  const result = await runAction('wait-and-resume', { emulator, inputs: {} });
  expect(result.errors).toEqual([expect.stringContaining('Input "job-id" is required')]);
});

test("the user's code failing ends the wait at once, with the last log lines", async () => {
  const jobId = await simulatedJob('fails', { PAI_EMULATOR_FAIL_AT_STEP: '5' });
  const result = await runAction('wait-and-resume', { emulator, inputs: { 'job-id': jobId, ...quick } });
  expect(result.exitCode).toBe(1);
  expect(result.outputs['status']).toBe('failed');
  expect(result.errors).toEqual([
    expect.stringMatching(new RegExp(`DLC job ${jobId} Failed: JobFailed: .*exited with code 1.*last log line`)),
  ]);
  expect(result.stdout).toContain(`Last `);
  expect(result.stdout).toMatch(/progress step=5/);
  expect(
    (await admin.requests({ product: 'dlc', action: 'CreateJob' })).filter((r) => r.status === 200).length,
  ).toBeGreaterThan(0);
  expect(findLeaks(result, knownSecrets(emulator))).toEqual([]);
}, 60_000);

test('a preemption with max-resumes 0 fails clearly and submits nothing', async () => {
  const jobId = await simulatedJob('no-resumes', { PAI_EMULATOR_TOTAL_STEPS: '400' });
  await waitForStatus(dlc, jobId, ['Running'], 20_000);
  await admin.call('POST', `/dlc/jobs/${jobId}/preempt`, {});
  const creates = (await admin.requests({ product: 'dlc', action: 'CreateJob' })).length;
  const result = await runAction('wait-and-resume', {
    emulator,
    inputs: { 'job-id': jobId, 'max-resumes': '0', ...quick },
  });
  expect(result.exitCode).toBe(1);
  expect(result.errors).toEqual([expect.stringContaining('max-resumes (0) reached after 0 resume(s)')]);
  expect((await admin.requests({ product: 'dlc', action: 'CreateJob' })).length).toBe(creates);
}, 60_000);

test('with the budget spent, the wait dispatches the workflow with the job id and resumes so far; a later run given them continues', async () => {
  const jobId = await simulatedJob('hand-off');
  const clock = new ServerClock();
  const withClock = (product: string) => ({
    ...emulatorClientOptions(emulator, product),
    onResponse: (headers: Record<string, string | string[] | undefined>) => clock.observe(headers['date']),
  });
  const scope = nock('https://api.github.com', { reqheaders: { authorization: 'Bearer ghs_handofftoken123' } })
    .post('/repos/octo-org/models/actions/workflows/train.yml/dispatches', {
      ref: 'refs/heads/main',
      inputs: { 'job-id': jobId, resumes: '2' },
    })
    .reply(204);

  const reporter = new MemoryReporter();
  const handedOff = await waitAndResume(
    {
      jobId,
      resumes: 2,
      pollIntervalMs: 1_000,
      maxPollIntervalMs: 2_000,
      timeoutMs: 3_600_000,
      maxResumes: 3,
      recoverOnExitCodes: [],
      budgetMs: 1,
      gpuUtilThreshold: 60,
    },
    {
      dlc: new DlcClient(withClock('dlc')),
      oss: async () => new OssClient(withClock('oss')),
      clock,
      reporter,
      handOff: (state) =>
        dispatchWorkflow({
          apiUrl: 'https://api.github.com',
          token: 'ghs_handofftoken123',
          repository: 'octo-org/models',
          workflow: 'train.yml',
          ref: 'refs/heads/main',
          inputs: { 'job-id': state.jobId, resumes: String(state.resumes) },
        }),
    },
  );
  expect(handedOff).toMatchObject({ status: 'handed-off', jobId, resumes: 2 });
  expect(scope.isDone()).toBe(true);

  const later = await runAction('wait-and-resume', { emulator, inputs: { 'job-id': jobId, resumes: '2', ...quick } });
  expect(later.errors).toEqual([]);
  expect(later.outputs).toMatchObject({ status: 'succeeded', 'job-id': jobId, resumes: '2' });
  expect(JSON.parse(later.outputs['metrics']!)).toMatchObject({ train_steps: 30, train_resumes: 2 });
  expect(findLeaks(later, knownSecrets(emulator))).toEqual([]);
}, 60_000);

test('a dispatch GitHub refuses names the permission it needs', async () => {
  nock('https://api.github.com')
    .post('/repos/o/r/actions/workflows/train.yml/dispatches')
    .reply(403, { message: 'Resource not accessible by integration' });
  await expect(
    dispatchWorkflow({
      apiUrl: 'https://api.github.com',
      token: 't',
      repository: 'o/r',
      workflow: 'train.yml',
      ref: 'main',
      inputs: {},
    }),
  ).rejects.toThrow(/HTTP 403.*actions: write/);
});

test('a running job whose newest checkpoint is older than twice the interval draws a stall warning', async () => {
  const jobId = await simulatedJob('stall', {
    PAI_EMULATOR_TOTAL_STEPS: '100000',
    PAI_EMULATOR_STEPS_PER_SECOND: '1',
    PAI_EMULATOR_CHECKPOINT_EVERY: '0',
    CHECKPOINT_INTERVAL_SECONDS: '60',
    PAI_CHECKPOINT_URI: bucketUri('models/stall/checkpoints/'),
  });
  await waitForStatus(dlc, jobId, ['Running'], 20_000);
  await admin.advanceClock(150_000);
  const clock = new ServerClock();
  const withClock = (product: string) => ({
    ...emulatorClientOptions(emulator, product),
    onResponse: (headers: Record<string, string | string[] | undefined>) => clock.observe(headers['date']),
  });
  const reporter = new MemoryReporter();
  const handOff = jest.fn(async (_state: { jobId: string; resumes: number }) => {});
  const result = await waitAndResume(
    {
      jobId,
      resumes: 0,
      pollIntervalMs: 1_000,
      maxPollIntervalMs: 2_000,
      timeoutMs: 3_600_000,
      maxResumes: 3,
      recoverOnExitCodes: [],
      budgetMs: 1,
      gpuUtilThreshold: 60,
    },
    {
      dlc: new DlcClient(withClock('dlc')),
      oss: async () => new OssClient(withClock('oss')),
      clock,
      reporter,
      handOff,
    },
  );
  expect(result.status).toBe('handed-off');
  expect(handOff).toHaveBeenCalledWith({ jobId, resumes: 0 });
  expect(reporter.warnings).toEqual([
    expect.stringMatching(/Checkpoint stall: no valid checkpoint since the job started \d+m ago \(interval 1m\)/),
  ]);
  // One log group per phase, each closed.
  expect(reporter.lines.filter((line) => line.startsWith(`## ${jobId}: Running`))).toHaveLength(1);
  expect(reporter.lines.filter((line) => line === '##')).toHaveLength(1);
  await dlc.stopJob(jobId);
}, 60_000);
