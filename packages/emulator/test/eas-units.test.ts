/**
 * The pure parts of the emulated EAS: the autoscaler's decision, the group's weighted round
 * robin, the model artefact, latency draws and the service JSON merge.
 */
import { describe, expect, test } from '@jest/globals';
import { mulberry32 } from '../src/faults.js';
import { decideReplicas, type ScaleInput } from '../src/products/eas/autoscaler.js';
import {
  ModelError,
  effectiveBehaviour,
  parseModel,
  predict,
  readInstances,
  sampleLatency,
} from '../src/products/eas/model.js';
import { checkServiceName, mergeConfig } from '../src/products/eas/spec.js';
import { WeightedRoundRobin } from '../src/products/eas/traffic.js';

const S = 1000;

function scaler(overrides: Partial<ScaleInput['autoscaler']> = {}): ScaleInput['autoscaler'] {
  return {
    min: 1,
    max: 10,
    strategies: [{ metricName: 'qps', threshold: 10 }],
    scaleUpWindowMs: 0,
    scaleDownWindowMs: 300 * S,
    zeroGraceMs: 600 * S,
    activationReplicas: 1,
    recommendations: [],
    ...overrides,
  };
}

describe('decideReplicas', () => {
  test('scales out at once to ceil(QPS / threshold), within max', () => {
    expect(decideReplicas({ now: 0, current: 1, qps: 35, lastRequestAt: 0, autoscaler: scaler() }).replicas).toBe(4);
    expect(decideReplicas({ now: 0, current: 1, qps: 500, lastRequestAt: 0, autoscaler: scaler() }).replicas).toBe(10);
    expect(decideReplicas({ now: 0, current: 2, qps: 20, lastRequestAt: 0, autoscaler: scaler() }).replicas).toBe(2);
  });

  test('scales in only to the highest recommendation of the scale-down window (the cooldown)', () => {
    let a = scaler();
    let step = decideReplicas({ now: 0, current: 1, qps: 40, lastRequestAt: 0, autoscaler: a });
    expect(step.replicas).toBe(4);
    a = { ...a, recommendations: step.recommendations };
    step = decideReplicas({ now: 100 * S, current: 4, qps: 0, lastRequestAt: 0, autoscaler: a });
    expect(step.replicas).toBe(4);
    a = { ...a, recommendations: step.recommendations };
    step = decideReplicas({ now: 299 * S, current: 4, qps: 15, lastRequestAt: 0, autoscaler: a });
    expect(step.replicas).toBe(4);
    a = { ...a, recommendations: step.recommendations };
    // 301 s after the 4: the window holds 1 (at 100 s) and 2 (at 299 s).
    step = decideReplicas({ now: 301 * S, current: 4, qps: 0, lastRequestAt: 0, autoscaler: a });
    expect(step.replicas).toBe(2);
    expect(step.recommendations.every((r) => 301 * S - r.at < 300 * S)).toBe(true);
  });

  test('a scale-up window makes scale-out wait for a sustained need', () => {
    const a = scaler({ scaleUpWindowMs: 60 * S, recommendations: [{ at: 0, replicas: 1 }] });
    expect(decideReplicas({ now: 30 * S, current: 1, qps: 50, lastRequestAt: 30 * S, autoscaler: a }).replicas).toBe(1);
    const later = scaler({ scaleUpWindowMs: 60 * S, recommendations: [{ at: 0, replicas: 5 }] });
    expect(
      decideReplicas({ now: 30 * S, current: 1, qps: 50, lastRequestAt: 30 * S, autoscaler: later }).replicas,
    ).toBe(5);
  });

  test('min 0: scale to zero only after the grace period without requests', () => {
    const a = scaler({ min: 0, scaleDownWindowMs: 0, zeroGraceMs: 600 * S });
    expect(decideReplicas({ now: 500 * S, current: 1, qps: 0, lastRequestAt: 0, autoscaler: a }).replicas).toBe(1);
    expect(decideReplicas({ now: 600 * S, current: 1, qps: 0, lastRequestAt: 0, autoscaler: a }).replicas).toBe(0);
    expect(decideReplicas({ now: 600 * S, current: 0, qps: 0, lastRequestAt: undefined, autoscaler: a }).replicas).toBe(
      0,
    );
  });

  test('without a QPS strategy the count only follows min and max', () => {
    const a = scaler({ min: 2, max: 3, strategies: [{ metricName: 'cpu', threshold: 50 }] });
    expect(decideReplicas({ now: 0, current: 1, qps: 1000, lastRequestAt: 0, autoscaler: a }).replicas).toBe(2);
    expect(decideReplicas({ now: 0, current: 5, qps: 0, lastRequestAt: 0, autoscaler: a }).replicas).toBe(3);
  });
});

