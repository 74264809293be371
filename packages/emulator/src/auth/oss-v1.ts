import { createHash } from 'node:crypto';
import { constantTimeEqual, hmac } from './digests.js';
import { SignatureError } from './errors.js';
import { isSkewed, parseHttpDate } from './request-time.js';
import {
  headerValue,
  parseQuery,
  splitRawUrl,
  type SecretLookup,
  type SignedIdentity,
  type SignedRequest,
} from './signed-request.js';

/**
 * Query parameters that are part of the signed resource. OSS signs only these; `prefix`, `max-keys`,
 * `list-type`, `marker`… travel unsigned. Base list: the OSS V1 header-signature documentation
 * (acl … response-content-encoding); the rest are sub-resources OSS added later that the official SDKs sign
 * (continuation-token for ListObjectsV2, versionId, tagging, policy, worm…).
 */
export const OSS_SIGNED_SUBRESOURCES: ReadonlySet<string> = new Set([
  // documented list
  'acl',
  'uploads',
  'location',
  'cors',
  'logging',
  'website',
  'referer',
  'lifecycle',
  'delete',
  'append',
  'tagging',
  'objectMeta',
  'uploadId',
  'partNumber',
  'security-token',
  'position',
  'img',
  'style',
  'styleName',
  'replication',
  'replicationProgress',
  'replicationLocation',
  'cname',
  'bucketInfo',
  'comp',
  'qos',
  'live',
  'status',
  'vod',
  'startTime',
  'endTime',
  'symlink',
  'x-oss-process',
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  // added since
  'udf',
  'udfName',
  'udfImage',
  'udfId',
  'udfImageDesc',
  'udfApplication',
  'udfApplicationLog',
  'restore',
  'callback',
  'callback-var',
  'qosInfo',
  'policy',
  'stat',
  'encryption',
  'versions',
  'versioning',
  'versionId',
  'requestPayment',
  'x-oss-request-payer',
  'sequential',
  'inventory',
  'inventoryId',
  'continuation-token',
  'asyncFetch',
  'worm',
  'wormId',
  'wormExtend',
  'withHashContext',
  'x-oss-traffic-limit',
]);

/*
 * OSS answers authentication failures with 403 and an XML <Error>, except a malformed Authorization
 * header (400 InvalidArgument). Source: OSS "signature errors" documentation as quoted in
 * developer.aliyun.com/ask/2590 (InvalidAccessKeyId 403, InvalidArgument 400, missing Date → AccessDenied 403,
 * 15 minutes → RequestTimeTooSkewed 403, SignatureDoesNotMatch 403 with StringToSign in the body).
 * InvalidDigest 400 is OSS's answer to a body that does not match Content-MD5 (PutObject errors).
 */
function ossError(status: number, code: string, message: string): SignatureError {
  return new SignatureError(status, code, message);
}

/**
 * Verifies an OSS V1 header signature (`Authorization: OSS <AccessKeyId>:<base64 HMAC-SHA1>`), what
 * ali-oss sends unless `authorizationV4` is set. `bucket` and `key` are the decoded names the server
 * resolved from the path or the Host header; `now` is the clock the skew check runs against.
 */
export function verifyOssV1(
  req: SignedRequest,
  bucket: string | undefined,
  key: string | undefined,
  secretFor: SecretLookup,
  now: Date,
): SignedIdentity {
  const authorization = headerValue(req, 'authorization');
  if (authorization === undefined || authorization.trim() === '') {
    // Guess: OSS's reply to an unsigned request on a private bucket.
    throw ossError(403, 'AccessDenied', 'You have no right to access this object because of bucket acl.');
  }
  const match = /^OSS ([^:\s]+):(\S+)$/.exec(authorization.trim());
  if (match === null) throw ossError(400, 'InvalidArgument', 'Authorization header is invalid.');
  const accessKeyId = match[1] ?? '';
  const signatureProvided = match[2] ?? '';

  // ali-oss sends no Date header: x-oss-date fills the Date slot of the string to sign (measured).
  const dateText = headerValue(req, 'x-oss-date') ?? headerValue(req, 'date') ?? '';
  const requestTime = parseHttpDate(dateText);
  if (requestTime === undefined) {
    throw ossError(403, 'AccessDenied', 'The Date or x-oss-date header is missing or not a valid HTTP date.');
  }
  if (isSkewed(requestTime, now)) {
    throw ossError(
      403,
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
    );
  }

  const secret = secretFor(accessKeyId);
  if (secret === undefined) {
    throw ossError(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.');
  }

  const stringToSign = ossV1StringToSign(req, dateText, bucket, key);
  const expected = hmac('sha1', secret, stringToSign).toString('base64');
  if (!constantTimeEqual(expected, signatureProvided)) {
    throw new SignatureError(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      { stringToSign, signatureProvided, accessKeyId },
    );
  }

  // The body is not in the string to sign; its Content-MD5 is, so a body that disagrees with it was swapped.
  const contentMd5 = headerValue(req, 'content-md5')?.trim();
  if (contentMd5 && contentMd5 !== createHash('md5').update(req.body).digest('base64')) {
    throw ossError(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.');
  }

  const securityToken = headerValue(req, 'x-oss-security-token')?.trim();
  return securityToken ? { accessKeyId, securityToken } : { accessKeyId };
}

/** `VERB \n Content-MD5 \n Content-Type \n Date \n` + x-oss-* headers + resource with signed sub-resources. */
export function ossV1StringToSign(
  req: SignedRequest,
  dateText: string,
  bucket: string | undefined,
  key: string | undefined,
): string {
  return [
    req.method.toUpperCase(),
    headerValue(req, 'content-md5') ?? '',
    headerValue(req, 'content-type') ?? '',
    dateText,
    ...canonicalOssHeaders(req),
    canonicalResource(req, bucket, key),
  ].join('\n');
}

function canonicalOssHeaders(req: SignedRequest): string[] {
  return Object.keys(req.headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name.startsWith('x-oss-') && headerValue(req, name) !== undefined)
    .sort()
    .map((name) => `${name}:${(headerValue(req, name) ?? '').trim()}`);
}

/** `/bucket/key?sub&sub=value`, names decoded, sub-resources sorted; `/bucket/` for bucket operations. */
function canonicalResource(req: SignedRequest, bucket: string | undefined, key: string | undefined): string {
  const path = bucket ? `/${bucket}/${key ?? ''}` : '/';
  const subresources = parseQuery(splitRawUrl(req.rawUrl).query)
    .filter(([name]) => OSS_SIGNED_SUBRESOURCES.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`));
  return subresources.length === 0 ? path : `${path}?${subresources.join('&')}`;
}
