/**
 * What cleanup-versions may delete: a pure function of the versions (plain data read from EAS)
 * and the policy, so every rule is tested by table. A version is deleted only when no rule keeps
 * it; the rules, strongest first, are listed in CLEANUP_RULES and docs/cleanup-versions.md.
 */
import { formatDuration } from '../inputs.js';
import { LABELS, MANAGED_BY } from './labels.js';

/** One blue-green version (one EAS service), as cleanup sees it. */
export interface VersionFacts {
  service: string;
  group: string;
  /** The service's traffic weight in its group; undefined when EAS did not say. */
  weight: number | undefined;
  status?: string;
  /** CreateTime as EAS reports it (ISO 8601); orders versions that carry no deployed-at label. */
  createTime?: string;
  labels: Readonly<Record<string, string>>;
}

export interface CleanupPolicy {
  /** The server's time now, ms since the epoch. */
  now: number;
  /** How long after a version stopped carrying traffic it may be deleted. */
  retentionMs: number;
  /** The newest this-many previous versions (not carrying traffic) of each group are kept. */
  keepNewest: number;
  /** At most this many deletes in one run; undefined: no cap. */
  maxDeletes?: number;
  /**
   * The services the caller selected. The other versions of their groups are context only: they
   * are never deleted or reported, but a rollback target they name is still protected.
   * Undefined: every version given is a candidate.
   */
  selected?: ReadonlySet<string>;
}

/** Why a version is kept or deleted; the first rule that applies decides. */
export type CleanupRule =
  | 'not-managed'
  | 'being-deleted'
  | 'shift-in-progress'
  | 'carries-traffic'
  | 'weight-unknown'
  | 'rollback-target'
  | 'keep-label'
  | 'newest'
  | 'no-traffic-end'
  | 'within-retention'
  | 'max-deletes'
  | 'expired';

export interface CleanupDecision {
  service: string;
  group: string;
  action: 'keep' | 'delete';
  rule: CleanupRule;
  /** One sentence for the summary and the outputs. */
  reason: string;
}

/**
 * Decides each selected version. Output order: groups by name, and within a group the newest
 * version first. `max-deletes` spends its budget on the versions that have been out of traffic
 * longest.
 */
export function planCleanup(versions: readonly VersionFacts[], policy: CleanupPolicy): CleanupDecision[] {
  const rollbackTargets = rollbackTargetsByService(versions);
  const lockedGroups = groupsUnderShift(versions, policy.now);
  const newest = newestPrevious(versions, policy.keepNewest);
  const decisions: CleanupDecision[] = [];
  for (const version of orderForReport(versions)) {
    if (policy.selected && !policy.selected.has(version.service)) continue;
    const lock = lockedGroups.get(version.group);
    decisions.push(
      lock !== undefined && version.labels[LABELS.managedBy] === MANAGED_BY
        ? {
            service: version.service,
            group: version.group,
            action: 'keep',
            rule: 'shift-in-progress',
            reason: `a traffic shift holds the group (${LABELS.shiftLock}=${lock})`,
          }
        : decide(version, policy, rollbackTargets.get(version.service), newest.get(version.service)),
    );
  }
  return capDeletes(decisions, versions, policy.maxDeletes);
}

function decide(
  version: VersionFacts,
  policy: CleanupPolicy,
  protectedBy: string | undefined,
  newestRank: number | undefined,
): CleanupDecision {
  const keep = (rule: CleanupRule, reason: string): CleanupDecision => ({
    service: version.service,
    group: version.group,
    action: 'keep',
    rule,
    reason,
  });
  if (version.labels[LABELS.managedBy] !== MANAGED_BY) {
    return keep('not-managed', `not labelled ${LABELS.managedBy}=${MANAGED_BY}; cleanup never touches it`);
  }
  if (isBeingDeleted(version.status)) return keep('being-deleted', `already being deleted (status ${version.status})`);
  if (version.weight === undefined || !Number.isFinite(version.weight)) {
    return keep('weight-unknown', 'EAS reported no traffic weight, so it may carry traffic');
  }
  if (version.weight > 0) return keep('carries-traffic', `carries traffic (weight ${version.weight})`);
  if (protectedBy !== undefined) return keep('rollback-target', `rollback target of ${protectedBy}`);
  if (version.labels[LABELS.keep] === 'true') return keep('keep-label', `labelled ${LABELS.keep}=true`);
  if (newestRank !== undefined) {
    return keep('newest', `newest previous version #${newestRank} of the ${policy.keepNewest} kept`);
  }
  const endedText = version.labels[LABELS.trafficEndedAt];
  const ended = parseServerTime(endedText);
  if (ended === undefined) {
    // Without it nobody knows when the version last served: keeping is the safe side.
    return keep(
      'no-traffic-end',
      endedText
        ? `${LABELS.trafficEndedAt} label "${endedText}" is not an ISO 8601 time; retention cannot be judged`
        : `no ${LABELS.trafficEndedAt} label; retention cannot be judged`,
    );
  }
  const age = policy.now - ended;
  if (age < policy.retentionMs) {
    return keep(
      'within-retention',
      `out of traffic for ${formatAge(age)} of the ${formatAge(policy.retentionMs)} retention`,
    );
  }
  return {
    service: version.service,
    group: version.group,
    action: 'delete',
    rule: 'expired',
    reason: `out of traffic for ${formatAge(age)}, past the ${formatAge(policy.retentionMs)} retention`,
  };
}

