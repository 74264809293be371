/**
 * submit-dlc-job's effect: find the job this run attempt already submitted (by its idempotency
 * tag) or create it, and record it in lineage.json beside the model.
 */
import type { RunContext } from '../action/github-context.js';
import type { DlcClient } from '../clients/dlc.js';
import { formatOssUri } from '../inputs.js';
import { appendJob, lineageUriForModel, newLineage, type Lineage } from '../lineage.js';
import { readLineage, writeLineage } from '../lineage-store.js';
import type { OssClient } from '../oss.js';
import { buildCreateJobRequest, submitIdempotencyKey, type TrainingSpec } from './job-spec.js';
import type { Reporter } from './reporter.js';

export interface SubmitResult {
  jobId: string;
  /** False when a re-run found the job it had submitted before. */
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
}

export async function submitTrainingJob(spec: TrainingSpec, run: RunContext, deps: SubmitDeps): Promise<SubmitResult> {
  const { dlc, reporter } = deps;
  const lineageUri = lineageUriForModel(formatOssUri(spec.modelUri));
  const key = submitIdempotencyKey(run);
  const existing = await dlc.findJobByIdempotencyKey(key, spec.name);
  let jobId: string;
  if (existing) {
    jobId = existing.JobId;
    reporter.info(
      `Found job ${jobId} submitted earlier by this run attempt (status ${existing.Status ?? 'unknown'}); not submitting another.`,
    );
  } else {
    jobId = (await dlc.createJob(buildCreateJobRequest(spec, run), { idempotencyKey: key })).JobId;
    reporter.info(`Submitted ${spec.jobType} job ${jobId} (${spec.name}).`);
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
    created: !existing,
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
