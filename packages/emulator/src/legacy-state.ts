import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DurableRecords } from './durable-records.js';

/**
 * Data dirs written before the state moved to LMDB: the whole state in `state.json` and object
 * data in `blobs/<sha256>`. They are imported in one transaction on first start and removed once
 * the import is on disk; a crash in between imports nothing or everything, and a start that finds
 * both only removes the old files.
 */
const LEGACY_STATE = 'state.json';
const LEGACY_BLOBS = 'blobs';

/** The imported slices, or undefined when there is nothing (left) to import. */
export function importLegacyState(dataDir: string, disk: DurableRecords): Record<string, unknown> | undefined {
  const file = join(dataDir, LEGACY_STATE);
  if (!existsSync(file)) return undefined;
  if (!disk.isEmpty()) {
    removeLegacyFiles(dataDir);
    return undefined;
  }
  const slices = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const blobDir = join(dataDir, LEGACY_BLOBS);
  const digests = existsSync(blobDir) ? readdirSync(blobDir).filter((name) => /^[0-9a-f]{64}$/.test(name)) : [];
  // Issued in one event turn, so lmdb-js commits them as one transaction: blobs first, then records.
  for (const digest of digests) void disk.putBlob(digest, readFileSync(join(blobDir, digest))).catch(() => undefined);
  const imported = disk.write(Object.entries(slices).map(([name, value]) => ({ path: [name], value })));
  imported.then(
    () => removeLegacyFiles(dataDir),
    (error: unknown) => console.error(`[emulator] could not import ${file}; it is left in place:`, error),
  );
  return slices;
}

function removeLegacyFiles(dataDir: string): void {
  rmSync(join(dataDir, LEGACY_STATE), { force: true });
  rmSync(join(dataDir, LEGACY_BLOBS), { recursive: true, force: true });
}
