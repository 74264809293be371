import { expect, test } from '@jest/globals';
import { InputReader, parseDecimal } from '../../src/inputs.js';
import { readShiftInputs } from '../../src/serving/shift-inputs.js';

const SHA = 'abcdef0123456789abcdef0123456789abcdef01';
const read = (values: Record<string, string>) => readShiftInputs(new InputReader((name) => values[name] ?? ''), SHA);

test('defaults: the version deployed for this commit, 10/50/100, 5 min bakes, the CloudMonitor defaults', () => {
  const inputs = read({ 'service-name': 'demo' });
  expect(inputs.new).toBe('demo_abcdef0');
  expect(inputs.old).toBeUndefined();
  expect(inputs.plan).toEqual({
    steps: [10, 50, 100],
    bakeMs: 300_000,
    finalBakeMs: 0,
    minRequests: 100,
    onLowTraffic: 'revert',
    lowTrafficWaitMs: 300_000,
    extendByMs: 60_000,
    limits: { maxP95IncreasePercent: 50, maxErrorRatePercent: 1, maxErrorRateIncreasePoints: 1 },
  });
  expect(inputs.metrics).toEqual({
    namespace: 'acs_learn',
    names: { requests: 'qps_total', serverErrors: 'rps_status_5xx', p95Latency: 'rt_tp95' },
    periodSeconds: 60,
  });
  expect(inputs.load).toBeUndefined();
  expect(inputs.failOnRevert).toBe(true);
});

test('everything given is used', () => {
  const inputs = read({
    'service-name': 'demo',
    new: 'demo_v2',
    old: 'demo_v1',
    steps: '25,100',
    'bake-time': '2m',
    'max-p95': '250.5',
    'low-traffic-wait': '0s',
    'final-bake': '10m',
    'load-rps': '3',
    'load-request': '{"instances":[[1]]}',
    'fail-on-revert': 'false',
  });
  expect(inputs).toMatchObject({ new: 'demo_v2', old: 'demo_v1', failOnRevert: false });
  expect(inputs.plan).toMatchObject({ steps: [25, 100], bakeMs: 120_000, lowTrafficWaitMs: 0, finalBakeMs: 600_000 });
  expect(inputs.plan.limits.maxP95Ms).toBe(250.5);
  expect(inputs.load).toEqual({ rps: 3, body: '{"instances":[[1]]}' });
});

test.each([
  ['0.5', 0.5],
  ['12', 12],
  ['-3.25', -3.25],
  ['.5', 0.5],
  ['7.', 7],
])('parseDecimal reads %s', (text, value) => expect(parseDecimal('x', text)).toBe(value));

test.each(['1e3', '0x10', 'Infinity', 'NaN', '1,5', '5%'])('parseDecimal refuses %j, naming the input', (text) => {
  expect(() => parseDecimal('max-p95', text)).toThrow(
    `Input "max-p95" has invalid value ${JSON.stringify(text)}: expected a number`,
  );
});

test('parseDecimal names the range it wants', () => {
  expect(() => parseDecimal('max-error-rate', '120', { min: 0, max: 100 })).toThrow(
    'expected a number between 0 and 100',
  );
});
