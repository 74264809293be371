import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import type { JobStorage, OssLocation } from './job-storage.js';

/**
 * Keeps a job's local checkpoint/model directory and its OSS prefix in step, the way a mounted
 * bucket would, with two rules that make a checkpoint trustworthy:
 * - files with temporary names (`*.tmp`, `*.partial`, `*.part`, `*.swp`, `*~`, dot-files) are
 *   never uploaded: writers use them until a file is whole, then rename;
 * - completion markers (`_COMPLETE`) go last, and only once every other file of their directory
 *   is uploaded, so a marker in OSS always follows the files it vouches for.
 * A file that changes while it is being read is left for the next pass.
 */
export const MARKER_NAMES: readonly string[] = ['_COMPLETE'];

export function isTemporaryName(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || /\.(tmp|temp|partial|part|swp)$/i.test(name);
}

interface Known {
  size: number;
  mtimeMs: number;
}

export interface SyncReport {
  uploaded: string[];
  failures: { key: string; message: string }[];
}

export class DirectorySync {
  private readonly known = new Map<string, Known>();
  private running: Promise<SyncReport> | undefined;
  private readonly reportedFailures = new Set<string>();

  constructor(
    readonly localDir: string,
    readonly target: OssLocation,
    private readonly storage: JobStorage,
    private readonly onFailure: (key: string, message: string) => void,
    /** A key whose local path would leave the directory (`..` segments): skipped, never written. */
    private readonly onUnsafeKey: (key: string) => void = () => undefined,
  ) {}

  /** Copies what is already under the prefix into the directory, as a mount would show it. */
  async mirrorRemote(): Promise<number> {
    const objects = this.storage.list(this.target);
    for (const object of objects) {
      const rel = object.key.slice(this.target.prefix.length);
      if (!rel || rel.endsWith('/')) continue;
      if (!localPathUnder(this.localDir, rel)) {
        this.onUnsafeKey(object.key);
        continue;
      }
      const data = this.storage.get(this.target.bucket, object.key);
      if (!data) continue;
      await this.writeLocal(rel, data, object.key);
    }
    return objects.length;
  }

  /**
   * Writes a downloaded file and remembers it, so the next pass does not upload it back. False
   * (and nothing written) when `rel` would land outside the directory.
   */
  async writeLocal(rel: string, data: Buffer, key = this.target.prefix + rel): Promise<boolean> {
    const file = localPathUnder(this.localDir, rel);
    if (!file) {
      this.onUnsafeKey(key);
      return false;
    }
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, data);
    const info = await stat(file);
    this.known.set(rel, { size: info.size, mtimeMs: info.mtimeMs });
    return true;
  }

  /** One pass; concurrent callers share a running pass, then get their own. */
  async sync(): Promise<SyncReport> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.pass();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async pass(): Promise<SyncReport> {
    const report: SyncReport = { uploaded: [], failures: [] };
    const files = await listFiles(this.localDir);
    const markers = files.filter((rel) => MARKER_NAMES.includes(posix.basename(rel)));
    const blockedDirs = new Set<string>();
    for (const rel of files) {
      if (markers.includes(rel)) continue;
      if (!(await this.upload(rel, report))) blockedDirs.add(posix.dirname(rel));
    }
    for (const rel of markers) {
      const dir = posix.dirname(rel);
      const covers = (blocked: string) => dir === '.' || blocked === dir || blocked.startsWith(`${dir}/`);
      if ([...blockedDirs].some(covers)) continue;
      await this.upload(rel, report);
    }
    return report;
  }

  /** True when the file is in OSS as it is now (uploaded in this pass or before). */
  private async upload(rel: string, report: SyncReport): Promise<boolean> {
    const file = join(this.localDir, ...rel.split('/'));
    try {
      const before = await stat(file);
      const known = this.known.get(rel);
      if (known && known.size === before.size && known.mtimeMs === before.mtimeMs) return true;
      const data = await readFile(file);
      const after = await stat(file);
      if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || data.length !== after.size) return false;
      const key = this.target.prefix + rel;
      this.storage.put(this.target.bucket, key, data);
      this.known.set(rel, { size: after.size, mtimeMs: after.mtimeMs });
      report.uploaded.push(key);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      const key = this.target.prefix + rel;
      const message = error instanceof Error ? error.message : String(error);
      report.failures.push({ key, message });
      if (!this.reportedFailures.has(key)) {
        this.reportedFailures.add(key);
        this.onFailure(key, message);
      }
      return false;
    }
  }
}

/**
 * Where the object key's remainder `rel` lives under `root`, or undefined when it would not stay
 * there: a `..` or `.` segment, or a NUL byte. Keys are names, not paths; OSS lets any caller write
 * `a/../../etc/x`, and a mount shows such a key under the mount, never above it.
 */
export function localPathUnder(root: string, rel: string): string | undefined {
  const segments = rel.split('/').filter((segment) => segment !== '');
  if (segments.length === 0 || segments.some((s) => s === '..' || s === '.' || s.includes('\0'))) return undefined;
  const base = resolve(root);
  const file = resolve(base, ...segments);
  return file.startsWith(base + sep) ? file : undefined;
}

/** Relative POSIX paths of the regular files under `root`, temporary names excluded, sorted. */
async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      if (isTemporaryName(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.push(relative(root, full).split(sep).join('/'));
    }
  };
  await walk(root);
  return out.sort();
}
