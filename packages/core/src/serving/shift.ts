/**
 * The traffic shift's effects: takes the group's lock, moves weight step by step with
 * ReleaseService, bakes on the cloud's clock (with synthetic load if asked), reads both versions
 * from CloudMonitor, and does what shift-plan.ts decides: advance, wait for data, revert or
 * promote. Whatever goes wrong after the first weight change, traffic goes back to the old
 * version before the error is reported.
 */
import type { EasMetricNames } from '../clients/cms-metric-names.js';
import type { EasServiceWindow, EasWindowQuery } from '../clients/cms.js';
import type { EasClient } from '../clients/eas.js';
import { PaiApiError } from '../errors.js';
import { LABELS } from './labels.js';
import { acquireShiftLock, releaseShiftLock } from './lock-labels.js';
import type { LockHolder } from './lock.js';
import { startLoad, type LoadStats, type RunningLoad } from './load-generator.js';
import {
  bakeOf,
  decide,
  describeObservation,
  describeState,
  initialState,
  judge,
  longestShiftMs,
  stepWeights,
  weightOf,
  type Breach,
  type Decision,
  type Observation,
  type ShiftPlan,
  type ShiftState,
  type VersionStats,
  type Weights,
} from './shift-plan.js';
import { pickVersions, toMember, type ShiftVersions } from './shift-versions.js';

export type ShiftEas = Pick<
  EasClient,
  'describeGroup' | 'updateGroup' | 'listAllServices' | 'releaseService' | 'updateServiceLabel' | 'deleteServiceLabel'
>;

export interface ShiftClients {
  eas: ShiftEas;
  cms: { easServiceWindow(query: EasWindowQuery): Promise<EasServiceWindow> };
  clock: { now(): number; sleepUntil(targetMs: number, look: () => Promise<void>): Promise<void> };
}

export interface ShiftReporter {
  info(message: string): void;
  warning(message: string): void;
  /** Hands a secret to the runner's log masking before anything could print it. */
  secret(value: string): void;
}

export interface ShiftRequest {
  group: string;
  new: string;
  /** Default: the version holding the group's traffic now. */
  old?: string;
  plan: ShiftPlan;
  metrics: { namespace?: string; names?: Partial<EasMetricNames>; periodSeconds: number };
  /** Synthetic load during the bakes; absent or rps 0 = none. */
  load?: { rps: number; body: string };
  holder: LockHolder;
  runUrl: (runId: string, attempt: number) => string;
  /** Called once the lock is held, before the first weight changes: what a post step needs to undo the shift. */
  onStarted?: (saved: SavedShift) => void;
}

/** What main saves for its post step. */
export interface SavedShift {
  group: string;
  old: string;
  new: string;
  lock: string;
  original: Weights;
}

export interface StepReport {
  /** `step 1/3 (10 %)` or `final bake (100 %)`. */
  label: string;
  weights: Weights;
  /** The CloudMonitor window judged (ISO 8601, server time, widened to whole periods). */
  window: { start: string; end: string };
  old: VersionStats;
  new: VersionStats;
  verdict: 'pass' | 'breach' | 'inconclusive';
  /** The breach or what was missing, in words. */
  detail: string;
  decision: Decision['action'];
  /** How much longer than the bake this step waited for data (ms). */
  extendedMs: number;
}

export interface ShiftReport {
  group: string;
  old: string;
  new: string;
  result: 'promoted' | 'reverted';
  /** Why it reverted: the step and the metric, value and limit. */
  reason?: string;
  breaches: Breach[];
  /** Weights at the end, by version. */
  weights: Record<string, number>;
  steps: StepReport[];
  load?: LoadStats;
  /**
   * Set when RAM refused the lock's release (a missing eas:DeleteServiceLabel): the shift is done,
   * but every later shift of the group waits for the lock to expire, so the step must fail.
   */
  lockReleaseDenied?: string;
  startedAt: string;
  endedAt: string;
}

/** Lock expiry beyond the longest possible shift: API calls, retries, the runner's own delays. */
const LOCK_MARGIN_MS = 10 * 60_000;
const REVERT_ATTEMPTS = 3;

