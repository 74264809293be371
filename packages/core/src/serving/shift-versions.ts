/**
 * Which two versions a shift moves traffic between, chosen from the group's services (pure).
 * The old version is the one holding the group's traffic now; the new one is named (by default
 * the version eas-deploy made for this commit). A third version taking traffic is refused: the
 * shift's weights (new = step, old = the rest) would not describe the split.
 */
import type { Service } from '../clients/eas-types.js';

export interface GroupMember {
  name: string;
  status: string;
  weight: number;
  trafficState: string;
}

export interface ShiftVersions {
  old: string;
  new: string;
  /** Weights before the shift, as read. */
  original: { old: number; new: number };
}

/** A group state or version choice that makes the shift impossible; the message says why. */
export class ShiftRefusedError extends Error {
  override readonly name = 'ShiftRefusedError';
}

export const toMember = (service: Service): GroupMember => ({
  name: service.ServiceName,
  status: service.Status,
  weight: service.Weight ?? 0,
  trafficState: service.TrafficState ?? 'grouping',
});

const takesTraffic = (m: GroupMember) => m.trafficState === 'grouping' && m.weight > 0;

export function pickVersions(
  group: string,
  members: readonly GroupMember[],
  wanted: { new: string; old?: string },
): ShiftVersions {
  const names = members.map((m) => m.name).join(', ') || 'none';
  const find = (name: string, role: string, input: string) => {
    const member = members.find((m) => m.name === name);
    if (!member) {
      throw new ShiftRefusedError(
        `The ${role} version "${name}" (${input}) is not in group "${group}"; its versions: ${names}.`,
      );
    }
    if (member.status !== 'Running') {
      throw new ShiftRefusedError(
        `The ${role} version "${name}" is ${member.status}, not Running: it cannot take traffic.`,
      );
    }
    return member;
  };
  const next = find(wanted.new, 'new', 'input new');
  let old: GroupMember;
  if (wanted.old !== undefined) {
    old = find(wanted.old, 'old', 'input old');
  } else {
    const holders = members.filter((m) => m.name !== next.name && takesTraffic(m)).sort((a, b) => b.weight - a.weight);
    if (holders.length === 0) {
      throw new ShiftRefusedError(
        `No version of group "${group}" other than "${next.name}" holds traffic now; name the old version with input old.`,
      );
    }
    old = find(holders[0]!.name, 'old', 'the version holding traffic now');
  }
  if (old.name === next.name) {
    throw new ShiftRefusedError(`The old and the new version are both "${old.name}"; a shift needs two versions.`);
  }
  const others = members.filter((m) => m.name !== old.name && m.name !== next.name && takesTraffic(m));
  if (others.length > 0) {
    const list = others.map((m) => `${m.name} (weight ${m.weight})`).join(', ');
    throw new ShiftRefusedError(
      `Group "${group}" has traffic on versions other than "${old.name}" and "${next.name}": ${list}. ` +
        'A shift moves traffic between two versions; set their weight to 0 first.',
    );
  }
  return { old: old.name, new: next.name, original: { old: old.weight, new: next.weight } };
}
