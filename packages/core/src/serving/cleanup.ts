/**
 * cleanup-versions' effects: list the versions, decide with planCleanup, re-read the weights,
 * delete with bounded concurrency, then (optionally) delete the OSS models nothing uses any more.
 * Every decision is made by the pure functions in cleanup-plan.ts and cleanup-artifacts.ts.
 */
import type { EasClient, Service } from '../clients/eas.js';
import { PaiApiError } from '../errors.js';
import type { OssClient } from '../oss.js';
import { lineageUriForModel } from '../lineage.js';
import { labelRecord, LABELS, MANAGED_BY } from './labels.js';
import { planCleanup, type CleanupDecision, type CleanupPolicy, type VersionFacts } from './cleanup-plan.js';
import {
  normaliseModelUri,
  planArtifactCleanup,
  type ArtifactDecision,
  type RemainingReference,
} from './cleanup-artifacts.js';

export interface CleanupSelection {
  /** The EAS group (the stable service name) whose versions to clean. */
  group?: string;
  /** Only services carrying all of these labels (besides managed-by=pai-actions). */
  labels?: Readonly<Record<string, string>>;
}

export interface CleanupOptions extends Pick<CleanupPolicy, 'retentionMs' | 'keepNewest' | 'maxDeletes'> {
  selection: CleanupSelection;
  dryRun: boolean;
  /** Also delete the OSS models of deleted versions that no remaining service uses. */
  deleteArtifacts: boolean;
  /** Deletes (and group listings) in flight at once; default 8. */
  concurrency?: number;
}

/** What cleanup says as it goes; `mask` hides a secret from every later log line (core.setSecret). */
export interface CleanupReporter {
  info(message: string): void;
  warning(message: string): void;
  mask(secret: string): void;
}

export interface CleanupClock {
  now(): number;
}

export interface ArtifactOutcome extends ArtifactDecision {
  /** Objects deleted (or, in a dry run, that would be). */
  objects?: number;
  error?: string;
}

export interface CleanupResult {
  dryRun: boolean;
  /** Server time the plan was judged at (ISO 8601). */
  judgedAt: string;
  /** Versions deleted (or, in a dry run, that would be). */
  deleted: CleanupDecision[];
  kept: CleanupDecision[];
  /** Deletes that failed, with the error; the action fails when there are any. */
  failed: { service: string; group: string; error: string }[];
  /** How many deletes max-deletes held back. */
  cappedBy: number;
  artifacts: ArtifactOutcome[];
}

const DEFAULT_CONCURRENCY = 8;

export async function cleanupVersions(
  clients: { eas: EasClient; oss?: () => Promise<OssClient> },
  clock: CleanupClock,
  options: CleanupOptions,
  reporter: CleanupReporter,
): Promise<CleanupResult> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const lister = new ServiceLister(clients.eas, reporter);
  const { versions, selected } = await lister.selectVersions(options.selection, concurrency);
  // After the listing, whose answers told the clock the server's time.
  const now = clock.now();
  const policy: CleanupPolicy = {
    now,
    retentionMs: options.retentionMs,
    keepNewest: options.keepNewest,
    ...(options.maxDeletes === undefined ? {} : { maxDeletes: options.maxDeletes }),
    ...(selected ? { selected } : {}),
  };
  let plan = planCleanup(versions.map(toFacts), policy);
  reporter.info(
    `${versions.length} version(s) in ${new Set(versions.map(groupOf)).size} group(s); ` +
      `${plan.filter((d) => d.action === 'delete').length} to delete at server time ${new Date(now).toISOString()}`,
  );

  const failed: CleanupResult['failed'] = [];
  let removed = new Set<string>();
  if (!options.dryRun && plan.some((d) => d.action === 'delete')) {
    plan = await lister.recheck(plan, policy, concurrency, reporter);
    removed = await deleteAll(
      clients.eas,
      plan.filter((d) => d.action === 'delete'),
      concurrency,
      failed,
      reporter,
    );
  }
  const deleted = plan.filter((d) => d.action === 'delete' && (options.dryRun || removed.has(d.service)));
  const kept = plan.filter((d) => d.action === 'keep');

  let artifacts: ArtifactOutcome[] = [];
  if (options.deleteArtifacts && deleted.length > 0) {
    if (!clients.oss) throw new Error('delete-artifacts needs an OSS client');
    const gone = new Set(deleted.map((d) => d.service));
    const modelUris = versions.filter((v) => gone.has(v.ServiceName)).flatMap((v) => toReference(v).modelUris);
    // Every service in the region counts, managed or not: another group may serve the same model.
    const remaining = (await lister.everyService()).filter((s) => !gone.has(s.ServiceName) && !isDeleting(s));
    artifacts = await deleteArtifacts(
      await clients.oss(),
      planArtifactCleanup(modelUris, remaining.map(toReference)),
      options.dryRun,
      reporter,
    );
  }

  return {
    dryRun: options.dryRun,
    judgedAt: new Date(now).toISOString(),
    deleted,
    kept,
    failed,
    cappedBy: plan.filter((d) => d.rule === 'max-deletes').length,
    artifacts,
  };
}

