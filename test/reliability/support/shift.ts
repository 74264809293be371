/**
 * The eas-traffic-shift row of the fault matrix: a serving world on the emulator (clock at 60×,
 * so a 1 min bake takes a second), a group as eas-deploy leaves it (old version at 100, new at
 * 0), the bundle run with the action's own synthetic load, and the invariants every cell reads
 * back: the weights and labels in EAS, and the ReleaseService calls in the emulator's request
 * log (which weights were applied, in which order).
 */
import { expect } from '@jest/globals';
import OSS from 'ali-oss';
import type { Service } from '../../../packages/core/src/clients/eas-types.js';
import { LABELS, labelRecord, versionServiceName } from '../../../packages/core/src/serving/labels.js';
import { AdminClient, DEMO_BUCKET, Emulator, type EmulatorOptions } from '../../../packages/emulator/src/index.js';
import type { LoggedRequest } from '../../../packages/emulator/src/request-log.js';
import { easClient, putModel, type EasWorld, type Linear } from '../../../packages/emulator/test/eas-support.js';
import {
  defaultRun,
  runAction,
  type ActionRunOptions,
  type ActionRunResult,
} from '../../actions/support/run-action.js';
import { findLeaks, knownSecrets } from '../../actions/support/secrets.js';

export const SPEED = 60;
export const SHA = defaultRun().sha;
export const GOOD: Linear['behaviour'] = { latencyMs: { p50: 20, p95: 50 }, errorRate: 0 };
/** 30 % of its answers are 5xx: breaches max-error-rate (1 %) at the first step, whatever the sample. */
export const FAILING: Linear['behaviour'] = { latencyMs: { p50: 20, p95: 50 }, errorRate: 0.3 };

export interface ShiftWorld extends EasWorld {
  /** Tokens the emulator issued for the groups and services: none may leak. */
  tokens: string[];
}

export async function startShiftWorld(options: EmulatorOptions = {}): Promise<ShiftWorld> {
  const emulator = await Emulator.start({ ...options, speed: SPEED });
  const { credentials, endpoints, adminToken } = emulator.info;
  return {
    emulator,
    admin: new AdminClient(endpoints['admin']!, adminToken),
    eas: easClient(emulator),
    oss: new OSS({ ...credentials, endpoint: endpoints['oss']!, bucket: DEMO_BUCKET, region: 'oss-cn-shanghai' }),
    gateway: endpoints['gateway']!,
    tokens: [],
  };
}

/**
 * Stops the world's emulator and, `downMs` later, starts another on the same data dir and ports:
 * a running action sees refused connections, then the same cloud state (the invocation records
 * behind CloudMonitor are in memory and start empty, as docs/metrics.md says).
 */
export async function restartEmulator(w: ShiftWorld, dataDir: string, downMs: number): Promise<void> {
  const ports = portsOf(w.emulator);
  await w.emulator.stop();
  await new Promise((resolve) => setTimeout(resolve, downMs));
  const again = await startShiftWorld({ dataDir, ports });
  Object.assign(w, { ...again, tokens: w.tokens });
}

/** Every listener's port, so a restarted emulator answers where the running action calls. */
export function portsOf(emulator: Emulator): Record<string, number> {
  return Object.fromEntries(
    Object.entries(emulator.info.endpoints).map(([name, url]) => [name, Number(new URL(url).port)]),
  );
}

export interface Group {
  name: string;
  old: string;
  new: string;
}

