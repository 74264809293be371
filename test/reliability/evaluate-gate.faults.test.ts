/**
 * Fault matrix of evaluate-gate: its bundle as GitHub runs it, judging a candidate that meets
 * every threshold but regresses from the model the EAS group serves (accuracy 0.93 against 0.95,
 * 0.01 allowed). So a baseline read that failed and was taken for "no baseline" would PASS it:
 * every cell proves the verdict is never "passed" because a read failed, the candidate's
 * lineage.json stays a valid record (a failed verdict, or untouched), and the pull request has
 * at most one gate comment. GitHub's REST API is the emulator's stand-in (product `github`).
 */
import { afterAll, beforeAll, expect } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { readRunContext } from '../../packages/core/src/action/github-context.js';
import { EasClient } from '../../packages/core/src/clients/eas.js';
import { newLineage, recordMetrics } from '../../packages/core/src/lineage.js';
import { readLineage, writeLineage } from '../../packages/core/src/lineage-store.js';
import { OssClient } from '../../packages/core/src/oss.js';
import { AdminClient, DEMO_BUCKET, Emulator } from '../../packages/emulator/src/index.js';
import { emulatorClientOptions } from '../../packages/emulator/test/support/client-options.js';
import { defaultRun, runAction, type ActionRunResult } from '../actions/support/run-action.js';
import { cell, faultMatrix, notApplicable } from './support/matrix.js';
import {
  expectFaulted,
  expectOneClearError,
  injectFault,
  logMark,
  pollUntil,
  RestartableWorld,
} from './support/training.js';

const uri = (key: string) => `oss://${DEMO_BUCKET}/${key}`;
const SERVING_LINEAGE = uri('mx-gate/serving/lineage.json');
const TOKEN = 'ghs_mxGateToken0123456789abcdef';
const REGRESSED = 'Evaluation gate failed: accuracy fell by 0.02 from the baseline 0.95 (allowed 0.01)';

let emulator: Emulator;
let admin: AdminClient;
let oss: OssClient;

/** The serving version of group `fraud` and its lineage (accuracy 0.95), as eas-deploy leaves them. */
async function seedBaseline(target: Emulator): Promise<void> {
  const store = new OssClient(emulatorClientOptions(target, 'oss'));
  const eas = new EasClient(emulatorClientOptions(target, 'eas'));
  await store.putJson(uri('mx-gate/models/model.json'), { format: 'pai-emulator-linear/1', weights: [1], bias: 0 });
  await putLineage(store, SERVING_LINEAGE, { accuracy: 0.95, loss: 0.25 });
  await eas.createService({
    Body: { name: 'fraud_1111111', model_path: uri('mx-gate/models/'), metadata: { instance: 1, group: 'fraud' } },
    Labels: { 'lineage-uri': SERVING_LINEAGE, 'managed-by': 'pai-actions' },
  });
  await new AdminClient(target.info.endpoints['admin']!, target.info.adminToken).advanceClock(25_000);
}

async function putLineage(store: OssClient, location: string, metrics?: Record<string, number>): Promise<void> {
  const run = readRunContext({ GITHUB_REPOSITORY: 'octo-org/models', GITHUB_SHA: location.split('/').at(-2) });
  const training = {
    jobType: 'PyTorchJob',
    image: 'img',
    command: 'train',
    outputUri: uri('mx-gate/'),
    modelUri: '',
    checkpointUri: '',
  };
  const lineage = newLineage(run, training, '2026-12-01T00:00:00Z');
  await writeLineage(store, location, metrics ? recordMetrics(lineage, metrics) : lineage);
}

beforeAll(async () => {
  emulator = await Emulator.start();
  admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  oss = new OssClient(emulatorClientOptions(emulator, 'oss'));
  await seedBaseline(emulator);
});
afterAll(async () => {
  await emulator?.stop();
});

/** A candidate of its own per cell: its lineage (no gate yet) and its pull request. */
async function candidate(cellId: number, store: OssClient = oss): Promise<{ lineageUri: string; pr: number }> {
  const lineageUri = uri(`mx-gate/${String(cellId).padStart(7, '0')}/lineage.json`);
  await putLineage(store, lineageUri);
  return { lineageUri, pr: 100 + cellId };
}

function gate(
  target: { lineageUri: string; pr: number },
  options: { emulator?: Emulator; onSpawn?: (child: ChildProcess) => void; inputs?: Record<string, string> } = {},
): Promise<ActionRunResult> {
  const on = options.emulator ?? emulator;
  return runAction('evaluate-gate', {
    emulator: on,
    run: defaultRun({ eventName: 'pull_request', event: { pull_request: { number: target.pr } } }),
    env: { GITHUB_API_URL: on.info.endpoints['github']! },
    inputs: {
      metrics: '{"accuracy": 0.93, "loss": 0.26}',
      thresholds: 'accuracy >= 0.92, loss <= 0.3',
      'max-regression': 'accuracy: 0.01, loss: 10%',
      baseline: 'service:fraud',
      'lineage-uri': target.lineageUri,
      'github-token': TOKEN,
      'request-timeout': '2s',
      ...options.inputs,
    },
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
  });
}