/** Lists services, masking every service token the moment it is read. */
class ServiceLister {
  constructor(
    private readonly eas: EasClient,
    private readonly reporter: CleanupReporter,
  ) {}

  async list(filter: { GroupName?: string; Label?: Record<string, string> }): Promise<Service[]> {
    const services = await this.eas.listAllServices(filter);
    for (const service of services) if (service.AccessToken) this.reporter.mask(service.AccessToken);
    return services;
  }

  /**
   * The selected services and every other version of their groups (which may name a selected
   * one as rollback target). `selected` is undefined when the whole group was asked for.
   */
  async selectVersions(
    selection: CleanupSelection,
    concurrency: number,
  ): Promise<{ versions: Service[]; selected?: Set<string> }> {
    if (!selection.labels) {
      return { versions: await this.list({ GroupName: selection.group! }) };
    }
    const matching = await this.list({
      ...(selection.group ? { GroupName: selection.group } : {}),
      Label: { ...selection.labels, [LABELS.managedBy]: MANAGED_BY },
    });
    const groups = [...new Set(matching.map(groupOf))].sort();
    const members = await mapConcurrently(groups, concurrency, (group) => this.list({ GroupName: group }));
    return { versions: members.flat(), selected: new Set(matching.map((s) => s.ServiceName)) };
  }

  /**
   * Plans again on freshly read groups (a shift may have started since the first listing) and
   * deletes only what both plans delete; anything the second plan keeps is kept with its reason.
   */
  async recheck(
    plan: CleanupDecision[],
    policy: CleanupPolicy,
    concurrency: number,
    reporter: CleanupReporter,
  ): Promise<CleanupDecision[]> {
    const groups = [...new Set(plan.filter((d) => d.action === 'delete').map((d) => d.group))].sort();
    const fresh = (await mapConcurrently(groups, concurrency, (group) => this.list({ GroupName: group }))).flat();
    const second = new Map(planCleanup(fresh.map(toFacts), policy).map((d) => [d.service, d]));
    return plan.map((first) => {
      if (first.action !== 'delete') return first;
      const now = second.get(first.service);
      if (now?.action === 'delete') return first;
      const changed: CleanupDecision = now ?? {
        ...first,
        action: 'keep',
        rule: 'being-deleted',
        reason: 'gone before its delete',
      };
      reporter.info(`${first.service}: kept after all, ${changed.reason}`);
      return changed;
    });
  }

  everyService(): Promise<Service[]> {
    return this.list({});
  }
}

