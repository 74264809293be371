/**
 * eas-rollback's effects: all of a group's traffic back to the retained prior version in one
 * call, without reprovisioning it when it runs; a stopped one is started first (with a warning).
 * The choice of version is rollback-plan.ts; docs/eas-rollback.md explains the labels it moves.
 */
import type { ServerClock } from '../action/server-clock.js';
import { withSignalsDeferred } from '../action/signals.js';
import type { EasClient } from '../clients/eas.js';
import { toMember, type Member } from './deploy-plan.js';
import { serviceToken } from './deploy.js';
import { LABELS } from './labels.js';
import { planRollback } from './rollback-plan.js';
import { describeSmoke, sendSmokeRequest, type SmokeResult } from './smoke.js';
import { waitForRunning, type Reporter } from './wait-running.js';

export interface RollbackRequest {
  group: string;
  to?: string;
  /** `<server>/<repo>/actions/runs/<id>`: the run, whatever its attempt. */
  runKey: string;
  smokeBody?: string;
  waitTimeoutMs: number;
  smokeTimeoutMs?: number;
}

export interface RollbackResult {
  rolledBackTo: string;
  /** False when the target already held all traffic (nothing changed). */
  switched: boolean;
  /** Versions that carried traffic before and none now. */
  drained: string[];
  started: boolean;
  reason: string;
  smoke?: SmokeResult;
  endpoint: string;
}

export interface RollbackDeps {
  eas: EasClient;
  clock: ServerClock;
  reporter: Reporter;
}

const DEFAULT_SMOKE_TIMEOUT_MS = 60_000;

export async function rollbackGroup(deps: RollbackDeps, request: RollbackRequest): Promise<RollbackResult> {
  const { eas, clock, reporter } = deps;
  const { group } = request;
  const described = await eas.describeGroup(group);
  const endpoint = described.InternetEndpoint ?? '';
  const members = (await eas.listAllServices({ GroupName: group })).map(toMember);
  const plan = planRollback({
    group,
    members,
    mode: described.TrafficMode,
    runKey: request.runKey,
    ...(request.to ? { to: request.to } : {}),
  });
  if (plan.kind === 'done') {
    reporter.info(`nothing to do: ${plan.reason}`);
    // A run that failed after its switch but before its labels left the drained versions without
    // traffic-ended-at, and cleanup would keep them for ever: finish that here.
    const unmarked = members.filter(
      (member) =>
        member.name !== plan.target.name &&
        member.weight === 0 &&
        member.labels[LABELS.rollbackTarget] === plan.target.name &&
        member.labels[LABELS.trafficEndedAt] === undefined,
    );
    if (unmarked.length > 0) await relabel(deps, plan.target, unmarked);
    return {
      rolledBackTo: plan.target.name,
      switched: false,
      drained: [],
      started: false,
      reason: plan.reason,
      endpoint,
    };
  }
  const { target, losing } = plan;
  reporter.info(`rolling ${group} back to ${target.name} (from ${plan.source})`);

  let started = false;
  if (plan.readiness === 'start') {
    reporter.warning(`${target.name} was Stopped: starting it before the switch; traffic moves once it runs`);
    await eas.startService(target.name);
    started = true;
  }
  if (plan.readiness !== 'running') {
    await waitForRunning(eas, clock, target.name, { timeoutMs: request.waitTimeoutMs, reporter });
  }
  const current = await eas.describeService(target.name);
  if ((current.TotalInstance ?? 1) === 0) {
    reporter.warning(
      request.smokeBody === undefined
        ? `${target.name} is scaled to zero: the first requests after the switch wait for an instance to start`
        : `${target.name} is scaled to zero: the smoke request starts an instance before the switch`,
    );
  }
  if (request.smokeBody !== undefined) await checkTarget(deps, target, request);

  // Target up before the others go down, so the group never has nobody to answer; a cancel in
  // between would leave the traffic split with the version being reverted, so it waits. The run
  // is recorded on the target first: a re-run after a failure past the switch then finds the
  // group rolled back by this run, instead of taking the drained version for the target.
  await withSignalsDeferred(
    async () => {
      await eas.updateServiceLabel(target.name, { Labels: { [LABELS.rolledBackByRun]: request.runKey } });
      if (described.TrafficMode !== 'customized') await eas.updateGroup(group, { TrafficMode: 'customized' });
      await eas.releaseService(target.name, { Weight: 100, TrafficState: 'grouping' });
      await drainOthers(deps, target, members);
      reporter.info(
        `${target.name} takes all traffic of ${group}; ${losing.map((m) => m.name).join(', ') || 'no other version'} drained`,
      );
      await relabel(deps, target, losing);
    },
    {
      onHeld: (signal) => reporter.warning(`${signal} received: finishing the traffic switch to ${target.name} first`),
    },
  );
  const smoke = request.smokeBody === undefined ? undefined : await checkGroup(deps, request, endpoint);
  return {
    rolledBackTo: target.name,
    switched: true,
    drained: losing.map((member) => member.name),
    started,
    reason: plan.source,
    ...(smoke ? { smoke } : {}),
    endpoint,
  };
}

