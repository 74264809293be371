/**
 * submit-dlc-job's effect: find the job this run attempt already submitted (by its idempotency
 * tag) or create it, and record it in lineage.json beside the model.
 */
import type { RunContext } from '../action/github-context.js';
import type { DlcClient } from '../clients/dlc.js';
import type { JobItem } from '../clients/dlc-types.js';
import { formatOssUri } from '../inputs.js';
import { appendJob, lineageUriForModel, newLineage, type Lineage } from '../lineage.js';
import { readLineage, writeLineage } from '../lineage-store.js';
import type { OssClient } from '../oss.js';
import { buildCreateJobRequest, submitIdempotencyKey, type TrainingSpec } from './job-spec.js';
import type { Reporter } from './reporter.js';
import { settleCreatedJob } from './job-race.js';
import { jobToKeep, ofRun, runJobTags } from './run-jobs.js';

export interface SubmitResult {
  jobId: string;
  /** False when the run had a job already (a re-run, or a step racing this one). */
  created: boolean;
  modelUri: string;
  checkpointUri: string;
  lineageUri: string;
}

export interface SubmitDeps {
  dlc: DlcClient;
  /** Made on first use: ali-oss takes long to load, and the first call is DLC's. */
  oss: () => Promise<OssClient>;
  /** The cloud's time (ISO timestamps in lineage). */
  now: () => number;
  reporter: Reporter;
  /** Real-time pause before looking for a racing step's job (job-race.ts). */
  sleep?: (ms: number) => Promise<void>;
}

export async function submitTrainingJob(spec: TrainingSpec, run: RunContext, deps: SubmitDeps): Promise<SubmitResult> {
  const { dlc, reporter } = deps;
  const lineageUri = lineageUriForModel(formatOssUri(spec.modelUri));
  const key = submitIdempotencyKey(run);
  // A job a racing step stopped carries the key too: prefer the one that stays.
  const keyed = await dlc.listJobsByIdempotencyKey(key, spec.name);
  const existing = jobToKeep(keyed) ?? keyed[0] ?? (await activeJobOfRun(dlc, run));
  let jobId: string;
  let created = false;
  if (existing) {
    jobId = existing.JobId;
    reporter.info(
      `Found job ${jobId} submitted earlier by this run (status ${existing.Status ?? 'unknown'}); not submitting another.`,
    );
  } else {
    const submitted = (await dlc.createJob(buildCreateJobRequest(spec, run), { idempotencyKey: key })).JobId;
    reporter.info(`Submitted ${spec.jobType} job ${submitted} (${spec.name}).`);
    jobId = await settleCreatedJob(submitted, () => runJobs(dlc, run), deps);
    created = jobId === submitted;
  }
  const submittedAt = new Date(deps.now()).toISOString();
  const oss = await deps.oss();
  const lineage = appendJob(await lineageToExtend(oss, lineageUri, spec, run, submittedAt), {
    jobId,
    submittedAt: existing?.GmtCreateTime ?? submittedAt,
    reason: 'initial',
  });
  await writeLineage(oss, lineageUri, lineage);
  return {
    jobId,
    created,
    modelUri: formatOssUri(spec.modelUri),
    checkpointUri: formatOssUri(spec.checkpointUri),
    lineageUri,
  };
}

/**
 * A re-run of the same commit extends the lineage written before (same sha: the same model
 * location); anything else at that key is replaced by a fresh record.
 */
async function lineageToExtend(
  oss: OssClient,
  uri: string,
  spec: TrainingSpec,
  run: RunContext,
  createdAt: string,
): Promise<Lineage> {
  const fresh = newLineage(
    run,
    {
      ...(spec.workspaceId ? { workspaceId: spec.workspaceId } : {}),
      jobType: spec.jobType,
      image: spec.image,
      command: spec.command,
      ...(spec.dataUri ? { dataUri: formatOssUri(spec.dataUri) } : {}),
      outputUri: formatOssUri(spec.outputUri),
      modelUri: formatOssUri(spec.modelUri),
      checkpointUri: formatOssUri(spec.checkpointUri),
    },
    createdAt,
  );
  if (!(await oss.exists(uri))) return fresh;
  try {
    const earlier = await readLineage(oss, uri);
    return earlier.sha === run.sha ? earlier : fresh;
  } catch {
    return fresh;
  }
}

/**
 * A job of this run that is still training, whatever attempt submitted it: a re-run after a
 * cancel (a new attempt, so a new key) must not start a second job beside one that kept running.
 */
async function activeJobOfRun(dlc: DlcClient, run: RunContext): Promise<JobItem | undefined> {
  return jobToKeep(await runJobs(dlc, run));
}

/** The jobs carrying the run's tags (checked on each, not only filtered by the service). */
async function runJobs(dlc: DlcClient, run: RunContext): Promise<JobItem[]> {
  const jobs = await dlc.listAllJobs(
    { Tags: runJobTags(run), SortBy: 'GmtCreateTime', Order: 'desc' },
    { pageSize: 100, maxPages: 5, whenCapped: 'stop' },
  );
  return ofRun(await withTags(dlc, jobs), run);
}

/** ListJobs items normally carry Settings.Tags; where one does not, GetJob tells. */
async function withTags(dlc: DlcClient, jobs: JobItem[]): Promise<JobItem[]> {
  return Promise.all(
    jobs.map(async (job) =>
      job.Settings?.Tags ? job : { ...job, Settings: { ...job.Settings, ...(await dlc.getJob(job.JobId)).Settings } },
    ),
  );
}
