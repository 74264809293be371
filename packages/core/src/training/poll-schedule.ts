/**
 * When to look at the job next. Few calls while nothing happens, quick detection when something
 * does: the interval starts at `minMs` after every change and grows by half each quiet poll up to
 * `maxMs`; when the end can be estimated (steps/s and the total), the poll lands just after the
 * estimated end instead of on the growing schedule, and polls at `minMs` past it. A ±10 % jitter
 * keeps many waiting runs from polling in step.
 */

export interface PollScheduleInput {
  /** The delay used last time; undefined for the first poll. */
  previousMs: number | undefined;
  /** Did the last poll see a change (status, new job)? */
  changed: boolean;
  minMs: number;
  maxMs: number;
  /** Estimated time to the job's end, when known. */
  remainingMs?: number;
  /** A number in [0, 1) (Math.random in production). */
  random: number;
}

export const GROWTH = 1.5;
export const JITTER = 0.1;

export function nextPollDelay(input: PollScheduleInput): number {
  const { minMs, maxMs } = input;
  const grown = input.changed || input.previousMs === undefined ? minMs : Math.min(maxMs, input.previousMs * GROWTH);
  const remaining = input.remainingMs;
  let delay = grown;
  if (remaining !== undefined) {
    if (remaining <= minMs)
      delay = minMs; // at or past the estimated end: look often
    else if (remaining < grown)
      delay = remaining; // land on the estimated end
    else delay = Math.min(maxMs, Math.max(grown, remaining - minMs)); // far from it: sleep long
  }
  const jittered = delay * (1 - JITTER + 2 * JITTER * input.random);
  return Math.round(Math.min(maxMs, Math.max(minMs, jittered)));
}