/** A group as eas-deploy leaves it: the old version at weight 100, the new one beside it at 0. */
export async function deployGroup(w: ShiftWorld, name: string, newBehaviour: Linear['behaviour']): Promise<Group> {
  const group = { name, old: `${name}_0000000`, new: versionServiceName(name, SHA) };
  const oldModel = await putModel(w.oss, `models/${name}/old`, { weights: [1, 1], bias: 0, behaviour: GOOD });
  const newModel = await putModel(w.oss, `models/${name}/new`, { weights: [1, 2], bias: 0, behaviour: newBehaviour });
  const labels = { [LABELS.managedBy]: 'pai-actions' };
  for (const [service, model_path, weight] of [
    [group.old, oldModel, 100],
    [group.new, newModel, 0],
  ] as const) {
    await w.eas.createService({
      Body: { name: service, model_path, metadata: { instance: 1, group: name } },
      Labels: labels,
    });
    if (service === group.old) await w.eas.updateGroup(name, { TrafficMode: 'customized' });
    await w.eas.releaseService(service, { Weight: weight });
  }
  await w.admin.advanceClock(25_000);
  for (const service of [group.old, group.new]) {
    const described = await w.eas.describeService(service);
    expect(described.Status).toBe('Running');
    w.tokens.push(described.AccessToken!);
  }
  w.tokens.push((await w.eas.describeGroup(name)).AccessToken!);
  return group;
}

/**
 * Two steps (50, 100) of a 1 min bake under 2 requests per second of the action's own load: each
 * step's new version answers about 60 requests. A good version may read up to 300 % over the old
 * P95 (the small-sample bias docs/traffic-shift.md describes); the failing one breaches on errors.
 */
export const SHIFT_INPUTS: Record<string, string> = {
  steps: '50,100',
  'bake-time': '1m',
  'min-requests': '20',
  'low-traffic-wait': '3m',
  'max-p95-increase': '300',
  'load-rps': '2',
  'load-request': '{"instances":[[1,2]]}',
};

export function runShift(
  w: ShiftWorld,
  group: Group,
  inputs: Record<string, string | undefined> = {},
  extra: ActionRunOptions = {},
): Promise<ActionRunResult> {
  const merged = { 'service-name': group.name, ...SHIFT_INPUTS, ...inputs };
  return runAction('eas-traffic-shift', {
    emulator: w.emulator,
    inputs: Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined)),
    timeoutMs: 60_000,
    ...extra,
  });
}

export function expectNoLeaks(w: ShiftWorld, result: ActionRunResult): void {
  expect(findLeaks(result, knownSecrets(w.emulator, w.tokens))).toEqual([]);
}

const describe = (w: ShiftWorld, name: string) => w.eas.describeService(name) as Promise<Service>;

export async function weightsOf(w: ShiftWorld, group: Group): Promise<{ old: number; new: number }> {
  return { old: (await describe(w, group.old)).Weight ?? 0, new: (await describe(w, group.new)).Weight ?? 0 };
}

export async function labelsOf(w: ShiftWorld, service: string): Promise<Record<string, string>> {
  return { ...labelRecord((await describe(w, service)).Labels) };
}

/** Neither version carries a shift lock: the next shift of the group may start. */
export async function expectLockReleased(w: ShiftWorld, group: Group): Promise<void> {
  for (const service of [group.old, group.new]) expect((await labelsOf(w, service))[LABELS.shiftLock]).toBeUndefined();
}

/** Traffic is back on the old version, the new one is marked as ended, nothing names it a rollback target. */
export async function expectReverted(w: ShiftWorld, group: Group): Promise<void> {
  expect(await weightsOf(w, group)).toEqual({ old: 100, new: 0 });
  const labels = await labelsOf(w, group.new);
  expect(Date.parse(labels[LABELS.trafficEndedAt] ?? '')).toBeGreaterThan(0);
  expect(labels[LABELS.rollbackTarget]).toBeUndefined();
  await expectLockReleased(w, group);
}

/** The new version takes all traffic and names the old one its rollback target. */
export async function expectPromoted(w: ShiftWorld, group: Group): Promise<void> {
  expect(await weightsOf(w, group)).toEqual({ old: 0, new: 100 });
  expect((await labelsOf(w, group.new))[LABELS.rollbackTarget]).toBe(group.old);
  expect(Date.parse((await labelsOf(w, group.old))[LABELS.trafficEndedAt] ?? '')).toBeGreaterThan(0);
  await expectLockReleased(w, group);
}

