/** Reading and updating lineage.json in OSS. */
import { parseLineage, type Lineage } from './lineage.js';
import type { OssClient } from './oss.js';

/** Objects that belong to a commit carry its SHA as user metadata (x-oss-meta-git-sha). */
export const SHA_META = 'git-sha';

export async function readLineage(oss: OssClient, uri: string): Promise<Lineage> {
  try {
    return parseLineage(await oss.getJson<unknown>(uri));
  } catch (error) {
    throw new Error(`${uri}: ${(error as Error).message}`, { cause: error });
  }
}

export async function writeLineage(oss: OssClient, uri: string, lineage: Lineage): Promise<void> {
  await oss.putJson(uri, lineage, { [SHA_META]: lineage.sha });
}

/**
 * Read, change, write. Lineage is written by one workflow's steps in sequence (submit, wait,
 * gate, deploy), so last-writer-wins is enough; `change` must be a pure function of the lineage.
 */
export async function updateLineage(
  oss: OssClient,
  uri: string,
  change: (lineage: Lineage) => Lineage,
): Promise<Lineage> {
  const updated = change(await readLineage(oss, uri));
  await writeLineage(oss, uri, updated);
  return updated;
}
