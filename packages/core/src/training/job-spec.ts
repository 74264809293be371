/**
 * What submit-dlc-job asks PAI-DLC for, as pure functions over plain data: where a commit's
 * model, checkpoints and lineage live, the CreateJob request, and the idempotency key that lets
 * a re-run find the job it already submitted.
 */
import { createHash } from 'node:crypto';
import type { RunContext } from '../action/github-context.js';
import { shortSha } from '../action/github-context.js';
import type { CreateJobRequest, DataSourceItem, DlcJobType, JobSpec, ResourceConfig } from '../clients/dlc-types.js';
import { formatOssUri, type OssLocation } from '../inputs.js';
import { lineageUriForModel } from '../lineage.js';

/** The job's view of its storage (DataSources mount OSS there on the cloud; the emulator copies). */
export const MOUNTS = { data: '/mnt/data/', checkpoints: '/mnt/checkpoints/', model: '/mnt/model/' } as const;

/** Env names the job reads (the contract with training code; docs/training.md). */
export const JOB_ENV = {
  checkpointDir: 'CHECKPOINT_DIR',
  modelDir: 'MODEL_DIR',
  dataDir: 'DATA_DIR',
  resumeFrom: 'RESUME_FROM',
  gitSha: 'GIT_SHA',
  checkpointUri: 'PAI_CHECKPOINT_URI',
  modelUri: 'PAI_MODEL_URI',
  checkpointIntervalSeconds: 'CHECKPOINT_INTERVAL_SECONDS',
} as const;

/** Settings.Tags keys this project sets on its jobs. */
export const JOB_TAGS = { gitSha: 'git-sha', runId: 'github-run-id' } as const;

/** DLC tag values are at most 128 characters. */
const MAX_KEY_LENGTH = 128;

export interface SpotOptions {
  /** `Settings.ElasticSpotJobMaxRestartTimes`: how often DLC restarts the job in place. */
  maxRestarts?: number;
  /** `SpotSpec.SpotDiscountLimit`, e.g. 0.5 = at most half the on-demand price. */
  discountLimit?: number;
  /** `SpotSpec.SpotPriceLimit`, per instance and minute. */
  priceLimit?: number;
}

export interface TrainingSpec {
  workspaceId?: string;
  name: string;
  jobType: DlcJobType;
  image: string;
  command: string;
  workers: number;
  /** ECS instance type for public resources (JobSpec.EcsSpec). */
  instanceType?: string;
  /** Resource group (quota) id; with it, resources come from `resourceConfig`. */
  resourceGroup?: string;
  resourceConfig?: ResourceConfig;
  spot: boolean;
  spotOptions: SpotOptions;
  dataUri?: OssLocation;
  outputUri: OssLocation;
  checkpointUri: OssLocation;
  modelUri: OssLocation;
  checkpointIntervalMs: number;
  envs: Record<string, string>;
  priority?: number;
  timeoutMs?: number;
}

export interface TrainingLocations {
  modelUri: OssLocation;
  checkpointUri: OssLocation;
  lineageUri: string;
}

/** `<output>/<sha>/model/`, `<output>/<sha>/checkpoints/` (unless given), lineage.json beside the model. */
export function trainingLocations(output: OssLocation, sha: string, checkpoint?: OssLocation): TrainingLocations {
  const base = `${withSlash(output.prefix)}${sha}/`;
  const modelUri = { bucket: output.bucket, prefix: `${base}model/` };
  return {
    modelUri,
    checkpointUri: checkpoint
      ? { bucket: checkpoint.bucket, prefix: withSlash(checkpoint.prefix) }
      : { bucket: output.bucket, prefix: `${base}checkpoints/` },
    lineageUri: lineageUriForModel(formatOssUri(modelUri)),
  };
}

/** `<repo name>-<sha7>`: DLC display names allow letters, digits, `-` and `_`. */
export function defaultJobName(run: RunContext): string {
  const repo = run.repository.split('/').pop() ?? 'job';
  return `${repo.replace(/[^A-Za-z0-9_-]/g, '-')}-${shortSha(run.sha)}`.slice(0, 128);
}

/**
 * Same commit, run and attempt → same key → the same job on a re-run. Long repository names are
 * hashed so the key stays within DLC's tag limit.
 */
export function submitIdempotencyKey(run: RunContext): string {
  return boundedKey(`${run.repository}@${run.sha}#${run.runId}.${run.runAttempt}`);
}

