/**
 * The OSS operations the actions need (JSON artefacts, metadata, listings, clean-up), on ali-oss,
 * addressed by `oss://bucket/key` URIs. Every call goes through the one retry policy.
 */
import * as AliOssNamespace from 'ali-oss';
import type AliOss from 'ali-oss';
import { defaultExport } from './clients/cjs.js';
import type { ClientOptions } from './clients/types.js';
import { PaiApiError } from './errors.js';
import { formatOssUri, parseOssUri, type OssLocation } from './inputs.js';
import { withRetry } from './retry.js';

const AliOssClient = defaultExport<typeof AliOss>(AliOssNamespace, 'ali-oss');

/** A URI as text (`oss://bucket/key`) or already parsed. */
export type OssUri = string | OssLocation;

/** What HeadObject tells about an object. */
export interface OssObjectInfo {
  size: number;
  /** As OSS sends it: upper-case hex MD5 in double quotes for simple uploads. */
  etag: string;
  lastModified: Date;
  /** User metadata (`x-oss-meta-*`), names in lower case as OSS returns them. */
  meta: Record<string, string>;
}

/** One object of a listing. */
export interface OssObjectSummary extends OssLocation {
  /** The object key (the same as `prefix`, which names the exact object here). */
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
}

/** OSS accepts at most this many keys in one DeleteMultipleObjects request. */
export const MAX_KEYS_PER_DELETE = 1000;
/** The largest page ListObjectsV2 returns. */
const LIST_PAGE_SIZE = 1000;

/**
 * Options of an OSS client. With an `endpoint` override on an IP address or `localhost` (the
 * emulator) requests use path-style addressing (`/bucket/key`); otherwise ali-oss puts the bucket
 * in the host name as the cloud wants.
 */
export type OssClientOptions = ClientOptions;

/** ali-oss's option to put the bucket in the path, missing from its type definitions. */
type AliOssOptions = AliOss.Options & { sldEnable?: boolean };

export function createAliOssClient(options: OssClientOptions, bucket: string): AliOss {
  const config: AliOssOptions = {
    accessKeyId: options.credentials.accessKeyId,
    accessKeySecret: options.credentials.accessKeySecret,
    ...(options.credentials.securityToken
      ? {
          stsToken: options.credentials.securityToken,
          // A run's STS credentials outlive its calls, so nothing refreshes them; setting the
          // interval alone keeps ali-oss from logging its advice to add a refresher.
          refreshSTSTokenInterval: 3_600_000,
        }
      : {}),
    bucket,
    region: ossRegion(options.region),
    secure: true,
    timeout: options.timeoutMs ?? 60_000,
  };
  const endpoint = options.endpoint?.trim();
  if (endpoint) {
    const url = new URL(/^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`);
    config.endpoint = `${url.protocol}//${url.host}`;
    config.secure = url.protocol === 'https:';
    if (isLocalHost(url.hostname)) config.sldEnable = true;
  }
  return new AliOssClient(config);
}

/** `cn-shanghai` → `oss-cn-shanghai`, the form ali-oss expects. */
export function ossRegion(region: string): string {
  return region.startsWith('oss-') ? region : `oss-${region}`;
}

function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith('[');
}

/** Parses a URI that must name one object (not a bucket, not a "directory" ending in `/`). */
export function toObjectLocation(uri: OssUri): OssLocation {
  const location = toLocation(uri);
  if (location.prefix === '' || location.prefix.endsWith('/')) {
    throw new Error(`${formatOssUri(location)} names a prefix, not an object`);
  }
  return location;
}

function toLocation(uri: OssUri): OssLocation {
  return typeof uri === 'string' ? parseOssUri('OSS URI', uri) : uri;
}

export class OssClient {
  private readonly clients = new Map<string, AliOss>();

  constructor(private readonly options: OssClientOptions) {}

  /** The ali-oss client of a bucket, for operations this class does not wrap. */
  bucket(name: string): AliOss {
    let client = this.clients.get(name);
    if (!client) {
      client = createAliOssClient(this.options, name);
      this.clients.set(name, client);
    }
    return client;
  }

