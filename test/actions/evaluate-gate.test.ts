/**
 * evaluate-gate as GitHub runs it (its dist bundle in a process) against the emulator: the
 * baseline is the model a real EAS group serves (found through the lineage-uri label of the
 * version holding its traffic), lineage lives in emulated OSS, and GitHub's REST API is a
 * recording loopback stand-in whose calls each test asserts exactly.
 */
import { EasClient } from '../../packages/core/src/clients/eas.js';
import { newLineage, recordMetrics, type Lineage } from '../../packages/core/src/lineage.js';
import { readLineage, writeLineage } from '../../packages/core/src/lineage-store.js';
import { OssClient } from '../../packages/core/src/oss.js';
import { readRunContext } from '../../packages/core/src/action/github-context.js';
import { AdminClient, DEMO_BUCKET, Emulator } from '../../packages/emulator/src/index.js';
import { emulatorClientOptions } from '../../packages/emulator/test/support/client-options.js';
import { FakeGitHubApi } from './support/github-api.js';
import { findLeaks, knownSecrets } from './support/secrets.js';
import { defaultRun, runAction, type ActionRunOptions, type ActionRunResult } from './support/run-action.js';

const TOKEN = 'ghs_e2eGateToken0123456789abcdef';
const MARKER = '<!-- pai-actions:evaluate-gate:test/job -->';
const uri = (key: string) => `oss://${DEMO_BUCKET}/${key}`;
const SERVING_LINEAGE = uri('out/1111111/lineage.json');
const STANDBY_LINEAGE = uri('out/2222222/lineage.json');

let emulator: Emulator;
let admin: AdminClient;
let oss: OssClient;
let github: FakeGitHubApi;
const serviceTokens: string[] = [];

const pullRequestRun = defaultRun({ eventName: 'pull_request', event: { pull_request: { number: 42 } } });

async function putLineage(location: string, metrics?: Record<string, number>): Promise<void> {
  const run = readRunContext({ GITHUB_REPOSITORY: 'octo-org/models', GITHUB_SHA: location.split('/').at(-2) });
  const training = {
    jobType: 'PyTorchJob',
    image: 'img',
    command: 'train',
    outputUri: uri('out/'),
    modelUri: '',
    checkpointUri: '',
  };
  const lineage = newLineage(run, training, '2026-12-01T00:00:00Z');
  await writeLineage(oss, location, metrics ? recordMetrics(lineage, metrics) : lineage);
}

beforeAll(async () => {
  emulator = await Emulator.start();
  admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  oss = new OssClient(emulatorClientOptions(emulator, 'oss'));
  const eas = new EasClient(emulatorClientOptions(emulator, 'eas'));
  github = await FakeGitHubApi.start({ pageSize: 2 });

  const model = { format: 'pai-emulator-linear/1', weights: [1], bias: 0 };
  await oss.putJson(uri('models/fraud/model.json'), model);
  // The serving version's model is the baseline; the weight-0 standby's much better metrics
  // would make a good candidate fail if the gate compared with the wrong version.
  await putLineage(SERVING_LINEAGE, { accuracy: 0.95, loss: 0.25 });
  await putLineage(STANDBY_LINEAGE, { accuracy: 0.99, loss: 0.05 });
  for (const [name, lineageUri] of [
    ['fraud_1111111', SERVING_LINEAGE],
    ['fraud_2222222', STANDBY_LINEAGE],
  ] as const) {
    await eas.createService({
      Body: { name, model_path: uri('models/fraud/'), metadata: { instance: 1, group: 'fraud' } },
      Labels: { 'lineage-uri': lineageUri, 'managed-by': 'pai-actions' },
    });
  }
  await admin.advanceClock(25_000);
  await eas.releaseService('fraud_2222222', { Weight: 0 });
  for (const name of ['fraud_1111111', 'fraud_2222222']) {
    serviceTokens.push((await eas.describeService(name)).AccessToken!);
  }
});

afterAll(async () => {
  await github?.stop();
  await emulator?.stop();
});

const gateInputs = {
  thresholds: 'accuracy >= 0.92, loss <= 0.3',
  'max-regression': 'accuracy: 0.01, loss: 10%',
  baseline: 'service:fraud',
  'github-token': TOKEN,
};

function gate(inputs: Record<string, string>, options: Partial<ActionRunOptions> = {}): Promise<ActionRunResult> {
  return runAction('evaluate-gate', {
    emulator,
    run: pullRequestRun,
    env: { GITHUB_API_URL: github.url },
    ...options,
    inputs: { ...gateInputs, ...inputs },
  });
}

const leaks = (result: ActionRunResult) => findLeaks(result, knownSecrets(emulator, [TOKEN, ...serviceTokens]));
const reportJson = (result: ActionRunResult) =>
  JSON.parse(result.outputs['report-json']!) as {
    passed: boolean;
    baseline: { spec: string; version?: string; uri?: string; found: boolean };
    results: { metric: string; value: number; baseline?: number | null; passed: boolean; reason?: string }[];
  };

