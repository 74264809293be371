/**
 * Typed client for PAI-EAS 2021-07-01 (ROA, JSON, path prefix /api/v2) on openapi-core, with
 * the official operation and field names. The cloud's `{ClusterId}` path segment is the region.
 * Every call goes through the shared retry policy; only idempotent calls are repeated after an
 * ambiguous failure, and CreateService checks by name whether an attempt went through.
 */
import { PaiApiError } from '../errors.js';
import { collectPages, numberedPages, type ListAllOptions } from '../paging.js';
import type {
  CreateServiceAutoScalerRequest,
  CreateServiceRequest,
  CreateServiceResponse,
  DeleteServiceLabelRequest,
  DescribeGroupEndpointsResponse,
  DescribeGroupResponse,
  DescribeServiceAutoScalerResponse,
  DescribeServiceEndpointsResponse,
  DescribeServiceResponse,
  EasMessageResponse,
  ListGroupsRequest,
  ListGroupsResponse,
  ListServiceInstancesRequest,
  ListServiceInstancesResponse,
  ListServicesRequest,
  ListServicesResponse,
  ListServiceVersionsRequest,
  ListServiceVersionsResponse,
  ReleaseServiceRequest,
  Service,
  ServiceSpec,
  ServiceStatus,
  UpdateGroupRequest,
  UpdateServiceAutoScalerRequest,
  UpdateServiceLabelRequest,
  UpdateServiceRequest,
  UpdateServiceVersionRequest,
} from './eas-types.js';
import { path, RoaClient, type QueryValue, type RoaProduct, type RoaRequest } from './roa.js';
import type { ClientOptions } from './types.js';

export * from './eas-types.js';

export const EAS_PRODUCT: RoaProduct = {
  name: 'eas',
  version: '2021-07-01',
  endpointHost: (region) => `pai-eas.${region}.aliyuncs.com`,
};

const DEFAULT_PAGE_SIZE = 100;

/** The Code EAS answers for a service that does not exist. */
export const SERVICE_NOT_FOUND_CODE = 'InvalidService.NotFound';

export class EasClient {
  private readonly roa: RoaClient;
  readonly region: string;

  constructor(options: ClientOptions) {
    this.roa = new RoaClient(EAS_PRODUCT, options);
    this.region = options.region;
  }

  /**
   * Not idempotent: after an ambiguous failure (5xx, reset, timeout) it looks the service up by
   * name and accepts it as this call's result when it carries the spec that was sent, so a create
   * that went through neither fails the caller nor runs twice. The same check answers a retry
   * that is refused because the name exists: the look-up after the ambiguous failure may have
   * run before the service showed up, so an earlier attempt of this very call may have made it.
   */
  async createService(request: CreateServiceRequest): Promise<CreateServiceResponse> {
    const body = typeof request.Body === 'string' ? request.Body : JSON.stringify(request.Body);
    const spec = parseSpec(body);
    const name = typeof spec?.name === 'string' ? spec.name : undefined;
    let retried = false;
    try {
      return await this.roa.call<CreateServiceResponse>({
        action: 'CreateService',
        method: 'POST',
        pathname: '/api/v2/services',
        query: {
          Develop: request.Develop,
          Labels: request.Labels ? JSON.stringify(request.Labels) : undefined,
          WorkspaceId: request.WorkspaceId,
        },
        body,
        idempotent: false,
        onRetry: () => (retried = true),
        ...(name && spec ? { alreadyApplied: () => this.findCreated(name, spec) } : {}),
      });
    } catch (error) {
      if (retried && name && spec && isAlreadyExists(error)) {
        const created = await this.findCreated(name, spec);
        if (created) return created;
      }
      throw error;
    }
  }

  describeService(serviceName: string): Promise<DescribeServiceResponse> {
    return this.read('DescribeService', this.servicePath(serviceName));
  }

  /** DescribeService, or undefined when the service does not exist. */
  async findService(serviceName: string): Promise<DescribeServiceResponse | undefined> {
    try {
      return await this.describeService(serviceName);
    } catch (error) {
      if (error instanceof PaiApiError && error.code === SERVICE_NOT_FOUND_CODE) return undefined;
      throw error;
    }
  }

  listServices(request: ListServicesRequest = {}): Promise<ListServicesResponse> {
    const { Label, ...rest } = request;
    return this.read('ListServices', '/api/v2/services', {
      ...rest,
      Label: Label ? JSON.stringify(Label) : undefined,
    });
  }

  /** Every service matching the filters, walking the pages (ListAllOptions.pageSize: default 100). */
  listAllServices(
    request: Omit<ListServicesRequest, 'PageNumber' | 'PageSize'> = {},
    options: ListAllOptions = {},
  ): Promise<Service[]> {
    const pages = numberedPages(options.pageSize ?? DEFAULT_PAGE_SIZE, async (PageNumber, PageSize) => {
      const answer = await this.listServices({ ...request, PageNumber, PageSize });
      return {
        items: answer.Services ?? [],
        ...(answer.TotalCount === undefined ? {} : { totalCount: answer.TotalCount }),
      };
    });
    return collectPages(pages, { ...options, product: 'eas', action: 'ListServices', cursorName: 'PageNumber' });
  }

