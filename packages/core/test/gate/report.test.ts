import { parseCriteria, parseThresholds } from '../../src/gate/criteria.js';
import { evaluateGate } from '../../src/gate/evaluate.js';
import { formatChange, gateReportJson, gateReportMarkdown, verdictLine } from '../../src/gate/report.js';

const rules = parseCriteria(parseThresholds('thresholds', 'accuracy >= 0.92, loss <= 0.3'), {
  input: 'max-regression',
  value: 'accuracy: 0.01',
});
const context = {
  evaluatedAt: '2026-12-02T07:00:00.000Z',
  sha: '4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b',
  runUrl: 'https://github.com/o/r/actions/runs/7/attempts/1',
  baseline: { spec: 'service:fraud', version: 'fraud_1111111', uri: 'oss://b/out/1/lineage.json', found: true },
};

test('the Markdown report: verdict first, one row per metric, the baseline and the run', () => {
  const evaluation = evaluateGate({ accuracy: 0.93, loss: 0.35 }, rules, { accuracy: 0.95, loss: 0.3 });
  expect(gateReportMarkdown(evaluation, context)).toBe(
    [
      '❌ **Evaluation gate failed**: accuracy, loss miss the criteria.',
      '',
      '| Metric | Value | Threshold | Baseline | Change | Max regression | Verdict |',
      '| :-- | --: | :-- | --: | --: | :-- | :-- |',
      '| accuracy | 0.93 | &gt;= 0.92 | 0.95 | -0.02 (-2.11%) | 0.01 | ❌ fell by 0.02 from the baseline 0.95 (allowed 0.01) |',
      '| loss | 0.35 | &lt;= 0.3 | 0.3 | +0.05 (+16.7%) | — | ❌ 0.35 does not meet &lt;= 0.3 |',
      '',
      'Baseline: `service:fraud` (version `fraud_1111111`, `oss://b/out/1/lineage.json`).',
      '',
      'Commit `4f3c2b1` · [workflow run](https://github.com/o/r/actions/runs/7/attempts/1) · 2026-12-02T07:00:00.000Z',
    ].join('\n'),
  );
});

test('a passing report says so, and notes what could not be compared', () => {
  const evaluation = evaluateGate({ accuracy: 0.95, loss: 0.1 }, rules, undefined);
  const markdown = gateReportMarkdown(evaluation, { ...context, baseline: { spec: 'service:fraud', found: false } });
  expect(markdown.split('\n')[0]).toBe('✅ **Evaluation gate passed**: all 2 metrics meet the criteria.');
  expect(markdown).toContain('Baseline: `service:fraud`: no metrics found, thresholds only.');
  expect(markdown).toContain('- Not compared: no baseline to compare accuracy with.');
});

test('report-json carries the verdict, the results and the notes', () => {
  const evaluation = evaluateGate({ accuracy: 0.95, loss: 0.1 }, rules, { loss: 0.2 });
  expect(gateReportJson(evaluation, context)).toEqual({
    schema: 'pai-actions/gate-report@1',
    passed: true,
    evaluatedAt: context.evaluatedAt,
    sha: context.sha,
    runUrl: context.runUrl,
    baseline: context.baseline,
    results: evaluation.results,
    notes: ['the baseline has no accuracy'],
  });
});

test('the verdict line counts one metric in the singular', () => {
  const one = parseCriteria(parseThresholds('thresholds', 'loss < 1'), undefined);
  expect(verdictLine(evaluateGate({ loss: 0.5 }, one, undefined))).toBe(
    '✅ **Evaluation gate passed**: the metric meets the criteria.',
  );
  expect(verdictLine(evaluateGate({ loss: 2 }, one, undefined))).toBe(
    '❌ **Evaluation gate failed**: loss misses the criteria.',
  );
});

test.each([
  [0.93, 0.95, '-0.02 (-2.11%)'],
  [1, 0, '+1'],
  [null, 0.5, '—'],
  [0.5, null, '—'],
  [0.5, undefined, '—'],
])('change from %p to %p', (value, base, text) => {
  expect(formatChange(value, base)).toBe(text);
});
