/**
 * The shift lock on EAS labels. It lives on every version of the group that the shift touches
 * (old and new), and every version of the group is checked, so two shifts of one group meet
 * whichever versions they name. EAS has no compare-and-set, so acquiring is read, write, read
 * again: a second writer in the gap is caught by the re-read of whichever writer reads last.
 */
import type { EasClient } from '../clients/eas.js';
import { LABELS, labelRecord } from './labels.js';
import {
  decideLock,
  formatLock,
  heldMessage,
  parseLock,
  type FoundLock,
  type LockHolder,
  type ShiftLock,
} from './lock.js';
import { ShiftRefusedError } from './shift-versions.js';

export type LockEas = Pick<EasClient, 'listAllServices' | 'updateServiceLabel' | 'deleteServiceLabel'>;

export interface LockTarget {
  group: string;
  /** The versions that carry the lock. */
  services: readonly string[];
}

async function readLocks(eas: LockEas, group: string): Promise<FoundLock[]> {
  const services = await eas.listAllServices({ GroupName: group });
  const found: FoundLock[] = [];
  for (const service of services) {
    const value = labelRecord(service.Labels)[LABELS.shiftLock];
    if (value) found.push({ service: service.ServiceName, value, lock: parseLock(value) });
  }
  return found;
}

/**
 * Takes the lock or throws ShiftRefusedError naming the holder. `log` hears about a lock taken over.
 * @returns the label value written (what release removes)
 */
export async function acquireShiftLock(
  eas: LockEas,
  target: LockTarget,
  lock: ShiftLock,
  nowMs: number,
  runUrl: (runId: string, attempt: number) => string,
  log: (message: string) => void,
): Promise<string> {
  const me: LockHolder = { runId: lock.runId, runAttempt: lock.runAttempt };
  const decision = decideLock(await readLocks(eas, target.group), me, nowMs);
  if (decision.kind === 'held') throw new ShiftRefusedError(heldMessage(target.group, decision.found, runUrl));
  if (decision.kind === 'take-over' && decision.why !== 'ours') {
    log(`Taking over the shift lock "${decision.found.value}" on ${decision.found.service} (${decision.why}).`);
  }
  const value = formatLock(lock);
  for (const service of target.services) {
    await eas.updateServiceLabel(service, { Labels: { [LABELS.shiftLock]: value } });
  }
  const after = await readLocks(eas, target.group);
  const rival = after.find((entry) => entry.value !== value && decideLock([entry], me, nowMs).kind === 'held');
  const lost = target.services.some((service) => !after.some((e) => e.service === service && e.value === value));
  if (rival || lost) {
    await releaseShiftLock(eas, target, value);
    const holder = rival ?? after.find((e) => e.value !== value);
    throw new ShiftRefusedError(
      holder?.lock
        ? heldMessage(target.group, holder, runUrl).replace('holds the lock', 'took the lock at the same moment')
        : `Another traffic shift wrote the lock on group "${target.group}" at the same moment; try again.`,
    );
  }
  return value;
}

/** Removes the lock from the versions where it is still ours; a lock someone else took over stays. */
export async function releaseShiftLock(eas: LockEas, target: LockTarget, value: string): Promise<void> {
  const services = await eas.listAllServices({ GroupName: target.group });
  for (const service of services) {
    if (!target.services.includes(service.ServiceName)) continue;
    if (labelRecord(service.Labels)[LABELS.shiftLock] !== value) continue;
    await eas.deleteServiceLabel(service.ServiceName, { LabelKeys: [LABELS.shiftLock] });
  }
}
