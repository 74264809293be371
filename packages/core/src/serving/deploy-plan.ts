/**
 * Pure decisions of a deploy and a rollback over what EAS reports about a group's services:
 * which version serves, whether a version for this commit exists already, what to do with it.
 */
import type { Service, TrafficMode } from '../clients/eas-types.js';
import { LABELS, labelRecord, MANAGED_BY } from './labels.js';

/** The facts about one version service the decisions need. */
export interface Member {
  name: string;
  status: string;
  weight: number;
  trafficState: string;
  labels: Record<string, string>;
}

export function toMember(service: Service): Member {
  return {
    name: service.ServiceName,
    status: service.Status,
    weight: service.Weight ?? 0,
    trafficState: service.TrafficState ?? 'grouping',
    labels: labelRecord(service.Labels),
  };
}

export const isManaged = (member: Member) => member.labels[LABELS.managedBy] === MANAGED_BY;

/**
 * Whether the group endpoint sends the member requests: it must be Running and in `grouping`
 * state; under `customized` traffic its weight must be above 0 (under `auto` EAS splits by
 * instance count, so every running member takes a share).
 */
export function takesTraffic(member: Member, mode: TrafficMode | string | undefined): boolean {
  if (member.status !== 'Running' || member.trafficState !== 'grouping') return false;
  return mode === 'customized' ? member.weight > 0 : true;
}

/** The member that carries the most traffic (the one users mostly reach), or undefined. */
export function primaryServing(members: readonly Member[], mode: TrafficMode | string | undefined): Member | undefined {
  const serving = members.filter((member) => takesTraffic(member, mode));
  if (mode !== 'customized') return serving.length === 1 ? serving[0] : newestFirst(serving)[0];
  return [...serving].sort((a, b) => b.weight - a.weight || byDeployedAt(b, a))[0];
}

export type VersionAction =
  | { kind: 'create' }
  | { kind: 'reuse'; member: Member }
  | { kind: 'update'; member: Member }
  | { kind: 'conflict'; member: Member; reason: string };

/**
 * What to do with the service a deploy of `sha` targets. Blue-green targets `<group>_<sha7>`:
 * found with the same git-sha it is reused (a re-run), found with another one (a sha7 collision,
 * or a service nobody labelled) it is left alone. In-place targets the serving version: the same
 * sha is a re-run, another sha is an update.
 */
export function decideVersion(
  existing: Member | undefined,
  sha: string,
  strategy: 'blue-green' | 'in-place',
): VersionAction {
  if (!existing) return { kind: 'create' };
  const deployedSha = existing.labels[LABELS.gitSha];
  if (deployedSha === sha) return { kind: 'reuse', member: existing };
  if (strategy === 'in-place' && isManaged(existing)) return { kind: 'update', member: existing };
  const reason =
    deployedSha === undefined
      ? `it exists without a ${LABELS.gitSha} label, so pai-actions did not make it`
      : `it runs commit ${deployedSha}, not ${sha}`;
  return { kind: 'conflict', member: existing, reason };
}

function byDeployedAt(a: Member, b: Member): number {
  return (a.labels[LABELS.deployedAt] ?? '').localeCompare(b.labels[LABELS.deployedAt] ?? '');
}

function newestFirst(members: readonly Member[]): Member[] {
  return [...members].sort((a, b) => byDeployedAt(b, a));
}
