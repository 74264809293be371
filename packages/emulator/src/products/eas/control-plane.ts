import type { EmulatorContext } from '../../context.js';
import { badRequest, conflict, notFound, ServiceError } from '../../errors.js';
import { newId } from '../../ids.js';
import type { ApiCall, ApiRoute, OpenApiProduct } from '../../openapi.js';
import { begin, newInstances, statusOf } from './lifecycle.js';
import { ModelError, checkBehaviour } from './model.js';
import type { AutoscalerRecord, ServiceRecord, TrafficMode } from './records.js';
import { newToken, type EasRegistry } from './registry.js';
import {
  isoTime,
  page,
  predictUrl,
  renderEndpoints,
  renderGroup,
  renderInstance,
  renderService,
  type RenderContext,
} from './render.js';
import { resize } from './scaling.js';
import {
  checkServiceName,
  groupOf,
  isRecord,
  mergeConfig,
  parseJson,
  readConfig,
  readLabelMap,
  replicasOf,
  truncate,
} from './spec.js';

/**
 * The EAS 2021-07-01 control plane (ROA under /api/v2): services with versions, labels, groups,
 * weights and autoscalers, with statuses that move on the emulator clock. Error codes marked
 * GUESS are not confirmed by a source; InvalidService.NotFound is (terraform provider, agentscope).
 */
const SERVICE = '/api/v2/services/{ClusterId}/{ServiceName}';
const GROUP = '/api/v2/groups/{ClusterId}/{GroupName}';

