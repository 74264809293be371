import { parseCriteria, parseThresholds } from '../../src/gate/criteria.js';
import { checkCriteriaMetrics, metricsFromDocument, parseMetricsInput } from '../../src/gate/metrics.js';
import { LINEAGE_SCHEMA } from '../../src/lineage.js';

const inputs = { thresholds: 'thresholds', maxRegression: 'max-regression' };

test('the metrics input is a JSON object of finite numbers', () => {
  expect({ ...parseMetricsInput('metrics', '{"accuracy": 0.93, "loss": 0.2}') }).toEqual({ accuracy: 0.93, loss: 0.2 });
});

test.each([
  ['not json', 'not JSON'],
  ['[0.9]', 'must be a JSON object'],
  ['0.9', 'must be a JSON object'],
  ['{"accuracy": "0.9"}', 'metric "accuracy" is "0.9", not a finite number'],
  ['{"accuracy": null}', 'metric "accuracy" is null'],
])('metrics %j is refused naming the input', (value, reason) => {
  expect(() => parseMetricsInput('metrics', value)).toThrow(/^Input "metrics" has invalid value/);
  expect(() => parseMetricsInput('metrics', value)).toThrow(reason);
});

test('a document is a lineage (its metrics, or none yet) or a flat metrics object', () => {
  const lineage = { schema: LINEAGE_SCHEMA, sha: 'abc', jobs: [], services: [] };
  expect(metricsFromDocument(lineage)).toBeUndefined();
  expect({ ...metricsFromDocument({ ...lineage, metrics: { accuracy: 0.9 } }) }).toEqual({ accuracy: 0.9 });
  expect({ ...metricsFromDocument({ loss: 0.1 }) }).toEqual({ loss: 0.1 });
  expect(() => metricsFromDocument({ loss: 'low' })).toThrow('metric "loss"');
  expect(() => metricsFromDocument({ schema: LINEAGE_SCHEMA })).toThrow('lineage is missing');
});

test('a metric the criteria name but the metrics lack is an error naming the input that names it', () => {
  const criteria = parseCriteria(parseThresholds('thresholds', 'accuracy >= 0.9'), {
    input: 'max-regression',
    value: 'f1+: 0.1',
  });
  expect(() => checkCriteriaMetrics(criteria, { f1: 1 }, inputs)).toThrow(
    'Input "thresholds" has invalid value "accuracy": expected one of the metrics given: f1 (unknown metric)',
  );
  expect(() => checkCriteriaMetrics(criteria, { accuracy: 1 }, inputs)).toThrow(
    'Input "max-regression" has invalid value "f1"',
  );
  expect(() => checkCriteriaMetrics(criteria, { accuracy: 1, f1: 1, extra: 2 }, inputs)).not.toThrow();
});
