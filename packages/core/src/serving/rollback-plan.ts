/**
 * Which version a rollback returns to, and what has to happen to it first. Pure: see
 * docs/eas-rollback.md for why the rules are what they are.
 */
import type { TrafficMode } from '../clients/eas-types.js';
import { isManaged, primaryServing, takesTraffic, type Member } from './deploy-plan.js';
import { LABELS } from './labels.js';

export type TargetReadiness = 'running' | 'start' | 'wait';

export type RollbackPlan =
  | { kind: 'done'; target: Member; reason: string }
  | {
      kind: 'switch';
      target: Member;
      /** Members that carry traffic now and will not afterwards. */
      losing: Member[];
      readiness: TargetReadiness;
      /** Where the target came from, for the log. */
      source: string;
    };

export class RollbackRefused extends Error {
  override readonly name = 'RollbackRefused';
}

export interface RollbackInput {
  group: string;
  members: readonly Member[];
  mode: TrafficMode | string | undefined;
  /** The `to` input. */
  to?: string;
  /** This run without its attempt: a re-run of a rollback must not step back twice. */
  runKey: string;
}

/**
 * The target is `to`, else the `rollback-target` label of the version that serves now, else the
 * only other managed version; more than one candidate without a label is refused (guessing could
 * send users to a much older model).
 */
export function planRollback(input: RollbackInput): RollbackPlan {
  const { group, members, mode, to, runKey } = input;
  const names = members.map((member) => member.name);
  const current = primaryServing(members, mode);
  const losingExcept = (target: Member) => members.filter((m) => m.name !== target.name && takesTraffic(m, mode));

  if (!to && current && current.labels[LABELS.rolledBackByRun] === runKey && losingExcept(current).length === 0) {
    return { kind: 'done', target: current, reason: `this run already rolled ${group} back to ${current.name}` };
  }

  let target: Member | undefined;
  let source: string;
  if (to) {
    target = members.find((member) => member.name === to);
    if (!target)
      throw new RollbackRefused(`"to" names ${to}, which is not a service of group ${group} (${list(names)})`);
    source = 'the "to" input';
  } else {
    if (!current)
      throw new RollbackRefused(
        `no version of group ${group} takes traffic; name the version to serve with "to" (${list(names)})`,
      );
    const recorded = current.labels[LABELS.rollbackTarget];
    if (recorded) {
      target = members.find((member) => member.name === recorded);
      if (!target) {
        throw new RollbackRefused(
          `${current.name} records rollback target ${recorded}, which no longer exists; name one with "to" (${list(names)})`,
        );
      }
      source = `the ${LABELS.rollbackTarget} label of ${current.name}`;
    } else {
      const others = members.filter((member) => member.name !== current.name && isManaged(member));
      if (others.length !== 1) {
        throw new RollbackRefused(
          `${current.name} records no rollback target and group ${group} has ${others.length === 0 ? 'no other managed version' : `several (${list(others.map((m) => m.name))})`}; name the version to serve with "to"`,
        );
      }
      target = others[0]!;
      source = `the only other managed version of ${group}`;
    }
  }

  const losing = losingExcept(target);
  if (takesTraffic(target, mode) && losing.length === 0 && mode === 'customized') {
    return { kind: 'done', target, reason: `${target.name} already takes all traffic of ${group}` };
  }
  return { kind: 'switch', target, losing, readiness: readiness(target), source };
}

function readiness(target: Member): TargetReadiness {
  switch (target.status) {
    case 'Running':
      return 'running';
    case 'Stopped':
      return 'start';
    case 'Failed':
    case 'DeleteFailed':
    case 'Deleting':
    case 'Stopping':
      throw new RollbackRefused(
        `${target.name} is ${target.status}; it cannot take traffic, name another version with "to"`,
      );
    default:
      return 'wait';
  }
}

function list(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.join(', ');
}
