/**
 * The shift lock: a `shift-lock` label `<run id>.<attempt>@<expiry ISO 8601>` on the versions a
 * traffic shift moves weight between. EAS has no conditional label write, so the lock is
 * advisory: read, write ours, read again. Pure functions here; lock-labels.ts does the calls.
 */

export interface LockHolder {
  /** GitHub run id. */
  runId: string;
  runAttempt: number;
}

export interface ShiftLock extends LockHolder {
  /** Epoch ms (server time) after which anyone may take the lock over. */
  expiresAt: number;
}

const LOCK_VALUE = /^(?<runId>[A-Za-z0-9_-]+)\.(?<attempt>\d+)@(?<expiry>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)$/;

export function formatLock(lock: ShiftLock): string {
  return `${lock.runId}.${lock.runAttempt}@${new Date(lock.expiresAt).toISOString()}`;
}

/** The lock a label value holds, or undefined for a value no shift wrote. */
export function parseLock(value: string | undefined): ShiftLock | undefined {
  const groups = value ? LOCK_VALUE.exec(value)?.groups : undefined;
  if (!groups) return undefined;
  const expiresAt = Date.parse(groups['expiry']!);
  if (!Number.isFinite(expiresAt)) return undefined;
  return { runId: groups['runId']!, runAttempt: Number(groups['attempt']), expiresAt };
}

export interface FoundLock {
  /** The version (EAS service) whose label holds it. */
  service: string;
  value: string;
  lock: ShiftLock | undefined;
}

export type LockDecision =
  | { kind: 'free' }
  /** Ours already (a retried step), or left by an earlier attempt of this run, or expired. */
  | { kind: 'take-over'; found: FoundLock; why: 'ours' | 'earlier-attempt' | 'expired' | 'unreadable' }
  | { kind: 'held'; found: FoundLock };

/**
 * What to do about the locks found on a group's versions. An unexpired lock of another run
 * refuses the shift. Attempts of one run never overlap (GitHub starts a re-run after the run
 * ended), so an earlier attempt's lock is taken over. A value no shift could have written is
 * taken over too: refusing forever on a label nobody can explain helps no one.
 */
export function decideLock(found: readonly FoundLock[], me: LockHolder, nowMs: number): LockDecision {
  let takeOver: LockDecision | undefined;
  for (const entry of found) {
    const lock = entry.lock;
    if (!lock) {
      takeOver ??= { kind: 'take-over', found: entry, why: 'unreadable' };
    } else if (lock.runId === me.runId && lock.runAttempt === me.runAttempt) {
      takeOver ??= { kind: 'take-over', found: entry, why: 'ours' };
    } else if (lock.runId === me.runId && lock.runAttempt < me.runAttempt) {
      takeOver ??= { kind: 'take-over', found: entry, why: 'earlier-attempt' };
    } else if (lock.expiresAt <= nowMs) {
      takeOver ??= { kind: 'take-over', found: entry, why: 'expired' };
    } else {
      return { kind: 'held', found: entry };
    }
  }
  return takeOver ?? { kind: 'free' };
}

/** The refusal a held lock gives: who holds it, until when, and what to do. */
export function heldMessage(
  group: string,
  found: FoundLock,
  runUrl: (runId: string, attempt: number) => string,
): string {
  const lock = found.lock!;
  return (
    `Another traffic shift holds the lock on group "${group}": run ${lock.runId} attempt ${lock.runAttempt} ` +
    `(${runUrl(lock.runId, lock.runAttempt)}), label shift-lock on ${found.service}, until ${new Date(lock.expiresAt).toISOString()}. ` +
    'Wait for it to finish, or cancel it; an expired lock is taken over.'
  );
}
