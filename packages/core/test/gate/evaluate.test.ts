import { parseCriteria, parseThresholds } from '../../src/gate/criteria.js';
import { evaluateGate, regressionBeyondLimit } from '../../src/gate/evaluate.js';

const criteria = (thresholds: string, maxRegression?: string) =>
  parseCriteria(
    parseThresholds('thresholds', thresholds),
    maxRegression === undefined ? undefined : { input: 'max-regression', value: maxRegression },
  );

test('good metrics pass thresholds and the baseline comparison', () => {
  const evaluation = evaluateGate(
    { accuracy: 0.94, loss: 0.25 },
    criteria('accuracy >= 0.92, loss <= 0.3', 'accuracy: 0.01, loss: 10%'),
    { accuracy: 0.945, loss: 0.24 },
  );
  expect(evaluation).toEqual({
    passed: true,
    unjudged: [],
    results: [
      { metric: 'accuracy', value: 0.94, threshold: '>= 0.92', baseline: 0.945, maxRegression: '0.01', passed: true },
      { metric: 'loss', value: 0.25, threshold: '<= 0.3', baseline: 0.24, maxRegression: '10%', passed: true },
    ],
  });
});

test('a regression beyond the allowed amount fails even when the threshold is met', () => {
  const evaluation = evaluateGate(
    { accuracy: 0.93, loss: 0.29 },
    criteria('accuracy >= 0.92, loss <= 0.3', 'accuracy: 0.01, loss: 5%'),
    { accuracy: 0.95, loss: 0.25 },
  );
  expect(evaluation.passed).toBe(false);
  expect(evaluation.results.map((r) => [r.metric, r.passed, r.reason])).toEqual([
    ['accuracy', false, 'fell by 0.02 from the baseline 0.95 (allowed 0.01)'],
    ['loss', false, 'rose by 16% from the baseline 0.25 (allowed 5%)'],
  ]);
});

test('a missed threshold and a regression on one metric are both reported', () => {
  const evaluation = evaluateGate({ accuracy: 0.8 }, criteria('accuracy > 0.9', 'accuracy: 0.05'), { accuracy: 0.95 });
  expect(evaluation.results[0]?.reason).toBe(
    '0.8 does not meet > 0.9; fell by 0.15 from the baseline 0.95 (allowed 0.05)',
  );
});

test('without a baseline, or a baseline lacking the metric, the regression is not judged and says so', () => {
  const rules = criteria('accuracy >= 0.9', 'accuracy: 0.01, f1+: 0.02');
  const none = evaluateGate({ accuracy: 0.91, f1: 0.5 }, rules, undefined);
  expect(none.passed).toBe(true);
  expect(none.unjudged).toEqual(['no baseline to compare accuracy with', 'no baseline to compare f1 with']);
  expect(none.results[0]).not.toHaveProperty('baseline');

  const partial = evaluateGate({ accuracy: 0.91, f1: 0.5 }, rules, { accuracy: 0.95 });
  expect(partial.results.map((r) => [r.metric, r.baseline, r.passed])).toEqual([
    ['accuracy', 0.95, false],
    ['f1', null, true],
  ]);
  expect(partial.unjudged).toEqual(['the baseline has no f1']);
});

test('a metric the criteria name but the metrics lack fails rather than vanishing', () => {
  const evaluation = evaluateGate({}, criteria('accuracy >= 0.9'), undefined);
  expect(evaluation.results).toEqual([
    { metric: 'accuracy', value: null, threshold: '>= 0.9', passed: false, reason: 'missing from the metrics' },
  ]);
});

test.each([
  // value, base, higher is better, limit, beyond?
  [0.91, 0.92, true, '0.01', false], // 0.92 - 0.91 is 0.010000000000000009 in binary: not beyond 0.01
  [0.909, 0.92, true, '0.01', true],
  [0.99, 0.92, true, '0', false], // an improvement is never a regression
  [0.315, 0.3, false, '5%', false], // exactly 5 % worse
  [0.316, 0.3, false, '5%', true],
  [-1.05, -1, true, '5%', false], // relative to |baseline|
  [-1.06, -1, true, '5%', true],
  [0.1, 0, false, '5%', true], // 5 % of zero allows nothing
] as const)(
  'value %p vs baseline %p (higher better %p, allowed %s): beyond = %p',
  (value, base, higher, text, beyond) => {
    const limit = text.endsWith('%')
      ? { kind: 'relative' as const, percent: Number(text.slice(0, -1)) }
      : { kind: 'absolute' as const, amount: Number(text) };
    const reason = regressionBeyondLimit(value, base, { metric: 'm', higherIsBetter: higher, limit });
    expect(reason !== undefined).toBe(beyond);
  },
);
