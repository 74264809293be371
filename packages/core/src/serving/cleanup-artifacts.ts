/**
 * Which OSS model artefacts cleanup-versions may delete once their versions are gone: a pure
 * function of the deleted versions' model URIs and what every remaining service still uses.
 * A model is deleted only when nothing remaining references it, and never when its prefix would
 * take a remaining model or a remaining model's lineage.json with it.
 */
import { parseOssUri, type OssLocation } from '../inputs.js';

export interface RemainingReference {
  service: string;
  /** The service's model-uri label, and the model_path of its current spec when different. */
  modelUris: readonly string[];
  /** lineage.json of the service's model (its lineage-uri label, or the one beside the model). */
  lineageUris: readonly string[];
}

export interface ArtifactDecision {
  /** The model URI as the deleted version's label has it. */
  uri: string;
  action: 'keep' | 'delete';
  reason: string;
  /** What to delete: the object itself and everything under `<key>/`. Only with action delete. */
  location?: OssLocation;
}

/** `oss://b/models/abc/` and `oss://b/models/abc` name the same model. */
export function normaliseModelUri(uri: string): string {
  return uri.trim().replace(/\/+$/, '');
}

export function planArtifactCleanup(
  deletedModelUris: readonly string[],
  remaining: readonly RemainingReference[],
): ArtifactDecision[] {
  const decisions: ArtifactDecision[] = [];
  for (const uri of [...new Set(deletedModelUris.map((u) => u.trim()).filter(Boolean))].sort()) {
    const keep = (reason: string): ArtifactDecision => ({ uri, action: 'keep', reason });
    let location: OssLocation;
    try {
      location = parseOssUri('model-uri', normaliseModelUri(uri));
    } catch {
      decisions.push(keep('not an oss://bucket/key URI'));
      continue;
    }
    if (location.prefix === '') {
      decisions.push(keep('names a whole bucket; cleanup deletes model prefixes only'));
      continue;
    }
    const model = normaliseModelUri(uri);
    const reason = firstConflict(model, remaining);
    decisions.push(reason ? keep(reason) : { uri, action: 'delete', reason: 'no remaining service uses it', location });
  }
  return decisions;
}

function firstConflict(model: string, remaining: readonly RemainingReference[]): string | undefined {
  for (const reference of remaining) {
    for (const used of reference.modelUris.map(normaliseModelUri)) {
      if (used === model) return `still used by ${reference.service}`;
      if (contains(model, used)) return `holds the model of ${reference.service} (${used})`;
      if (contains(used, model)) return `lies inside the model of ${reference.service} (${used})`;
    }
    for (const lineage of reference.lineageUris) {
      if (lineage === model || contains(model, lineage))
        return `holds the lineage of ${reference.service} (${lineage})`;
    }
  }
  return undefined;
}

/** Whether `inner` lies under the directory `outer/`. */
function contains(outer: string, inner: string): boolean {
  return inner.startsWith(`${outer}/`);
}