async function deleteAll(
  eas: EasClient,
  deletes: readonly CleanupDecision[],
  concurrency: number,
  failed: CleanupResult['failed'],
  reporter: CleanupReporter,
): Promise<Set<string>> {
  const removed = new Set<string>();
  await mapConcurrently(deletes, concurrency, async (decision) => {
    try {
      // DeleteService starts the delete (the service shows Deleting); accepted counts as deleted.
      await eas.deleteService(decision.service);
      removed.add(decision.service);
      reporter.info(`deleted ${decision.service}: ${decision.reason}`);
    } catch (error) {
      // Another cleanup (a concurrent run) deleted it after our re-check: gone is what was wanted.
      if (isNotFound(error)) {
        removed.add(decision.service);
        reporter.info(`${decision.service} was already gone (deleted by another run): ${decision.reason}`);
        return;
      }
      const message = (error as Error).message;
      failed.push({ service: decision.service, group: decision.group, error: message });
      reporter.warning(`could not delete ${decision.service}: ${message}`);
    }
  });
  return removed;
}

async function deleteArtifacts(
  oss: OssClient,
  decisions: readonly ArtifactDecision[],
  dryRun: boolean,
  reporter: CleanupReporter,
): Promise<ArtifactOutcome[]> {
  const outcomes: ArtifactOutcome[] = [];
  for (const decision of decisions) {
    if (decision.action !== 'delete' || !decision.location) {
      outcomes.push(decision);
      continue;
    }
    const { bucket, prefix: key } = decision.location;
    try {
      // The model is the object itself (a file model) or everything under `<key>/` (a directory).
      const objects = (await oss.listAll({ bucket, prefix: key })).filter(
        (o) => o.key === key || o.key.startsWith(`${key}/`),
      );
      if (!dryRun && objects.length > 0) await oss.deleteMany(objects);
      outcomes.push({ ...decision, objects: objects.length });
      reporter.info(`${dryRun ? 'would delete' : 'deleted'} ${objects.length} object(s) of ${decision.uri}`);
    } catch (error) {
      const message = (error as Error).message;
      outcomes.push({ ...decision, error: message });
      reporter.warning(`could not delete the model ${decision.uri}: ${message}`);
    }
  }
  return outcomes;
}

function toFacts(service: Service): VersionFacts {
  return {
    service: service.ServiceName,
    group: groupOf(service),
    weight: typeof service.Weight === 'number' ? service.Weight : undefined,
    status: service.Status,
    ...(service.CreateTime ? { createTime: service.CreateTime } : {}),
    labels: labelRecord(service.Labels),
  };
}

function toReference(service: Service): RemainingReference {
  const labels = labelRecord(service.Labels);
  const modelUris = [labels[LABELS.modelUri], modelPathOf(service.ServiceConfig)].filter((uri): uri is string => !!uri);
  const lineageUris = [
    labels[LABELS.lineageUri],
    ...modelUris.map((uri) => lineageUriForModel(normaliseModelUri(uri))),
  ].filter((uri): uri is string => !!uri);
  return { service: service.ServiceName, modelUris, lineageUris };
}

function modelPathOf(serviceConfig: string | undefined): string | undefined {
  if (!serviceConfig) return undefined;
  try {
    const config = JSON.parse(serviceConfig) as { model_path?: unknown };
    return typeof config.model_path === 'string' ? config.model_path : undefined;
  } catch {
    return undefined;
  }
}

function groupOf(service: Service): string {
  // EAS puts a service that names no group into the group of its own name.
  return service.ServiceGroup || service.ServiceName;
}

/** EAS's answer for a service that no longer exists (checked by code: errors.js loads no SDK). */
function isNotFound(error: unknown): boolean {
  return error instanceof PaiApiError && error.code === SERVICE_NOT_FOUND;
}
const SERVICE_NOT_FOUND = 'InvalidService.NotFound';

function isDeleting(service: Service): boolean {
  return (service.Status as string) === 'Deleting';
}

/** Runs `work` over `items`, at most `limit` at a time; results in input order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
