import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import {
  assignAt,
  decodeRecordPath,
  encodeRecordPath,
  recordId,
  removeAt,
  valueAt,
  type RecordPath,
} from './record-path.js';

/** One record to write: its path and its value. */
export interface RecordWrite {
  path: RecordPath;
  /** Undefined removes the record. */
  value: unknown;
}

/**
 * A stored record: the number of the batch that wrote it, and its value or `gone` (a removal is
 * kept as a tombstone while an older record of an ancestor still holds the removed value).
 */
type Stored = { s: number; v: unknown } | { s: number; gone: true };

const STATE_FILE = 'state.mdb';

/**
 * The emulator's state on disk: an LMDB environment (one file, `state.mdb`) holding records
 * (path → JSON value) and content-addressed blobs. LMDB commits are atomic and crash-safe, and
 * lmdb-js batches every write issued in one event turn into one transaction, so concurrent
 * requests share a commit and an fsync (group commit); the cost of a write does not grow with
 * what is already stored.
 */
export class DurableRecords {
  private batch = 0;
  private lastWrite: Promise<unknown> = Promise.resolve();
  /** Blob writes issued but maybe not committed yet (null = a removal): LMDB reads see only commits. */
  private readonly unsettledBlobs = new Map<string, Buffer | null>();
  /** Digests of the blobs stored or being stored: a look-up here is cheaper than a read of LMDB. */
  private storedBlobs: Set<string> | undefined;

  private constructor(
    private readonly env: RootDatabase,
    private readonly records: Database<Stored, Buffer>,
    private readonly blobs: Database<Buffer, string>,
  ) {}

  static open(dataDir: string): DurableRecords {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    removeLeftoverTempFiles(dataDir);
    const file = join(dataDir, STATE_FILE);
    // Owner-only: the state holds access key secrets, the admin token and private keys (CA, OIDC).
    // LMDB creates its files 0664; made beforehand, they keep this mode.
    for (const path of [file, `${file}-lock`]) closeSync(openSync(path, 'a', 0o600));
    for (const path of [file, `${file}-lock`]) chmodSync(path, 0o600);
    const env = open({ path: file, noSubdir: true });
    return new DurableRecords(
      env,
      env.openDB<Stored, Buffer>({ name: 'records', encoding: 'json', keyEncoding: 'binary' }),
      env.openDB<Buffer, string>({ name: 'blobs', encoding: 'binary' }),
    );
  }

  /**
   * The state, rebuilt from every record in key order (ancestors before descendants). A record
   * older than a record of one of its ancestors is stale (the ancestor was written whole after it)
   * and is dropped, as is a tombstone that hides nothing any more.
   */
  load(): Record<string, unknown> {
    const state: Record<string, unknown> = {};
    const batchOf = new Map<string, number>();
    const dropped: Promise<unknown>[] = [];
    for (const { key, value: stored } of this.records.getRange()) {
      const path = decodeRecordPath(key);
      this.batch = Math.max(this.batch, stored.s);
      const newestAncestor = Math.max(
        -1,
        ...path.slice(1).map((_, depth) => batchOf.get(recordId(path.slice(0, depth + 1))) ?? -1),
      );
      if (newestAncestor > stored.s) {
        dropped.push(this.records.remove(key));
        continue;
      }
      batchOf.set(recordId(path), stored.s);
      if (!('gone' in stored)) assignAt(state, path, stored.v);
      else if (valueAt(state, path) !== undefined) removeAt(state, path);
      else dropped.push(this.records.remove(key));
    }
    if (dropped.length > 0) void this.settle(dropped).catch(() => undefined);
    return state;
  }

  /** Issues one batch of record writes now; resolves once all of them are on disk. */
  write(writes: RecordWrite[], blobRemovals: Iterable<string> = []): Promise<void> {
    const batch = ++this.batch;
    const ops: Promise<unknown>[] = [];
    try {
      for (const { path, value } of writes) {
        // A removal is a tombstone: an ancestor's record may still hold the value (see load).
        const stored: Stored = value === undefined ? { s: batch, gone: true } : { s: batch, v: value };
        ops.push(this.records.put(encodeRecordPath(path), stored));
      }
      // After the records: a blob goes in the same or a later transaction than the last record using it.
      for (const digest of blobRemovals) ops.push(this.removeBlob(digest));
    } catch (error) {
      ops.push(Promise.reject(error));
    }
    return this.settle(ops);
  }

  putBlob(digest: string, data: Buffer): Promise<void> {
    return this.settle([this.track(digest, data, this.blobs.put(digest, data))]);
  }

  isEmpty(): boolean {
    return this.records.getKeysCount({ limit: 1 }) === 0;
  }

  hasBlob(digest: string): boolean {
    return this.storedBlobSet().has(digest);
  }

  getBlob(digest: string): Buffer | undefined {
    const unsettled = this.unsettledBlobs.get(digest);
    if (unsettled !== undefined) return unsettled ?? undefined;
    return this.blobs.getBinary(digest);
  }

  blobDigests(): string[] {
    return [...this.storedBlobSet()];
  }

  /** Resolves once every write issued so far is on disk. */
  durable(): Promise<void> {
    return this.lastWrite.then(() => this.flushed());
  }

  async close(): Promise<void> {
    await this.durable().catch(() => undefined);
    await this.env.close();
  }

  private removeBlob(digest: string): Promise<unknown> {
    return this.track(digest, null, this.blobs.remove(digest));
  }

  private storedBlobSet(): Set<string> {
    this.storedBlobs ??= new Set(this.blobs.getKeys());
    return this.storedBlobs;
  }

  private track(digest: string, data: Buffer | null, written: Promise<unknown>): Promise<unknown> {
    const stored = this.storedBlobSet();
    if (data) stored.add(digest);
    else stored.delete(digest);
    this.unsettledBlobs.set(digest, data);
    const settled = () => {
      if (this.unsettledBlobs.get(digest) === data) this.unsettledBlobs.delete(digest);
    };
    written.then(settled, settled);
    return written;
  }

  /** LMDB commits (and so settles) writes in the order they were issued. */
  private settle(ops: Promise<unknown>[]): Promise<void> {
    const done = Promise.all(ops).then(() => this.flushed());
    this.lastWrite = done.catch(() => undefined);
    return done;
  }

  /**
   * With overlapping sync (lmdb-js's default on Linux) a write settles once committed and the
   * fsync follows; an answer must wait for that too.
   */
  private async flushed(): Promise<void> {
    await this.env.flushed;
  }
}

/**
 * Temp files a crash left mid-write (`<name>.<pid>.tmp`, see atomic-file.ts): never complete,
 * never referenced.
 */
function removeLeftoverTempFiles(dataDir: string): void {
  for (const name of readdirSync(dataDir)) {
    if (/\.\d+\.tmp$/.test(name)) rmSync(join(dataDir, name), { force: true });
  }
}
