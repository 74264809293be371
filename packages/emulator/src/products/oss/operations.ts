import { createHash } from 'node:crypto';
import { decodeStrict } from '../../http/encoding.js';
import { nameTable } from '../../names.js';
import type { Incoming, Outgoing } from '../../http/incoming.js';
import type { OssAction } from './actions.js';
import { ossArn } from './address.js';
import { invalidArgument, invalidDigest, malformedXml, noSuchBucket, noSuchKey, OssError } from './errors.js';
import { decodeContinuationToken, encodeContinuationToken, listPage } from './listing.js';
import { decideRange } from './range.js';
import type { ObjectStorage, StoredObject } from './storage.js';
import { buildXml, parseXml, type XmlElement } from './xml.js';

/** A request the pipeline has authenticated and resolved to a bucket and key. */
export interface OssCall {
  incoming: Incoming;
  bucket: string;
  key: string;
  accountId: string;
  region: string;
}

/** One RAM check: the OSS RAM action and the resource ARN it applies to. */
export interface Grant {
  action: string;
  resource: string;
}

/**
 * What an operation needs authorised, and the work to do once it is. Planning reads only what the
 * RAM checks depend on (the copy source, the keys of a multi-delete), so a denied request changes nothing.
 */
export interface Plan {
  grants: Grant[];
  run(): Outgoing;
}

export type Planner = (call: OssCall, storage: ObjectStorage) => Plan;

/** Objects per DeleteMultipleObjects request and keys per listing page, as OSS limits them. */
export const MAX_DELETE_OBJECTS = 1000;
export const MAX_LIST_KEYS = 1000;
const DEFAULT_LIST_KEYS = 100;
const MAX_KEY_BYTES = 1023;

