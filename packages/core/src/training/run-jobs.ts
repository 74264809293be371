/**
 * Which DLC job stays when a run has several, as pure decisions over a ListJobs listing. Every job
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
 * The job to keep among jobs that are meant to be one: the oldest still training (not Succeeded,
 * Failed or Stopped) by creation time, then by id. Every step that sees the same jobs picks the
 * same one, so steps racing to create agree on which job stays; undefined when none is active.
 */
export function jobToKeep(jobs: readonly JobItem[]): JobItem | undefined {
  return jobs
    .filter((job) => !isTerminalJobStatus(job.Status))
    .sort((a, b) => createdAt(a) - createdAt(b) || (a.JobId < b.JobId ? -1 : a.JobId > b.JobId ? 1 : 0))[0];
}

/** The jobs of a listing that carry the run's tags. */
export function ofRun(jobs: readonly JobItem[], run: Pick<RunContext, 'sha' | 'runId'>): JobItem[] {
  const wanted = Object.entries(runJobTags(run));
  return jobs.filter((job) => {
    const tags = job.Settings?.Tags ?? {};
    return wanted.every(([key, value]) => tags[key] === value);
  });
}

/** The run's job still training, whatever attempt or step submitted it. */
export const activeRunJob = (jobs: readonly JobItem[], run: Pick<RunContext, 'sha' | 'runId'>) =>
  jobToKeep(ofRun(jobs, run));

function createdAt(job: JobItem): number {
  const time = Date.parse(job.GmtCreateTime ?? '');
  return Number.isFinite(time) ? time : Number.MAX_SAFE_INTEGER;
}