interface GitHubComment {
  id: number;
  issue: number;
  body: string;
}

async function gateComments(on: Emulator, pr: number): Promise<GitHubComment[]> {
  const control = new AdminClient(on.info.endpoints['admin']!, on.info.adminToken);
  const state = await control.call<{ comments: GitHubComment[] }>('GET', '/github');
  return state.comments.filter((c) => c.issue === pr && c.body.startsWith('<!-- pai-actions:evaluate-gate:'));
}

/**
 * The verdict the regression deserves: the step fails naming it, passed=false, the lineage records
 * the failed gate against the serving baseline, and the pull request has exactly one gate comment.
 */
async function expectRegressionCaught(
  target: { lineageUri: string; pr: number },
  result: ActionRunResult,
  on: Emulator = emulator,
): Promise<void> {
  expect(result.exitCode).toBe(1);
  expect(result.errors).toEqual([REGRESSED]);
  expect(result.outputs['passed']).toBe('false');
  const store = new OssClient(emulatorClientOptions(on, 'oss'));
  const lineage = await readLineage(store, target.lineageUri);
  expect(lineage.gate).toMatchObject({ passed: false, baseline: 'service:fraud' });
  expect(lineage.gate?.results.find((r) => r.metric === 'accuracy')).toMatchObject({ passed: false, baseline: 0.95 });
  const comments = await gateComments(on, target.pr);
  expect(comments).toHaveLength(1);
  expect(comments[0]!.body).toContain('Evaluation gate failed');
}

/** A gate that did not reach a verdict left no "passed" anywhere: no output, and no gate in the lineage. */
async function expectNoVerdict(target: { lineageUri: string }, result: ActionRunResult, store: OssClient = oss) {
  expect(result.outputs['passed']).toBeUndefined();
  expect((await readLineage(store, target.lineageUri)).gate).toBeUndefined();
}