test('good metrics pass against the serving version; the verdict goes into the lineage and ONE PR comment, updated on re-run', async () => {
  const candidate = uri('out/3333333/lineage.json');
  await putLineage(candidate);
  github.addComment(42, 'first!');
  github.addComment(42, 'LGTM');
  github.addComment(42, `${MARKER.replace('test/job', 'other/job')}\nanother gate's report`);
  const inputs = { metrics: '{"accuracy": 0.945, "loss": 0.26, "epochs": 12}', 'lineage-uri': candidate };
  github.calls.length = 0;

  const first = await gate(inputs);
  expect(first.errors).toEqual([]);
  expect(first.exitCode).toBe(0);
  expect(first.outputs['passed']).toBe('true');
  const report = reportJson(first);
  expect(report.baseline).toEqual({
    spec: 'service:fraud',
    version: 'fraud_1111111',
    uri: SERVING_LINEAGE,
    found: true,
  });
  expect(report.results.map((r) => [r.metric, r.value, r.baseline, r.passed])).toEqual([
    ['accuracy', 0.945, 0.95, true],
    ['loss', 0.26, 0.25, true],
  ]);
  expect(first.summary).toContain('✅ **Evaluation gate passed**: all 2 metrics meet the criteria.');
  expect(first.summary).toContain('| accuracy | 0.945 | &gt;= 0.92 | 0.95 | -0.005 (-0.526%) | 0.01 | ✅ pass |');
  expect(first.outputs['report']).toBe(first.summary.trimEnd());

  const lineage: Lineage = await readLineage(oss, candidate);
  expect(lineage.metrics).toEqual({ accuracy: 0.945, loss: 0.26, epochs: 12 });
  expect(lineage.gate).toMatchObject({
    passed: true,
    baseline: 'service:fraud',
    runUrl: expect.stringContaining('/runs/1001/'),
  });
  expect(lineage.gate?.results).toEqual(report.results);

  // Three comments on two pages of two: both pages listed, no marker found, one comment created,
  // then listed again to find a comment a racing run may have created (none: ours is the oldest).
  const auth = `token ${TOKEN}`;
  expect(github.calls.map((c) => [c.method, c.url, c.authorization])).toEqual([
    ['GET', '/repos/octo-org/models/issues/42/comments?per_page=100', auth],
    ['GET', '/repos/octo-org/models/issues/42/comments?per_page=100&page=2', auth],
    ['POST', '/repos/octo-org/models/issues/42/comments', auth],
    ['GET', '/repos/octo-org/models/issues/42/comments?per_page=100', auth],
    ['GET', '/repos/octo-org/models/issues/42/comments?per_page=100&page=2', auth],
  ]);
  const ours = github.comments.filter((c) => c.body.startsWith(MARKER));
  expect(ours).toHaveLength(1);
  expect(ours[0]!.body).toBe(`${MARKER}\n${first.outputs['report']}`);
  expect(first.outputs['comment-url']).toBe(`https://github.com/octo-org/models/pull/42#issuecomment-${ours[0]!.id}`);
  expect(leaks(first)).toEqual([]);

  // A re-run finds its comment by the marker (on page 2) and edits it: still one comment.
  github.calls.length = 0;
  const rerun = await gate({ ...inputs, metrics: '{"accuracy": 0.96, "loss": 0.2}' });
  expect(rerun.exitCode).toBe(0);
  expect(github.calls.map((c) => [c.method, c.url])).toEqual([
    ['GET', '/repos/octo-org/models/issues/42/comments?per_page=100'],
    ['GET', '/repos/octo-org/models/issues/42/comments?per_page=100&page=2'],
    ['PATCH', `/repos/octo-org/models/issues/comments/${ours[0]!.id}`],
  ]);
  expect(github.comments.filter((c) => c.body.startsWith(MARKER))).toHaveLength(1);
  expect(ours[0]!.body).toContain('| accuracy | 0.96 |');
  expect(github.comments).toHaveLength(4);
  expect(leaks(rerun)).toEqual([]);
});

test('a regression beyond the allowed amount fails the step with one error line, and the lineage records it', async () => {
  const candidate = uri('out/4444444/lineage.json');
  await putLineage(candidate);
  github.calls.length = 0;
  // 0.93 meets the 0.92 threshold but is 0.02 below the serving model's 0.95.
  const result = await gate({
    metrics: '{"accuracy": 0.93, "loss": 0.26}',
    'lineage-uri': candidate,
    comment: 'false',
  });
  expect(result.exitCode).toBe(1);
  expect(result.errors).toEqual([
    'Evaluation gate failed: accuracy fell by 0.02 from the baseline 0.95 (allowed 0.01)',
  ]);
  expect(result.outputs['passed']).toBe('false');
  expect(result.summary).toContain('❌ **Evaluation gate failed**: accuracy misses the criteria.');
  const lineage = await readLineage(oss, candidate);
  expect(lineage.gate?.passed).toBe(false);
  expect(lineage.gate?.results.find((r) => r.metric === 'accuracy')).toMatchObject({ passed: false, baseline: 0.95 });
  expect(github.calls).toEqual([]);
  expect(leaks(result)).toEqual([]);
});

