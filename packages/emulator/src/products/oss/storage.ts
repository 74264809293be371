import { createHash } from 'node:crypto';
import { nameTable } from '../../names.js';
import type { StateStore } from '../../store.js';

/**
 * The object store behind emulated OSS. The OSS HTTP API serves it to clients; EAS (model
 * loading) and DLC (checkpoint sync) use it directly, as the cloud's services do internally.
 */
export interface StoredObject {
  key: string;
  blob: string; // content digest in the StateStore
  size: number;
  etag: string; // upper-case hex MD5, as OSS reports it (unquoted here)
  contentType: string;
  lastModified: number; // emulator clock, ms
  meta: Record<string, string>; // user metadata without the x-oss-meta- prefix
}

export interface OssState {
  buckets: Record<string, { createdAt: number; objects: Record<string, StoredObject> }>;
}

export class ObjectStorage {
  private readonly state: OssState;
  /** How many objects use each blob: a blob no object uses is removed (copies share blobs). */
  private readonly blobUsers = new Map<string, number>();

  constructor(
    private readonly store: StateStore,
    private readonly now: () => number,
  ) {
    this.state = store.slice<OssState>('oss', () => ({ buckets: {} }));
    this.state.buckets = nameTable(this.state.buckets);
    for (const bucket of Object.values(this.state.buckets)) {
      bucket.objects = nameTable(bucket.objects);
      for (const object of Object.values(bucket.objects)) {
        object.meta = nameTable(object.meta);
        this.useBlob(object.blob);
      }
    }
    store.collectBlobs(new Set(this.blobUsers.keys()));
  }

  hasBucket(bucket: string): boolean {
    return bucket in this.state.buckets;
  }

  ensureBucket(bucket: string): void {
    if (this.hasBucket(bucket)) return;
    this.state.buckets[bucket] = { createdAt: this.now(), objects: nameTable() };
    this.store.changed('oss', 'buckets', bucket);
  }

  bucketCreatedAt(bucket: string): number | undefined {
    return this.state.buckets[bucket]?.createdAt;
  }

  bucketNames(): string[] {
    return Object.keys(this.state.buckets).sort();
  }

  put(
    bucket: string,
    key: string,
    data: Buffer,
    options: { contentType?: string; meta?: Record<string, string> } = {},
  ) {
    const objects = this.objectsOf(bucket);
    const stored: StoredObject = {
      key,
      blob: this.store.putBlob(data),
      size: data.length,
      etag: createHash('md5').update(data).digest('hex').toUpperCase(),
      contentType: options.contentType ?? 'application/octet-stream',
      lastModified: this.now(),
      meta: nameTable(options.meta),
    };
    this.replace(bucket, objects, stored);
    return stored;
  }

  /** Server-side copy: shares the source's blob; content type and metadata come from `options` when given. */
  copy(
    from: { bucket: string; key: string },
    to: { bucket: string; key: string },
    options: { contentType?: string; meta?: Record<string, string> } = {},
  ): StoredObject | undefined {
    const source = this.head(from.bucket, from.key);
    if (!source) return undefined;
    const objects = this.objectsOf(to.bucket);
    const stored: StoredObject = {
      ...source,
      key: to.key,
      contentType: options.contentType ?? source.contentType,
      meta: nameTable(options.meta ?? source.meta),
      lastModified: this.now(),
    };
    this.replace(to.bucket, objects, stored);
    return stored;
  }

  head(bucket: string, key: string): StoredObject | undefined {
    return this.state.buckets[bucket]?.objects[key];
  }

  get(bucket: string, key: string): { object: StoredObject; data: Buffer } | undefined {
    const object = this.head(bucket, key);
    return object ? { object, data: this.store.getBlob(object.blob) } : undefined;
  }

  delete(bucket: string, key: string): boolean {
    const objects = this.state.buckets[bucket]?.objects;
    const object = objects && Object.hasOwn(objects, key) ? objects[key] : undefined;
    if (!object) return false;
    delete objects[key];
    this.store.changed('oss', 'buckets', bucket, 'objects', key);
    this.dropBlob(object.blob);
    return true;
  }

  /** Keys under a prefix in lexicographic (UTF-8 byte) order, as OSS lists them. */
  list(bucket: string, prefix = ''): StoredObject[] {
    const objects = this.state.buckets[bucket]?.objects ?? {};
    return Object.values(objects)
      .filter((o) => o.key.startsWith(prefix))
      .sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  }

  private replace(bucket: string, objects: Record<string, StoredObject>, stored: StoredObject): void {
    const previous = Object.hasOwn(objects, stored.key) ? objects[stored.key] : undefined;
    objects[stored.key] = stored;
    this.store.changed('oss', 'buckets', bucket, 'objects', stored.key);
    this.useBlob(stored.blob);
    if (previous) this.dropBlob(previous.blob);
  }

  private useBlob(digest: string): void {
    this.blobUsers.set(digest, (this.blobUsers.get(digest) ?? 0) + 1);
  }

  private dropBlob(digest: string): void {
    const users = (this.blobUsers.get(digest) ?? 1) - 1;
    if (users > 0) return void this.blobUsers.set(digest, users);
    this.blobUsers.delete(digest);
    this.store.releaseBlob(digest);
  }

  private objectsOf(bucket: string): Record<string, StoredObject> {
    const entry = this.state.buckets[bucket];
    if (!entry) throw new Error(`bucket ${bucket} does not exist`);
    return entry.objects;
  }
}
