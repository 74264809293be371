/**
 * The EAS service labels pai-actions reads and writes: the contract between eas-deploy,
 * eas-traffic-shift, eas-rollback, cleanup-versions and evaluate-gate (which finds a serving
 * model's lineage through them). One blue-green version is one EAS service in the group named
 * after the stable service name.
 */
export const LABELS = {
  /** Always `pai-actions`: cleanup only ever touches services that carry it. */
  managedBy: 'managed-by',
  /** Full commit SHA of the code that produced the deployed model. */
  gitSha: 'git-sha',
  modelUri: 'model-uri',
  lineageUri: 'lineage-uri',
  /** Server time (ISO 8601) the version was created. */
  deployedAt: 'deployed-at',
  /** `<server>/<repo>/actions/runs/<id>/attempts/<n>` of the deploying run. */
  deployedByRun: 'deployed-by-run',
  /** On the version now serving: the version a rollback returns to (set when a shift promotes). */
  rollbackTarget: 'rollback-target',
  /** Server time (ISO 8601) a version stopped carrying traffic; retention counts from here. */
  trafficEndedAt: 'traffic-ended-at',
  /** `true`: cleanup never deletes this version. */
  keep: 'keep',
  /** A traffic shift in progress: `<run id>.<attempt>@<expiry ISO 8601>`. */
  shiftLock: 'shift-lock',
  /** On the version a rollback returned to: `<server>/<repo>/actions/runs/<id>` (no attempt), so a re-run does not step back again. */
  rolledBackByRun: 'rolled-back-by-run',
} as const;

export const MANAGED_BY = 'pai-actions';

/** Name rule of EAS services and groups: a lowercase letter, then lowercase letters, digits, underscores; 3–63 long. */
export const EAS_NAME = /^[a-z][a-z0-9_]{2,62}$/;
export const EAS_NAME_EXPECTED = '3-63 lowercase letters, digits or underscores, starting with a letter';

/** The EAS service of the version built from `sha` in the group `group`: `<group>_<sha7>`. */
export function versionServiceName(group: string, sha: string): string {
  return `${group}_${sha.slice(0, 7).toLowerCase()}`;
}

/** Label list (as EAS returns it) to a plain record. */
export function labelRecord(
  labels: readonly { LabelKey?: string; LabelValue?: string }[] | undefined,
): Record<string, string> {
  const record: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const label of labels ?? []) if (label.LabelKey) record[label.LabelKey] = label.LabelValue ?? '';
  return record;
}
