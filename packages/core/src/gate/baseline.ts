/**
 * What a candidate model is compared with: the model a service serves now (found through the
 * lineage-uri label of the version holding its traffic), a metrics or lineage file in OSS, or
 * nothing. Pure: parsing the input and choosing the serving version.
 */
import type { Service } from '../clients/eas-types.js';
import { InputError } from '../errors.js';
import { parseOssUri } from '../inputs.js';
import { EAS_NAME, EAS_NAME_EXPECTED } from '../serving/labels.js';

export type BaselineSpec = { kind: 'none' } | { kind: 'service'; service: string } | { kind: 'uri'; uri: string };

const BASELINE_EXPECTED =
  'none, service:<name> (the model that EAS service serves now), or an oss:// URI of a lineage.json or metrics.json';

export function parseBaseline(input: string, value: string): BaselineSpec {
  if (value === 'none') return { kind: 'none' };
  if (value.startsWith('service:')) {
    const service = value.slice('service:'.length);
    if (!EAS_NAME.test(service)) {
      throw new InputError(input, value, BASELINE_EXPECTED, `service name "${service}" must be ${EAS_NAME_EXPECTED}`);
    }
    return { kind: 'service', service };
  }
  if (value.startsWith('oss://')) {
    const { prefix } = parseOssUri(input, value);
    if (!prefix.endsWith('.json')) {
      throw new InputError(input, value, BASELINE_EXPECTED, 'the URI must name a .json object');
    }
    return { kind: 'uri', uri: value };
  }
  throw new InputError(input, value, BASELINE_EXPECTED);
}

export const describeBaseline = (spec: BaselineSpec) =>
  spec.kind === 'none' ? 'none' : spec.kind === 'service' ? `service:${spec.service}` : spec.uri;

/**
 * The version of a group that carries its traffic: Running, in the group's rotation
 * (TrafficState `grouping`; a `standalone` version gets no group traffic), with the highest
 * weight above 0. Equal weights (mid-shift at 50/50, or EAS's default weight) go to the version
 * created last. Undefined when no version serves.
 */
export function servingVersion(versions: readonly Service[]): Service | undefined {
  const serving = versions.filter(
    (version) =>
      version.Status === 'Running' &&
      (version.TrafficState === undefined || version.TrafficState === 'grouping') &&
      (version.Weight === undefined || version.Weight > 0),
  );
  return serving.sort(
    (a, b) =>
      (b.Weight ?? 0) - (a.Weight ?? 0) ||
      (b.CreateTime ?? '').localeCompare(a.CreateTime ?? '') ||
      a.ServiceName.localeCompare(b.ServiceName),
  )[0];
}