export async function shiftTraffic(
  clients: ShiftClients,
  request: ShiftRequest,
  reporter: ShiftReporter,
): Promise<ShiftReport> {
  const { eas, clock } = clients;
  const { group, plan } = request;
  const [groupInfo, services] = await Promise.all([
    eas.describeGroup(group),
    eas.listAllServices({ GroupName: group }),
  ]);
  const members = services.map(toMember);
  const versions = pickVersions(group, members, { new: request.new, ...(request.old ? { old: request.old } : {}) });
  reporter.info(
    `Shifting group "${group}" from ${versions.old} (weight ${versions.original.old}) to ${versions.new} (weight ${versions.original.new}) in steps ${plan.steps.join(', ')} %.`,
  );

  const lockTarget = { group, services: [versions.old, versions.new] };
  const expiresAt = clock.now() + longestShiftMs(plan) + LOCK_MARGIN_MS;
  const lock = await acquireShiftLock(
    eas,
    lockTarget,
    { ...request.holder, expiresAt },
    clock.now(),
    request.runUrl,
    (message) => reporter.warning(message),
  );
  reporter.info(`Holding the shift lock "${lock}".`);
  request.onStarted?.({ group, old: versions.old, new: versions.new, lock, original: versions.original });

  const startedAt = iso(clock.now());
  const steps: StepReport[] = [];
  let load: RunningLoad | undefined;
  let loadStats: LoadStats | undefined;
  // A revert that was tried is not tried again on the way out; one that failed keeps the lock,
  // so no other shift starts on a group whose weights are not what anyone intended.
  let revertTried = false;
  let revertFailed = false;
  let built: ShiftReport | undefined;
  const revert = async () => {
    revertTried = true;
    try {
      await revertWeights(eas, versions, reporter);
    } catch (error) {
      revertFailed = true;
      throw error;
    }
    // Whatever ended the shift, the new version's traffic has ended: cleanup's retention clock
    // starts here. Best effort: the weights are what protect users, and a missing label only
    // keeps the version longer.
    await eas
      .updateServiceLabel(versions.new, { Labels: { [LABELS.trafficEndedAt]: iso(clock.now()) } })
      .catch((error: Error) =>
        reporter.warning(`Could not label ${versions.new} ${LABELS.trafficEndedAt} (${error.message}).`),
      );
  };
  try {
    if (groupInfo.TrafficMode !== 'customized') {
      // Weights only count in customized mode; pin the current split first so the switch moves nothing.
      await setWeights(eas, versions, { old: 100, new: 0 }, 'old-first');
      await eas.updateGroup(group, { TrafficMode: 'customized' });
      reporter.info(`Group "${group}" was in TrafficMode ${groupInfo.TrafficMode ?? 'auto'}; set it to customized.`);
    }
    if (request.load && request.load.rps > 0) {
      const token = groupInfo.AccessToken ?? '';
      reporter.secret(token);
      const url = groupInfo.InternetEndpoint ?? groupInfo.IntranetEndpoint;
      if (!url || !token) throw new Error(`DescribeGroup "${group}" gave no endpoint or token for the synthetic load.`);
      load = startLoad({ url, token, body: request.load.body, rps: request.load.rps, serverNow: () => clock.now() });
      reporter.info(
        `Sending ${request.load.rps} synthetic requests per second to the group endpoint during the bakes.`,
      );
    }
    const outcome = await runSteps(clients, request, versions, reporter, (report) => steps.push(report));
    loadStats = await load?.stop();
    load = undefined;
    if (outcome.decision.action === 'revert') {
      await revert();
      reporter.warning(`Reverted: all traffic is back on ${versions.old}. ${outcome.decision.reason}`);
      return report('reverted', outcome.decision.reason, outcome.decision.breaches, { old: 100, new: 0 });
    }
    await eas.updateServiceLabel(versions.new, { Labels: { [LABELS.rollbackTarget]: versions.old } });
    await eas.updateServiceLabel(versions.old, { Labels: { [LABELS.trafficEndedAt]: iso(clock.now()) } });
    reporter.info(`Promoted: ${versions.new} takes all traffic; rollback target ${versions.old}.`);
    return report('promoted', undefined, [], { old: 0, new: 100 });
  } catch (error) {
    await load?.stop();
    if (!revertTried) {
      reporter.warning(`The shift failed (${(error as Error).message}); sending all traffic back to ${versions.old}.`);
      await revert();
    }
    throw error;
  } finally {
    if (revertFailed) {
      reporter.warning(`Keeping the shift lock "${lock}": the post step tries the revert again and then releases it.`);
    } else {
      await releaseShiftLock(eas, lockTarget, lock).catch((error: Error) => {
        // A transient failure costs one wait for the expiry; a denial would recur on every shift.
        if (built && error instanceof PaiApiError && error.statusCode === 403) built.lockReleaseDenied = error.message;
        reporter.warning(`Could not release the shift lock "${lock}" (${error.message}); it expires by itself.`);
      });
    }
  }

  function report(
    result: ShiftReport['result'],
    reason: string | undefined,
    breaches: Breach[],
    weights: Weights,
  ): ShiftReport {
    return (built = {
      group,
      old: versions.old,
      new: versions.new,
      result,
      ...(reason ? { reason } : {}),
      breaches,
      weights: { [versions.old]: weights.old, [versions.new]: weights.new },
      steps,
      ...(loadStats ? { load: loadStats } : {}),
      startedAt,
      endedAt: iso(clock.now()),
    });
  }
}

