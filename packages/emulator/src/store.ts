import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readFileSync,
  existsSync,
  writeFileSync,
  renameSync,
  openSync,
  fsyncSync,
  closeSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * Emulator state: one JSON document of named slices, plus content-addressed blobs for object
 * data. With a data dir every change is written atomically (temp file, fsync, rename) so a
 * crash or restart never leaves half a state behind; without one, state lives in memory.
 */
export class StateStore {
  private readonly slices: Record<string, unknown>;
  private readonly memoryBlobs = new Map<string, Buffer>();
  private saveTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly beforeSaveHooks: (() => void)[] = [];

  constructor(readonly dataDir?: string) {
    this.slices = {};
    if (dataDir) {
      mkdirSync(join(dataDir, 'blobs'), { recursive: true });
      const file = join(dataDir, 'state.json');
      if (existsSync(file))
        Object.assign(this.slices, JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
    }
  }

  /** The live, mutable slice for `name`; call `changed()` after mutating it. */
  slice<T extends object>(name: string, init: () => T): T {
    if (!(name in this.slices)) this.slices[name] = init();
    return this.slices[name] as T;
  }

  /** Runs `hook` before every save, for state that changes without anyone calling `changed()` (time). */
  beforeSave(hook: () => void): void {
    this.beforeSaveHooks.push(hook);
  }

  /** Schedules a save; many changes in one tick cost one write. */
  changed(): void {
    if (!this.dataDir || this.saveTimer || this.closed) return;
    this.saveTimer = setTimeout(() => this.flush(), 20);
    this.saveTimer.unref();
  }

  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.dataDir || this.closed) return;
    for (const hook of this.beforeSaveHooks) hook();
    // Owner-only: the state holds access key secrets, the admin token and private keys (CA, OIDC).
    writeAtomically(join(this.dataDir, 'state.json'), JSON.stringify(this.slices), 0o600);
  }

  /**
   * Last write. Work that settles after its emulator stopped (a job process's exit, a request
   * in flight) must not save: a newer emulator may already own this data dir, and a late save
   * would overwrite its state with this one's.
   */
  close(): void {
    this.flush();
    this.closed = true;
  }

  putBlob(data: Buffer): string {
    const digest = createHash('sha256').update(data).digest('hex');
    if (this.dataDir) {
      const file = join(this.dataDir, 'blobs', digest);
      if (!existsSync(file)) writeAtomically(file, data);
    } else {
      this.memoryBlobs.set(digest, data);
    }
    return digest;
  }

  getBlob(digest: string): Buffer {
    if (!this.dataDir) {
      const data = this.memoryBlobs.get(digest);
      if (!data) throw new Error(`blob ${digest} is missing`);
      return data;
    }
    return readFileSync(join(this.dataDir, 'blobs', digest));
  }
}

export function writeAtomically(file: string, data: string | Buffer, mode = 0o666): void {
  const temp = `${file}.${process.pid}.tmp`;
  rmSync(temp, { force: true }); // a temp file left by a crash would keep its old mode
  writeFileSync(temp, data, { mode });
  const fd = openSync(temp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}