export interface WeightCall {
  seq: number;
  service: 'old' | 'new';
  weight: number;
  status: number;
  code?: string;
}

/** The group's ReleaseService calls since `sinceSeq`, in arrival order, whatever they were answered. */
export async function weightCalls(admin: AdminClient, group: Group, sinceSeq = 0): Promise<WeightCall[]> {
  const calls = await admin.requests({ product: 'eas', action: 'ReleaseService', sinceSeq });
  return calls.flatMap((call) => {
    const service = call.path.includes(`/${group.new}/`)
      ? 'new'
      : call.path.includes(`/${group.old}/`)
        ? 'old'
        : undefined;
    if (!service) return [];
    const weight = (call.body as { Weight?: number } | undefined)?.Weight ?? Number.NaN;
    return [{ seq: call.seq, service, weight, status: call.status, ...(call.code ? { code: call.code } : {}) }];
  });
}

/**
 * Calls the emulator applied: answered 200, or lost after the handler ran (a reset after the
 * work, logged as status 0). `appliedAfterReset` says whether the resets in this log were injected
 * after the handler; those before it changed nothing.
 */
export const applied = (calls: WeightCall[], appliedAfterReset = false): WeightCall[] =>
  calls.filter((c) => c.status === 200 || (appliedAfterReset && c.code === 'ConnectionReset'));

/**
 * The group's weights after each applied call, starting from old 100 / new 0. Two invariants an
 * operator relies on: the two never add up to more than 100 (the old version is lowered before
 * the new one is raised), and once the new version is sent back to 0, it never takes traffic again.
 */
export function expectOrderlyWeights(calls: WeightCall[]): Array<{ old: number; new: number }> {
  const state = { old: 100, new: 0 };
  const history: Array<{ old: number; new: number }> = [];
  let reverted = false;
  for (const call of calls) {
    state[call.service] = call.weight;
    history.push({ ...state });
    expect({ seq: call.seq, sum: state.old + state.new <= 100 }).toEqual({ seq: call.seq, sum: true });
    if (call.service === 'new' && call.weight === 0 && history.some((h) => h.new > 0)) reverted = true;
    if (reverted) expect({ seq: call.seq, newAfterRevert: state.new }).toEqual({ seq: call.seq, newAfterRevert: 0 });
  }
  return history;
}

/** Requests of `product`/`action` since `sinceSeq` answered with `status` (or failed with `code`). */
export async function faulted(
  admin: AdminClient,
  filter: { product: string; action: string; sinceSeq: number },
  match: { status?: number; code?: string },
): Promise<LoggedRequest[]> {
  const calls = await admin.requests(filter);
  return calls.filter(
    (c) =>
      (match.status === undefined || c.status === match.status) && (match.code === undefined || c.code === match.code),
  );
}

/** The newest request-log sequence number: what a cell's own requests come after. */
export async function lastSeq(admin: AdminClient): Promise<number> {
  const all = await admin.requests();
  return all.at(-1)?.seq ?? 0;
}

/**
 * Polls (every 50 ms, up to `timeoutMs`) until `reached` holds, then runs `then` once. For
 * acting at a point of the running action (a step's weights applied), read from the request log,
 * never from a timer. Returns the promise of `then`, rejecting if the point is never reached.
 */
export async function when<T>(reached: () => Promise<boolean>, then: () => Promise<T>, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (!(await reached().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`the awaited point was not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return then();
}

/** True once the new version's step weight `weight` was applied (answered 200) since `sinceSeq`. */
export const stepApplied = (admin: AdminClient, group: Group, weight: number, sinceSeq: number) => async () =>
  (await weightCalls(admin, group, sinceSeq)).some(
    (c) => c.service === 'new' && c.weight === weight && c.status === 200,
  );