describe('WeightedRoundRobin', () => {
  test('splits exactly by weight over one cycle, interleaved', () => {
    const rr = new WeightedRoundRobin();
    const picks = Array.from({ length: 100 }, () =>
      rr.pick([
        { name: 'a', weight: 90 },
        { name: 'b', weight: 10 },
      ]),
    );
    expect(picks.filter((p) => p === 'b')).toHaveLength(10);
    // never two b in a row: the minority is spread out, not bunched
    expect(picks.join(',')).not.toContain('b,b');
    expect(picks.slice(0, 20).filter((p) => p === 'b')).toHaveLength(2);
  });

  test('skips zero and negative weights; nothing to pick gives undefined', () => {
    const rr = new WeightedRoundRobin();
    expect(
      rr.pick([
        { name: 'a', weight: 0 },
        { name: 'b', weight: 3 },
      ]),
    ).toBe('b');
    expect(
      rr.pick([
        { name: 'a', weight: 0 },
        { name: 'b', weight: -1 },
      ]),
    ).toBeUndefined();
  });

  test('a weight change starts a fresh cycle', () => {
    const rr = new WeightedRoundRobin();
    for (let i = 0; i < 7; i++)
      rr.pick([
        { name: 'a', weight: 1 },
        { name: 'b', weight: 1 },
      ]);
    const picks = Array.from({ length: 4 }, () =>
      rr.pick([
        { name: 'a', weight: 3 },
        { name: 'b', weight: 1 },
      ]),
    );
    expect(picks.filter((p) => p === 'a')).toHaveLength(3);
  });
});

describe('model artefact', () => {
  const text = JSON.stringify({
    format: 'pai-emulator-linear/1',
    weights: [0.5, -2],
    bias: 1,
    behaviour: { errorRate: 0.2 },
  });

  test('predicts w·x + b, or its sigmoid', () => {
    const model = parseModel(text);
    expect(
      predict(model, [
        [2, 1],
        [0, 0],
      ]),
    ).toEqual([0, 1]);
    const logistic = parseModel(
      JSON.stringify({ format: 'pai-emulator-linear/1', weights: [1], bias: 0, activation: 'sigmoid' }),
    );
    expect(predict(logistic, [[0]])).toEqual([0.5]);
  });

  test('rejects what is not the format, saying why', () => {
    expect(() => parseModel('{')).toThrow(ModelError);
    expect(() => parseModel(JSON.stringify({ weights: [1] }))).toThrow(/format/);
    expect(() => parseModel(JSON.stringify({ format: 'pai-emulator-linear/1', weights: [] }))).toThrow(/weights/);
    expect(() =>
      parseModel(JSON.stringify({ format: 'pai-emulator-linear/1', weights: [1], behaviour: { errorRate: 2 } })),
    ).toThrow(/errorRate/);
    expect(() =>
      parseModel(
        JSON.stringify({ format: 'pai-emulator-linear/1', weights: [1], behaviour: { latencyMs: { p50: 9, p95: 3 } } }),
      ),
    ).toThrow(/p50 <= p95/);
  });

  test('reads instances and refuses malformed input', () => {
    expect(readInstances({ instances: [[1, 2]] }, 2)).toEqual({ instances: [[1, 2]] });
    expect(readInstances({ instances: [[1]] }, 2)).toMatch(/1 features/);
    expect(readInstances({ instances: [['x', 2]] }, 2)).toMatch(/numbers/);
    expect(readInstances({ rows: [] }, 2)).toMatch(/instances/);
    expect(readInstances(undefined, 2)).toMatch(/instances/);
  });

  test('the admin override wins field by field over the artefact', () => {
    const model = parseModel(text);
    expect(effectiveBehaviour(model, undefined).errorRate).toBe(0.2);
    const b = effectiveBehaviour(model, { latencyMs: { p50: 100, p95: 300 } });
    expect(b).toEqual({ latencyMs: { p50: 100, p95: 300 }, errorRate: 0.2 });
  });
});

describe('sampleLatency', () => {
  test('draws have the requested median and 95th percentile', () => {
    const random = mulberry32(5);
    const draws = Array.from({ length: 20_000 }, () => sampleLatency({ p50: 40, p95: 120 }, random)).sort(
      (a, b) => a - b,
    );
    expect(draws[10_000]!).toBeGreaterThan(40 * 0.95);
    expect(draws[10_000]!).toBeLessThan(40 * 1.05);
    expect(draws[19_000]!).toBeGreaterThan(120 * 0.93);
    expect(draws[19_000]!).toBeLessThan(120 * 1.07);
    expect(draws[0]!).toBeGreaterThan(0);
  });

  test('a fixed latency when p50 equals p95; zero stays zero', () => {
    const random = mulberry32(1);
    expect(sampleLatency({ p50: 25, p95: 25 }, random)).toBe(25);
    expect(sampleLatency({ p50: 0, p95: 0 }, random)).toBe(0);
  });
});

describe('service JSON', () => {
  test('merge goes into objects and replaces the rest', () => {
    const base = { name: 's', metadata: { instance: 2, cpu: 4 }, containers: [{ image: 'a' }] };
    expect(mergeConfig(base, { metadata: { instance: 3 }, containers: [{ image: 'b' }] })).toEqual({
      name: 's',
      metadata: { instance: 3, cpu: 4 },
      containers: [{ image: 'b' }],
    });
  });

  test('service names: lower-case letters, digits, underscores, starting with a letter', () => {
    for (const ok of ['demo_v1', 'abc', 'a'.repeat(63)]) expect(checkServiceName(ok)).toBe(ok);
    for (const bad of ['1abc', 'Demo', 'demo-v1', 'ab', 'a'.repeat(64), 42])
      expect(() => checkServiceName(bad)).toThrow(/service name/);
  });
});