export const PLANNERS: Record<OssAction, Planner> = {
  PutBucket: (call, storage) => ({
    grants: [bucketGrant(call, 'oss:PutBucket')],
    run: () => {
      if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(call.bucket)) {
        throw new OssError(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: call.bucket });
      }
      if (storage.hasBucket(call.bucket)) {
        throw new OssError(409, 'BucketAlreadyExists', 'The requested bucket name is not available.', {
          BucketName: call.bucket,
        });
      }
      storage.ensureBucket(call.bucket);
      return { status: 200, headers: { location: `/${call.bucket}` } };
    },
  }),

  GetBucketInfo: (call, storage) => ({
    grants: [bucketGrant(call, 'oss:GetBucketInfo')],
    run: () => {
      const createdAt = storage.bucketCreatedAt(call.bucket);
      if (createdAt === undefined) throw noSuchBucket(call.bucket);
      return xmlReply(200, 'BucketInfo', {
        Bucket: {
          AccessMonitor: 'Disabled',
          CreationDate: new Date(createdAt).toISOString(),
          ExtranetEndpoint: `oss-${call.region}.aliyuncs.com`,
          IntranetEndpoint: `oss-${call.region}-internal.aliyuncs.com`,
          Location: `oss-${call.region}`,
          StorageClass: 'Standard',
          Name: call.bucket,
          Owner: owner(call),
          AccessControlList: { Grant: 'private' },
        },
      });
    },
  }),

  ListObjects: (call, storage) => ({
    grants: [bucketGrant(call, 'oss:ListObjects')],
    run: () => {
      const query = call.incoming.query;
      const prefix = query['prefix'] ?? '';
      const delimiter = query['delimiter'] ?? '';
      const marker = query['marker'] ?? '';
      const maxKeys = readMaxKeys(query['max-keys']);
      const encode = readEncoding(query['encoding-type']);
      requireBucket(storage, call.bucket);
      const page = listPage({ sorted: storage.list(call.bucket, prefix), prefix, delimiter, after: marker, maxKeys });
      return xmlReply(200, 'ListBucketResult', {
        Name: call.bucket,
        Prefix: encode(prefix),
        Marker: encode(marker),
        MaxKeys: maxKeys,
        Delimiter: encode(delimiter),
        IsTruncated: page.isTruncated,
        NextMarker: page.isTruncated && page.last !== undefined ? encode(page.last) : undefined,
        EncodingType: query['encoding-type'] ? 'url' : undefined,
        Contents: page.objects.map((object) => listEntry(object, encode, owner(call))),
        CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
      });
    },
  }),

  ListObjectsV2: (call, storage) => ({
    grants: [bucketGrant(call, 'oss:ListObjects')],
    run: () => {
      const query = call.incoming.query;
      const prefix = query['prefix'] ?? '';
      const delimiter = query['delimiter'] ?? '';
      const startAfter = query['start-after'];
      const token = query['continuation-token'];
      const maxKeys = readMaxKeys(query['max-keys']);
      const encode = readEncoding(query['encoding-type']);
      const fetchOwner = query['fetch-owner'] === 'true';
      const resumeAfter = token === undefined ? undefined : decodeContinuationToken(token);
      if (token !== undefined && resumeAfter === undefined) {
        throw invalidArgument('The continuation token provided is incorrect.', 'continuation-token', token);
      }
      requireBucket(storage, call.bucket);
      const after = resumeAfter ?? startAfter ?? '';
      const page = listPage({ sorted: storage.list(call.bucket, prefix), prefix, delimiter, after, maxKeys });
      return xmlReply(200, 'ListBucketResult', {
        Name: call.bucket,
        Prefix: encode(prefix),
        StartAfter: startAfter === undefined ? undefined : encode(startAfter),
        ContinuationToken: token,
        MaxKeys: maxKeys,
        Delimiter: encode(delimiter),
        IsTruncated: page.isTruncated,
        NextContinuationToken:
          page.isTruncated && page.last !== undefined ? encodeContinuationToken(page.last) : undefined,
        KeyCount: page.objects.length + page.commonPrefixes.length,
        EncodingType: query['encoding-type'] ? 'url' : undefined,
        Contents: page.objects.map((object) => listEntry(object, encode, fetchOwner ? owner(call) : undefined)),
        CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
      });
    },
  }),

  DeleteMultipleObjects: (call, storage) => {
    checkContentMd5(call.incoming);
    const request = readDeleteRequest(call.incoming.body);
    const keys = [...new Set(request.keys)];
    return {
      // OSS authorises each object of a multi-delete as a DeleteObject on it.
      grants: keys.map((key) => objectGrant(call, 'oss:DeleteObject', key)),
      run: () => {
        requireBucket(storage, call.bucket);
        for (const key of request.keys) storage.delete(call.bucket, key);
        const encode = request.encodeUrl ? encodeURIComponent : (key: string) => key;
        return xmlReply(200, 'DeleteResult', {
          EncodingType: request.encodeUrl ? 'url' : undefined,
          Deleted: request.quiet ? undefined : request.keys.map((key) => ({ Key: encode(key) })),
        });
      },
    };
  },

  PutObject: (call, storage) => ({
    grants: [objectGrant(call, 'oss:PutObject', call.key)],
    run: () => {
      checkKey(call.key);
      checkContentMd5(call.incoming);
      requireBucket(storage, call.bucket);
      const stored = storage.put(call.bucket, call.key, call.incoming.body, {
        contentType: headerText(call.incoming, 'content-type') ?? 'application/octet-stream',
        meta: userMetadata(call.incoming),
      });
      return {
        status: 200,
        headers: { etag: quoted(stored.etag), 'content-md5': md5Base64(call.incoming.body) },
      };
    },
  }),

  CopyObject: (call, storage) => {
    const source = readCopySource(headerText(call.incoming, 'x-oss-copy-source') ?? '');
    const directive = (headerText(call.incoming, 'x-oss-metadata-directive') ?? 'COPY').toUpperCase();
    if (directive !== 'COPY' && directive !== 'REPLACE') {
      throw invalidArgument('x-oss-metadata-directive must be COPY or REPLACE.', 'x-oss-metadata-directive', directive);
    }
    return {
      grants: [
        objectGrant({ ...call, bucket: source.bucket }, 'oss:GetObject', source.key),
        objectGrant(call, 'oss:PutObject', call.key),
      ],
      run: () => {
        checkKey(call.key);
        requireBucket(storage, call.bucket);
        requireBucket(storage, source.bucket);
        const replaced =
          directive === 'REPLACE'
            ? {
                contentType: headerText(call.incoming, 'content-type') ?? 'application/octet-stream',
                meta: userMetadata(call.incoming),
              }
            : {};
        const copied = storage.copy(source, { bucket: call.bucket, key: call.key }, replaced);
        if (!copied) throw noSuchKey(source.key);
        return xmlReply(200, 'CopyObjectResult', {
          ETag: quoted(copied.etag),
          LastModified: new Date(copied.lastModified).toISOString(),
        });
      },
    };
  },

  GetObject: (call, storage) => ({
    grants: [objectGrant(call, 'oss:GetObject', call.key)],
    run: () => {
      requireBucket(storage, call.bucket);
      const found = storage.get(call.bucket, call.key);
      if (!found) throw noSuchKey(call.key);
      const { object, data } = found;
      const headers = { ...objectHeaders(object), ...responseOverrides(call.incoming.query) };
      const standard = headerText(call.incoming, 'x-oss-range-behavior')?.toLowerCase() === 'standard';
      const range = decideRange(headerText(call.incoming, 'range'), object.size, standard);
      if (range.kind === 'unsatisfiable') {
        throw new OssError(416, 'InvalidRange', 'The requested range cannot be satisfied', {
          RangeRequested: headerText(call.incoming, 'range') ?? '',
          ActualObjectSize: String(object.size),
        });
      }
      if (range.kind === 'whole') return { status: 200, headers, body: data };
      return {
        status: 206,
        headers: { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${object.size}` },
        body: data.subarray(range.start, range.end + 1),
      };
    },
  }),

  HeadObject: (call, storage) => ({
    // OSS authorises HeadObject (and GetObjectMeta) as oss:GetObject.
    grants: [objectGrant(call, 'oss:GetObject', call.key)],
    run: () => {
      requireBucket(storage, call.bucket);
      const object = storage.head(call.bucket, call.key);
      if (!object) throw noSuchKey(call.key);
      return { status: 200, headers: { ...objectHeaders(object), 'content-length': String(object.size) } };
    },
  }),

  DeleteObject: (call, storage) => ({
    grants: [objectGrant(call, 'oss:DeleteObject', call.key)],
    run: () => {
      requireBucket(storage, call.bucket);
      // OSS answers 204 whether or not the object existed.
      storage.delete(call.bucket, call.key);
      return { status: 204 };
    },
  }),
};

// ---------------------------------------------------------------- RAM

function bucketGrant(call: OssCall, action: string): Grant {
  return { action, resource: ossArn(call.accountId, call.bucket) };
}

function objectGrant(call: OssCall, action: string, key: string): Grant {
  return { action, resource: ossArn(call.accountId, call.bucket, key) };
}

// ---------------------------------------------------------------- request reading

function headerText(incoming: Incoming, name: string): string | undefined {
  const value = incoming.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Node reads header bytes as latin1; ali-oss sends UTF-8 bytes, so metadata is stored as the text the client meant. */
function fromHeaderBytes(value: string): string {
  return Buffer.from(value, 'latin1').toString('utf8');
}

function toHeaderBytes(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1');
}

function userMetadata(incoming: Incoming): Record<string, string> {
  const meta = nameTable<string>();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (!name.startsWith('x-oss-meta-') || value === undefined) continue;
    meta[name.slice('x-oss-meta-'.length)] = fromHeaderBytes(Array.isArray(value) ? value.join(',') : value);
  }
  return meta;
}

function checkKey(key: string): void {
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw new OssError(400, 'InvalidObjectName', 'The specified object is not valid.', { Key: key.slice(0, 64) });
  }
}

function md5Base64(data: Buffer): string {
  return createHash('md5').update(data).digest('base64');
}

function checkContentMd5(incoming: Incoming): void {
  const provided = headerText(incoming, 'content-md5');
  if (provided !== undefined && provided !== md5Base64(incoming.body)) throw invalidDigest(provided);
}

function readMaxKeys(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_LIST_KEYS;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= MAX_LIST_KEYS)) {
    throw invalidArgument(`max-keys must be an integer from 1 to ${MAX_LIST_KEYS}.`, 'max-keys', text);
  }
  return value;
}

/** `encoding-type=url` asks for keys URL-encoded in the reply; otherwise they go as they are. */
function readEncoding(value: string | undefined): (text: string) => string {
  if (value === undefined) return (text) => text;
  if (value.toLowerCase() !== 'url') throw invalidArgument('encoding-type must be url.', 'encoding-type', value);
  return encodeURIComponent;
}

function requireBucket(storage: ObjectStorage, bucket: string): void {
  if (!storage.hasBucket(bucket)) throw noSuchBucket(bucket);
}

interface DeleteRequest {
  keys: string[];
  quiet: boolean;
  encodeUrl: boolean;
}

function readDeleteRequest(body: Buffer): DeleteRequest {
  let document: Record<string, unknown>;
  try {
    document = parseXml(body.toString('utf8'));
  } catch (error) {
    throw malformedXml(error instanceof Error ? error.message : String(error));
  }
  const root = document['Delete'];
  if (!root || typeof root !== 'object') throw malformedXml('the root element must be Delete');
  const fields = root as Record<string, unknown>;
  const objects = Array.isArray(fields['Object']) ? (fields['Object'] as unknown[]) : [];
  if (objects.length === 0) throw malformedXml('Delete names no Object');
  if (objects.length > MAX_DELETE_OBJECTS) {
    throw malformedXml(`Delete names ${objects.length} objects; at most ${MAX_DELETE_OBJECTS} are allowed`);
  }
  const encodeUrl = textOf(fields['EncodingType']).trim().toLowerCase() === 'url';
  const keys = objects.map((object) => {
    const key = object && typeof object === 'object' ? textOf((object as Record<string, unknown>)['Key']) : '';
    if (key === '') throw malformedXml('an Object has no Key');
    return encodeUrl ? decodeStrict('Key', key) : key;
  });
  return { keys, quiet: textOf(fields['Quiet']).trim().toLowerCase() === 'true', encodeUrl };
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Record<string, unknown>)['#text'] === 'string') {
    return (value as Record<string, string>)['#text']!;
  }
  return '';
}

/** `x-oss-copy-source: /<bucket>/<url-encoded key>[?versionId=…]`. */
function readCopySource(header: string): { bucket: string; key: string } {
  const path = header.split('?')[0]!.replace(/^\//, '');
  const slash = path.indexOf('/');
  const bucket = slash < 0 ? '' : path.slice(0, slash);
  const rawKey = slash < 0 ? '' : path.slice(slash + 1);
  const key = decodeStrict('x-oss-copy-source', rawKey);
  if (!bucket || !key) {
    throw invalidArgument(
      'Copy Source must mention the source bucket and key: /sourcebucket/sourcekey.',
      'x-oss-copy-source',
      header,
    );
  }
  return { bucket: decodeStrict('x-oss-copy-source', bucket), key };
}

// ---------------------------------------------------------------- replies

function xmlReply(status: number, root: string, content: XmlElement): Outgoing {
  return { status, headers: { 'content-type': 'application/xml' }, body: buildXml(root, content) };
}

function quoted(etag: string): string {
  return `"${etag}"`;
}

function owner(call: OssCall): XmlElement {
  return { ID: call.accountId, DisplayName: call.accountId };
}

function listEntry(
  object: StoredObject,
  encode: (text: string) => string,
  listOwner: XmlElement | undefined,
): XmlElement {
  return {
    Key: encode(object.key),
    LastModified: new Date(object.lastModified).toISOString(),
    ETag: quoted(object.etag),
    Type: 'Normal',
    Size: object.size,
    StorageClass: 'Standard',
    Owner: listOwner,
  };
}

function objectHeaders(object: StoredObject): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': object.contentType,
    etag: quoted(object.etag),
    'last-modified': new Date(object.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    'x-oss-object-type': 'Normal',
    'x-oss-storage-class': 'Standard',
  };
  for (const [name, value] of Object.entries(object.meta)) headers[`x-oss-meta-${name}`] = toHeaderBytes(value);
  return headers;
}

const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
};

function responseOverrides(query: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [param, header] of Object.entries(RESPONSE_OVERRIDES)) {
    if (query[param] !== undefined) headers[header] = query[param];
  }
  return headers;
}
