import { describe, expect, test } from '@jest/globals';
import {
  decide,
  initialState,
  judge,
  longestShiftMs,
  stepWeights,
  type Observation,
  type ShiftPlan,
  type ShiftState,
  type VersionStats,
} from '../../src/serving/shift-plan.js';

const plan: ShiftPlan = {
  steps: [10, 50, 100],
  bakeMs: 300_000,
  finalBakeMs: 0,
  minRequests: 100,
  onLowTraffic: 'revert',
  lowTrafficWaitMs: 120_000,
  extendByMs: 60_000,
  limits: { maxP95Ms: 200, maxP95IncreasePercent: 50, maxErrorRatePercent: 1, maxErrorRateIncreasePoints: 0.5 },
};

const stats = (requests: number, errors: number, p95: number | undefined): VersionStats => ({
  requests,
  errors,
  errorRate: requests > 0 ? errors / requests : 0,
  p95LatencyMs: p95,
});
const observe = (percent: number, next: VersionStats, old: VersionStats): Observation => ({
  weights: stepWeights(percent),
  new: next,
  old,
});

describe('judge', () => {
  test.each<[string, Observation, VersionStats | undefined, string, string]>([
    ['a version like the old one passes', observe(10, stats(120, 0, 48), stats(1000, 0, 50)), undefined, 'pass', ''],
    [
      'P95 over the absolute limit',
      observe(10, stats(120, 0, 210), stats(1000, 0, 190)),
      undefined,
      'breach',
      'P95 210 ms > limit 200 ms (max-p95)',
    ],
    [
      'P95 3x the old one',
      observe(10, stats(120, 0, 150), stats(1000, 0, 50)),
      undefined,
      'breach',
      'P95 150 ms > limit 75 ms (old 50 ms + 50 %, max-p95-increase)',
    ],
    [
      'P95 exactly at the relative limit passes',
      observe(10, stats(120, 0, 75), stats(1000, 0, 50)),
      undefined,
      'pass',
      '',
    ],
    [
      '5 % errors',
      observe(10, stats(200, 10, 50), stats(1000, 0, 50)),
      undefined,
      'breach',
      'error rate 5 % > limit 1 % (max-error-rate)',
    ],
    [
      'errors above the old ones by more than the points allowed',
      observe(10, stats(1000, 9, 50), stats(1000, 2, 50)),
      undefined,
      'breach',
      'error rate 0.9 % > limit 0.7 % (old 0.2 % + 0.5 points, max-error-rate-increase)',
    ],
    [
      'too few requests is inconclusive, never a pass',
      observe(10, stats(99, 0, 10), stats(1000, 0, 50)),
      undefined,
      'inconclusive',
      'the new version answered 99 requests, fewer than min-requests 100',
    ],
    [
      'requests without latency data is inconclusive',
      observe(10, stats(120, 0, undefined), stats(1000, 0, 50)),
      undefined,
      'inconclusive',
      'CloudMonitor has no P95 latency for the new version',
    ],
    [
      'an old version with traffic but no data is inconclusive',
      observe(50, stats(500, 0, 40), stats(0, 0, undefined)),
      undefined,
      'inconclusive',
      'the old version took 50 % of the traffic but CloudMonitor has no data for it',
    ],
    [
      'at 100 % the baseline is the reference',
      observe(100, stats(500, 0, 90), stats(0, 0, undefined)),
      stats(800, 0, 50),
      'breach',
      'P95 90 ms > limit 75 ms (old 50 ms + 50 %, max-p95-increase)',
    ],
    [
      'at 100 % without a baseline only absolute limits apply',
      observe(100, stats(500, 0, 90), stats(0, 0, undefined)),
      undefined,
      'pass',
      '',
    ],
  ])('%s', (_name, observation, baseline, kind, text) => {
    const verdict = judge(plan, observation, baseline);
    expect(verdict.kind).toBe(kind);
    if (verdict.kind === 'breach') expect(verdict.breaches[0]!.text).toBe(text);
    if (verdict.kind === 'inconclusive') expect(verdict.reason).toBe(text);
  });

  test('every breached limit is reported, in a fixed order', () => {
    const verdict = judge(plan, observe(10, stats(200, 20, 400), stats(1000, 0, 50)), undefined);
    expect(verdict.kind === 'breach' && verdict.breaches.map((b) => b.metric)).toEqual([
      'error-rate',
      'error-rate-increase',
      'p95',
      'p95-increase',
    ]);
  });
});

describe('decide', () => {
  const pass = { kind: 'pass', reference: undefined } as const;
  const inconclusive = { kind: 'inconclusive', reason: 'few requests' } as const;
  const at = (stepIndex: number, extendedMs = 0, phase: ShiftState['phase'] = 'step'): ShiftState => ({
    phase,
    stepIndex,
    extendedMs,
  });

  test('a pass advances step by step, then promotes', () => {
    let state = initialState();
    const actions: string[] = [];
    for (;;) {
      const { decision, next } = decide(plan, state, pass);
      actions.push(decision.action === 'advance' ? `advance ${decision.to}` : decision.action);
      if (decision.action === 'promote') break;
      state = next;
    }
    expect(actions).toEqual(['advance 50', 'advance 100', 'promote']);
  });

  test('with a final bake, 100 % is watched once more before promoting', () => {
    const withFinal = { ...plan, finalBakeMs: 600_000 };
    const last = decide(withFinal, at(2), pass);
    expect(last.decision).toEqual({ action: 'final-bake' });
    expect(decide(withFinal, last.next, pass).decision).toEqual({ action: 'promote', proceededWithoutData: false });
  });

  test('a breach reverts, naming the step and the first breach', () => {
    const breach = judge(plan, observe(50, stats(500, 0, 150), stats(500, 0, 50)), undefined);
    const { decision } = decide(plan, at(1), breach);
    expect(decision).toMatchObject({
      action: 'revert',
      reason: 'step 2/3 (50 %): P95 150 ms > limit 75 ms (old 50 ms + 50 %, max-p95-increase)',
    });
  });

  test('inconclusive waits one period at a time up to the limit, then reverts', () => {
    const first = decide(plan, at(0), inconclusive);
    expect(first.decision).toEqual({ action: 'extend', byMs: 60_000 });
    const second = decide(plan, first.next, inconclusive);
    expect(second.decision).toEqual({ action: 'extend', byMs: 60_000 });
    const third = decide(plan, second.next, inconclusive);
    expect(third.decision).toMatchObject({
      action: 'revert',
      reason: 'step 1/3 (10 %): inconclusive after waiting 120 s longer: few requests (on-low-traffic: revert)',
    });
  });

  test('the last wait is cut to what the limit leaves', () => {
    expect(decide(plan, at(0, 100_000), inconclusive).decision).toEqual({ action: 'extend', byMs: 20_000 });
  });

  test('on-low-traffic proceed moves on after the wait, and says so at promotion', () => {
    const proceed = { ...plan, onLowTraffic: 'proceed' as const };
    expect(decide(proceed, at(0, 120_000), inconclusive).decision).toEqual({ action: 'advance', to: 50 });
    expect(decide(proceed, at(2, 120_000), inconclusive).decision).toEqual({
      action: 'promote',
      proceededWithoutData: true,
    });
  });

  test("a new step starts without the previous step's wait", () => {
    expect(decide(plan, at(0, 60_000), pass).next).toEqual(at(1));
  });
});

test('the longest shift counts every bake and every permitted wait', () => {
  expect(longestShiftMs({ ...plan, finalBakeMs: 60_000 })).toBe(3 * (300_000 + 120_000) + 60_000 + 120_000);
});
