/**
 * Which DLC job a workflow run already has, as a pure decision over a ListJobs listing. Every job
 * this project submits for a run carries the run's tags (git-sha, github-run-id), resumed ones
 * too, so the run's jobs can be found whatever attempt or step made them.
 */
import { isTerminalJobStatus, type JobItem } from '../clients/dlc-types.js';
import type { RunContext } from '../action/github-context.js';
import { JOB_TAGS } from './job-spec.js';

/** The Tags filter of ListJobs that finds a run's jobs. */
export function runJobTags(run: Pick<RunContext, 'sha' | 'runId'>): Record<string, string> {
  return { [JOB_TAGS.gitSha]: run.sha, [JOB_TAGS.runId]: run.runId };
}

/**
 * The job of this run that is still training (not Succeeded, Failed or Stopped), the oldest first
 * by creation time, then by id. Every step that sees the same jobs picks the same one, so steps
 * racing to submit agree on which job stays; undefined when none is active.
 */
export function activeRunJob(jobs: readonly JobItem[], run: Pick<RunContext, 'sha' | 'runId'>): JobItem | undefined {
  const wanted = runJobTags(run);
  const active = jobs.filter((job) => {
    const tags = job.Settings?.Tags ?? {};
    return !isTerminalJobStatus(job.Status) && Object.entries(wanted).every(([key, value]) => tags[key] === value);
  });
  return active.sort((a, b) => createdAt(a) - createdAt(b) || (a.JobId < b.JobId ? -1 : a.JobId > b.JobId ? 1 : 0))[0];
}

function createdAt(job: JobItem): number {
  const time = Date.parse(job.GmtCreateTime ?? '');
  return Number.isFinite(time) ? time : Number.MAX_SAFE_INTEGER;
}