/** Runs the state machine to a revert or a promote; every decision is logged with its numbers. */
async function runSteps(
  clients: ShiftClients,
  request: ShiftRequest,
  versions: ShiftVersions,
  reporter: ShiftReporter,
  record: (report: StepReport) => void,
): Promise<{ decision: Extract<Decision, { action: 'revert' | 'promote' }> }> {
  const { eas, clock } = clients;
  const { plan, group } = request;
  const look = async () => {
    await eas.describeGroup(group);
  };
  // Before the shift, the old version alone: the reference for a step in which it takes no
  // traffic. It lies in the past, so it is read while the first step bakes.
  const before = clock.now();
  const preShift = observeVersion(clients, request, versions.old, before - plan.bakeMs, before);
  preShift.catch(() => undefined); // awaited below; keeps an early failure from going unhandled meanwhile
  let baseline: VersionStats | undefined;
  let state: ShiftState = initialState();
  for (;;) {
    const weights = stepWeights(weightOf(plan, state));
    if (state.phase === 'step') await setWeights(eas, versions, weights, 'old-first');
    const label = describeState(plan, state);
    const stepStart = clock.now();
    reporter.info(`${label}: weights new ${weights.new} / old ${weights.old}; baking ${seconds(bakeOf(plan, state))}.`);
    await clock.sleepUntil(stepStart + bakeOf(plan, state), look);
    for (;;) {
      const { window, old, new: next } = await observeBoth(clients, request, versions, stepStart, clock.now());
      const observation: Observation = { weights, old, new: next };
      baseline ??= (await preShift).stats;
      const verdict = judge(plan, observation, baseline);
      const { decision, next: nextState } = decide(plan, state, verdict);
      const detail =
        verdict.kind === 'breach'
          ? verdict.breaches.map((b) => b.text).join('; ')
          : verdict.kind === 'inconclusive'
            ? verdict.reason
            : referenceText(verdict.reference);
      reporter.info(
        `${label}: ${describeObservation(observation)} → ${verdict.kind} (${detail}) → ${describeDecision(decision)}`,
      );
      if (observation.old.requests > 0 && observation.old.p95LatencyMs !== undefined) baseline = observation.old;
      if (decision.action === 'extend') {
        state = nextState;
        await clock.sleepUntil(clock.now() + decision.byMs, look);
        continue;
      }
      record({
        label,
        weights,
        window,
        old: observation.old,
        new: observation.new,
        verdict: verdict.kind,
        detail,
        decision: decision.action,
        extendedMs: state.extendedMs,
      });
      if (decision.action === 'revert' || decision.action === 'promote') return { decision };
      state = nextState;
      break;
    }
  }
}

interface Observed {
  window: { start: string; end: string };
  old: VersionStats;
  new: VersionStats;
}

async function observeBoth(
  clients: ShiftClients,
  request: ShiftRequest,
  versions: ShiftVersions,
  start: number,
  end: number,
): Promise<Observed> {
  const [old, next] = await Promise.all([
    observeVersion(clients, request, versions.old, start, end),
    observeVersion(clients, request, versions.new, start, end),
  ]);
  return { window: next.window, old: old.stats, new: next.stats };
}

async function observeVersion(
  clients: ShiftClients,
  request: ShiftRequest,
  service: string,
  start: number,
  end: number,
): Promise<{ window: { start: string; end: string }; stats: VersionStats }> {
  const window = await clients.cms.easServiceWindow({
    service,
    start,
    end,
    period: request.metrics.periodSeconds,
    ...(request.metrics.namespace ? { namespace: request.metrics.namespace } : {}),
    ...(request.metrics.names ? { metricNames: request.metrics.names } : {}),
  });
  return {
    window: { start: iso(window.windowStart), end: iso(window.windowEnd) },
    stats: {
      requests: window.requests,
      errors: window.errors,
      errorRate: window.errorRate,
      p95LatencyMs: window.p95LatencyMs,
    },
  };
}