  /** Not idempotent: each applied update makes a new version. */
  updateService(serviceName: string, request: UpdateServiceRequest): Promise<EasMessageResponse> {
    return this.roa.call({
      action: 'UpdateService',
      method: 'PUT',
      pathname: this.servicePath(serviceName),
      query: { UpdateType: request.UpdateType, MemberToUpdate: request.MemberToUpdate },
      body: typeof request.Body === 'string' ? request.Body : JSON.stringify(request.Body),
      idempotent: false,
    });
  }

  /** Switches the service to an existing version (a rollback); repeating it changes nothing. */
  updateServiceVersion(serviceName: string, request: UpdateServiceVersionRequest): Promise<EasMessageResponse> {
    return this.write('UpdateServiceVersion', 'PUT', `${this.servicePath(serviceName)}/version`, {
      Version: request.Version,
    });
  }

  listServiceVersions(
    serviceName: string,
    request: ListServiceVersionsRequest = {},
  ): Promise<ListServiceVersionsResponse> {
    return this.read('ListServiceVersions', `${this.servicePath(serviceName)}/versions`, { ...request });
  }

  /**
   * A retry that finds the service gone means an earlier attempt, answered with a 5xx or lost
   * to a reset, did delete it: that is this call's success, not a failure.
   */
  async deleteService(serviceName: string): Promise<EasMessageResponse> {
    let retried = false;
    try {
      return await this.roa.call<EasMessageResponse>({
        action: 'DeleteService',
        method: 'DELETE',
        pathname: this.servicePath(serviceName),
        idempotent: true,
        onRetry: () => (retried = true),
      });
    } catch (error) {
      if (retried && error instanceof PaiApiError && error.code === SERVICE_NOT_FOUND_CODE) {
        return { Message: `service [${serviceName}] was deleted by an earlier attempt of this call` };
      }
      throw error;
    }
  }

  startService(serviceName: string): Promise<EasMessageResponse> {
    return this.write('StartService', 'PUT', `${this.servicePath(serviceName)}/start`);
  }

  stopService(serviceName: string): Promise<EasMessageResponse> {
    return this.write('StopService', 'PUT', `${this.servicePath(serviceName)}/stop`);
  }

  /** Adds or overwrites labels. */
  updateServiceLabel(serviceName: string, request: UpdateServiceLabelRequest): Promise<EasMessageResponse> {
    return this.write('UpdateServiceLabel', 'PUT', `${this.servicePath(serviceName)}/label`, {
      Labels: request.Labels,
    });
  }

  deleteServiceLabel(serviceName: string, request: DeleteServiceLabelRequest): Promise<EasMessageResponse> {
    return this.write('DeleteServiceLabel', 'DELETE', `${this.servicePath(serviceName)}/label`, undefined, {
      LabelKeys: JSON.stringify(request.LabelKeys),
    });
  }

  /** Not idempotent (a second create is refused); an applied attempt is recognised by min/max. */
  createServiceAutoScaler(serviceName: string, request: CreateServiceAutoScalerRequest): Promise<EasMessageResponse> {
    return this.roa.call({
      action: 'CreateServiceAutoScaler',
      method: 'POST',
      pathname: `${this.servicePath(serviceName)}/autoscaler`,
      body: autoScalerBody(request),
      idempotent: false,
      alreadyApplied: async () => {
        const current = await this.describeServiceAutoScaler(serviceName).catch(() => undefined);
        const same = current?.MinReplica === request.min && current?.MaxReplica === request.max;
        return same ? { RequestId: current?.RequestId, Message: 'autoscaler already in place' } : undefined;
      },
    });
  }

  updateServiceAutoScaler(serviceName: string, request: UpdateServiceAutoScalerRequest): Promise<EasMessageResponse> {
    return this.write(
      'UpdateServiceAutoScaler',
      'PUT',
      `${this.servicePath(serviceName)}/autoscaler`,
      autoScalerBody(request),
    );
  }

  describeServiceAutoScaler(serviceName: string): Promise<DescribeServiceAutoScalerResponse> {
    return this.read('DescribeServiceAutoScaler', `${this.servicePath(serviceName)}/autoscaler`);
  }

  deleteServiceAutoScaler(serviceName: string): Promise<EasMessageResponse> {
    return this.write('DeleteServiceAutoScaler', 'DELETE', `${this.servicePath(serviceName)}/autoscaler`);
  }

  listServiceInstances(
    serviceName: string,
    request: ListServiceInstancesRequest = {},
  ): Promise<ListServiceInstancesResponse> {
    return this.read('ListServiceInstances', `${this.servicePath(serviceName)}/instances`, { ...request });
  }