// Rounds of drains (each call already retries) with 2 s, then 4 s between: an API outage of a
// few seconds must not leave the group split between the target and the version rolled back.
const DRAIN_ROUNDS = 3;

/** Weight 0 on every other member, tried again in rounds once the target already takes traffic. */
async function drainOthers(deps: RollbackDeps, target: Member, members: Member[]): Promise<void> {
  const others = members.filter((member) => member.name !== target.name && member.weight !== 0);
  for (let round = 1; ; round++) {
    try {
      // Weights are absolute: draining a member drained in an earlier round changes nothing.
      for (const member of others) await deps.eas.releaseService(member.name, { Weight: 0 });
      return;
    } catch (error) {
      const message = (error as Error).message;
      if (round === DRAIN_ROUNDS) {
        throw new Error(
          `Traffic is split: ${target.name} takes traffic but draining ${others.map((m) => m.name).join(', ')} ` +
            `failed (${message}). Re-run eas-rollback to finish the switch.`,
          { cause: error },
        );
      }
      deps.reporter.warning(`Draining round ${round}/${DRAIN_ROUNDS} failed (${message}); trying again`);
      await new Promise((resolve) => setTimeout(resolve, 2_000 * round));
    }
  }
}

/**
 * Retention counts from traffic-ended-at on the drained versions; the target serves again so its
 * own mark goes. Its rollback-target stays: a second rollback steps further back, not forward to
 * the version just drained. (rolled-back-by-run, set before the switch, lets a re-run see it is done.)
 */
async function relabel(deps: RollbackDeps, target: Member, losing: Member[]): Promise<void> {
  const { eas, clock } = deps;
  const now = new Date(clock.now()).toISOString();
  for (const member of losing) await eas.updateServiceLabel(member.name, { Labels: { [LABELS.trafficEndedAt]: now } });
  if (target.labels[LABELS.trafficEndedAt] !== undefined) {
    await eas.deleteServiceLabel(target.name, { LabelKeys: [LABELS.trafficEndedAt] });
  }
}

/** Before any traffic moves: the target itself answers (this also wakes one scaled to zero). */
async function checkTarget(deps: RollbackDeps, target: Member, request: RollbackRequest): Promise<void> {
  const service = await deps.eas.describeService(target.name);
  const token = serviceToken(service, deps.reporter);
  const smoke = await sendSmokeRequest(
    service.InternetEndpoint ?? '',
    token,
    request.smokeBody!,
    request.smokeTimeoutMs ?? DEFAULT_SMOKE_TIMEOUT_MS,
  );
  if (!smoke.ok) {
    throw new Error(`smoke request to ${target.name} ${describeSmoke(smoke)}; no traffic was moved`);
  }
  deps.reporter.info(`smoke request to ${target.name} ${describeSmoke(smoke)}`);
}

/** After the switch: what users call answers. A failure here is loud: traffic has already moved. */
async function checkGroup(deps: RollbackDeps, request: RollbackRequest, endpoint: string): Promise<SmokeResult> {
  const group = await deps.eas.describeGroup(request.group);
  const token = group.AccessToken ?? '';
  if (token) deps.reporter.mask(token);
  const smoke = await sendSmokeRequest(
    endpoint,
    token,
    request.smokeBody!,
    request.smokeTimeoutMs ?? DEFAULT_SMOKE_TIMEOUT_MS,
  );
  if (!smoke.ok) {
    throw new Error(
      `traffic of ${request.group} was switched, but the smoke request through the group endpoint ${describeSmoke(smoke)}: check the service now`,
    );
  }
  deps.reporter.info(`smoke request through ${request.group} ${describeSmoke(smoke)}`);
  return smoke;
}