/**
 * Absolute weights, so repeating a call is harmless. `old-first` when moving traffic to the new
 * version (the moment between the two calls gives the new version less, never more);
 * `new-first` when moving it back (the bad version stops taking traffic first).
 */
async function setWeights(
  eas: ShiftEas,
  versions: Pick<ShiftVersions, 'old' | 'new'>,
  weights: Weights,
  order: 'old-first' | 'new-first',
): Promise<void> {
  const calls: [string, number][] = [
    [versions.old, weights.old],
    [versions.new, weights.new],
  ];
  if (order === 'new-first') calls.reverse();
  for (const [service, weight] of calls) {
    await eas.releaseService(service, { Weight: weight, TrafficState: 'grouping' });
  }
}

/**
 * Old 100 / new 0, tried again (each call already retries throttling and 5xx) before giving up
 * loudly: a revert that silently failed would leave traffic on a bad version.
 */
async function revertWeights(
  eas: ShiftEas,
  versions: Pick<ShiftVersions, 'old' | 'new'>,
  reporter: Pick<ShiftReporter, 'warning'>,
): Promise<void> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= REVERT_ATTEMPTS; attempt++) {
    try {
      await setWeights(eas, versions, { old: 100, new: 0 }, 'new-first');
      return;
    } catch (error) {
      lastError = error;
      reporter.warning(`Revert attempt ${attempt}/${REVERT_ATTEMPTS} failed: ${(error as Error).message}`);
      if (attempt < REVERT_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, 2_000 * attempt));
    }
  }
  const now = await describeWeights(eas, versions);
  throw new Error(
    `REVERT FAILED: could not set ${versions.new} to weight 0 and ${versions.old} to weight 100 ` +
      `(${(lastError as Error).message}). Weights now: ${now}. Set them with ReleaseService by hand.`,
  );
}

async function describeWeights(eas: ShiftEas, versions: Pick<ShiftVersions, 'old' | 'new'>): Promise<string> {
  try {
    const services = await eas.listAllServices({});
    return [versions.new, versions.old]
      .map((name) => {
        const service = services.find((s) => s.ServiceName === name);
        return `${name} ${service ? `weight ${service.Weight ?? '?'}` : 'not found'}`;
      })
      .join(', ');
  } catch (error) {
    return `unknown (could not read them either: ${(error as Error).message})`;
  }
}

/**
 * The post step of a shift that did not finish (cancelled, killed): traffic back to the old
 * version, the new one labelled as having ended, the lock released.
 */
export async function restoreShift(
  clients: Pick<ShiftClients, 'eas' | 'clock'>,
  saved: SavedShift,
  reporter: Pick<ShiftReporter, 'info' | 'warning'>,
): Promise<Record<string, number>> {
  const { eas, clock } = clients;
  reporter.warning(
    `The traffic shift of group "${saved.group}" did not finish; sending all traffic back to ${saved.old} (was ${saved.original.old} before the shift).`,
  );
  await revertWeights(eas, saved, reporter);
  await eas.updateServiceLabel(saved.new, { Labels: { [LABELS.trafficEndedAt]: iso(clock.now()) } });
  await releaseShiftLock(eas, { group: saved.group, services: [saved.old, saved.new] }, saved.lock);
  reporter.info(`Restored: ${saved.old} weight 100, ${saved.new} weight 0; lock released.`);
  return { [saved.old]: 100, [saved.new]: 0 };
}

function describeDecision(decision: Decision): string {
  switch (decision.action) {
    case 'advance':
      return `advance to ${decision.to} %`;
    case 'final-bake':
      return 'final bake at 100 %';
    case 'extend':
      return `wait ${seconds(decision.byMs)} longer for data`;
    case 'promote':
      return decision.proceededWithoutData ? 'promote (on-low-traffic: proceed)' : 'promote';
    case 'revert':
      return 'REVERT';
  }
}

function referenceText(reference: VersionStats | undefined): string {
  if (!reference) return 'within the absolute limits; no old-version numbers to compare with';
  return `within limits; old reference P95 ${reference.p95LatencyMs ?? 'n/a'} ms, 5xx ${(reference.errorRate * 100).toFixed(2)} %`;
}

const iso = (ms: number) => new Date(ms).toISOString();
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
