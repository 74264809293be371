import { acsPercentEncode } from './acs-encoding.js';
import { constantTimeEqual, hmac } from './digests.js';
import { spendNonce, type ReplayProtectionOptions } from './nonce-cache.js';
import {
  accessKeyNotFound,
  expiredTimestamp,
  illegalTimestamp,
  incompleteSignature,
  invalidSignatureMethod,
  malformedTimestamp,
  missingParameter,
  signatureMismatch,
} from './openapi-errors.js';
import { isSkewed, parseIsoUtc } from './request-time.js';
import {
  headerValue,
  parseQuery,
  splitRawUrl,
  type SecretLookup,
  type SignedIdentity,
  type SignedRequest,
} from './signed-request.js';

/**
 * Verifies the legacy RPC signature (openapi-core with `signatureAlgorithm: 'v2'`): every parameter of the
 * query and of a form body, sorted and encoded, HMAC-SHA1 with `secret&`, base64, sent as `Signature`.
 */
export function verifyRpcV2(
  req: SignedRequest,
  secretFor: SecretLookup,
  now: Date,
  options: ReplayProtectionOptions = {},
): SignedIdentity {
  const params = signedParameters(req);
  const single = (name: string): string | undefined => params.find(([key]) => key === name)?.[1];

  const signature = single('Signature');
  if (signature === undefined || signature === '') throw missingParameter('Signature');
  const accessKeyId = single('AccessKeyId');
  if (accessKeyId === undefined || accessKeyId === '') throw missingParameter('AccessKeyId');
  const method = single('SignatureMethod') ?? '';
  if (method !== 'HMAC-SHA1') throw invalidSignatureMethod(method);
  // Guess: the cloud's code for another SignatureVersion is not documented.
  if (single('SignatureVersion') !== '1.0') throw incompleteSignature('SignatureVersion must be 1.0.');
  const nonce = single('SignatureNonce');
  if (nonce === undefined || nonce === '') throw missingParameter('SignatureNonce');

  const timestamp = single('Timestamp');
  if (timestamp === undefined || timestamp === '') throw illegalTimestamp();
  const requestTime = parseIsoUtc(timestamp);
  if (requestTime === undefined) throw malformedTimestamp();
  if (isSkewed(requestTime, now, options.maxSkewMs)) throw expiredTimestamp();

  const secret = secretFor(accessKeyId);
  if (secret === undefined) throw accessKeyNotFound();

  const stringToSign = rpcStringToSign(req.method, params);
  const expected = hmac('sha1', `${secret}&`, stringToSign).toString('base64');
  if (!constantTimeEqual(expected, signature)) {
    throw signatureMismatch({ stringToSign, signatureProvided: signature, accessKeyId });
  }

  spendNonce(accessKeyId, nonce, requestTime, now, options);

  const securityToken = single('SecurityToken');
  return securityToken ? { accessKeyId, securityToken } : { accessKeyId };
}

/** `METHOD&%2F&enc(k1=v1&k2=v2…)` over every parameter but Signature, sorted by key. */
export function rpcStringToSign(method: string, params: Array<[string, string]>): string {
  const canonical = params
    .filter(([key]) => key !== 'Signature')
    .sort(([k1, v1], [k2, v2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0))
    .map(([key, value]) => `${acsPercentEncode(key)}=${acsPercentEncode(value)}`)
    .join('&');
  return `${method.toUpperCase()}&${acsPercentEncode('/')}&${acsPercentEncode(canonical)}`;
}

/** The query, plus the body when it is a form: openapi-core signs body parameters along with the query. */
function signedParameters(req: SignedRequest): Array<[string, string]> {
  const params = parseQuery(splitRawUrl(req.rawUrl).query);
  const contentType = (headerValue(req, 'content-type') ?? '').toLowerCase();
  if (contentType.startsWith('application/x-www-form-urlencoded') && req.body.length > 0) {
    params.push(...parseQuery(req.body.toString('utf8')));
  }
  return params;
}
