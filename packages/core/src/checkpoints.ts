/**
 * Which checkpoint may a job resume from? Pure decisions over an object listing.
 *
 * Layout (the contract between training code, the DLC emulator and wait-and-resume):
 *
 *   <checkpoint prefix>/step-00000040/state.json
 *   <checkpoint prefix>/step-00000040/_COMPLETE      ← written LAST
 *
 * `_COMPLETE` is JSON: `{"format":"pai-checkpoint/1","step":40,"files":[{"path":"state.json","size":123,"md5":"<hex>"}]}`.
 * A checkpoint is valid only when its marker parses, names at least one file, and every named
 * file is in the listing with the same size (and, when the listing's ETag is a plain MD5, the
 * same digest). Anything else — no marker, a marker ahead of its files, a truncated file — is
 * a half-written checkpoint and is never chosen.
 */

export const CHECKPOINT_MARKER = '_COMPLETE';
export const CHECKPOINT_FORMAT = 'pai-checkpoint/1';

/** One object of a listing (ali-oss `list`/`listV2` items fit: name→key mapping is the caller's). */
export interface ListedObject {
  key: string;
  size: number;
  /** As OSS reports it: quoted or not, upper or lower case; multipart ETags contain a dash. */
  etag?: string;
}

export interface CheckpointFile {
  /** Relative to the checkpoint directory. */
  path: string;
  size: number;
  md5?: string;
}

export interface CheckpointMarker {
  format: string;
  step: number;
  files: CheckpointFile[];
  createdAt?: string;
}

/** A directory under the prefix that has a marker (not yet verified). */
export interface CheckpointCandidate {
  /** Key prefix of the checkpoint directory, ending in `/`. */
  prefix: string;
  markerKey: string;
  /** Step from the directory name `step-<n>`, when it has that form. */
  step?: number;
}

export type CheckpointVerdict = { valid: true; marker: CheckpointMarker } | { valid: false; reason: string };

export interface ValidCheckpoint extends CheckpointCandidate {
  step: number;
  marker: CheckpointMarker;
}

export interface CheckpointSelection {
  /** The newest valid checkpoint, if any. */
  checkpoint?: ValidCheckpoint;
  /** Newer candidates that were passed over, with the reason. */
  rejected: { prefix: string; reason: string }[];
}

const STEP_DIRECTORY = /^step-(\d+)$/;

/**
 * Directories directly under `rootPrefix` holding a marker, newest first (by the step in the
 * directory name; directories without one come last, by name).
 */
export function listCheckpointCandidates(rootPrefix: string, listing: readonly ListedObject[]): CheckpointCandidate[] {
  const root = withSlash(rootPrefix);
  const candidates: CheckpointCandidate[] = [];
  for (const object of listing) {
    if (!object.key.startsWith(root)) continue;
    const parts = object.key.slice(root.length).split('/');
    if (parts.length !== 2 || parts[1] !== CHECKPOINT_MARKER || parts[0] === '') continue;
    const directory = parts[0]!;
    const step = STEP_DIRECTORY.exec(directory)?.[1];
    candidates.push({
      prefix: `${root}${directory}/`,
      markerKey: object.key,
      ...(step === undefined ? {} : { step: Number(step) }),
    });
  }
  return candidates.sort(
    (a, b) => (b.step ?? -1) - (a.step ?? -1) || (a.prefix < b.prefix ? 1 : a.prefix > b.prefix ? -1 : 0),
  );
}

export function parseCheckpointMarker(text: string): CheckpointMarker | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { error: 'marker is not JSON' };
  }
  if (!isRecord(parsed)) return { error: 'marker is not a JSON object' };
  if (parsed.format !== CHECKPOINT_FORMAT) return { error: `marker format is not "${CHECKPOINT_FORMAT}"` };
  if (!Number.isSafeInteger(parsed.step) || (parsed.step as number) < 0)
    return { error: 'marker step is not a non-negative integer' };
  if (!Array.isArray(parsed.files) || parsed.files.length === 0) return { error: 'marker lists no files' };
  const files: CheckpointFile[] = [];
  for (const entry of parsed.files) {
    if (
      !isRecord(entry) ||
      typeof entry.path !== 'string' ||
      !Number.isSafeInteger(entry.size) ||
      (entry.size as number) < 0
    ) {
      return { error: 'marker has a file entry without a path and a size' };
    }
    if (!isSafeRelativePath(entry.path)) return { error: `marker names a file outside its directory: ${entry.path}` };
    if (entry.md5 !== undefined && (typeof entry.md5 !== 'string' || !/^[0-9a-f]{32}$/i.test(entry.md5))) {
      return { error: `marker has a malformed md5 for ${entry.path}` };
    }
    files.push({
      path: entry.path,
      size: entry.size as number,
      ...(entry.md5 ? { md5: (entry.md5 as string).toLowerCase() } : {}),
    });
  }
  return {
    format: CHECKPOINT_FORMAT,
    step: parsed.step as number,
    files,
    ...(typeof parsed.createdAt === 'string' ? { createdAt: parsed.createdAt } : {}),
  };
}

