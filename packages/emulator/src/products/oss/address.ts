/**
 * Which bucket and key a request names. OSS clients address a bucket two ways:
 * - path style, `/<bucket>/<key>` (ali-oss `sldEnable: true`, a Host like `localhost:PORT`);
 * - virtual-host style, bucket in the Host (`<bucket>.oss-<region>.aliyuncs.com`) and the key as the
 *   whole path. ali-oss sends that Host whenever its endpoint is an IP address, even with
 *   `sldEnable`, and then the path names the bucket as well.
 */
export interface OssAddress {
  /** Undefined for service-level requests (`GET /`). */
  bucket: string | undefined;
  /** Empty for bucket-level requests. */
  key: string;
}

const BUCKET = '[a-z0-9][a-z0-9-]{1,61}[a-z0-9]';
const VIRTUAL_HOST = new RegExp(`^(${BUCKET})\\.oss-[a-z0-9-]+(\\.[a-z0-9.-]+)?(:\\d+)?$`);

export function bucketFromHost(host: string | undefined): string | undefined {
  return host ? VIRTUAL_HOST.exec(host.toLowerCase())?.[1] : undefined;
}

/**
 * The readings of a request, most likely first. Two readings only when the Host names a bucket
 * and the path starts with that same bucket: path style (`/b/k` = key `k`) or virtual-host style
 * (key `b/k`). The signature, which covers `/<bucket>/<key>`, tells them apart.
 *
 * @param decodedPath the percent-decoded request path
 */
export function resolveAddresses(decodedPath: string, host: string | undefined): OssAddress[] {
  const pathStyle = fromPath(decodedPath);
  const hostBucket = bucketFromHost(host);
  if (!hostBucket) return [pathStyle];
  const virtualHost: OssAddress = { bucket: hostBucket, key: decodedPath.replace(/^\//, '') };
  return pathStyle.bucket === hostBucket ? [pathStyle, virtualHost] : [virtualHost];
}

function fromPath(decodedPath: string): OssAddress {
  const rest = decodedPath.replace(/^\//, '');
  if (rest === '') return { bucket: undefined, key: '' };
  const slash = rest.indexOf('/');
  return slash < 0 ? { bucket: rest, key: '' } : { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

/** RAM resource ARN of a bucket, or of an object when a key is given. */
export function ossArn(accountId: string, bucket: string, key?: string): string {
  return `acs:oss:*:${accountId}:${bucket}${key === undefined ? '' : `/${key}`}`;
}
