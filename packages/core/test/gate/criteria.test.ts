import { InputError } from '../../src/errors.js';
import { meetsThreshold, parseCriteria, parseThresholds } from '../../src/gate/criteria.js';

const criteria = (thresholds: string, maxRegression?: string) =>
  parseCriteria(
    parseThresholds('thresholds', thresholds),
    maxRegression === undefined ? undefined : { input: 'max-regression', value: maxRegression },
  );

test('thresholds: comma- or line-separated, spaces optional, each metric once', () => {
  expect(
    parseThresholds('thresholds', 'accuracy >= 0.92, loss<=0.3\n val/f1-score > .5 ,\n\nlatency_ms < 1e3'),
  ).toEqual([
    { metric: 'accuracy', operator: '>=', value: 0.92 },
    { metric: 'loss', operator: '<=', value: 0.3 },
    { metric: 'val/f1-score', operator: '>', value: 0.5 },
    { metric: 'latency_ms', operator: '<', value: 1000 },
  ]);
  expect(parseThresholds('thresholds', 'delta >= -0.5')).toEqual([{ metric: 'delta', operator: '>=', value: -0.5 }]);
});

test.each([
  ['accuracy => 0.9', 'accuracy => 0.9', 'unknown operator "=>"'],
  ['accuracy == 0.9', 'accuracy == 0.9', 'unknown operator "=="'],
  ['accuracy = 0.9', 'accuracy = 0.9', 'unknown operator "="'],
  ['accuracy 0.9', 'accuracy 0.9', 'expected comma- or line-separated'],
  ['accuracy >= high', 'accuracy >= high', '"high" is not a number'],
  ['accuracy >= 0.9, accuracy >= 0.8', 'accuracy >= 0.8', 'has a threshold already'],
  ['9lives >= 1', '9lives >= 1', 'metric "9lives" must be'],
  [' , ', ', ', 'no threshold given'],
])('thresholds %j are refused, naming the input and the item', (value, shown, reason) => {
  const error = caught(() => parseThresholds('thresholds', value.trim()));
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).message).toContain(
    `Input "thresholds" has invalid value ${JSON.stringify(shown.trim())}`,
  );
  expect((error as InputError).message).toContain(reason);
});

test('a regression takes its direction from the threshold, or from a +/- suffix when there is none', () => {
  expect(
    criteria('accuracy >= 0.9, loss <= 0.3', 'accuracy: 0.01, loss: 5%\nf1+: 0.02, latency-: 10%').regressions,
  ).toEqual([
    { metric: 'accuracy', higherIsBetter: true, limit: { kind: 'absolute', amount: 0.01 } },
    { metric: 'loss', higherIsBetter: false, limit: { kind: 'relative', percent: 5 } },
    { metric: 'f1', higherIsBetter: true, limit: { kind: 'absolute', amount: 0.02 } },
    { metric: 'latency', higherIsBetter: false, limit: { kind: 'relative', percent: 10 } },
  ]);
  // A suffix that agrees with the threshold is fine.
  expect(criteria('loss < 1', 'loss-: 0').regressions[0]?.higherIsBetter).toBe(false);
});

test.each([
  ['accuracy >= 0.9', 'f1: 0.01', 'f1: 0.01', 'write f1+ or f1-'],
  ['accuracy >= 0.9', 'accuracy-: 0.01', 'accuracy-: 0.01', 'contradicts the threshold >= 0.9'],
  ['accuracy >= 0.9', 'accuracy: -1', 'accuracy: -1', 'not a non-negative number'],
  ['accuracy >= 0.9', 'accuracy: five%', 'accuracy: five%', 'not a non-negative number'],
  ['accuracy >= 0.9', 'accuracy 0.01', 'accuracy 0.01', 'expected comma- or line-separated'],
  ['accuracy >= 0.9', 'accuracy: 1, accuracy: 2', 'accuracy: 2', 'listed twice'],
])('max-regression %j (thresholds %j) is refused by name', (thresholds, maxRegression, shown, reason) => {
  const error = caught(() => criteria(thresholds, maxRegression));
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).input).toBe('max-regression');
  expect((error as InputError).message).toContain(`has invalid value ${JSON.stringify(shown)}`);
  expect((error as InputError).message).toContain(reason);
});

test.each([
  [0.92, '>=', 0.92, true],
  [0.92, '>', 0.92, false],
  [0.3, '<=', 0.3, true],
  [0.3, '<', 0.3, false],
  [0.31, '<=', 0.3, false],
  [0.93, '>', 0.92, true],
] as const)('%p %s %p → %p', (value, operator, bound, met) => {
  expect(meetsThreshold(value, { metric: 'm', operator, value: bound })).toBe(met);
});

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
