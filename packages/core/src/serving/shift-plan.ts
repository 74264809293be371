/**
 * The traffic shift as a pure state machine over plain data: set a step's weights, bake,
 * observe both versions, judge, decide. No I/O, so every decision can be tested from a table of
 * numbers; shift.ts performs what the decisions say.
 */

export interface ShiftLimits {
  /** The new version's P95 may not exceed this (ms). */
  maxP95Ms?: number;
  /** ... nor the old version's P95 by more than this many percent. */
  maxP95IncreasePercent?: number;
  /** The new version's 5xx share may not exceed this (percent of its requests). */
  maxErrorRatePercent?: number;
  /** ... nor the old version's 5xx share by more than this many percentage points. */
  maxErrorRateIncreasePoints?: number;
}

export type LowTrafficPolicy = 'revert' | 'proceed';

export interface ShiftPlan {
  /** New-version weights in percent, strictly increasing, the last 100. */
  steps: number[];
  /** Server-time bake per step (ms). */
  bakeMs: number;
  /** Keep watching this long after 100 % before promoting (ms, 0 = not at all). */
  finalBakeMs: number;
  /** Requests the new version must have answered in a step before it is judged. */
  minRequests: number;
  /** What to do when a step stays inconclusive after waiting `lowTrafficWaitMs` longer. */
  onLowTraffic: LowTrafficPolicy;
  lowTrafficWaitMs: number;
  /** How much longer to wait at a time when inconclusive (one metric period). */
  extendByMs: number;
  limits: ShiftLimits;
}

/** One version's traffic over a step's window, as CloudMonitor reports it. */
export interface VersionStats {
  requests: number;
  errors: number;
  /** errors / requests (0..1). */
  errorRate: number;
  /** Undefined when CloudMonitor has no latency datapoint. */
  p95LatencyMs: number | undefined;
}

export interface Weights {
  old: number;
  new: number;
}

export interface Observation {
  weights: Weights;
  old: VersionStats;
  new: VersionStats;
}

export type Metric = 'p95' | 'p95-increase' | 'error-rate' | 'error-rate-increase';

export interface Breach {
  metric: Metric;
  /** What the new version did (ms for P95, percent for error rates). */
  value: number;
  /** The limit it crossed, in the same unit. */
  limit: number;
  /** Plain words: `P95 150 ms > limit 75 ms (old 50 ms + 50 %)`. */
  text: string;
}

export type Verdict =
  | { kind: 'pass'; reference: VersionStats | undefined }
  | { kind: 'breach'; breaches: Breach[]; reference: VersionStats | undefined }
  | { kind: 'inconclusive'; reason: string };

/** Weights of step `percent`: the new version takes `percent`, the old one the rest. */
export const stepWeights = (percent: number): Weights => ({ old: 100 - percent, new: percent });

const hasData = (stats: VersionStats | undefined): stats is VersionStats =>
  stats !== undefined && stats.requests > 0 && stats.p95LatencyMs !== undefined;

/**
 * Judges one step. `baseline` is the old version's latest numbers with data (from an earlier
 * step or before the shift): the reference when the old version took no traffic in this step.
 * No data for a version that received traffic is inconclusive, never a pass.
 */
export function judge(plan: ShiftPlan, observation: Observation, baseline: VersionStats | undefined): Verdict {
  const { weights, old, new: next } = observation;
  if (next.requests < plan.minRequests) {
    return {
      kind: 'inconclusive',
      reason: `the new version answered ${next.requests} requests, fewer than min-requests ${plan.minRequests}`,
    };
  }
  if (next.p95LatencyMs === undefined) {
    return { kind: 'inconclusive', reason: 'CloudMonitor has no P95 latency for the new version' };
  }
  if (weights.old > 0 && !hasData(old)) {
    return {
      kind: 'inconclusive',
      reason: `the old version took ${weights.old} % of the traffic but CloudMonitor has no data for it`,
    };
  }
  const reference = weights.old > 0 && hasData(old) ? old : hasData(baseline) ? baseline : undefined;
  const breaches = findBreaches(plan.limits, next, reference);
  return breaches.length > 0 ? { kind: 'breach', breaches, reference } : { kind: 'pass', reference };
}

