import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative, sep } from 'node:path';
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
  ) {}

  /** Copies what is already under the prefix into the directory, as a mount would show it. */
  async mirrorRemote(): Promise<number> {
    const objects = this.storage.list(this.target);
    for (const object of objects) {
      const rel = object.key.slice(this.target.prefix.length);
      if (!rel || rel.endsWith('/')) continue;
      const data = this.storage.get(this.target.bucket, object.key);
      if (!data) continue;
      await this.writeLocal(rel, data);
    }
    return objects.length;
  }

  /** Writes a downloaded file and remembers it, so the next pass does not upload it back. */
  async writeLocal(rel: string, data: Buffer): Promise<void> {
    const file = join(this.localDir, ...rel.split('/'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, data);
    const info = await stat(file);
    this.known.set(rel, { size: info.size, mtimeMs: info.mtimeMs });
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