export function easControlPlane(ctx: EmulatorContext, registry: EasRegistry): OpenApiProduct {
  const view = (now: number): RenderContext => ({
    region: ctx.region,
    accountId: ctx.ram.accountId,
    gateway: ctx.endpoints['gateway'] ?? '',
    now,
  });
  const serviceArn = (name: string) => `acs:eas:${ctx.region}:${ctx.ram.accountId}:service/${name}`;
  const groupArn = (name: string) => `acs:eas:${ctx.region}:${ctx.ram.accountId}:group/${name}`;
  const onService = (call: ApiCall) => serviceArn(call.params['ServiceName'] ?? '');
  const onGroup = (call: ApiCall) => groupArn(call.params['GroupName'] ?? '');
  /** The service named in the path, in this region. */
  const target = (call: ApiCall): ServiceRecord => {
    const name = call.params['ServiceName'] ?? '';
    if (call.params['ClusterId'] !== ctx.region) {
      throw notFound(
        'InvalidService.NotFound',
        `Service [${name}] does not exist in region [${call.params['ClusterId']}].`,
      );
    }
    return registry.get(name, call.now);
  };
  const notDeleting = (service: ServiceRecord) => {
    if (service.transition?.status === 'Deleting') {
      throw badRequest('InvalidService.Status', `Service [${service.name}] is being deleted.`); // GUESS
    }
  };
  const t = () => registry.timings;

  const routes: ApiRoute[] = [
    {
      action: 'CreateService',
      method: 'POST',
      path: '/api/v2/services',
      resource: (call) =>
        serviceArn(isRecord(call.body) && typeof call.body['name'] === 'string' ? call.body['name'] : '*'),
      handle: (call) => {
        const config = readConfig(call.body);
        const name = checkServiceName(config['name']);
        const labels = readLabelMap(call.input['Labels'], 'Labels') ?? {};
        if (registry.find(name, call.now)) {
          throw conflict('InvalidService.AlreadyExists', `Service [${name}] already exists in region [${ctx.region}].`); // GUESS
        }
        const now = call.now;
        const service: ServiceRecord = {
          name,
          uid: newId('eas-m-', 14),
          accessToken: newToken(),
          createdAt: now,
          updatedAt: now,
          callerUid: call.principal?.accountId ?? ctx.ram.accountId,
          ...(call.input['WorkspaceId'] ? { workspaceId: call.input['WorkspaceId'] } : {}),
          develop: call.input['Develop'] === 'true',
          versions: [{ version: 1, config, buildTime: now }],
          latestVersion: 1,
          currentVersion: 1,
          labels,
          group: groupOf(config, name),
          weight: 100, // GUESS: the default weight of a service in a group is not documented
          trafficState: 'grouping',
          settled: { status: 'Running', reason: '', message: '', since: now }, // replaced when Creating ends
          instances: [],
        };
        const creating = begin(service, 'Creating', now, t().createMs, 'Running');
        service.instances = newInstances(service, replicasOf(config), now, creating.until);
        registry.put(service);
        const endpoint = predictUrl(view(now), name);
        return {
          ServiceId: service.uid,
          ServiceName: name,
          Status: 'Creating',
          Region: ctx.region,
          InternetEndpoint: endpoint,
          IntranetEndpoint: endpoint,
        };
      },
    },
    {
      action: 'ListServices',
      method: 'GET',
      path: '/api/v2/services',
      handle: (call) => {
        const q = call.input;
        const label = readLabelMap(q['Label'], 'Label');
        const filter = (q['Filter'] ?? '').toLowerCase();
        const services = registry
          .all(call.now)
          .filter((s) => !filter || s.name.toLowerCase().includes(filter))
          .filter((s) => !q['ServiceName'] || s.name === q['ServiceName'])
          .filter((s) => !q['GroupName'] || s.group === q['GroupName'])
          .filter((s) => !q['ServiceStatus'] || statusOf(s).status === q['ServiceStatus'])
          .filter((s) => !q['TrafficState'] || s.trafficState === q['TrafficState'])
          .filter((s) => !q['ServiceUid'] || s.uid === q['ServiceUid'])
          .filter((s) => !q['WorkspaceId'] || s.workspaceId === q['WorkspaceId'])
          .filter((s) => !label || Object.entries(label).every(([k, v]) => s.labels[k] === v));
        const v = view(call.now);
        const rendered = services.map((s) => renderService(v, s, false));
        sortBy(rendered, q['Sort'] || 'CreateTime', q['Order'] === 'asc' ? 'asc' : 'desc');
        const p = page(rendered, q['PageNumber'], q['PageSize']);
        return { Services: p.items, TotalCount: p.TotalCount, PageNumber: p.PageNumber, PageSize: p.PageSize };
      },
    },
    {
      action: 'DescribeService',
      method: 'GET',
      path: SERVICE,
      resource: onService,
      handle: (call) => renderService(view(call.now), target(call), true),
    },
    {
      action: 'UpdateService',
      method: 'PUT',
      path: SERVICE,
      resource: onService,
      handle: (call) => {
        const service = target(call);
        notDeleting(service);
        const updateType = call.input['UpdateType'] || 'merge';
        if (updateType !== 'merge' && updateType !== 'replace') {
          throw badRequest('InvalidParameter', `UpdateType must be merge or replace, got ${truncate(updateType)}.`);
        }
        const patch = readConfig(call.body);
        const latest = service.versions[service.versions.length - 1]!.config;
        const config = { ...(updateType === 'merge' ? mergeConfig(latest, patch) : patch), name: service.name };
        const version = service.latestVersion + 1;
        service.versions.push({ version, config, buildTime: call.now });
        service.latestVersion = version;
        const previousGroup = service.group;
        service.group = groupOf(config, service.name);
        if (service.group !== previousGroup) registry.ensureGroup(service.group, call.now);
        rollTo(service, version, call.now);
        return { Message: `Service [${service.name}] is updating to version [${version}]` };
      },
    },
    {
      action: 'UpdateServiceVersion',
      method: 'PUT',
      path: `${SERVICE}/version`,
      resource: onService,
      handle: (call) => {
        const service = target(call);
        notDeleting(service);
        const version = isRecord(call.body) ? Number(call.body['Version']) : NaN;
        if (!Number.isInteger(version) || version < 1 || version > service.latestVersion) {
          throw badRequest('InvalidParameter', `Version must be an existing version (1..${service.latestVersion}).`);
        }
        rollTo(service, version, call.now);
        return { Message: `Service [${service.name}] is updating to version [${version}]` };
      },
    },
    {
      action: 'ListServiceVersions',
      method: 'GET',
      path: `${SERVICE}/versions`,
      resource: onService,
      handle: (call) => {
        const service = target(call);
        const versions = [...service.versions].reverse().map((v) => ({
          BuildTime: isoTime(v.buildTime),
          ImageAvailable: 'true',
          ImageId: v.version,
          Message: '',
          ServiceConfig: JSON.stringify(v.config),
          ServiceRunnable: 'true',
        }));
        const p = page(versions, call.input['PageNumber'], call.input['PageSize']);
        return { Versions: p.items, TotalCount: p.TotalCount, PageNumber: p.PageNumber, PageSize: p.PageSize };
      },
    },
    {
      action: 'DeleteService',
      method: 'DELETE',
      path: SERVICE,
      resource: onService,
      handle: (call) => {
        const service = target(call);
        if (service.transition?.status !== 'Deleting') {
          begin(service, 'Deleting', call.now, t().deleteMs, 'Deleted');
          service.servingVersion = undefined;
          registry.changed(service);
        }
        return { Message: `Service [${service.name}] in region [${ctx.region}] is terminating` };
      },
    },
    {
      action: 'StartService',
      method: 'PUT',
      path: `${SERVICE}/start`,
      resource: onService,
      handle: (call) => {
        const service = target(call);
        const status = statusOf(service).status;
        if (status === 'Running' || status === 'Starting')
          return { Message: `Service [${service.name}] is already running` };
        if (service.transition) {
          throw badRequest(
            'InvalidService.Status',
            `Service [${service.name}] is ${status}; it can be started when it is Stopped or Failed.`,
          ); // GUESS
        }
        const starting = begin(service, 'Starting', call.now, t().startMs, 'Running');
        service.instances = newInstances(service, desiredReplicas(service), call.now, starting.until);
        registry.changed(service);
        return { Message: `Service [${service.name}] is starting` };
      },
    },
    {
      action: 'StopService',
      method: 'PUT',
      path: `${SERVICE}/stop`,
      resource: onService,
      handle: (call) => {
        const service = target(call);
        notDeleting(service);
        const status = statusOf(service).status;
        if (status === 'Stopped' || status === 'Stopping')
          return { Message: `Service [${service.name}] is already stopped` };
        begin(service, 'Stopping', call.now, t().stopMs, 'Stopped');
        service.servingVersion = undefined;
        registry.changed(service);
        return { Message: `Service [${service.name}] is stopping` };
      },
    },
    {
      action: 'UpdateServiceLabel',
      method: 'PUT',
      path: `${SERVICE}/label`,
      resource: onService,
      handle: (call) => {
        const service = target(call);
        const labels = isRecord(call.body) ? call.body['Labels'] : undefined;
        if (!isRecord(labels) || !Object.values(labels).every((v) => typeof v === 'string')) {
          throw badRequest('InvalidParameter', 'Labels must be an object of strings.');
        }
        Object.assign(service.labels, labels);
        service.updatedAt = call.now;
        registry.changed(service);
        return { Message: `Succeed to update labels of service [${service.name}]` };
      },
    },
    {
      action: 'DeleteServiceLabel',
      method: 'DELETE',
      path: `${SERVICE}/label`,
      resource: onService,
      handle: (call) => {
        const service = target(call);
        const raw = call.input['LabelKeys'] ?? call.input['Keys'];
        const keys = raw === undefined ? undefined : parseJson(raw);
        if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
          throw badRequest('InvalidParameter', 'LabelKeys must be a JSON array of label keys.');
        }
        for (const key of keys) delete service.labels[key];
        service.updatedAt = call.now;
        registry.changed(service);
        return { Message: `Succeed to delete labels of service [${service.name}]` };
      },
    },
    {
      action: 'CreateServiceAutoScaler',
      method: 'POST',
      path: `${SERVICE}/autoscaler`,
      resource: onService,
      handle: (call) => {
        const service = target(call);
        if (service.autoscaler) {
          throw badRequest('InvalidAutoScaler.AlreadyExists', `Service [${service.name}] already has an autoscaler.`); // GUESS
        }
        applyAutoscaler(service, readAutoscaler(call.body), call.now);
        return { Message: `Succeed to create autoscaler for service [${service.name}]` };
      },
    },
    {
      action: 'UpdateServiceAutoScaler',
      method: 'PUT',
      path: `${SERVICE}/autoscaler`,
      resource: onService,
      handle: (call) => {
        const service = target(call);
        const next = readAutoscaler(call.body);
        next.recommendations = service.autoscaler?.recommendations ?? [];
        applyAutoscaler(service, next, call.now);
        return { Message: `Succeed to update autoscaler for service [${service.name}]` };
      },
    },
    {
      action: 'DescribeServiceAutoScaler',
      method: 'GET',
      path: `${SERVICE}/autoscaler`,
      resource: onService,
      handle: (call) => {
        const service = target(call);
        const a = requireAutoscaler(service);
        return {
          ServiceName: service.name,
          MinReplica: a.min,
          MaxReplica: a.max,
          ScaleStrategies: a.strategies.map((s) => ({ ...s, metricName: s.metricName.toUpperCase() })),
          CurrentMetrics: a.strategies
            .filter((s) => s.metricName.toLowerCase() === 'qps')
            .map(() => ({
              metricName: 'QPS',
              service: service.name,
              value: round(a.lastQps / Math.max(1, service.instances.length)),
            })),
          Behavior: {
            scaleUp: { stabilizationWindowSeconds: a.scaleUpWindowMs / 1000 },
            scaleDown: { stabilizationWindowSeconds: a.scaleDownWindowMs / 1000 },
            onZero: {
              scaleDownGracePeriodSeconds: a.zeroGraceMs / 1000,
              scaleUpActivationReplicas: a.activationReplicas,
            },
          },
        };
      },
    },
    {
      action: 'DeleteServiceAutoScaler',
      method: 'DELETE',
      path: `${SERVICE}/autoscaler`,
      resource: onService,
      handle: (call) => {
        const service = target(call);
        requireAutoscaler(service);
        delete service.autoscaler;
        registry.changed(service);
        return { Message: `Succeed to delete autoscaler of service [${service.name}]` };
      },
    },
    {
      action: 'ListServiceInstances',
      method: 'GET',
      path: `${SERVICE}/instances`,
      resource: onService,
      handle: (call) => {
        const service = target(call);
        const v = view(call.now);
        const q = call.input;
        const instances = service.instances
          .map((i) => renderInstance(v, service, i))
          .filter((i) => !q['InstanceStatus'] || i['Status'] === q['InstanceStatus'])
          .filter((i) => !q['InstanceName'] || i['InstanceName'] === q['InstanceName'])
          .filter((i) => !q['InstanceIP'] || i['InnerIP'] === q['InstanceIP'])
          .filter((i) => !q['Filter'] || String(i['InstanceName']).includes(q['Filter']));
        const p = page(instances, q['PageNumber'], q['PageSize']);
        return { Instances: p.items, TotalCount: p.TotalCount, PageNumber: p.PageNumber, PageSize: p.PageSize };
      },
    },
    {
      action: 'DescribeServiceEndpoints',
      method: 'GET',
      path: `${SERVICE}/endpoints`,
      resource: onService,
      handle: (call) => renderEndpoints(view(call.now), target(call).accessToken, 'Service'),
    },
    {
      action: 'ReleaseService',
      method: 'PUT',
      path: `${SERVICE}/release`,
      resource: onService,
      handle: (call) => {
        const service = target(call);
        notDeleting(service);
        const body = isRecord(call.body) ? call.body : {};
        const weight = Number(body['Weight']);
        if (!Number.isInteger(weight) || weight < -1 || weight > 1000) {
          throw badRequest('InvalidParameter', 'Weight must be an integer between -1 and 1000.');
        }
        const state = body['TrafficState'];
        if (state !== undefined && state !== 'standalone' && state !== 'grouping') {
          throw badRequest('InvalidParameter', 'TrafficState must be standalone or grouping.');
        }
        // GUESS: -1 leaves the weight as it is (only the traffic state changes).
        if (weight >= 0) service.weight = weight;
        if (state) service.trafficState = state;
        service.updatedAt = call.now;
        registry.changed(service);
        return {
          Message: `Releasing service [${service.name}] in group [${service.group}] with weight [${service.weight}] and traffic state [${service.trafficState}]`,
        };
      },
    },
    {
      action: 'ListGroups',
      method: 'GET',
      path: '/api/v2/groups',
      handle: (call) => {
        const q = call.input;
        const filter = (q['Filter'] ?? '').toLowerCase();
        const v = view(call.now);
        const groups = registry
          .groups(call.now)
          .filter((g) => !filter || g.name.toLowerCase().includes(filter))
          .filter((g) => !q['TrafficMode'] || g.trafficMode === q['TrafficMode'])
          .map((g) => renderGroup(v, g));
        sortBy(groups, q['Sort'] || 'CreateTime', q['Order'] === 'asc' ? 'asc' : 'desc');
        const p = page(groups, q['PageNumber'], q['PageSize']);
        return { Groups: p.items, TotalCount: p.TotalCount, PageNumber: p.PageNumber, PageSize: p.PageSize };
      },
    },
    {
      action: 'DescribeGroup',
      method: 'GET',
      path: GROUP,
      resource: onGroup,
      handle: (call) => renderGroup(view(call.now), targetGroup(call)),
    },
    {
      action: 'UpdateGroup',
      method: 'PUT',
      path: GROUP,
      resource: onGroup,
      handle: (call) => {
        const group = targetGroup(call);
        const mode = isRecord(call.body) ? call.body['TrafficMode'] : undefined;
        if (mode !== undefined) {
          if (mode !== 'auto' && mode !== 'customized')
            throw badRequest('InvalidParameter', 'TrafficMode must be auto or customized.');
          group.trafficMode = mode as TrafficMode;
        }
        group.updatedAt = call.now;
        registry.groupChanged(group);
        return { Message: `Succeed to update group [${group.name}]` };
      },
    },
    {
      action: 'DescribeGroupEndpoints',
      method: 'GET',
      path: `${GROUP}/endpoints`,
      resource: onGroup,
      handle: (call) => renderEndpoints(view(call.now), targetGroup(call).accessToken, 'Group'),
    },
  ];

  function targetGroup(call: ApiCall) {
    const name = call.params['GroupName'] ?? '';
    if (call.params['ClusterId'] !== ctx.region) {
      throw notFound(
        'InvalidGroup.NotFound',
        `Group [${name}] does not exist in region [${call.params['ClusterId']}].`,
      );
    }
    return registry.getGroup(name, call.now); // InvalidGroup.NotFound: GUESS by analogy with services
  }

  /** Rolls the service to `version`: new instances start, the old version serves until they are up. */
  function rollTo(service: ServiceRecord, version: number, now: number): void {
    const replicas = desiredReplicas(service, version);
    service.currentVersion = version;
    const updating = begin(service, 'Updating', now, t().updateMs, 'Running');
    const serving = service.instances.filter((i) => i.version === service.servingVersion);
    // Back to the version that serves: its instances stay; otherwise a new set rolls out.
    service.instances =
      version === service.servingVersion
        ? serving
        : [...serving, ...newInstances(service, replicas, now, updating.until)];
    registry.changed(service);
  }

  /** metadata.instance of the version, or, under an autoscaler, the count it has settled on. */
  function desiredReplicas(service: ServiceRecord, version = service.currentVersion): number {
    const config = service.versions.find((v) => v.version === version)!.config;
    const wanted = replicasOf(config);
    const a = service.autoscaler;
    if (!a) return wanted;
    const serving = service.instances.filter((i) => i.version === service.servingVersion).length || wanted;
    return Math.min(a.max, Math.max(a.min, serving));
  }

  function applyAutoscaler(service: ServiceRecord, autoscaler: AutoscalerRecord, now: number): void {
    service.autoscaler = autoscaler;
    const current = service.instances.filter((i) => i.version === service.currentVersion).length;
    resize(service, Math.min(autoscaler.max, Math.max(autoscaler.min, current)), now, t().instanceStartMs);
    service.updatedAt = now;
    registry.changed(service);
  }

  return { product: 'eas', version: '2021-07-01', style: 'ROA', ramPrefix: 'eas', routes };
}