function findBreaches(limits: ShiftLimits, next: VersionStats, reference: VersionStats | undefined): Breach[] {
  const breaches: Breach[] = [];
  const errorPercent = next.errorRate * 100;
  const p95 = next.p95LatencyMs!;
  if (limits.maxErrorRatePercent !== undefined && errorPercent > limits.maxErrorRatePercent) {
    breaches.push({
      metric: 'error-rate',
      value: errorPercent,
      limit: limits.maxErrorRatePercent,
      text: `error rate ${pct(errorPercent)} > limit ${pct(limits.maxErrorRatePercent)} (max-error-rate)`,
    });
  }
  if (limits.maxErrorRateIncreasePoints !== undefined && reference) {
    const limit = reference.errorRate * 100 + limits.maxErrorRateIncreasePoints;
    if (errorPercent > limit) {
      breaches.push({
        metric: 'error-rate-increase',
        value: errorPercent,
        limit,
        text: `error rate ${pct(errorPercent)} > limit ${pct(limit)} (old ${pct(reference.errorRate * 100)} + ${limits.maxErrorRateIncreasePoints} points, max-error-rate-increase)`,
      });
    }
  }
  if (limits.maxP95Ms !== undefined && p95 > limits.maxP95Ms) {
    breaches.push({
      metric: 'p95',
      value: p95,
      limit: limits.maxP95Ms,
      text: `P95 ${ms(p95)} > limit ${ms(limits.maxP95Ms)} (max-p95)`,
    });
  }
  if (limits.maxP95IncreasePercent !== undefined && reference?.p95LatencyMs !== undefined) {
    const limit = reference.p95LatencyMs * (1 + limits.maxP95IncreasePercent / 100);
    if (p95 > limit) {
      breaches.push({
        metric: 'p95-increase',
        value: p95,
        limit,
        text: `P95 ${ms(p95)} > limit ${ms(limit)} (old ${ms(reference.p95LatencyMs)} + ${limits.maxP95IncreasePercent} %, max-p95-increase)`,
      });
    }
  }
  return breaches;
}

/** Where the shift is. `extendedMs`: how much longer than the bake this step has waited for data. */
export interface ShiftState {
  phase: 'step' | 'final-bake';
  stepIndex: number;
  extendedMs: number;
}

export type Decision =
  | { action: 'advance'; to: number }
  | { action: 'final-bake' }
  | { action: 'promote'; proceededWithoutData: boolean }
  | { action: 'extend'; byMs: number }
  | { action: 'revert'; reason: string; breaches: Breach[] };

export const initialState = (): ShiftState => ({ phase: 'step', stepIndex: 0, extendedMs: 0 });

/** The new version's weight in a state. */
export const weightOf = (plan: ShiftPlan, state: ShiftState): number =>
  state.phase === 'final-bake' ? 100 : plan.steps[state.stepIndex]!;

/** The decision on a verdict, and the state it leads to (the same state for revert and promote). */
export function decide(plan: ShiftPlan, state: ShiftState, verdict: Verdict): { decision: Decision; next: ShiftState } {
  if (verdict.kind === 'breach') {
    const reason = `${describeState(plan, state)}: ${verdict.breaches[0]!.text}`;
    return { decision: { action: 'revert', reason, breaches: verdict.breaches }, next: state };
  }
  let proceededWithoutData = false;
  if (verdict.kind === 'inconclusive') {
    const left = plan.lowTrafficWaitMs - state.extendedMs;
    if (left > 0) {
      const byMs = Math.min(plan.extendByMs, left);
      return { decision: { action: 'extend', byMs }, next: { ...state, extendedMs: state.extendedMs + byMs } };
    }
    if (plan.onLowTraffic === 'revert') {
      const reason = `${describeState(plan, state)}: inconclusive after waiting ${Math.round(plan.lowTrafficWaitMs / 1000)} s longer: ${verdict.reason} (on-low-traffic: revert)`;
      return { decision: { action: 'revert', reason, breaches: [] }, next: state };
    }
    proceededWithoutData = true;
  }
  if (state.phase === 'step' && state.stepIndex < plan.steps.length - 1) {
    const stepIndex = state.stepIndex + 1;
    return {
      decision: { action: 'advance', to: plan.steps[stepIndex]! },
      next: { phase: 'step', stepIndex, extendedMs: 0 },
    };
  }
  if (state.phase === 'step' && plan.finalBakeMs > 0) {
    return {
      decision: { action: 'final-bake' },
      next: { phase: 'final-bake', stepIndex: state.stepIndex, extendedMs: 0 },
    };
  }
  return { decision: { action: 'promote', proceededWithoutData }, next: state };
}

/** `step 1/3 (10 %)` or `final bake (100 %)`. */
export function describeState(plan: ShiftPlan, state: ShiftState): string {
  return state.phase === 'final-bake'
    ? 'final bake (100 %)'
    : `step ${state.stepIndex + 1}/${plan.steps.length} (${plan.steps[state.stepIndex]} %)`;
}

/** The bake of a state: a step's bake time, or the final bake. */
export const bakeOf = (plan: ShiftPlan, state: ShiftState): number =>
  state.phase === 'final-bake' ? plan.finalBakeMs : plan.bakeMs;

/** The longest a shift can run (server time): every bake, every permitted wait for data. */
export function longestShiftMs(plan: ShiftPlan): number {
  return plan.steps.length * (plan.bakeMs + plan.lowTrafficWaitMs) + plan.finalBakeMs + plan.lowTrafficWaitMs;
}

/** One line with the numbers behind a verdict. */
export function describeObservation(observation: Observation): string {
  const side = (name: string, weight: number, stats: VersionStats) =>
    `${name} ${weight} %: ${stats.requests} req, 5xx ${pct(stats.errorRate * 100)}, P95 ${stats.p95LatencyMs === undefined ? 'n/a' : ms(stats.p95LatencyMs)}`;
  return `${side('new', observation.weights.new, observation.new)}; ${side('old', observation.weights.old, observation.old)}`;
}

export const pct = (value: number) => `${round(value, 2)} %`;
export const ms = (value: number) => `${round(value, 1)} ms`;
const round = (value: number, digits: number) => Number(value.toFixed(digits)).toString();
