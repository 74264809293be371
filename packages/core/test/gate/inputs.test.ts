import { readRunContext } from '../../src/action/github-context.js';
import { readGateInputs } from '../../src/gate/inputs.js';
import { InputReader } from '../../src/inputs.js';

const reader = (inputs: Record<string, string>) => new InputReader((name) => inputs[name] ?? '');
const pushRun = readRunContext({ GITHUB_REPOSITORY: 'octo-org/models', GITHUB_EVENT_NAME: 'push' });
const prRun = { ...pushRun, eventName: 'pull_request', pullRequest: 7 };
const base = { thresholds: 'accuracy >= 0.9', 'github-token': 'ghs_unit' };

test('inline metrics, baseline none by default, and the comment keyed by workflow and job', () => {
  const request = readGateInputs(reader({ ...base, metrics: '{"accuracy": 0.95}' }), prRun, {
    GITHUB_WORKFLOW: 'Train model',
    GITHUB_JOB: 'gate',
  });
  expect(request).toMatchObject({
    metrics: { kind: 'inline', metrics: { accuracy: 0.95 } },
    baseline: { kind: 'none' },
    failOnMiss: true,
    comment: {
      kind: 'upsert',
      target: { owner: 'octo-org', repo: 'models', issueNumber: 7 },
      marker: '<!-- pai-actions:evaluate-gate:Train_model/gate -->',
      token: 'ghs_unit',
    },
  });
  expect(request).not.toHaveProperty('lineageUri');
});

test('with only lineage-uri the metrics come from the lineage; comment-key replaces the default key', () => {
  const request = readGateInputs(
    reader({ ...base, 'lineage-uri': 'oss://b-1/out/abc/lineage.json', 'comment-key': 'nightly' }),
    prRun,
    {},
  );
  expect(request.metrics).toEqual({ kind: 'lineage' });
  expect(request.lineageUri).toBe('oss://b-1/out/abc/lineage.json');
  expect(request.comment).toMatchObject({ marker: '<!-- pai-actions:evaluate-gate:nightly -->' });
});

test('no comment outside a pull request (a notice) or when turned off (quietly); no token needed then', () => {
  const inputs = { thresholds: 'accuracy >= 0.9', metrics: '{"accuracy": 1}' };
  expect(readGateInputs(reader(inputs), pushRun, {}).comment).toEqual({
    kind: 'skip',
    reason: 'this push event belongs to no pull request',
    notice: true,
  });
  expect(readGateInputs(reader({ ...inputs, comment: 'false' }), prRun, {}).comment).toEqual({
    kind: 'skip',
    reason: 'comment is false',
    notice: false,
  });
  expect(() => readGateInputs(reader(inputs), prRun, {})).toThrow('Input "github-token" is required');
});