  describeServiceEndpoints(serviceName: string): Promise<DescribeServiceEndpointsResponse> {
    return this.read('DescribeServiceEndpoints', `${this.servicePath(serviceName)}/endpoints`);
  }

  /**
   * Sets the service's traffic weight within its group and whether it takes group traffic at
   * all; an absolute setting, so repeating it is harmless.
   */
  releaseService(serviceName: string, request: ReleaseServiceRequest): Promise<EasMessageResponse> {
    return this.write('ReleaseService', 'PUT', `${this.servicePath(serviceName)}/release`, {
      Weight: request.Weight,
      ...(request.TrafficState ? { TrafficState: request.TrafficState } : {}),
    });
  }

  describeGroup(groupName: string): Promise<DescribeGroupResponse> {
    return this.read('DescribeGroup', this.groupPath(groupName));
  }

  listGroups(request: ListGroupsRequest = {}): Promise<ListGroupsResponse> {
    return this.read('ListGroups', '/api/v2/groups', { ...request });
  }

  updateGroup(groupName: string, request: UpdateGroupRequest): Promise<EasMessageResponse> {
    return this.write('UpdateGroup', 'PUT', this.groupPath(groupName), { ...request });
  }

  describeGroupEndpoints(groupName: string): Promise<DescribeGroupEndpointsResponse> {
    return this.read('DescribeGroupEndpoints', `${this.groupPath(groupName)}/endpoints`);
  }

  private servicePath(serviceName: string): string {
    return path`/api/v2/services/${this.region}/${serviceName}`;
  }

  private groupPath(groupName: string): string {
    return path`/api/v2/groups/${this.region}/${groupName}`;
  }

  private read<T>(action: string, pathname: string, query?: Record<string, QueryValue>): Promise<T> {
    return this.roa.call<T>({ action, method: 'GET', pathname, ...(query ? { query } : {}), idempotent: true });
  }

  private write<T>(
    action: string,
    method: RoaRequest<T>['method'],
    pathname: string,
    body?: unknown,
    query?: Record<string, QueryValue>,
  ): Promise<T> {
    return this.roa.call<T>({
      action,
      method,
      pathname,
      ...(body === undefined ? {} : { body }),
      ...(query ? { query } : {}),
      idempotent: true,
    });
  }

  private async findCreated(name: string, sent: ServiceSpec): Promise<CreateServiceResponse | undefined> {
    const found = await this.findService(name);
    if (!found || !carriesSpec(found.ServiceConfig, sent)) return undefined;
    return {
      ...(found.RequestId ? { RequestId: found.RequestId } : {}),
      ServiceId: found.ServiceId,
      ServiceName: found.ServiceName,
      Status: found.Status,
      Region: found.Region ?? this.region,
      InternetEndpoint: found.InternetEndpoint,
      IntranetEndpoint: found.IntranetEndpoint,
    };
  }
}

/** What a caller waiting for a deploy does with a status. */
export type ServiceStatusPhase = 'running' | 'stopped' | 'failed' | 'in-progress';

/**
 * Running, Stopped and Failed (also DeleteFailed) are settled; everything else, including
 * values nobody has documented, is a transition the caller keeps waiting on, up to its timeout.
 */
export function serviceStatusPhase(status: ServiceStatus | undefined): ServiceStatusPhase {
  switch (status) {
    case 'Running':
      return 'running';
    case 'Stopped':
      return 'stopped';
    case 'Failed':
    case 'DeleteFailed':
      return 'failed';
    default:
      return 'in-progress';
  }
}

/** EAS's Code for a taken name is not documented: 409 or a Code saying "already exists". */
function isAlreadyExists(error: unknown): boolean {
  return error instanceof PaiApiError && (error.statusCode === 409 || /already ?exist/i.test(error.code));
}

function autoScalerBody(request: CreateServiceAutoScalerRequest): Record<string, unknown> {
  return {
    min: request.min,
    max: request.max,
    scaleStrategies: request.scaleStrategies,
    ...(request.behavior ? { behavior: request.behavior } : {}),
  };
}

function parseSpec(body: string): ServiceSpec | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ServiceSpec) : undefined;
  } catch {
    return undefined;
  }
}

/** True when every value that was sent appears in the service's stored JSON (which may add defaults). */
export function carriesSpec(serviceConfig: string | undefined, sent: ServiceSpec): boolean {
  const stored = serviceConfig ? parseSpec(serviceConfig) : undefined;
  return stored !== undefined && contains(stored, sent);
}

function contains(whole: unknown, part: unknown): boolean {
  if (part === null || typeof part !== 'object') return whole === part;
  if (whole === null || typeof whole !== 'object' || Array.isArray(part) !== Array.isArray(whole)) return false;
  if (Array.isArray(part)) {
    const list = whole as unknown[];
    return part.length === list.length && part.every((item, i) => contains(list[i], item));
  }
  const record = whole as Record<string, unknown>;
  return Object.entries(part as Record<string, unknown>).every(([key, value]) => contains(record[key], value));
}