/** Is this candidate complete, judged by its marker's text and the listing? */
export function verifyCheckpoint(
  candidate: CheckpointCandidate,
  markerText: string,
  listing: readonly ListedObject[],
): CheckpointVerdict {
  const marker = parseCheckpointMarker(markerText);
  if ('error' in marker) return { valid: false, reason: marker.error };
  if (candidate.step !== undefined && candidate.step !== marker.step) {
    return { valid: false, reason: `marker says step ${marker.step} but the directory is step ${candidate.step}` };
  }
  const byKey = new Map(listing.map((o) => [o.key, o]));
  for (const file of marker.files) {
    const object = byKey.get(candidate.prefix + file.path);
    if (!object) return { valid: false, reason: `${file.path} is missing` };
    if (object.size !== file.size)
      return { valid: false, reason: `${file.path} has ${object.size} bytes, the marker says ${file.size}` };
    const etag = plainMd5(object.etag);
    if (file.md5 && etag && etag !== file.md5)
      return { valid: false, reason: `${file.path} has ETag ${etag}, the marker says md5 ${file.md5}` };
  }
  return { valid: true, marker };
}

/**
 * The newest valid checkpoint under `rootPrefix`. `markers` holds the text of the marker objects
 * the caller has read, by key; a candidate whose marker was not read is treated as unreadable.
 */
export function selectLatestValidCheckpoint(
  rootPrefix: string,
  listing: readonly ListedObject[],
  markers: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): CheckpointSelection {
  const read = (key: string) => (markers instanceof Map ? markers.get(key) : (markers as Record<string, string>)[key]);
  const rejected: CheckpointSelection['rejected'] = [];
  for (const candidate of listCheckpointCandidates(rootPrefix, listing)) {
    const text = read(candidate.markerKey);
    const verdict =
      text === undefined
        ? { valid: false as const, reason: 'marker could not be read' }
        : verifyCheckpoint(candidate, text, listing);
    if (verdict.valid)
      return { checkpoint: { ...candidate, step: verdict.marker.step, marker: verdict.marker }, rejected };
    rejected.push({ prefix: candidate.prefix, reason: verdict.reason });
  }
  return { rejected };
}

/**
 * Same decision, reading markers lazily newest first, so only the markers up to the first valid
 * checkpoint are fetched. `readMarker` failing (e.g. the object vanished) rejects that candidate.
 */
export async function findLatestValidCheckpoint(
  rootPrefix: string,
  listing: readonly ListedObject[],
  readMarker: (key: string) => Promise<string>,
): Promise<CheckpointSelection> {
  const rejected: CheckpointSelection['rejected'] = [];
  for (const candidate of listCheckpointCandidates(rootPrefix, listing)) {
    let text: string;
    try {
      text = await readMarker(candidate.markerKey);
    } catch (error) {
      rejected.push({
        prefix: candidate.prefix,
        reason: `marker could not be read: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    const verdict = verifyCheckpoint(candidate, text, listing);
    if (verdict.valid)
      return { checkpoint: { ...candidate, step: verdict.marker.step, marker: verdict.marker }, rejected };
    rejected.push({ prefix: candidate.prefix, reason: verdict.reason });
  }
  return { rejected };
}

function plainMd5(etag: string | undefined): string | undefined {
  const value = etag?.replace(/^"|"$/g, '').toLowerCase();
  return value && /^[0-9a-f]{32}$/.test(value) ? value : undefined;
}

function isSafeRelativePath(value: string): boolean {
  return (
    value !== '' &&
    !value.startsWith('/') &&
    !value.split('/').some((part) => part === '' || part === '.' || part === '..')
  );
}

function withSlash(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
