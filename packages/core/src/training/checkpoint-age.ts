/**
 * Checkpoint-stall check: while a job runs, how much work would a preemption right now lose?
 * Pure: the newest valid checkpoint's time (its marker's LastModified in OSS, server time) and
 * the cloud's now.
 */

export interface StallInput {
  now: number;
  /** When the job (this incarnation) started running, server ms. */
  runningSince: number;
  /** LastModified of the newest valid checkpoint's marker; undefined when there is none. */
  newestCheckpointAt: number | undefined;
  checkpointIntervalMs: number;
}

/** A warning when the newest checkpoint (or the start, before the first) is older than twice the interval. */
export function checkpointStallWarning(input: StallInput): string | undefined {
  const since = Math.max(input.newestCheckpointAt ?? input.runningSince, input.runningSince);
  const age = input.now - since;
  if (age <= 2 * input.checkpointIntervalMs) return undefined;
  const minutes = Math.round(age / 60_000);
  const what =
    input.newestCheckpointAt === undefined || input.newestCheckpointAt < input.runningSince
      ? `no valid checkpoint since the job started ${minutes}m ago`
      : `the newest valid checkpoint is ${minutes}m old`;
  return `Checkpoint stall: ${what} (interval ${Math.round(input.checkpointIntervalMs / 60_000)}m); a preemption now would lose that much work`;
}
