/**
 * Request and response shapes of PAI-EAS 2021-07-01, named as in the official SDK
 * (`CreateServiceRequest`, `DescribeServiceResponse`, ...). Field names are the API's own
 * (PascalCase on the wire; the autoscaler body is lower-camel, as the API has it), so what the
 * API reference shows is what a caller types. Responses list the fields the actions read; the
 * cloud sends more, and an index signature keeps them reachable.
 */

/** Fields every EAS answer carries. */
export interface EasResponse {
  RequestId?: string;
}

/** An answer that only says what happened (`"Service [foo] is terminating"`). */
export interface EasMessageResponse extends EasResponse {
  Message?: string;
}

/**
 * Status values: the SDK does not enumerate them. pai-python-sdk knows Running, Waiting,
 * Scaling, Stopped, Failed and DeleteFailed; CreateService answers Creating; the ListServices
 * filter also names Updating, Starting, Stopping, Deleting, HotUpdate, Pending, Developing...
 */
export type ServiceStatus =
  | 'Creating'
  | 'Running'
  | 'Waiting'
  | 'Scaling'
  | 'Updating'
  | 'Starting'
  | 'Stopping'
  | 'Stopped'
  | 'Failed'
  | 'Deleting'
  | 'DeleteFailed'
  | (string & {});

export type TrafficState = 'standalone' | 'grouping';
export type TrafficMode = 'auto' | 'customized';

export interface ServiceLabel {
  LabelKey: string;
  LabelValue: string;
}

/** The Service object of DescribeService and ListServices. */
export interface Service {
  ServiceName: string;
  ServiceId?: string;
  ServiceUid?: string;
  Status: ServiceStatus;
  Reason?: string;
  Message?: string;
  ServiceGroup?: string;
  /** Canary weight within the group, set by ReleaseService. */
  Weight?: number;
  TrafficState?: TrafficState | (string & {});
  AccessToken?: string;
  InternetEndpoint?: string;
  /** Only in DescribeService. */
  IntranetEndpoint?: string;
  RunningInstance?: number;
  PendingInstance?: number;
  TotalInstance?: number;
  CurrentVersion?: number;
  LatestVersion?: number;
  Labels?: ServiceLabel[];
  Cpu?: number;
  Gpu?: number;
  /** MB per instance. */
  Memory?: number;
  Image?: string;
  Resource?: string;
  ResourceAlias?: string;
  /** The service JSON of the current version, as a string. */
  ServiceConfig?: string;
  ExtraData?: string;
  Role?: string;
  AutoscalerEnabled?: boolean;
  CronscalerEnabled?: boolean;
  SafetyLock?: string;
  WorkspaceId?: string;
  Region?: string;
  Namespace?: string;
  CreateTime?: string;
  UpdateTime?: string;
  CallerUid?: string;
  ParentUid?: string;
  Source?: string;
  [field: string]: unknown;
}

/**
 * The service JSON of CreateService/UpdateService. Only the fields the actions write are typed;
 * the cloud accepts many more (containers, storage, networking...).
 */
export interface ServiceSpec {
  name?: string;
  model_path?: string;
  processor?: string;
  processor_path?: string;
  processor_entry?: string;
  processor_type?: string;
  metadata?: {
    instance?: number;
    cpu?: number;
    gpu?: number;
    memory?: number;
    resource?: string;
    group?: string;
    instance_type?: string;
    [field: string]: unknown;
  };
  containers?: Array<{ image?: string; script?: string; command?: string; port?: number; [field: string]: unknown }>;
  [field: string]: unknown;
}

export interface CreateServiceRequest {
  /** The service JSON; a string is sent as it is. */
  Body: ServiceSpec | string;
  Develop?: boolean;
  /** Sent as one JSON-encoded query value. */
  Labels?: Record<string, string>;
  WorkspaceId?: string;
}

export interface CreateServiceResponse extends EasResponse {
  ServiceId?: string;
  ServiceName: string;
  Status: ServiceStatus;
  Region?: string;
  InternetEndpoint?: string;
  IntranetEndpoint?: string;
}

export type DescribeServiceResponse = Service & EasResponse;

export interface ListServicesRequest {
  PageNumber?: number;
  PageSize?: number;
  /** Fuzzy match on the service name. */
  Filter?: string;
  GroupName?: string;
  /** Every label must match; sent as one JSON-encoded query value. */
  Label?: Record<string, string>;
  ServiceStatus?: string;
  ServiceType?: string;
  ServiceName?: string;
  ServiceUid?: string;
  ResourceId?: string;
  ResourceName?: string;
  ResourceType?: string;
  TrafficState?: string;
  Order?: 'asc' | 'desc';
  /** Sort field, e.g. CreateTime. */
  Sort?: string;
  WorkspaceId?: string;
  ParentServiceUid?: string;
  Gateway?: string;
  QuotaId?: string;
  Role?: string;
  AutoscalerEnabled?: boolean;
  CronscalerEnabled?: boolean;
}

export interface ListServicesResponse extends EasResponse {
  Services: Service[];
  TotalCount: number;
  PageNumber: number;
  PageSize: number;
}

export interface UpdateServiceRequest {
  /** Partial (merge) or whole (replace) service JSON. */
  Body: ServiceSpec | string;
  /** `merge` (default): deep-merged into the current JSON; `replace`: becomes the JSON. */
  UpdateType?: 'merge' | 'replace';
  MemberToUpdate?: string;
}

