import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { decodeRecordPath, descendantRange, encodeRecordPath, recordId, type RecordPath } from './record-path.js';

/**
 * The emulator's state on disk: an LMDB environment (one file, `state.mdb`) holding records
 * (path → JSON value) and content-addressed blobs. LMDB commits are atomic and crash-safe, and
 * lmdb-js batches every write issued in one event turn into one transaction, so concurrent
 * requests share a commit and an fsync (group commit); the cost of a write does not grow with
 * what is already stored.
 */
export interface RecordWrite {
  path: RecordPath;
  /** Undefined removes the record. */
  value: unknown;
}

/** A stored record: the value and the number of the batch that wrote it. */
interface Stored {
  s: number;
  v: unknown;
}

export const STATE_FILE = 'state.mdb';

export class DurableRecords {
  private batch = 0;
  private lastWrite: Promise<unknown> = Promise.resolve();
  /** Blob writes issued but maybe not committed yet (null = a removal): LMDB reads see only commits. */
  private readonly unsettledBlobs = new Map<string, Buffer | null>();

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
   * Every record, ancestors before descendants. A record written whole after some of its parts
   * were written as records of their own holds newer values than those parts: the stale parts
   * are dropped here.
   */
  load(): RecordWrite[] {
    const batchOf = new Map<string, number>();
    const loaded: RecordWrite[] = [];
    const staleRemovals: Promise<unknown>[] = [];
    for (const { key, value } of this.records.getRange()) {
      const path = decodeRecordPath(key);
      const newestAncestor = Math.max(
        -1,
        ...path.slice(1).map((_, depth) => batchOf.get(recordId(path.slice(0, depth + 1))) ?? -1),
      );
      if (newestAncestor > value.s) {
        staleRemovals.push(this.records.remove(key));
        continue;
      }
      batchOf.set(recordId(path), value.s);
      this.batch = Math.max(this.batch, value.s);
      loaded.push({ path, value: value.v });
    }
    if (staleRemovals.length > 0) void this.settle(staleRemovals).catch(() => undefined);
    return loaded;
  }

  /** Issues one batch of record writes now; resolves once all of them are on disk. */
  write(writes: RecordWrite[], blobRemovals: Iterable<string> = []): Promise<void> {
    const batch = ++this.batch;
    const ops: Promise<unknown>[] = [];
    try {
      for (const { path, value } of writes) {
        const key = encodeRecordPath(path);
        if (value === undefined) {
          ops.push(this.records.remove(key));
          for (const below of this.records.getKeys(descendantRange(path))) ops.push(this.records.remove(below));
        } else {
          ops.push(this.records.put(key, { s: batch, v: value }));
        }
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

  hasBlob(digest: string): boolean {
    const unsettled = this.unsettledBlobs.get(digest);
    return unsettled === undefined ? this.blobs.doesExist(digest) : unsettled !== null;
  }

  getBlob(digest: string): Buffer | undefined {
    const unsettled = this.unsettledBlobs.get(digest);
    if (unsettled !== undefined) return unsettled ?? undefined;
    return this.blobs.getBinary(digest);
  }

  blobDigests(): string[] {
    return [...this.blobs.getKeys()];
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

  private track(digest: string, data: Buffer | null, written: Promise<unknown>): Promise<unknown> {
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
