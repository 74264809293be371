import { instanceStatus, readyInstances, statusOf } from './lifecycle.js';
import type { GroupRecord, InstanceRecord, ServiceRecord } from './records.js';
import { metadataOf, numberField } from './spec.js';

/** The API's JSON shapes of services, groups, instances and endpoints, from the records. */
export interface RenderContext {
  region: string;
  accountId: string;
  /** Base URL of the emulated gateway. */
  gateway: string;
  now: number;
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function predictUrl(ctx: RenderContext, name: string): string {
  return `${ctx.gateway}/api/predict/${name}`;
}

export function renderService(ctx: RenderContext, service: ServiceRecord, detail: boolean): Record<string, unknown> {
  const { status, reason, message } = statusOf(service);
  const config = service.versions.find((v) => v.version === service.currentVersion)?.config ?? {};
  const metadata = metadataOf(config);
  const ready = readyInstances(service, ctx.now);
  const running = status === 'Running' || status === 'Updating' ? ready : 0;
  const containers = Array.isArray(config['containers'])
    ? (config['containers'] as Array<Record<string, unknown>>)
    : [];
  return {
    ServiceName: service.name,
    ServiceId: service.uid,
    ServiceUid: service.uid,
    Status: status,
    Reason: reason,
    Message: message,
    ServiceGroup: service.group,
    Weight: service.weight,
    TrafficState: service.trafficState,
    AccessToken: service.accessToken,
    InternetEndpoint: predictUrl(ctx, service.name),
    ...(detail ? { IntranetEndpoint: predictUrl(ctx, service.name) } : {}),
    RunningInstance: running,
    PendingInstance: service.instances.length - running,
    TotalInstance: service.instances.length,
    CurrentVersion: service.currentVersion,
    LatestVersion: service.latestVersion,
    Labels: Object.entries(service.labels).map(([LabelKey, LabelValue]) => ({ LabelKey, LabelValue })),
    Cpu: numberField(config, 'cpu') ?? 1,
    Gpu: numberField(config, 'gpu') ?? 0,
    Memory: numberField(config, 'memory') ?? 1000,
    Image: typeof containers[0]?.['image'] === 'string' ? containers[0]['image'] : '',
    Resource: typeof metadata['resource'] === 'string' ? metadata['resource'] : '',
    ResourceAlias: '',
    ServiceConfig: JSON.stringify(config),
    ExtraData: '{}',
    Role: 'Standard',
    AutoscalerEnabled: service.autoscaler !== undefined,
    CronscalerEnabled: false,
    SafetyLock: 'normal',
    WorkspaceId: service.workspaceId ?? '',
    Region: ctx.region,
    Namespace: service.name,
    CreateTime: isoTime(service.createdAt),
    UpdateTime: isoTime(service.updatedAt),
    CallerUid: service.callerUid,
    ParentUid: ctx.accountId,
    Source: 'emulator',
  };
}

export function renderInstance(
  ctx: RenderContext,
  service: ServiceRecord,
  instance: InstanceRecord,
): Record<string, unknown> {
  const { status, reason } = instanceStatus(service, instance, ctx.now);
  const ready = status === 'Running';
  return {
    InstanceName: instance.name,
    Status: status,
    Reason: reason,
    IsSpot: false,
    IsLatest: true,
    Isolated: false,
    RestartCount: 0,
    ReadyProcesses: ready ? 1 : 0,
    TotalProcesses: 1,
    InnerIP: instance.ip,
    HostIP: instance.ip.replace(/^10\./, '192.'),
    InstancePort: 8080,
    InstanceType: 'ecs.c7.large',
    ResourceType: 'PublicResource',
    Role: 'Standard',
    Zone: `${ctx.region}-a`,
    StartTime: isoTime(instance.readyAt),
    CreateTime: isoTime(instance.createdAt),
    LastState: [],
  };
}

export function renderGroup(ctx: RenderContext, group: GroupRecord): Record<string, unknown> {
  return {
    Name: group.name,
    ClusterId: ctx.region,
    AccessToken: group.accessToken,
    InternetEndpoint: predictUrl(ctx, group.name),
    IntranetEndpoint: predictUrl(ctx, group.name),
    QueueService: '',
    TrafficMode: group.trafficMode,
    CreateTime: isoTime(group.createdAt),
    UpdateTime: isoTime(group.updatedAt),
  };
}

/** DescribeServiceEndpoints / DescribeGroupEndpoints: the gateway's base URL; PathType says which path. */
export function renderEndpoints(
  ctx: RenderContext,
  accessToken: string,
  pathType: 'Service' | 'Group',
): Record<string, unknown> {
  const port = Number(new URL(ctx.gateway).port) || 80;
  return {
    AccessToken: accessToken,
    Endpoints: [
      {
        EndpointType: 'DefaultGateway',
        BackendId: '',
        InternetEndpoints: [ctx.gateway],
        IntranetEndpoints: [ctx.gateway],
        PathType: pathType,
        Port: port,
      },
    ],
  };
}

/** PageNumber/PageSize as EAS reads them (defaults 1 and 100). */
export function page<T>(items: T[], pageNumber: string | undefined, pageSize: string | undefined, defaultSize = 100) {
  const number = positiveInt(pageNumber, 1);
  const size = positiveInt(pageSize, defaultSize);
  return {
    items: items.slice((number - 1) * size, number * size),
    PageNumber: number,
    PageSize: size,
    TotalCount: items.length,
  };
}

function positiveInt(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return raw !== undefined && raw !== '' && Number.isInteger(value) && value > 0 ? value : fallback;
}
