import { createHash } from 'node:crypto';
import { DurableRecords } from './durable-records.js';
import { importLegacyState } from './legacy-state.js';
import { recordId, valueAt } from './record-path.js';

/**
 * Emulator state: named slices of plain data that the products read and mutate in memory, plus
 * content-addressed blobs for object data. With a data dir, a product that changes a record
 * names it (`changed('dlc', 'jobs', id)`); changed records are written in batches, and
 * `committed()` resolves once every change made so far is on disk: the request pipelines wait
 * for it before they answer, so an acknowledged write survives a crash (kill -9). Without a data
 * dir, state lives in memory and `committed()` resolves at once.
 */
export class StateStore {
  private readonly slices: Record<string, unknown> = {};
  private readonly memoryBlobs = new Map<string, Buffer>();
  private readonly disk: DurableRecords | undefined;
  /** Records changed since the last batch, by record id. */
  private readonly dirty = new Map<string, readonly string[]>();
  /** Blobs no record uses any more; removed in the batch after the records that dropped them. */
  private readonly unusedBlobs = new Set<string>();
  private readonly beforeCommitHooks: (() => void)[] = [];
  private scheduled: { promise: Promise<void>; resolve(): void; reject(error: unknown): void } | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private closed = false;

  constructor(readonly dataDir?: string) {
    if (!dataDir) return;
    this.disk = DurableRecords.open(dataDir);
    this.slices = importLegacyState(dataDir, this.disk) ?? this.disk.load();
  }

  /** The live, mutable slice for `name`; call `changed(name, ...)` after mutating it. */
  slice<T extends object>(name: string, init: () => T): T {
    if (!Object.hasOwn(this.slices, name)) {
      this.slices[name] = init();
      this.changed(name);
    }
    return this.slices[name] as T;
  }

  /**
   * Marks the record at `slice` / `path` as changed (or gone, when nothing is there any more);
   * it is written whole with the next batch. Name the smallest record that holds the change: a
   * path that stops short writes everything below it.
   */
  changed(slice: string, ...path: string[]): void {
    if (!this.disk || this.closed) return;
    const full = [slice, ...path];
    this.dirty.set(recordId(full), full);
    this.schedule();
  }

  /** Runs `hook` before every batch, for state that changes without anyone calling `changed()` (time). */
  beforeCommit(hook: () => void): void {
    this.beforeCommitHooks.push(hook);
  }

  /** Resolves once every change made so far is on disk; rejects when it could not be written. */
  committed(): Promise<void> {
    if (!this.disk || this.closed) return Promise.resolve();
    return this.scheduled?.promise ?? this.disk.durable();
  }

  /** Writes pending changes now and waits for them (the admin API's `/state/flush`). */
  flush(): Promise<void> {
    if (this.scheduled) this.writeBatch();
    return this.committed();
  }

  /**
   * Last write. Work that settles after its emulator stopped (a job process's exit, a request
   * in flight) must not save: a newer emulator may already own this data dir, and a late save
   * would overwrite its state with this one's.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.schedule(); // a last batch even when nothing changed: it records the time of the stop
    const last = this.flush();
    this.closed = true;
    await last.catch(() => undefined);
    await this.disk?.close();
  }

  /** Stores `data` (once per content) and returns its digest; on disk before any record using it. */
  putBlob(data: Buffer): string {
    const digest = createHash('sha256').update(data).digest('hex');
    if (!this.disk || this.closed) {
      this.memoryBlobs.set(digest, data);
    } else if (!this.unusedBlobs.delete(digest) && !this.disk.hasBlob(digest)) {
      void this.disk.putBlob(digest, data).catch(() => undefined); // the record's batch reports failures
    }
    return digest;
  }

  getBlob(digest: string): Buffer {
    const data = this.memoryBlobs.get(digest) ?? (this.closed ? undefined : this.disk?.getBlob(digest));
    if (!data) throw new Error(`blob ${digest} is missing`);
    return data;
  }

  /** No record uses the blob any more. */
  releaseBlob(digest: string): void {
    if (!this.disk || this.closed) {
      this.memoryBlobs.delete(digest);
      return;
    }
    this.unusedBlobs.add(digest);
    this.schedule();
  }

  /** Removes every stored blob but `used` ones: what a crash between a blob and its record left. */
  collectBlobs(used: ReadonlySet<string>): void {
    for (const digest of this.disk?.blobDigests() ?? []) if (!used.has(digest)) this.releaseBlob(digest);
  }

  private schedule(): void {
    if (this.scheduled || !this.disk) return;
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined); // nobody may be waiting; a failure is also logged below
    this.scheduled = { promise, resolve, reject };
    // One batch per event turn: every request that changed something in this turn shares it.
    this.immediate = setImmediate(() => this.writeBatch());
  }

  private writeBatch(): void {
    const batch = this.scheduled;
    if (!batch || !this.disk) return;
    clearImmediate(this.immediate);
    for (const hook of this.beforeCommitHooks) hook(); // still scheduled: their changed() joins this batch
    this.scheduled = undefined;
    const writes = [...this.dirty.values()].map((path) => ({ path, value: valueAt(this.slices, path) }));
    this.dirty.clear();
    const removals = [...this.unusedBlobs];
    this.unusedBlobs.clear();
    this.disk.write(writes, removals).then(batch.resolve, (error: unknown) => {
      console.error('[emulator] state could not be saved:', error);
      batch.reject(error);
    });
  }
}