/**
 * group → its unexpired shift-lock label (`<run>.<attempt>@<expiry>`). Weights change under a
 * shift, so cleanup leaves the whole group alone; a lock whose expiry cannot be read counts as held.
 */
function groupsUnderShift(versions: readonly VersionFacts[], now: number): Map<string, string> {
  const locked = new Map<string, string>();
  for (const version of versions) {
    const lock = version.labels[LABELS.shiftLock];
    if (!lock) continue;
    const expiry = parseServerTime(lock.slice(lock.lastIndexOf('@') + 1));
    if (expiry === undefined || expiry > now) locked.set(version.group, lock);
  }
  return locked;
}

/** EAS shows a delete in progress as Deleting; some consoles say Terminating. */
function isBeingDeleted(status: string | undefined): boolean {
  return status === 'Deleting' || status === 'Terminating';
}

/** service → the version whose rollback-target label names it (any version of its group counts). */
function rollbackTargetsByService(versions: readonly VersionFacts[]): Map<string, string> {
  const targets = new Map<string, string>();
  const groupOf = new Map(versions.map((v) => [v.service, v.group]));
  for (const version of versions) {
    const target = version.labels[LABELS.rollbackTarget];
    // A label naming a service of another group is not this group's rollback.
    if (target && groupOf.get(target) === version.group && !targets.has(target)) targets.set(target, version.service);
  }
  return targets;
}

/**
 * service → its rank (1 = newest) among its group's previous versions, for the newest `keep`.
 * Previous: managed, weight 0 (or the -1 EAS allows), not being deleted. Newest by deployed-at,
 * then CreateTime.
 */
function newestPrevious(versions: readonly VersionFacts[], keep: number): Map<string, number> {
  const ranks = new Map<string, number>();
  if (keep <= 0) return ranks;
  for (const members of byGroup(versions).values()) {
    const previous = members.filter(
      (v) =>
        v.labels[LABELS.managedBy] === MANAGED_BY &&
        v.weight !== undefined &&
        v.weight <= 0 &&
        !isBeingDeleted(v.status),
    );
    newestFirst(previous)
      .slice(0, keep)
      .forEach((v, index) => ranks.set(v.service, index + 1));
  }
  return ranks;
}

/** Deletes beyond the cap become keeps; the longest out of traffic are deleted first. */
function capDeletes(
  decisions: CleanupDecision[],
  versions: readonly VersionFacts[],
  maxDeletes: number | undefined,
): CleanupDecision[] {
  const deletes = decisions.filter((d) => d.action === 'delete');
  if (maxDeletes === undefined || deletes.length <= maxDeletes) return decisions;
  const endedAt = new Map(versions.map((v) => [v.service, parseServerTime(v.labels[LABELS.trafficEndedAt]) ?? 0]));
  const chosen = new Set(
    [...deletes]
      .sort((a, b) => endedAt.get(a.service)! - endedAt.get(b.service)! || a.service.localeCompare(b.service))
      .slice(0, maxDeletes)
      .map((d) => d.service),
  );
  return decisions.map((d): CleanupDecision =>
    d.action === 'delete' && !chosen.has(d.service)
      ? {
          ...d,
          action: 'keep',
          rule: 'max-deletes',
          reason: `${d.reason}, but max-deletes (${maxDeletes}) was reached`,
        }
      : d,
  );
}

function orderForReport(versions: readonly VersionFacts[]): VersionFacts[] {
  return [...byGroup(versions).entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([, members]) => newestFirst(members));
}

function byGroup(versions: readonly VersionFacts[]): Map<string, VersionFacts[]> {
  const groups = new Map<string, VersionFacts[]>();
  for (const version of versions) {
    const members = groups.get(version.group);
    if (members) members.push(version);
    else groups.set(version.group, [version]);
  }
  return groups;
}

function newestFirst(versions: readonly VersionFacts[]): VersionFacts[] {
  const deployed = (v: VersionFacts) =>
    parseServerTime(v.labels[LABELS.deployedAt]) ?? parseServerTime(v.createTime) ?? 0;
  return [...versions].sort((a, b) => deployed(b) - deployed(a) || b.service.localeCompare(a.service));
}

/** An ISO 8601 date-time with a zone (what the actions write), as ms; anything else is undefined. */
export function parseServerTime(text: string | undefined): number | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Whole seconds, as inputs are written: 73h → 3d1h. */
function formatAge(ms: number): string {
  return formatDuration(Math.floor(Math.max(0, ms) / 1000) * 1000);
}