test('fail-on-miss false: passed=false, a warning, and the step succeeds', async () => {
  const result = await gate({ metrics: '{"accuracy": 0.9, "loss": 0.2}', 'fail-on-miss': 'false', comment: 'false' });
  expect(result.exitCode).toBe(0);
  expect(result.errors).toEqual([]);
  expect(result.outputs['passed']).toBe('false');
  expect(result.warnings.filter((warning) => !warning.startsWith('Using a long-lived AccessKey'))).toEqual([
    '❌ Evaluation gate failed: accuracy misses the criteria. accuracy 0.9 does not meet >= 0.92; fell by 0.05 from the baseline 0.95 (allowed 0.01) (fail-on-miss is false).',
  ]);
  expect(leaks(result)).toEqual([]);
});

test('outside a pull request: metrics from the lineage, thresholds only, and a notice instead of a comment', async () => {
  const candidate = uri('out/5555555/lineage.json');
  await putLineage(candidate, { accuracy: 0.97, loss: 0.1 });
  github.calls.length = 0;
  const result = await gate(
    { 'lineage-uri': candidate, baseline: 'none', 'max-regression': '' },
    { run: defaultRun({ eventName: 'push' }) },
  );
  expect(result.exitCode).toBe(0);
  expect(result.outputs['passed']).toBe('true');
  expect(result.notices).toEqual(['No PR comment: this push event belongs to no pull request.']);
  expect(reportJson(result).baseline).toEqual({ spec: 'none', found: false });
  expect((await readLineage(oss, candidate)).gate?.passed).toBe(true);
  expect(github.calls).toEqual([]);
  expect(leaks(result)).toEqual([]);
});

test('a service nothing serves yet is no baseline: a notice, and thresholds alone judge', async () => {
  const result = await gate({
    metrics: '{"accuracy": 0.93, "loss": 0.2}',
    baseline: 'service:ghost',
    comment: 'false',
  });
  expect(result.exitCode).toBe(0);
  expect(result.notices).toEqual([
    'Baseline service:ghost: no version of the service serves traffic; judging by thresholds only.',
    'Not compared with the baseline: no baseline to compare accuracy with.',
    'Not compared with the baseline: no baseline to compare loss with.',
  ]);
  expect(reportJson(result).baseline).toEqual({ spec: 'service:ghost', found: false });
  expect(leaks(result)).toEqual([]);
});

test('a metric in the thresholds but not in the metrics file fails naming the input', async () => {
  await oss.putJson(uri('eval/metrics.json'), { accuracy: 0.97 });
  const result = await gate({ 'metrics-uri': uri('eval/metrics.json'), comment: 'false' });
  expect(result.exitCode).toBe(1);
  expect(result.errors).toEqual([
    'Input "thresholds" has invalid value "loss": expected one of the metrics given: accuracy (unknown metric)',
  ]);
  expect(leaks(result)).toEqual([]);
});

describe('each bad input fails with one line naming it and makes no API call', () => {
  const good = '{"accuracy": 0.95, "loss": 0.2}';
  test.each([
    ['thresholds', { metrics: good, thresholds: 'accuracy => 0.9' }, 'unknown operator "=>"'],
    ['thresholds', { metrics: good, thresholds: 'acuracy >= 0.9' }, 'unknown metric'],
    ['max-regression', { metrics: good, 'max-regression': 'f1: 0.1' }, 'write f1+ or f1-'],
    ['max-regression', { metrics: good, 'max-regression': 'accuracy-: 0.1' }, 'contradicts the threshold'],
    ['metrics', { metrics: '{"accuracy": "high"}' }, 'not a finite number'],
    ['metrics', {}, 'is required'],
    ['metrics-uri', { metrics: good, 'metrics-uri': 'oss://pai-demo/m.json' }, 'one source of metrics'],
    ['metrics-uri', { 'metrics-uri': 'oss://pai-demo/eval/' }, '.json object'],
    ['lineage-uri', { metrics: good, 'lineage-uri': 's3://bucket/lineage.json' }, 'must start with oss://'],
    ['baseline', { metrics: good, baseline: 'service:Fraud' }, 'service name "Fraud"'],
    ['fail-on-miss', { metrics: good, 'fail-on-miss': 'yes' }, 'one of true'],
    ['comment', { metrics: good, comment: 'on' }, 'one of true'],
    ['comment-key', { metrics: good, 'comment-key': 'a--b' }, 'without "--"'],
    ['github-token', { metrics: good, 'github-token': '' }, 'pull-requests: write'],
    ['region', { metrics: good, region: 'Hangzhou' }, 'region id'],
    ['oss-endpoint', { metrics: good, 'oss-endpoint': 'ftp://x' }, ''],
  ])('%s', async (input, inputs, detail) => {
    const before = (await admin.requests()).length;
    github.calls.length = 0;
    const result = await gate({ metrics: '', ...inputs });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(new RegExp(`^Input "${input}" `));
    expect(result.errors[0]).toContain(detail);
    expect((await admin.requests()).length).toBe(before);
    expect(github.calls).toEqual([]);
    expect(leaks(result)).toEqual([]);
  });
});
