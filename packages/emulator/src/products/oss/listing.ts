/**
 * One page of a bucket listing, as ListObjects (v1) and ListObjectsV2 compute it: keys in UTF-8
 * byte order, strictly after the marker, under the prefix; with a delimiter, keys that share the
 * part up to the next delimiter collapse into one common prefix. A key and a common prefix each
 * count once toward max-keys.
 */
export interface ListingRequest<T extends { key: string }> {
  /** Every object under `prefix`, sorted in UTF-8 byte order. */
  sorted: readonly T[];
  prefix: string;
  delimiter: string;
  /** Only entries after this one (exclusive); '' = from the start. */
  after: string;
  maxKeys: number;
}

export interface ListingPage<T> {
  objects: T[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last entry of this page (key or common prefix): where the next page starts after. */
  last: string | undefined;
}

export function listPage<T extends { key: string }>(request: ListingRequest<T>): ListingPage<T> {
  const { sorted, prefix, delimiter, maxKeys } = request;
  const after = Buffer.from(request.after);
  const objects: T[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  let count = 0;
  for (let i = firstAfter(sorted, after); i < sorted.length; i++) {
    const object = sorted[i]!;
    const grouped = commonPrefixOf(object.key, prefix, delimiter);
    const entry = grouped ?? object.key;
    // A page that ended on a common prefix resumes after it: its keys sort after the prefix itself.
    if (Buffer.compare(Buffer.from(entry), after) <= 0) continue;
    if (grouped !== undefined && grouped === last) continue;
    if (count === maxKeys) return { objects, commonPrefixes, isTruncated: true, last };
    if (grouped !== undefined) commonPrefixes.push(grouped);
    else objects.push(object);
    last = entry;
    count++;
  }
  return { objects, commonPrefixes, isTruncated: false, last };
}

function commonPrefixOf(key: string, prefix: string, delimiter: string): string | undefined {
  if (!delimiter) return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at < 0 ? undefined : key.slice(0, at + delimiter.length);
}

/** Index of the first key after `after`, by binary search (pages of a large bucket stay cheap). */
function firstAfter<T extends { key: string }>(sorted: readonly T[], after: Buffer): number {
  if (after.length === 0) return 0;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (Buffer.compare(Buffer.from(sorted[mid]!.key), after) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Opaque continuation token of ListObjectsV2: the entry the next page starts after. */
export function encodeContinuationToken(last: string): string {
  return Buffer.from(last, 'utf8').toString('base64url');
}

export function decodeContinuationToken(token: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  return Buffer.from(token, 'base64url').toString('utf8');
}
