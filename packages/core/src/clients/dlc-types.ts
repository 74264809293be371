/**
 * Request and response shapes of PAI-DLC 2020-12-03, with the field names of the official API
 * (the generated SDK's `names()` maps). Only the fields this project reads or writes are typed;
 * the service may return more.
 */

/**
 * The `Settings.Tags` key that makes CreateJob safe to retry: a create that failed ambiguously
 * (5xx, reset, timeout) is looked up by this tag before it is ever sent again.
 */
export const DLC_IDEMPOTENCY_TAG = 'pai-actions-idempotency-key';

/** `JobType` is case-sensitive: the service rejects `pytorchjob`. */
export const DLC_JOB_TYPES = [
  'TFJob',
  'PyTorchJob',
  'MPIJob',
  'XGBoostJob',
  'OneFlowJob',
  'ElasticBatchJob',
  'SlurmJob',
  'RayJob',
] as const;
export type DlcJobType = (typeof DLC_JOB_TYPES)[number];

/** Job `Status` values documented in the SDKs of the same API version. */
export const DLC_JOB_STATUSES = [
  'Creating',
  'Queuing',
  'Bidding',
  'EnvPreparing',
  'SanityChecking',
  'Running',
  'Restarting',
  'Stopping',
  'SucceededReserving',
  'FailedReserving',
  'Succeeded',
  'Failed',
  'Stopped',
] as const;
export type DlcJobStatus = (typeof DLC_JOB_STATUSES)[number];

export const DLC_TERMINAL_STATUSES: readonly string[] = ['Succeeded', 'Failed', 'Stopped'];

/** True when the job will not change any more (an unknown status counts as still in progress). */
export function isTerminalJobStatus(status: string | undefined): boolean {
  return status !== undefined && DLC_TERMINAL_STATUSES.includes(status);
}

/** `MetricType` values of GetJobMetrics. */
export const DLC_METRIC_TYPES = [
  'GpuCoreUsage',
  'GpuMemoryUsage',
  'CpuCoreUsage',
  'MemoryUsage',
  'NetworkInputRate',
  'NetworkOutputRate',
  'DiskReadRate',
  'DiskWriteRate',
] as const;
export type DlcMetricType = (typeof DLC_METRIC_TYPES)[number];

export interface ResourceConfig {
  CPU?: string;
  GPU?: string;
  GPUType?: string;
  Memory?: string;
  SharedMemory?: string;
}

export interface SpotSpec {
  SpotStrategy?: string;
  SpotDiscountLimit?: number;
  SpotPriceLimit?: number;
}

export interface JobSpec {
  /** Role of the pods: Worker, Master, Chief, PS, Evaluator, Head… */
  Type: string;
  Image: string;
  PodCount: number;
  EcsSpec?: string;
  ResourceConfig?: ResourceConfig;
  UseSpotInstance?: boolean;
  SpotSpec?: SpotSpec;
  ElasticSpotSpecs?: {
    InstanceType?: string;
    SpotStrategy?: string;
    SpotPriceLimit?: number;
    SpotDiscountLimit?: number;
  }[];
  RestartPolicy?: string;
  IsChief?: boolean;
  ImageConfig?: { DockerRegistry?: string; Username?: string; Password?: string };
}

export interface JobSettings {
  EnableSanityCheck?: boolean;
  EnableErrorMonitoringInAIMaster?: boolean;
  EnableRDMA?: boolean;
  EnableOssAppend?: boolean;
  EnableTideResource?: boolean;
  OversoldType?: string;
  JobReservedMinutes?: number;
  JobReservedPolicy?: string;
  DisableEcsStockCheck?: boolean;
  /** How often DLC restarts a spot job by itself after its instance is reclaimed. */
  ElasticSpotJobMaxRestartTimes?: number;
  Tags?: Record<string, string>;
  AdvancedSettings?: Record<string, unknown>;
  Driver?: string;
  PipelineId?: string;
}

export interface DataSourceItem {
  DataSourceId?: string;
  /** `oss://bucket.endpoint/path/` or `oss://bucket/path/` */
  Uri?: string;
  MountPath?: string;
  MountAccess?: string;
  Options?: string;
}

