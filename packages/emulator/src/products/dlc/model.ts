/**
 * What the emulated DLC keeps per job (persisted in the `dlc` state slice). Times are emulator
 * clock milliseconds; the API renders them as ISO 8601.
 */

export const JOB_TYPES = [
  'TFJob',
  'PyTorchJob',
  'MPIJob',
  'XGBoostJob',
  'OneFlowJob',
  'ElasticBatchJob',
  'SlurmJob',
  'RayJob',
] as const;

export type JobStatus =
  'Creating' | 'Queuing' | 'EnvPreparing' | 'Running' | 'Restarting' | 'Stopping' | 'Succeeded' | 'Failed' | 'Stopped';

export const TERMINAL: readonly JobStatus[] = ['Succeeded', 'Failed', 'Stopped'];

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL.includes(status);
}

/**
 * ReasonCodes. `JobSucceeded`, `JobStoppedByUser` and `InvalidParameter` are documented; the
 * others are this emulator's choice (UNVERIFIED against the service) and named in docs/emulator-dlc.md.
 */
export const REASONS = {
  succeeded: { code: 'JobSucceeded', message: 'Job has succeeded.' },
  stoppedByUser: { code: 'JobStoppedByUser', message: 'Job is stopped by user.' },
  preempted: {
    code: 'JobPreempted',
    message: 'The spot instance of the job was reclaimed (spot preemption); the job cannot continue.',
  },
  restartingAfterPreemption: {
    code: 'SpotInstanceReclaimed',
    message: 'The spot instance was reclaimed; DLC is restarting the job.',
  },
  failed: { code: 'JobFailed', message: 'Job failed.' },
  timeout: { code: 'JobRunningTimeout', message: 'Job ran longer than JobMaxRunningTimeMinutes and was terminated.' },
  envFailed: { code: 'EnvPreparingFailed', message: 'Job environment could not be prepared.' },
  emulatorStopped: {
    code: 'EmulatorStopped',
    message:
      "The emulator stopped while the job's process was running; the process is gone, so the job failed. Resubmit it (resume from its last checkpoint).",
  },
} as const;

export interface JobSpecRecord {
  Type: string;
  Image: string;
  PodCount: number;
  EcsSpec?: string;
  ResourceConfig?: Record<string, unknown>;
  UseSpotInstance?: boolean;
  SpotSpec?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface DataSourceRecord {
  DataSourceId?: string;
  Uri?: string;
  MountPath?: string;
  [extra: string]: unknown;
}

export interface StatusEntry {
  Status: JobStatus;
  ReasonCode?: string;
  ReasonMessage?: string;
  StartTime: number;
  EndTime?: number;
}

export interface PodIncarnation {
  PodUid: string;
  Status: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Stopped';
  SubStatus: 'Normal' | 'Evicted';
  Ip: string;
  NodeName: string;
  created: number;
  started?: number;
  finished?: number;
}

export interface PodRecord {
  PodId: string;
  Type: string;
  /** Index 0..PodCount-1 within its JobSpec; the process runner runs rank 0 of the first spec. */
  rank: number;
  current: PodIncarnation;
  history: PodIncarnation[];
}

export interface RestartRecordEntry {
  JobRestartCount: number;
  OccurTime: number;
  OccurPhase: string;
  Reason: string;
  RestartStatus: string;
  RestartDurationInSec?: number;
  Pod?: string;
}

export interface LogLine {
  t: number;
  line: string;
}

export interface MetricSample {
  t: number;
  gpu?: number;
  gpuMemory?: number;
  cpu: number;
  memory: number;
  step?: number;
  loss?: number;
}

export interface Progress {
  step: number;
  totalSteps?: number;
  loss?: number;
  t: number;
}

/** Preemption scheduled through the admin API. */
export interface PendingPreemption {
  atTime?: number;
  atStep?: number;
}

/** Simulated runner parameters, from `PAI_EMULATOR_*` envs (see docs/emulator-dlc.md). */
export interface SimulationState {
  totalSteps: number;
  stepsPerSecond: number;
  gpuUtil: number;
  checkpointEvery: number;
  logEvery: number;
  failAtStep?: number;
  /** Step the current attempt started from (after a resume). */
  startStep: number;
  /** When the current attempt began running. */
  runningSince: number;
  /** Last step the runner has accounted for (logs, checkpoints). */
  lastStep: number;
}

/** The job as CreateJob defines it, as validate.ts returns it. */
export interface JobDefinition {
  DisplayName: string;
  JobType: string;
  UserCommand: string;
  JobSpecs: JobSpecRecord[];
  Envs: Record<string, string>;
  DataSources: DataSourceRecord[];
  Settings: Record<string, unknown> & { Tags?: Record<string, string>; ElasticSpotJobMaxRestartTimes?: number };
  Priority: number;
  WorkspaceId?: string;
  ResourceId?: string;
  JobMaxRunningTimeMinutes?: number;
  Accessibility: string;
  Description?: string;
  CodeSource?: Record<string, unknown>;
  ThirdpartyLibs?: string[];
  UserVpc?: Record<string, unknown>;
}

export interface JobRecord extends JobDefinition {
  JobId: string;
  /** The default workspace when CreateJob names none. */
  WorkspaceId: string;
  /** Caller of CreateJob. */
  userId: string;
  username: string;

  status: JobStatus;
  subStatus?: string;
  reasonCode?: string;
  reasonMessage?: string;
  history: StatusEntry[];
  created: number;
  submitted?: number;
  runningSince?: number;
  finished?: number;
  /** When the current phase ends on its own (Creating, Queuing, EnvPreparing, Restarting). */
  phaseEndsAt?: number;

  runner: 'process' | 'simulated';
  attempt: number;
  pods: PodRecord[];
  restartCount: number;
  maxRestarts: number;
  restartRecords: RestartRecordEntry[];
  events: LogLine[];
  /** By PodUid. */
  logs: Record<string, LogLine[]>;
  /** By PodUid. */
  samples: Record<string, MetricSample[]>;
  lastSampleAt?: number;
  progress?: Progress;
  preemption?: PendingPreemption;
  simulation?: SimulationState;
}

export interface DlcConfig {
  /** Emulated ms spent in each phase before the next one. */
  phaseMs: { Creating: number; Queuing: number; EnvPreparing: number; Restarting: number };
  /** Emulated ms between metric samples of a running job. */
  sampleIntervalMs: number;
  /** Real ms between checkpoint/model syncs of a running process. */
  syncIntervalMs: number;
  /** Real ms a stopped process gets between SIGTERM and SIGKILL. */
  stopGraceMs: number;
}

export const DEFAULT_CONFIG: DlcConfig = {
  phaseMs: { Creating: 1_000, Queuing: 2_000, EnvPreparing: 3_000, Restarting: 3_000 },
  sampleIntervalMs: 5_000,
  syncIntervalMs: 250,
  stopGraceMs: 2_000,
};

export interface DlcState {
  jobs: Record<string, JobRecord>;
  config: DlcConfig;
}