function requireAutoscaler(service: ServiceRecord): AutoscalerRecord {
  if (!service.autoscaler) {
    throw notFound('InvalidAutoScaler.NotFound', `Service [${service.name}] has no autoscaler.`); // GUESS
  }
  return service.autoscaler;
}

/** The lower-camel autoscaler body, with the cloud's defaults (scale-in cooldown 300 s). */
export function readAutoscaler(body: unknown): AutoscalerRecord {
  if (!isRecord(body)) throw badRequest('InvalidParameter', 'The autoscaler body must be a JSON object.');
  const min = body['min'];
  const max = body['max'];
  if (
    !Number.isInteger(min) ||
    !Number.isInteger(max) ||
    (min as number) < 0 ||
    (max as number) > 1000 ||
    (max as number) <= (min as number)
  ) {
    throw badRequest('InvalidParameter', 'min and max are required integers with 0 <= min < max <= 1000.');
  }
  const strategies = body['scaleStrategies'];
  if (!Array.isArray(strategies) || strategies.length === 0) {
    throw badRequest('InvalidParameter', 'scaleStrategies must be a non-empty array of {metricName, threshold}.');
  }
  const checked = strategies.map((s, i) => {
    if (
      !isRecord(s) ||
      typeof s['metricName'] !== 'string' ||
      typeof s['threshold'] !== 'number' ||
      !(s['threshold'] > 0)
    ) {
      throw badRequest('InvalidParameter', `scaleStrategies[${i}] needs a metricName and a positive threshold.`);
    }
    return {
      metricName: s['metricName'],
      threshold: s['threshold'],
      ...(typeof s['service'] === 'string' ? { service: s['service'] } : {}),
    };
  });
  const behavior = isRecord(body['behavior']) ? body['behavior'] : {};
  const seconds = (section: string, field: string, fallback: number): number => {
    const part = behavior[section];
    const value = isRecord(part) ? part[field] : undefined;
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !(value >= 0))
      throw badRequest('InvalidParameter', `behavior.${section}.${field} must be a number >= 0.`);
    return value;
  };
  return {
    min: min as number,
    max: max as number,
    strategies: checked,
    scaleUpWindowMs: seconds('scaleUp', 'stabilizationWindowSeconds', 0) * 1000,
    scaleDownWindowMs: seconds('scaleDown', 'stabilizationWindowSeconds', 300) * 1000,
    zeroGraceMs: seconds('onZero', 'scaleDownGracePeriodSeconds', 600) * 1000,
    activationReplicas: Math.max(1, Math.round(seconds('onZero', 'scaleUpActivationReplicas', 1))),
    recommendations: [],
    lastQps: 0,
  };
}

/** Checks an admin behaviour override; ModelError becomes a 400 the admin API reports. */
export function readBehaviourOverride(body: unknown) {
  try {
    return checkBehaviour(body);
  } catch (error) {
    if (error instanceof ModelError) throw new ServiceError(400, 'InvalidParameter', error.message);
    throw error;
  }
}

function sortBy(items: Array<Record<string, unknown>>, field: string, order: 'asc' | 'desc'): void {
  const sign = order === 'asc' ? 1 : -1;
  items.sort((a, b) => {
    const x = a[field];
    const y = b[field];
    if (x === y) return 0;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    return (String(x) < String(y) ? -1 : 1) * sign;
  });
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
