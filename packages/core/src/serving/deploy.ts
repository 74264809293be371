/**
 * eas-deploy's effects: put a model version into the EAS group named after the stable service,
 * without it taking traffic (blue-green) or as a new version of the serving service (in-place);
 * wait for it to run, call it once, and record it in the model's lineage. Decisions are in
 * deploy-plan.ts and service-spec.ts; docs/eas-deploy.md says why the order of calls matters.
 */
import type { ServerClock } from '../action/server-clock.js';
import { withSignalsDeferred } from '../action/signals.js';
import type { EasClient, Service } from '../clients/eas.js';
import { PaiApiError } from '../errors.js';
import { appendService } from '../lineage.js';
import { updateLineage } from '../lineage-store.js';
import type { OssClient } from '../oss.js';
import { decideVersion, primaryServing, toMember, type Member } from './deploy-plan.js';
import { LABELS, MANAGED_BY, versionServiceName } from './labels.js';
import { buildServiceSpec, type Scaling, type SpecInput, type Strategy } from './service-spec.js';
import { describeSmoke, sendSmokeRequest, type SmokeResult } from './smoke.js';
import { waitForRunning, type Reporter } from './wait-running.js';

export interface DeployRequest {
  /** The stable name users call: the EAS group. */
  group: string;
  sha: string;
  strategy: Strategy;
  spec: Omit<SpecInput, 'serviceName' | 'group' | 'instances'>;
  scaling: Scaling;
  lineageUri: string;
  runUrl: string;
  /** JSON body of the smoke request; none: the version is not called. */
  smokeBody?: string;
  waitTimeoutMs: number;
  smokeTimeoutMs?: number;
}

export interface DeployResult {
  serviceName: string;
  group: string;
  /** The group endpoint users call. */
  endpoint: string;
  /** EAS version number of serviceName now running. */
  version: number;
  /** What happened: a new version, a re-run that found it, an in-place update. */
  action: 'created' | 'reused' | 'updated';
  /** True when nothing else served, so the new version took all traffic. */
  first: boolean;
  /** The version that held the group's traffic when this deploy began (the shift's old side); absent for the first. */
  previous?: string;
  weight: number;
  smoke?: SmokeResult;
  /** The version's service token (already masked). */
  token: string;
  lineageRecorded: boolean;
}

export interface DeployDeps {
  eas: EasClient;
  oss: () => Promise<OssClient>;
  clock: ServerClock;
  reporter: Reporter;
}

const GROUP_NOT_FOUND = 'InvalidGroup.NotFound';
const DEFAULT_SMOKE_TIMEOUT_MS = 60_000;

