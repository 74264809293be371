import { acsPercentEncode } from './acs-encoding.js';
import { constantTimeEqual, hmac, sha256Hex } from './digests.js';
import { spendNonce, type ReplayProtectionOptions } from './nonce-cache.js';
import {
  accessKeyNotFound,
  contentHashMismatch,
  expiredTimestamp,
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

export { verifyRpcV2 } from './rpc-v2.js';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** Headers the gateway needs covered by the signature; every other x-acs-* header present must be covered too. */
const MANDATORY_SIGNED_HEADERS = ['host', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce'];

interface Acs3Authorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/**
 * Verifies an OpenAPI request signed with ACS3-HMAC-SHA256 (the default of openapi-core, ROA and RPC).
 * `now` is the emulator's clock. Checks run cheapest-first, and the nonce is spent only once the signature
 * holds, so a forged request cannot burn a genuine caller's nonce.
 */
export function verifyAcs3(
  req: SignedRequest,
  secretFor: SecretLookup,
  now: Date,
  options: ReplayProtectionOptions = {},
): SignedIdentity {
  const authorization = parseAuthorization(headerValue(req, 'authorization'));
  requireSignedHeaders(req, authorization.signedHeaders);

  const dateText = headerValue(req, 'x-acs-date') ?? '';
  const requestTime = parseIsoUtc(dateText.trim());
  if (requestTime === undefined) throw malformedTimestamp();
  if (isSkewed(requestTime, now, options.maxSkewMs)) throw expiredTimestamp();

  const secret = secretFor(authorization.accessKeyId);
  if (secret === undefined) throw accessKeyNotFound();

  const contentHash = (headerValue(req, 'x-acs-content-sha256') ?? '').trim();
  if (contentHash.toLowerCase() !== sha256Hex(req.body)) throw contentHashMismatch();

  const canonicalRequest = acs3CanonicalRequest(req, authorization.signedHeaders, contentHash);
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
  const expected = hmac('sha256', secret, stringToSign).toString('hex');
  if (!constantTimeEqual(expected, authorization.signature.toLowerCase())) {
    throw signatureMismatch({
      stringToSign,
      canonicalRequest,
      signatureProvided: authorization.signature,
      accessKeyId: authorization.accessKeyId,
    });
  }

  const nonce = (headerValue(req, 'x-acs-signature-nonce') ?? '').trim();
  spendNonce(authorization.accessKeyId, nonce, requestTime, now, options);

  const securityToken = headerValue(req, 'x-acs-security-token')?.trim();
  return securityToken
    ? { accessKeyId: authorization.accessKeyId, securityToken }
    : { accessKeyId: authorization.accessKeyId };
}

/**
 * `METHOD \n path \n query \n headers \n signed-headers \n payload-hash`, rebuilt from the wire the way
 * openapi-core built it before sending.
 */
export function acs3CanonicalRequest(req: SignedRequest, signedHeaders: string[], payloadHash: string): string {
  const { path, query } = splitRawUrl(req.rawUrl);
  const headers = signedHeaders.map((name) => `${name}:${(headerValue(req, name) ?? '').trim()}\n`).join('');
  return [
    req.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(query),
    headers,
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

/** The SDK signs its (caller-encoded) pathname with `+`, `*`, `%7E` normalised, then sends it unnormalised. */
function canonicalUri(path: string): string {
  return (path || '/').replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/gi, '~');
}

/**
 * Values travel encoded by node's querystring (which leaves `!*'()~` literal) but are signed with the
 * stricter ACS encoding, so decode and re-encode. Keys are signed as they are, unencoded (measured).
 */
function canonicalQuery(query: string): string {
  return parseQuery(query)
    .sort(([k1, v1], [k2, v2]) => compareCodeUnits(k1, k2) || compareCodeUnits(v1, v2))
    .map(([key, value]) => `${key}=${acsPercentEncode(value)}`)
    .join('&');
}

/** Array.prototype.sort's default order, which is what the SDK uses. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseAuthorization(header: string | undefined): Acs3Authorization {
  if (header === undefined || header.trim() === '') throw missingParameter('Authorization');
  const match = /^(\S+)\s+(.*)$/s.exec(header.trim());
  if (match === null) throw incompleteSignature('The Authorization header is malformed.');
  const algorithm = match[1] ?? '';
  const rest = match[2] ?? '';
  if (algorithm !== ACS3_ALGORITHM) throw invalidSignatureMethod(algorithm);

  const fields = new Map<string, string>();
  for (const part of rest.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) {
    throw incompleteSignature('The Authorization header needs Credential, SignedHeaders and Signature.');
  }
  // Canonical headers are in sorted order whatever order the client listed them in.
  const names = [...new Set(signedHeaders.split(';').map((name) => name.trim().toLowerCase()))].filter(Boolean).sort();
  return { accessKeyId, signedHeaders: names, signature };
}

function requireSignedHeaders(req: SignedRequest, signedHeaders: string[]): void {
  const signed = new Set(signedHeaders);
  for (const name of MANDATORY_SIGNED_HEADERS) {
    if ((headerValue(req, name) ?? '').trim() === '') {
      if (name === 'x-acs-signature-nonce') throw missingParameter('SignatureNonce');
      throw incompleteSignature(`The ${name} header is missing.`);
    }
  }
  // An unsigned x-acs-* header (the action, the security token…) could be swapped by anyone on the path.
  const present = Object.keys(req.headers).filter(
    (name) => name.startsWith('x-acs-') && req.headers[name] !== undefined,
  );
  for (const name of [...MANDATORY_SIGNED_HEADERS, ...present]) {
    if (!signed.has(name)) throw incompleteSignature(`The ${name} header must be signed.`);
  }
}