  async getJson<T>(uri: OssUri): Promise<T> {
    const location = toObjectLocation(uri);
    const result = await this.call('GetObject', () => this.bucket(location.bucket).get(location.prefix));
    const text = Buffer.isBuffer(result.content) ? result.content.toString('utf8') : String(result.content);
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new Error(`${formatOssUri(location)} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Writes `value` as pretty JSON; `meta` becomes user metadata (x-oss-meta-*). Returns the new ETag. */
  async putJson(uri: OssUri, value: unknown, meta: Record<string, string> = {}): Promise<{ etag: string }> {
    const location = toObjectLocation(uri);
    const body = Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
    const result = await this.call('PutObject', () =>
      this.bucket(location.bucket).put(location.prefix, body, {
        mime: 'application/json',
        meta: meta as unknown as AliOss.UserMeta,
      }),
    );
    return { etag: headerOf(result.res, 'etag') ?? '' };
  }

  /** HeadObject; a missing object fails with PaiApiError code NoSuchKey. */
  async head(uri: OssUri): Promise<OssObjectInfo> {
    const location = toObjectLocation(uri);
    const result = await this.call('HeadObject', () => this.bucket(location.bucket).head(location.prefix));
    const meta: Record<string, string> = {};
    for (const [name, value] of Object.entries(result.meta ?? {})) meta[name] = String(value);
    return {
      size: Number(headerOf(result.res, 'content-length') ?? 0),
      etag: headerOf(result.res, 'etag') ?? '',
      lastModified: new Date(headerOf(result.res, 'last-modified') ?? 0),
      meta,
    };
  }

  async exists(uri: OssUri): Promise<boolean> {
    try {
      await this.head(uri);
      return true;
    } catch (error) {
      if (error instanceof PaiApiError && error.code === 'NoSuchKey') return false;
      throw error;
    }
  }

  /** Every object under the URI's prefix, in key order, following continuation tokens across pages. */
  async listAll(prefixUri: OssUri): Promise<OssObjectSummary[]> {
    const { bucket, prefix } = toLocation(prefixUri);
    const client = this.bucket(bucket);
    const objects: OssObjectSummary[] = [];
    const seenTokens = new Set<string>();
    let token: string | undefined;
    do {
      const query: AliOss.ListV2ObjectsQuery = {
        prefix,
        'max-keys': LIST_PAGE_SIZE,
        ...(token ? { 'continuation-token': token } : {}),
      };
      const page = await this.call('ListObjectsV2', () => client.listV2(query));
      for (const object of page.objects ?? []) {
        objects.push({
          bucket,
          prefix: object.name,
          key: object.name,
          size: Number(object.size),
          etag: object.etag,
          lastModified: new Date(object.lastModified),
        });
      }
      token = page.isTruncated ? page.nextContinuationToken || undefined : undefined;
      if (page.isTruncated && !token)
        throw new Error(`listing ${formatOssUri({ bucket, prefix })}: a truncated page carried no continuation token`);
      // A server that hands out the same token twice would keep us listing forever.
      if (token && seenTokens.has(token))
        throw new Error(`listing ${formatOssUri({ bucket, prefix })}: continuation token repeated`);
      if (token) seenTokens.add(token);
    } while (token);
    return objects;
  }

  /** Deletes objects (missing ones count as deleted), at most 1,000 per request. Returns how many were asked for. */
  async deleteMany(uris: readonly OssUri[]): Promise<number> {
    const byBucket = new Map<string, Set<string>>();
    for (const uri of uris) {
      const { bucket, prefix } = toObjectLocation(uri);
      let keys = byBucket.get(bucket);
      if (!keys) byBucket.set(bucket, (keys = new Set()));
      keys.add(prefix);
    }
    let requested = 0;
    for (const [bucket, keys] of byBucket) {
      const unique = [...keys];
      for (let start = 0; start < unique.length; start += MAX_KEYS_PER_DELETE) {
        const batch = unique.slice(start, start + MAX_KEYS_PER_DELETE);
        await this.call('DeleteMultipleObjects', () => this.bucket(bucket).deleteMulti(batch, { quiet: true }));
        requested += batch.length;
      }
    }
    return requested;
  }

  /**
   * Server-side copy. Without `meta` the target keeps the source's metadata (directive COPY);
   * with it, the metadata is replaced (REPLACE).
   */
  async copy(from: OssUri, to: OssUri, options: { meta?: Record<string, string> } = {}): Promise<{ etag: string }> {
    const source = toObjectLocation(from);
    const target = toObjectLocation(to);
    const result = await this.call('CopyObject', () =>
      this.bucket(target.bucket).copy(target.prefix, source.prefix, source.bucket, {
        ...(options.meta ? { meta: options.meta as unknown as AliOss.UserMeta } : {}),
      }),
    );
    return { etag: result.data?.etag ?? '' };
  }

  // Every operation here is idempotent: puts and copies to a fixed key, deletes, reads.
  private call<T>(action: string, operation: () => Promise<T>): Promise<T> {
    const observed = async () => {
      const result = await operation();
      const res = (result as { res?: { headers?: unknown } } | undefined)?.res;
      if (res?.headers) this.options.onResponse?.(res.headers as Record<string, string>);
      return result;
    };
    return withRetry(observed, {
      product: 'oss',
      action,
      idempotent: true,
      ...(this.options.retryPolicy ? { policy: this.options.retryPolicy } : {}),
      ...(this.options.onRetry ? { onRetry: this.options.onRetry } : {}),
    });
  }
}

function headerOf(res: AliOss.NormalSuccessResponse, name: string): string | undefined {
  const value = (res.headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