export interface CodeSource {
  CodeSourceId?: string;
  Branch?: string;
  Commit?: string;
  MountPath?: string;
}

export interface CustomEnv {
  Key: string;
  Value: string;
  /** A string in the SDK (`"true"`/`"false"`), not a boolean. */
  Visible?: string;
}

/** UserVpc as CreateJob takes it: `ExtendedCIDRs`. */
export interface UserVpc {
  VpcId?: string;
  SwitchId?: string;
  SecurityGroupId?: string;
  ExtendedCIDRs?: string[];
  DefaultRoute?: string;
}

/** UserVpc as GetJob answers it (SDK GetJobResponseBodyUserVpc): `ExtendedCidrs`. */
export interface UserVpcResponse {
  VpcId?: string;
  SwitchId?: string;
  SecurityGroupId?: string;
  ExtendedCidrs?: string[];
  DefaultRoute?: string;
}

export interface CreateJobRequest {
  DisplayName: string;
  JobType: DlcJobType;
  JobSpecs: JobSpec[];
  UserCommand: string;
  WorkspaceId?: string;
  ResourceId?: string;
  Priority?: number;
  Envs?: Record<string, string>;
  CustomEnvs?: CustomEnv[];
  DataSources?: DataSourceItem[];
  CodeSource?: CodeSource;
  ThirdpartyLibs?: string[];
  ThirdpartyLibDir?: string;
  JobMaxRunningTimeMinutes?: number;
  UserVpc?: UserVpc;
  Settings?: JobSettings;
  SuccessPolicy?: string;
  Accessibility?: 'PRIVATE' | 'PUBLIC';
  Description?: string;
  Options?: string;
  TemplateId?: string;
  TemplateVersion?: number;
}

export interface CreateJobResponse {
  JobId: string;
  RequestId?: string;
}

export interface StatusTransitionItem {
  Status?: string;
  ReasonCode?: string;
  ReasonMessage?: string;
  StartTime?: string;
  EndTime?: string;
}

export interface JobPodHistory {
  PodId?: string;
  PodUid?: string;
  Type?: string;
  Status?: string;
  SubStatus?: string;
  Ip?: string;
  NodeName?: string;
  GmtCreateTime?: string;
  GmtStartTime?: string;
  GmtFinishTime?: string;
  ResourceType?: string;
  /** Seconds the incarnation ran. */
  Duration?: number;
}

export interface JobPod extends JobPodHistory {
  HistoryPods?: JobPodHistory[];
}

export interface RestartRecordErrorInfo {
  ErrorCode?: string;
  ErrorMsg?: string;
  DetailErrorMsg?: string;
  ErrorSource?: string;
  Node?: string;
  Pod?: string;
  TriggerRestart?: boolean;
  AddNodeToBlacklist?: boolean;
  AddJobLevelBlacklist?: boolean;
}

export interface RestartRecord {
  JobRestartCount?: number;
  OccurPhase?: string;
  OccurTime?: string;
  Reason?: string;
  RestartDurationInSec?: number;
  RestartFailReason?: string;
  RestartLevelType?: string;
  RestartStatus?: string;
  TriggerID?: string;
  DetailErrorInfoList?: RestartRecordErrorInfo[];
}

/** Pod counts of one role (SDK JobReplicaStatus). */
export interface JobReplicaStatus {
  Type?: string;
  Active?: number;
  Queuing?: number;
  Dequeued?: number;
  EstimatedPodCount?: number;
}

