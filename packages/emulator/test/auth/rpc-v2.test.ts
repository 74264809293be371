import { verifyRpcV2 } from '../../src/auth/acs3.js';
import { NonceCache } from '../../src/auth/nonce-cache.js';
import { parseQuery, splitRawUrl, type SecretLookup, type SignedRequest } from '../../src/auth/signed-request.js';
import { startCaptureServer } from './support/capture-server.js';
import { AK, describeMetricList, rpcWithFormBody } from './support/real-clients.js';
import { secrets, signatureFailure, wrongSecret } from './support/verifying.js';

function param(req: SignedRequest, name: string): string | undefined {
  return parseQuery(splitRawUrl(req.rawUrl).query).find(([key]) => key === name)?.[1];
}

function signedAt(req: SignedRequest): Date {
  return new Date(param(req, 'Timestamp') ?? '');
}

function verify(req: SignedRequest, lookup: SecretLookup = secrets, now = signedAt(req), nonces = new NonceCache()) {
  return verifyRpcV2(req, lookup, now, { nonces });
}

/** Replaces one query parameter's raw (wire) value. */
function withParam(req: SignedRequest, name: string, rawValue: string): SignedRequest {
  const { path, query } = splitRawUrl(req.rawUrl);
  const parts = query.split('&').map((part) => (part.startsWith(`${name}=`) ? `${name}=${rawValue}` : part));
  return { ...req, rawUrl: `${path}?${parts.join('&')}` };
}

let metric: SignedRequest;
let metricSts: SignedRequest;
let form: SignedRequest;

beforeAll(async () => {
  const server = await startCaptureServer();
  try {
    await describeMetricList(server.port, { signatureAlgorithm: 'v2' });
    await describeMetricList(server.port, { signatureAlgorithm: 'v2', securityToken: 'sts-token-3' });
    await rpcWithFormBody(server.port, { signatureAlgorithm: 'v2' });
  } finally {
    await server.close();
  }
  const [a, b, c] = server.requests;
  if (!a || !b || !c) throw new Error(`captured ${server.requests.length} requests, expected 3`);
  [metric, metricSts, form] = [a, b, c];
});

describe('verifyRpcV2 on requests captured from a client with signatureAlgorithm v2', () => {
  it('sees the legacy wire format: everything in the query, HMAC-SHA1, no Authorization header', () => {
    expect(metric.headers.authorization).toBeUndefined();
    expect(param(metric, 'SignatureMethod')).toBe('HMAC-SHA1');
    expect(param(metric, 'SignatureVersion')).toBe('1.0');
    expect(param(metric, 'Action')).toBe('DescribeMetricList');
    expect(form.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form.body.toString()).toContain('MetricList=');
  });

  it.each([
    ['DescribeMetricList', () => metric],
    ['DescribeMetricList with STS', () => metricSts],
    ['a form body call', () => form],
  ])('%s verifies with the right secret and fails with a wrong one', (_name, get) => {
    expect(verify(get()).accessKeyId).toBe(AK);
    const error = signatureFailure(() => verify(get(), wrongSecret));
    expect(error).toMatchObject({ status: 400, code: 'SignatureDoesNotMatch' });
    expect(error.message).toContain('server string to sign is:POST&%2F&AccessKeyId%3D');
  });

  it('returns the SecurityToken of an STS-signed call', () => {
    expect(verify(metricSts)).toEqual({ accessKeyId: AK, securityToken: 'sts-token-3' });
    expect(verify(metric)).toEqual({ accessKeyId: AK });
  });

  it('rejects a tampered query parameter', () => {
    expect(signatureFailure(() => verify(withParam(metric, 'MetricName', 'cpu'))).code).toBe('SignatureDoesNotMatch');
  });

  it('rejects a tampered form body, which is signed along with the query', () => {
    const tampered = { ...form, body: Buffer.from(form.body.toString().replace('MetricList=', 'MetricList=x')) };
    expect(signatureFailure(() => verify(tampered)).code).toBe('SignatureDoesNotMatch');
  });

  it('rejects a stale Timestamp with InvalidTimeStamp.Expired', () => {
    const later = new Date(signedAt(metric).getTime() + 16 * 60 * 1000);
    expect(signatureFailure(() => verify(metric, secrets, later))).toMatchObject({
      status: 400,
      code: 'InvalidTimeStamp.Expired',
    });
  });

  it('rejects a missing Timestamp with IllegalTimestamp', () => {
    const { path, query } = splitRawUrl(metric.rawUrl);
    const without = { ...metric, rawUrl: `${path}?${query.replace(/&?Timestamp=[^&]*/, '')}` };
    expect(signatureFailure(() => verify(without, secrets, signedAt(metric))).code).toBe('IllegalTimestamp');
  });

  it('rejects a replayed SignatureNonce', () => {
    const nonces = new NonceCache();
    expect(verify(metric, secrets, signedAt(metric), nonces).accessKeyId).toBe(AK);
    expect(signatureFailure(() => verify(metric, secrets, signedAt(metric), nonces)).code).toBe('SignatureNonceUsed');
  });

  it('rejects another signature method and a missing signature', () => {
    expect(signatureFailure(() => verify(withParam(metric, 'SignatureMethod', 'HMAC-SHA256'))).code).toBe(
      'InvalidSignatureMethod',
    );
    const { path, query } = splitRawUrl(metric.rawUrl);
    const unsigned = { ...metric, rawUrl: `${path}?${query.replace(/&?Signature=[^&]*/, '')}` };
    expect(signatureFailure(() => verify(unsigned))).toMatchObject({ status: 400, code: 'MissingSignature' });
  });

  it('answers an unknown AccessKeyId with InvalidAccessKeyId.NotFound (404)', () => {
    expect(signatureFailure(() => verify(metric, () => undefined))).toMatchObject({
      status: 404,
      code: 'InvalidAccessKeyId.NotFound',
    });
  });
});