export async function deployModel(deps: DeployDeps, request: DeployRequest): Promise<DeployResult> {
  const { eas, clock, reporter } = deps;
  const { group, sha, strategy } = request;

  const existingGroup = await findGroup(eas, group);
  const members = existingGroup ? (await eas.listAllServices({ GroupName: group })).map(toMember) : [];
  const serving = primaryServing(members, existingGroup?.TrafficMode);
  const serviceName = strategy === 'in-place' && serving ? serving.name : versionServiceName(group, sha);
  const found = members.find((member) => member.name === serviceName) ?? (await findMember(eas, serviceName));
  const decision = decideVersion(found, sha, strategy);
  if (decision.kind === 'conflict') {
    throw new Error(`cannot deploy ${sha} as ${serviceName}: ${decision.reason}; delete or rename that service`);
  }
  // Blue-green with something serving: the new version must never take traffic before the shift.
  const hidden = strategy === 'blue-green' && serving !== undefined && serving.name !== serviceName;
  const first = serving === undefined;
  const labels = versionLabels(request, clock);
  const spec = buildServiceSpec({ ...request.spec, serviceName, group, instances: request.scaling.instances });

  let expectVersion: number | undefined;
  if (decision.kind === 'create') {
    if (hidden && existingGroup?.TrafficMode !== 'customized') {
      reporter.info(`${group}: traffic mode auto → customized, so weights decide who takes traffic`);
      await eas.updateGroup(group, { TrafficMode: 'customized' });
    }
    reporter.info(`${serviceName}: creating (${strategy}${hidden ? ', weight 0' : ''})`);
    // EAS gives a new group member weight as soon as it runs; set 0 while it is still Creating.
    // A cancel between the two would leave it to take traffic once it runs, so it waits.
    const racer = await withSignalsDeferred(
      async () => {
        const found = await createOrFindRacer(deps, serviceName, sha, { Body: spec, Labels: labels });
        if (hidden) await eas.releaseService(serviceName, { Weight: 0, TrafficState: 'grouping' });
        return found;
      },
      { onHeld: (signal) => reporter.warning(`${signal} received: setting ${serviceName} to weight 0 first`) },
    );
    if (racer) await reuse(deps, racer, labels);
  } else if (decision.kind === 'update') {
    const before = await eas.describeService(serviceName);
    expectVersion = (before.LatestVersion ?? before.CurrentVersion ?? 0) + 1;
    reporter.info(
      `${serviceName}: updating in place from ${decision.member.labels[LABELS.gitSha]} to ${sha} (version ${expectVersion})`,
    );
    await eas.updateService(serviceName, { Body: spec, UpdateType: 'merge' });
    await eas.updateServiceLabel(serviceName, { Labels: labels });
  } else {
    await reuse(deps, decision.member, labels);
  }

  if (request.scaling.autoscaler) await applyAutoscaler(deps, serviceName, request.scaling);

  let service = await waitForRunning(eas, clock, serviceName, {
    timeoutMs: request.waitTimeoutMs,
    reporter,
    ...(expectVersion === undefined ? {} : { version: expectVersion }),
  });
  if (first && decision.kind === 'create') {
    await eas.updateGroup(group, { TrafficMode: 'customized' });
    await eas.releaseService(serviceName, { Weight: 100, TrafficState: 'grouping' });
    reporter.info(`${serviceName}: first version of ${group}, takes all traffic (weight 100)`);
  } else if (hidden && (service.Weight ?? 0) !== 0) {
    reporter.warning(`${serviceName} reached Running with weight ${service.Weight}; setting it back to 0`);
    await eas.releaseService(serviceName, { Weight: 0, TrafficState: 'grouping' });
  }
  service = await eas.describeService(serviceName);
  const token = serviceToken(service, reporter);

  let smoke: SmokeResult | undefined;
  if (request.smokeBody !== undefined) {
    const url = requireEndpoint(service.InternetEndpoint, serviceName);
    smoke = await sendSmokeRequest(url, token, request.smokeBody, request.smokeTimeoutMs ?? DEFAULT_SMOKE_TIMEOUT_MS);
    if (!smoke.ok) {
      const where = hidden ? '; it keeps weight 0 and takes no traffic' : '';
      throw new Error(`smoke request to ${serviceName} ${describeSmoke(smoke)}${where}`);
    }
    reporter.info(`smoke request to ${serviceName} ${describeSmoke(smoke)}`);
  } else {
    reporter.warning(`no smoke-request given: ${serviceName} runs but was not called`);
  }

  const groupNow = await eas.describeGroup(group);
  const endpoint = requireEndpoint(groupNow.InternetEndpoint, group);
  const lineageRecorded = await recordLineage(deps, request, {
    serviceName,
    group,
    deployedAt: labels[LABELS.deployedAt]!,
    runUrl: request.runUrl,
    endpoint,
  });
  return {
    serviceName,
    group,
    endpoint,
    version: service.CurrentVersion ?? 1,
    action: decision.kind === 'create' ? 'created' : decision.kind === 'update' ? 'updated' : 'reused',
    first,
    ...(serving && serving.name !== serviceName ? { previous: serving.name } : {}),
    weight: service.Weight ?? 0,
    ...(smoke ? { smoke } : {}),
    token,
    lineageRecorded,
  };
}

/** Reads the service token and masks it before anything else can see it. */
export function serviceToken(service: Service, reporter: Reporter): string {
  const token = service.AccessToken ?? '';
  if (token) reporter.mask(token);
  return token;
}