export interface UpdateServiceVersionRequest {
  /** An existing version, below the current one for a rollback. */
  Version: number;
}

export interface ListServiceVersionsRequest {
  PageNumber?: number;
  PageSize?: number;
}

export interface ServiceVersion {
  BuildTime?: string;
  ImageAvailable?: string;
  ImageId?: number;
  Message?: string;
  ServiceConfig?: string;
  ServiceRunnable?: string;
  [field: string]: unknown;
}

export interface ListServiceVersionsResponse extends EasResponse {
  Versions: ServiceVersion[];
  TotalCount: number;
  PageNumber?: number;
  PageSize?: number;
}

export interface UpdateServiceLabelRequest {
  Labels: Record<string, string>;
}

export interface DeleteServiceLabelRequest {
  /** Sent as one JSON-encoded query value. */
  LabelKeys: string[];
}

export interface AutoScalerStrategy {
  /** `qps` (average per instance), `cpu`, `gpu[util]`; DescribeServiceAutoScaler echoes `QPS`/`CPU`. */
  metricName: string;
  threshold: number;
  service?: string;
}

export interface AutoScalerBehavior {
  scaleUp?: { stabilizationWindowSeconds?: number };
  /** Scale-in cooldown; the cloud's default is 300 s. */
  scaleDown?: { stabilizationWindowSeconds?: number };
  onZero?: { scaleDownGracePeriodSeconds?: number; scaleUpActivationReplicas?: number };
}

/** Body keys are lower-camel, as the API has them. */
export interface CreateServiceAutoScalerRequest {
  min: number;
  max: number;
  scaleStrategies: AutoScalerStrategy[];
  behavior?: AutoScalerBehavior;
}

export type UpdateServiceAutoScalerRequest = CreateServiceAutoScalerRequest;

export interface DescribeServiceAutoScalerResponse extends EasResponse {
  ServiceName?: string;
  MinReplica?: number;
  MaxReplica?: number;
  ScaleStrategies?: AutoScalerStrategy[];
  CurrentMetrics?: Array<{ metricName: string; service?: string; value: number }>;
  Behavior?: Record<string, unknown>;
}

export interface ListServiceInstancesRequest {
  PageNumber?: number;
  PageSize?: number;
  Filter?: string;
  InstanceStatus?: string;
  InstanceName?: string;
  InstanceIP?: string;
  HostIP?: string;
  IsSpot?: boolean;
  ResourceType?: string;
  Role?: string;
  MemberType?: string;
  Sort?: string;
  Order?: 'asc' | 'desc';
}

export interface ServiceInstance {
  InstanceName: string;
  Status: string;
  Reason?: string;
  IsSpot?: boolean;
  IsLatest?: boolean;
  RestartCount?: number;
  ReadyProcesses?: number;
  TotalProcesses?: number;
  InnerIP?: string;
  HostIP?: string;
  InstancePort?: number;
  InstanceType?: string;
  ResourceType?: string;
  Role?: string;
  Zone?: string;
  StartTime?: string;
  CreateTime?: string;
  [field: string]: unknown;
}

export interface ListServiceInstancesResponse extends EasResponse {
  Instances: ServiceInstance[];
  TotalCount: number;
  PageNumber?: number;
  PageSize?: number;
}

export interface EndpointInfo {
  /** DefaultGateway, PrivateGateway, Nlb, Nacos. */
  EndpointType?: string;
  BackendId?: string;
  InternetEndpoints?: string[];
  IntranetEndpoints?: string[];
  /** Service or Group: which path the endpoints serve. */
  PathType?: string;
  Port?: number;
}

export interface DescribeEndpointsResponse extends EasResponse {
  AccessToken?: string;
  Endpoints: EndpointInfo[];
}

export type DescribeServiceEndpointsResponse = DescribeEndpointsResponse;
export type DescribeGroupEndpointsResponse = DescribeEndpointsResponse;

/** The Group object (DescribeGroup answers it at the top level). */
export interface Group {
  Name: string;
  ClusterId?: string;
  AccessToken?: string;
  InternetEndpoint?: string;
  IntranetEndpoint?: string;
  QueueService?: string;
  TrafficMode?: TrafficMode | (string & {});
  CreateTime?: string;
  UpdateTime?: string;
  [field: string]: unknown;
}

export type DescribeGroupResponse = Group & EasResponse;

export interface ListGroupsRequest {
  PageNumber?: number;
  PageSize?: number;
  Filter?: string;
  TrafficMode?: TrafficMode;
  Sort?: string;
  Order?: 'asc' | 'desc';
  WorkspaceId?: string;
}

export interface ListGroupsResponse extends EasResponse {
  Groups: Group[];
  TotalCount: number;
  PageNumber?: number;
  PageSize?: number;
}

export interface UpdateGroupRequest {
  /** `auto`: traffic by instance count; `customized`: by the services' weights (ReleaseService). */
  TrafficMode?: TrafficMode;
}

export interface ReleaseServiceRequest {
  /** Traffic weight within the group, -1..1000. */
  Weight: number;
  /** `grouping` takes group traffic; `standalone` leaves it (the service keeps its own endpoint). */
  TrafficState?: TrafficState;
}