/** The resubmission of a job that ended: one per ended job, so a retried wait finds its earlier resubmission. */
export function resumeIdempotencyKey(endedJobId: string): string {
  return boundedKey(`resume-of:${endedJobId}`);
}

function boundedKey(key: string): string {
  return key.length <= MAX_KEY_LENGTH ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** Advice on the checkpoint interval: an error below 1 minute, a warning above 20 with spot. */
export const MIN_CHECKPOINT_INTERVAL_MS = 60_000;
export const SPOT_CHECKPOINT_WARNING_MS = 20 * 60_000;

export function checkpointIntervalWarning(spot: boolean, intervalMs: number): string | undefined {
  if (!spot || intervalMs <= SPOT_CHECKPOINT_WARNING_MS) return undefined;
  return `checkpoint-interval is ${Math.round(intervalMs / 60_000)}m with spot instances: a preemption can lose up to that much training; 20m or less is advised`;
}

/** The CreateJob request of a first submission. */
export function buildCreateJobRequest(spec: TrainingSpec, run: RunContext): CreateJobRequest {
  const jobSpec: JobSpec = {
    Type: workerRole(spec.jobType),
    Image: spec.image,
    PodCount: spec.workers,
    ...(spec.resourceGroup ? { ResourceConfig: spec.resourceConfig ?? {} } : { EcsSpec: spec.instanceType! }),
    ...(spec.spot ? { UseSpotInstance: true, ...spotSpec(spec.spotOptions) } : {}),
  };
  const dataSources: DataSourceItem[] = [
    ...(spec.dataUri ? [{ Uri: formatOssUri(spec.dataUri), MountPath: MOUNTS.data }] : []),
    { Uri: formatOssUri(spec.checkpointUri), MountPath: MOUNTS.checkpoints },
    { Uri: formatOssUri(spec.modelUri), MountPath: MOUNTS.model },
  ];
  return {
    DisplayName: spec.name,
    JobType: spec.jobType,
    JobSpecs: [jobSpec],
    UserCommand: spec.command,
    ...(spec.workspaceId ? { WorkspaceId: spec.workspaceId } : {}),
    ...(spec.resourceGroup ? { ResourceId: spec.resourceGroup } : {}),
    ...(spec.priority === undefined ? {} : { Priority: spec.priority }),
    Envs: {
      ...spec.envs,
      [JOB_ENV.checkpointDir]: MOUNTS.checkpoints,
      [JOB_ENV.modelDir]: MOUNTS.model,
      ...(spec.dataUri ? { [JOB_ENV.dataDir]: MOUNTS.data } : {}),
      [JOB_ENV.checkpointUri]: formatOssUri(spec.checkpointUri),
      [JOB_ENV.modelUri]: formatOssUri(spec.modelUri),
      [JOB_ENV.gitSha]: run.sha,
      [JOB_ENV.checkpointIntervalSeconds]: String(Math.round(spec.checkpointIntervalMs / 1000)),
    },
    DataSources: dataSources,
    ...(spec.timeoutMs === undefined ? {} : { JobMaxRunningTimeMinutes: Math.ceil(spec.timeoutMs / 60_000) }),
    Settings: {
      ...(spec.spot && spec.spotOptions.maxRestarts !== undefined
        ? { ElasticSpotJobMaxRestartTimes: spec.spotOptions.maxRestarts }
        : {}),
      Tags: { [JOB_TAGS.gitSha]: run.sha, [JOB_TAGS.runId]: run.runId },
    },
  };
}

function spotSpec(options: SpotOptions): Pick<JobSpec, 'SpotSpec'> {
  if (options.priceLimit !== undefined)
    return { SpotSpec: { SpotStrategy: 'SpotWithPriceLimit', SpotPriceLimit: options.priceLimit } };
  if (options.discountLimit !== undefined)
    return { SpotSpec: { SpotStrategy: 'SpotWithPriceLimit', SpotDiscountLimit: options.discountLimit } };
  return {};
}

/** The role that runs the user's command: TFJob's is Worker too; RayJob's is Head. */
function workerRole(jobType: DlcJobType): string {
  return jobType === 'RayJob' ? 'Head' : 'Worker';
}

/** The PAI console page of a job (the console's URL scheme; UNVERIFIED beyond its documented host). */
export function consoleUrl(region: string, jobId: string, workspaceId?: string): string {
  const query = new URLSearchParams({ regionId: region, ...(workspaceId ? { workspaceId } : {}) });
  return `https://pai.console.aliyun.com/?${query.toString()}#/dlc/jobs/${encodeURIComponent(jobId)}`;
}

function withSlash(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}