function versionLabels(request: DeployRequest, clock: ServerClock): Record<string, string> {
  return {
    [LABELS.managedBy]: MANAGED_BY,
    [LABELS.gitSha]: request.sha,
    [LABELS.modelUri]: request.spec.modelUri,
    [LABELS.lineageUri]: request.lineageUri,
    [LABELS.deployedAt]: new Date(clock.now()).toISOString(),
    [LABELS.deployedByRun]: request.runUrl,
  };
}

/**
 * Creates the version, or, when a concurrent run of the same commit created it between our
 * listing and our create (EAS refuses the name), returns that run's version to reuse: two deploys
 * of one commit end with one service and both succeed. A name taken by anything else still fails.
 */
async function createOrFindRacer(
  deps: DeployDeps,
  serviceName: string,
  sha: string,
  request: Parameters<EasClient['createService']>[0],
): Promise<Member | undefined> {
  try {
    await deps.eas.createService(request);
    return undefined;
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    const again = decideVersion(await findMember(deps.eas, serviceName), sha, 'blue-green');
    if (again.kind !== 'reuse') throw error;
    deps.reporter.info(`${serviceName}: another run created it for ${sha} meanwhile`);
    return again.member;
  }
}

/** A re-run found its version: keep when and by whom it was deployed, make sure it can run. */
async function reuse(deps: DeployDeps, member: Member, labels: Record<string, string>): Promise<void> {
  const { eas, reporter } = deps;
  reporter.info(`${member.name} already runs ${member.labels[LABELS.gitSha]}: reusing it (${member.status})`);
  const keep = { ...labels };
  for (const key of [LABELS.deployedAt, LABELS.deployedByRun]) {
    if (member.labels[key]) delete keep[key];
  }
  await eas.updateServiceLabel(member.name, { Labels: keep });
  if (member.status === 'Stopped') {
    reporter.warning(`${member.name} was Stopped; starting it`);
    await eas.startService(member.name);
  }
}

async function applyAutoscaler(deps: DeployDeps, serviceName: string, scaling: Scaling): Promise<void> {
  const autoscaler = scaling.autoscaler!;
  const current = await deps.eas.describeService(serviceName);
  if (current.AutoscalerEnabled) await deps.eas.updateServiceAutoScaler(serviceName, autoscaler);
  else await deps.eas.createServiceAutoScaler(serviceName, autoscaler);
  const cooldown = autoscaler.behavior?.scaleDown?.stabilizationWindowSeconds;
  deps.reporter.info(
    `${serviceName}: autoscaler ${autoscaler.min}..${autoscaler.max} instances, scale out above ${autoscaler.scaleStrategies[0]?.threshold} QPS per instance, scale-in cooldown ${cooldown} s`,
  );
}

async function recordLineage(
  deps: DeployDeps,
  request: DeployRequest,
  record: Parameters<typeof appendService>[1],
): Promise<boolean> {
  const oss = await deps.oss();
  if (!(await oss.exists(request.lineageUri))) {
    deps.reporter.warning(`no lineage at ${request.lineageUri}: the deploy is not recorded there`);
    return false;
  }
  await updateLineage(oss, request.lineageUri, (lineage) => appendService(lineage, record));
  deps.reporter.info(`lineage ${request.lineageUri}: recorded ${record.serviceName}`);
  return true;
}

async function findGroup(eas: EasClient, group: string) {
  try {
    return await eas.describeGroup(group);
  } catch (error) {
    if (error instanceof PaiApiError && error.code === GROUP_NOT_FOUND) return undefined;
    throw error;
  }
}

async function findMember(eas: EasClient, name: string): Promise<Member | undefined> {
  const service = await eas.findService(name);
  return service ? toMember(service) : undefined;
}

/** EAS refused a create because the name is taken (409, InvalidService.AlreadyExists). */
function isAlreadyExists(error: unknown): boolean {
  return error instanceof PaiApiError && (error.statusCode === 409 || /already ?exist/i.test(error.code));
}

function requireEndpoint(endpoint: string | undefined, name: string): string {
  if (!endpoint) throw new Error(`EAS reported no InternetEndpoint for ${name}`);
  return endpoint;
}
