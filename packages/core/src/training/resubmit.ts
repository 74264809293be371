/**
 * The same job again, continuing from a checkpoint: a CreateJob request rebuilt from what GetJob
 * (and the ListJobs item, which alone carries JobMaxRunningTimeMinutes) say about the ended job.
 */
import {
  DLC_IDEMPOTENCY_TAG,
  type CreateJobRequest,
  type DlcJobType,
  type GetJobResponse,
  type JobItem,
  type JobSettings,
} from '../clients/dlc-types.js';
import { JOB_ENV, MOUNTS } from './job-spec.js';

/**
 * `resumeFrom` is the checkpoint's path as the job sees it (under its checkpoint mount), which the
 * cloud's mount and the emulator's runner both resolve.
 */
export function buildResumeRequest(
  ended: GetJobResponse,
  item: Pick<JobItem, 'JobMaxRunningTimeMinutes'> | undefined,
  resumeFrom: string | undefined,
): CreateJobRequest {
  if (!ended.JobType || !ended.JobSpecs?.length || !ended.UserCommand) {
    throw new Error(
      `job ${ended.JobId} cannot be resubmitted: GetJob did not return its JobType, JobSpecs and UserCommand`,
    );
  }
  const envs = { ...ended.Envs };
  if (resumeFrom === undefined) delete envs[JOB_ENV.resumeFrom];
  else envs[JOB_ENV.resumeFrom] = resumeFrom;
  const { [DLC_IDEMPOTENCY_TAG]: _previousKey, ...tags } = ended.Settings?.Tags ?? {};
  const settings: JobSettings = { ...ended.Settings, Tags: tags };
  return {
    DisplayName: ended.DisplayName ?? ended.JobId,
    JobType: ended.JobType as DlcJobType,
    JobSpecs: ended.JobSpecs,
    UserCommand: ended.UserCommand,
    ...(ended.WorkspaceId ? { WorkspaceId: ended.WorkspaceId } : {}),
    ...(ended.ResourceId ? { ResourceId: ended.ResourceId } : {}),
    ...(ended.Priority === undefined ? {} : { Priority: ended.Priority }),
    Envs: envs,
    ...(ended.DataSources?.length ? { DataSources: ended.DataSources } : {}),
    ...(item?.JobMaxRunningTimeMinutes ? { JobMaxRunningTimeMinutes: item.JobMaxRunningTimeMinutes } : {}),
    Settings: settings,
  };
}

/** `oss://b/p/checkpoints/step-00000040/` under checkpoint root `oss://b/p/checkpoints/` → `/mnt/checkpoints/step-00000040/`. */
export function checkpointPathInJob(
  checkpointRootPrefix: string,
  checkpointPrefix: string,
  checkpointDir: string = MOUNTS.checkpoints,
): string {
  const root = checkpointRootPrefix.endsWith('/') ? checkpointRootPrefix : `${checkpointRootPrefix}/`;
  if (!checkpointPrefix.startsWith(root)) throw new Error(`${checkpointPrefix} is not under ${root}`);
  const dir = checkpointDir.endsWith('/') ? checkpointDir : `${checkpointDir}/`;
  return `${dir}${checkpointPrefix.slice(root.length)}`;
}

/**
 * The inverse: where in OSS a job's RESUME_FROM points (`/mnt/checkpoints/step-00000040/` →
 * `step-00000040/` under the checkpoint root); an `oss://` value is already that. Undefined for a
 * path under no checkpoint mount.
 */
export function checkpointPrefixOfJobPath(
  checkpointRootPrefix: string,
  jobPath: string,
  checkpointDir: string = MOUNTS.checkpoints,
): string | undefined {
  const dir = checkpointDir.endsWith('/') ? checkpointDir : `${checkpointDir}/`;
  if (!jobPath.startsWith(dir)) return undefined;
  const root = checkpointRootPrefix.endsWith('/') ? checkpointRootPrefix : `${checkpointRootPrefix}/`;
  return `${root}${jobPath.slice(dir.length)}`;
}
