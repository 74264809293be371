/**
 * Creating a DLC job is a look-up then a create, and two steps can both look up before either
 * creates (two runs of one wait, a re-run beside a run still going). The idempotency tag cannot
 * stop that, so a step that created a job looks again once a racing create can be listed, and
 * every racer settles on the same job (jobToKeep) and stops the others.
 */
import type { DlcClient } from '../clients/dlc.js';
import { isTerminalJobStatus, type JobItem } from '../clients/dlc-types.js';
import type { Reporter } from './reporter.js';
import { jobToKeep } from './run-jobs.js';

/** Real-time pause before the second look: long enough for a create that raced ours to be listed. */
export const SETTLE_MS = 1_000;

export interface RaceDeps {
  dlc: DlcClient;
  reporter: Pick<Reporter, 'warning'>;
  /** Default: a real-time timer. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The job to go on with after creating `created`: it, or the job a racing step made first. Every
 * other active candidate is stopped, not only our own: after a lost answer our create may be
 * known to us only as the racer's job (both carry the key), and ours must not train on unseen.
 */
export async function settleCreatedJob(
  created: string,
  candidates: () => Promise<JobItem[]>,
  deps: RaceDeps,
): Promise<string> {
  await (deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))))(SETTLE_MS);
  const jobs = await candidates();
  const kept = jobToKeep(jobs);
  if (!kept) return created;
  const extra = jobs.filter((job) => job.JobId !== kept.JobId && !isTerminalJobStatus(job.Status));
  for (const job of extra) {
    deps.reporter.warning(
      `Job ${job.JobId} was submitted at the same time as ${kept.JobId} by a racing step; stopping ${job.JobId} and using ${kept.JobId}.`,
    );
    await deps.dlc.stopJob(job.JobId);
  }
  return kept.JobId;
}