/** Fields common to GetJob and a ListJobs item. */
export interface DlcJobSummary {
  JobId: string;
  DisplayName?: string;
  JobType?: string;
  Status?: string;
  SubStatus?: string;
  ReasonCode?: string;
  ReasonMessage?: string;
  StatusHistory?: StatusTransitionItem[];
  Duration?: number;
  GmtCreateTime?: string;
  GmtSubmittedTime?: string;
  GmtRunningTime?: string;
  GmtSuccessedTime?: string;
  GmtFailedTime?: string;
  GmtStoppedTime?: string;
  GmtFinishTime?: string;
  JobSpecs?: JobSpec[];
  JobReplicaStatuses?: JobReplicaStatus[];
  RestartTimes?: string;
  Settings?: JobSettings;
  Envs?: Record<string, string>;
  DataSources?: DataSourceItem[];
  UserCommand?: string;
  ResourceId?: string;
  ResourceType?: string;
  ResourceLevel?: string;
  Priority?: number;
  WorkspaceId?: string;
  WorkspaceName?: string;
  UserId?: string;
}

export interface GetJobRequest {
  /** Ask for pod details (Pods[]). */
  NeedDetail?: boolean;
}

export interface GetJobResponse extends DlcJobSummary {
  Pods?: JobPod[];
  CustomEnvs?: CustomEnv[];
  UserVpc?: UserVpcResponse;
  RestartRecord?: RestartRecord[];
  RequestId?: string;
}

/** A pod of a ListJobs item (SDK PodItem): no ResourceType, no Duration. */
export type JobItemPod = Omit<JobPodHistory, 'ResourceType' | 'Duration'>;

export interface JobItem extends DlcJobSummary {
  Pods?: JobItemPod[];
  /** Only ListJobs items carry it (SDK JobItem); GetJob's body has no such field. */
  JobMaxRunningTimeMinutes?: number;
  EnablePreemptibleJob?: boolean;
  Username?: string;
}

export interface ListJobsRequest {
  WorkspaceId?: string;
  DisplayName?: string;
  JobId?: string;
  /** Comma-separated job ids. */
  JobIds?: string;
  JobType?: string;
  Status?: string;
  /** ISO 8601, e.g. 2026-01-01T00:00:00Z; the service defaults to the last 7 days. */
  StartTime?: string;
  EndTime?: string;
  PageNumber?: number;
  PageSize?: number;
  SortBy?: string;
  Order?: 'desc' | 'asc';
  ResourceId?: string;
  ResourceQuotaName?: string;
  PaymentType?: 'PrePaid' | 'Spot' | 'PostPaid';
  /** Matches the jobs' `Settings.Tags`; sent JSON-encoded as one query value. */
  Tags?: Record<string, string>;
  ShowOwn?: boolean;
  FromAllWorkspaces?: boolean;
  PipelineId?: string;
  Username?: string;
  ReasonSearch?: string;
  UserCommandSearch?: string;
}

export interface ListJobsResponse {
  Jobs?: JobItem[];
  TotalCount?: number;
  RequestId?: string;
}

export interface StopJobResponse {
  JobId?: string;
  RequestId?: string;
}

export interface DeleteJobResponse {
  JobId?: string;
  RequestId?: string;
}

export interface GetJobEventsRequest {
  StartTime?: string;
  EndTime?: string;
  MaxEventsNum?: number;
}

export interface GetJobEventsResponse {
  JobId?: string;
  Events?: string[];
  RequestId?: string;
}

export interface GetPodLogsRequest {
  /** Selects one incarnation of the pod (a restarted pod keeps its PodId, gets a new PodUid). */
  PodUid?: string;
  StartTime?: string;
  EndTime?: string;
  MaxLines?: number;
  DownloadToFile?: boolean;
}

export interface GetPodLogsResponse {
  JobId?: string;
  PodId?: string;
  PodUid?: string;
  Logs?: string[];
  RequestId?: string;
}

export interface GetJobMetricsRequest {
  MetricType: DlcMetricType | string;
  StartTime?: string;
  EndTime?: string;
  /** Aggregation step such as `1m` or `5m`. */
  TimeStep?: string;
  Token?: string;
}

export interface DlcMetricPoint {
  /** Epoch milliseconds. */
  Time?: number;
  Value?: number;
}

export interface DlcPodMetric {
  PodId?: string;
  Metrics?: DlcMetricPoint[];
}

export interface GetJobMetricsResponse {
  JobId?: string;
  PodMetrics?: DlcPodMetric[];
  RequestId?: string;
}