faultMatrix('evaluate-gate', {
  throttling: cell(
    'throttled baseline reads (EAS, OSS) are retried; the regression is caught, one comment',
    async () => {
      const target = await candidate(1);
      const eas = await injectFault(admin, { product: 'eas', action: 'ListServices', kind: 'throttle', count: 2 });
      const reads = await injectFault(admin, { product: 'oss', action: 'GetObject', kind: 'throttle', count: 2 });
      const result = await gate(target);
      expectFaulted(await eas.log(), 429, 2);
      expectFaulted(await reads.log(), 503, 2);
      await expectRegressionCaught(target, result);
    },
  ),

  '5xx-burst': cell(
    '5xx on the baseline listing is retried and the regression caught; a 5xx on the comment is a warning, never a second comment',
    async () => {
      const target = await candidate(2);
      const eas = await injectFault(admin, { product: 'eas', action: 'ListServices', kind: 'error', count: 3 });
      const comment = await injectFault(admin, {
        product: 'github',
        action: 'CreateIssueComment',
        kind: 'error',
        count: 1,
      });
      const result = await gate(target);
      expectFaulted(await eas.log(), 503, 3);
      expectFaulted(await comment.log(), 502, 1);
      expect(result.errors).toEqual([REGRESSED]);
      expect(result.outputs['passed']).toBe('false');
      expect(result.warnings).toEqual(
        expect.arrayContaining([expect.stringContaining(`Could not comment on pull request #${target.pr} (HTTP 502)`)]),
      );
      expect((await readLineage(oss, target.lineageUri)).gate?.passed).toBe(false);
      expect(await gateComments(emulator, target.pr)).toEqual([]);
      // The next run writes the one comment.
      await expectRegressionCaught(target, await gate(target));
    },
  ),

  'connection-reset': cell(
    'resets on the baseline listing and the baseline lineage read: retried, regression caught',
    async () => {
      const target = await candidate(3);
      const eas = await injectFault(admin, { product: 'eas', action: 'ListServices', kind: 'reset', count: 1 });
      const reads = await injectFault(admin, { product: 'oss', action: 'GetObject', kind: 'reset', count: 1 });
      const result = await gate(target);
      expectFaulted(await eas.log(), 0, 1);
      expectFaulted(await reads.log(), 0, 1);
      await expectRegressionCaught(target, result);
    },
  ),

  'slow-response': cell(
    'the baseline listing answered after the 2 s request timeout: retried, regression caught',
    async () => {
      const target = await candidate(4);
      const mark = await logMark(admin);
      await admin.injectFault({ product: 'eas', action: 'ListServices', kind: 'delay', delayMs: 3_000, count: 1 });
      const result = await gate(target);
      expect((await admin.call<{ faults: unknown[] }>('GET', '/faults')).faults).toEqual([]);
      // The abandoned listing is logged when its held answer goes out, after the retry's.
      await pollUntil(
        () => admin.requests({ product: 'eas', action: 'ListServices', sinceSeq: mark }),
        (entries) => entries.length >= 2,
        10_000,
      );
      await expectRegressionCaught(target, result);
    },
  ),

  'emulator-restart': cell(
    'the emulator restarts while the baseline is listed: the regression is caught or the step fails clearly, never passed',
    async () => {
      const restartable = await RestartableWorld.start();
      try {
        const on = restartable.emulator;
        await seedBaseline(on);
        const store = new OssClient(emulatorClientOptions(on, 'oss'));
        const target = await candidate(5, store);
        await store.putJson(uri('mx-gate/0000005/metrics.json'), { accuracy: 0.93, loss: 0.26 });
        const mark = await logMark(restartable.world.admin);
        await restartable.world.admin.injectFault({
          product: 'eas',
          action: 'ListServices',
          kind: 'delay',
          delayMs: 2_500,
          count: 1,
        });
        // Metrics from OSS first, so the request log shows when the baseline listing is under way.
        const running = gate(target, {
          emulator: on,
          inputs: { metrics: '', 'metrics-uri': uri('mx-gate/0000005/metrics.json') },
        });
        await pollUntil(
          () => restartable.world.admin.requests({ product: 'oss', action: 'GetObject', sinceSeq: mark }),
          (entries) => entries.length > 0,
        );
        await restartable.restart(1_000);
        const result = await running;
        const after = restartable.emulator;
        if (result.exitCode === 1 && result.errors[0] !== REGRESSED) {
          expectOneClearError(result, /ListServices|ECONN|connect|socket/i);
          await expectNoVerdict(target, result, new OssClient(emulatorClientOptions(after, 'oss')));
        } else {
          await expectRegressionCaught(target, result, after);
        }
      } finally {
        await restartable.stop();
      }
    },
  ),

  cancelled: cell(
    'cancelled while the baseline was listed: no verdict left behind; the re-run catches the regression, one comment',
    async () => {
      const target = await candidate(6);
      const mark = await logMark(admin);
      await admin.injectFault({ product: 'eas', action: 'ListServices', kind: 'delay', delayMs: 1_500, count: 1 });
      let child: ChildProcess | undefined;
      const cancelled = gate(target, { onSpawn: (spawned) => (child = spawned) });
      // The step has resolved its credentials and is waiting on the baseline listing.
      await pollUntil(
        () => admin.call<{ faults: unknown[] }>('GET', '/faults'),
        (faults) => faults.faults.length === 0,
      );
      child!.kill('SIGINT');
      const first = await cancelled;
      expect(first.exitCode).not.toBe(0);
      await expectNoVerdict(target, first);
      expect(await gateComments(emulator, target.pr)).toEqual([]);
      expect(await admin.requests({ product: 'github', sinceSeq: mark })).toEqual([]);
      await expectRegressionCaught(target, await gate(target));
    },
  ),

  concurrent: cell(
    'two gates for one pull request at once: one comment, not two; the lineage holds a failed gate',
    async () => {
      const target = await candidate(7);
      // Both creates are held (3 s before they apply), so the other run's listing finds no comment yet.
      const creates = await injectFault(admin, {
        product: 'github',
        action: 'CreateIssueComment',
        kind: 'delay',
        delayMs: 3_000,
        count: 2,
      });
      const [a, b] = await Promise.all([gate(target), gate(target)]);
      expect((await creates.log()).filter((entry) => entry.status === 201)).toHaveLength(2);
      // The race made two comments; the run whose comment is newer deleted it.
      expect(
        await admin.requests({ product: 'github', action: 'DeleteIssueComment', sinceSeq: creates.since }),
      ).toEqual([expect.objectContaining({ status: 204 })]);
      await expectRegressionCaught(target, a);
      expect(b.errors).toEqual([REGRESSED]);
      expect(b.outputs['comment-url']).toBe(a.outputs['comment-url']);
    },
  ),

  'preempt-checkpoint-write': notApplicable('the gate reads no checkpoint and makes no DLC call', async () => {
    const target = await candidate(8);
    const mark = await logMark(admin);
    const result = await gate(target);
    await expectRegressionCaught(target, result);
    const calls = await admin.requests({ sinceSeq: mark });
    expect(calls.map((entry) => entry.product)).not.toContain('dlc');
    expect(calls.filter((entry) => entry.path.includes('/checkpoints/'))).toEqual([]);
  }),

  'cms-no-data': notApplicable(
    "the gate makes no CloudMonitor call (its baseline is the serving version's lineage)",
    async () => {
      const target = await candidate(9);
      const mark = await logMark(admin);
      const result = await gate(target);
      await expectRegressionCaught(target, result);
      const products = (await admin.requests({ sinceSeq: mark })).map((entry) => entry.product);
      expect(products).not.toContain('cms');
      expect(products).toContain('eas');
    },
  ),
});
