import { verifyAcs3 } from '../../src/auth/acs3.js';
import { sha256Hex } from '../../src/auth/digests.js';
import { NonceCache } from '../../src/auth/nonce-cache.js';
import type { SecretLookup, SignedRequest } from '../../src/auth/signed-request.js';
import { startCaptureServer } from './support/capture-server.js';
import { AK, describeMetricList, roaPost } from './support/real-clients.js';
import { secrets, signatureFailure, wrongSecret } from './support/verifying.js';

/** The signing time the client put on the request: verifying "now" keeps the skew check out of the way. */
function signedAt(req: SignedRequest): Date {
  return new Date(String(req.headers['x-acs-date']));
}

function verify(req: SignedRequest, lookup: SecretLookup = secrets, now = signedAt(req), nonces = new NonceCache()) {
  return verifyAcs3(req, lookup, now, { nonces });
}

function withHeaders(req: SignedRequest, headers: Record<string, string | undefined>): SignedRequest {
  return { ...req, headers: { ...req.headers, ...headers } };
}

interface Captured {
  roa: SignedRequest;
  roaSts: SignedRequest;
  rpc: SignedRequest;
  rpcSts: SignedRequest;
}

let captured: Captured;

beforeAll(async () => {
  const server = await startCaptureServer();
  try {
    await roaPost(server.port);
    await roaPost(server.port, { securityToken: 'sts-token-1' });
    await describeMetricList(server.port);
    await describeMetricList(server.port, { securityToken: 'sts-token-2' });
  } finally {
    await server.close();
  }
  const [roa, roaSts, rpc, rpcSts] = server.requests;
  if (!roa || !roaSts || !rpc || !rpcSts) throw new Error(`captured ${server.requests.length} requests, expected 4`);
  captured = { roa, roaSts, rpc, rpcSts };
});

describe('verifyAcs3 on requests captured from the real clients', () => {
  const cases = ['roa', 'roaSts', 'rpc', 'rpcSts'] as const;

  it.each(cases)('%s verifies with the right secret', (name) => {
    const identity = verify(captured[name]);
    expect(identity.accessKeyId).toBe(AK);
  });

  it.each(cases)('%s fails with SignatureDoesNotMatch (400) under a wrong secret', (name) => {
    const error = signatureFailure(() => verify(captured[name], wrongSecret));
    expect(error).toMatchObject({ status: 400, code: 'SignatureDoesNotMatch' });
    expect(error.message).toMatch(
      /^Specified signature is not matched with our calculation\. server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/,
    );
    expect(error.details?.canonicalRequest).toContain('x-acs-action:');
  });

  it('returns the STS security token of an STS-signed call, and none otherwise', () => {
    expect(verify(captured.roaSts)).toEqual({ accessKeyId: AK, securityToken: 'sts-token-1' });
    expect(verify(captured.rpcSts)).toEqual({ accessKeyId: AK, securityToken: 'sts-token-2' });
    expect(verify(captured.roa)).toEqual({ accessKeyId: AK });
  });

  it('sees the wire format sdk-wire.md describes', () => {
    // Unencoded `*~!` in the query value, percent-encoded path parameters, JSON body, body hash header.
    expect(captured.roa.rawUrl).toContain('filter=a*b~c!');
    expect(captured.roa.rawUrl).toMatch(/^\/api\/v2\/services\/my%20svc%20%C3%BC\/versions\/v%201\?/);
    expect(captured.roa.headers['x-acs-content-sha256']).toBe(sha256Hex(captured.roa.body));
    expect(captured.rpc.body.length).toBe(0);
    expect(captured.rpc.rawUrl).toContain('Dimensions=');
  });

  it('rejects a tampered body whose hash header was left alone', () => {
    const tampered = { ...captured.roa, body: Buffer.from('{"Name":"evil"}') };
    expect(signatureFailure(() => verify(tampered))).toMatchObject({ status: 400, code: 'SignatureDoesNotMatch' });
  });

  it('rejects a tampered body that comes with a matching hash header', () => {
    const body = Buffer.from('{"Name":"evil"}');
    const tampered = withHeaders({ ...captured.roa, body }, { 'x-acs-content-sha256': sha256Hex(body) });
    expect(signatureFailure(() => verify(tampered)).code).toBe('SignatureDoesNotMatch');
  });

  it.each([
    ['a query value', (url: string) => url.replace('filter=a*b~c!', 'filter=a*b~c%3F')],
    ['the query (one parameter added)', (url: string) => `${url}&extra=1`],
    ['the path', (url: string) => url.replace('v%201', 'v%202')],
    ['an RPC parameter', (url: string) => url.replace('Period=60', 'Period=300')],
  ])('rejects a request after a change to %s', (what, change) => {
    const source = what === 'an RPC parameter' ? captured.rpc : captured.roa;
    const tampered = { ...source, rawUrl: change(source.rawUrl) };
    expect(tampered.rawUrl).not.toBe(source.rawUrl);
    expect(signatureFailure(() => verify(tampered)).code).toBe('SignatureDoesNotMatch');
  });

  it('accepts the same query spelled with a different but equivalent encoding', () => {
    // The server decodes and re-encodes: `*` and `%2A` are the same signed value.
    const respelled = { ...captured.roa, rawUrl: captured.roa.rawUrl.replace('a*b~c!', 'a%2Ab%7Ec%21') };
    expect(verify(respelled).accessKeyId).toBe(AK);
  });

  it('rejects a swapped action header, which is signed', () => {
    const tampered = withHeaders(captured.rpc, { 'x-acs-action': 'DeleteMetricRule' });
    expect(signatureFailure(() => verify(tampered)).code).toBe('SignatureDoesNotMatch');
  });

  it('rejects an x-acs-* header that the signature does not cover', () => {
    const smuggled = withHeaders(captured.roa, { 'x-acs-security-token': 'stolen' });
    expect(signatureFailure(() => verify(smuggled))).toMatchObject({ status: 400, code: 'IncompleteSignature' });
  });

  it('allows 15 minutes of clock skew either way and no more (InvalidTimeStamp.Expired)', () => {
    const t = signedAt(captured.roa).getTime();
    const minutes = (n: number) => n * 60 * 1000;
    expect(verify(captured.roa, secrets, new Date(t + minutes(15))).accessKeyId).toBe(AK);
    expect(verify(captured.roa, secrets, new Date(t - minutes(15))).accessKeyId).toBe(AK);
    for (const now of [t + minutes(15) + 1000, t - minutes(15) - 1000]) {
      expect(signatureFailure(() => verify(captured.roa, secrets, new Date(now)))).toMatchObject({
        status: 400,
        code: 'InvalidTimeStamp.Expired',
      });
    }
  });

  it('rejects a malformed x-acs-date with InvalidTimeStamp.Format', () => {
    const stale = withHeaders(captured.roa, { 'x-acs-date': 'Wed, 25 Nov 2026 15:59:45 GMT' });
    expect(signatureFailure(() => verify(stale, secrets, signedAt(captured.roa))).code).toBe('InvalidTimeStamp.Format');
  });

  it('rejects a replayed nonce with SignatureNonceUsed, and only after the signature held', () => {
    const nonces = new NonceCache();
    const now = signedAt(captured.rpc);
    expect(signatureFailure(() => verify(captured.rpc, wrongSecret, now, nonces)).code).toBe('SignatureDoesNotMatch');
    expect(verify(captured.rpc, secrets, now, nonces).accessKeyId).toBe(AK);
    expect(signatureFailure(() => verify(captured.rpc, secrets, now, nonces))).toMatchObject({
      status: 400,
      code: 'SignatureNonceUsed',
    });
  });

  it('uses a shared nonce cache when none is injected', () => {
    const copy = withHeaders(captured.roa, {});
    expect(verifyAcs3(copy, secrets, signedAt(copy)).accessKeyId).toBe(AK);
    expect(signatureFailure(() => verifyAcs3(copy, secrets, signedAt(copy))).code).toBe('SignatureNonceUsed');
  });

  it('answers an unknown AccessKey ID with InvalidAccessKeyId.NotFound (404)', () => {
    expect(signatureFailure(() => verify(captured.roa, () => undefined))).toMatchObject({
      status: 404,
      code: 'InvalidAccessKeyId.NotFound',
    });
  });

  it('answers a missing Authorization header with MissingAuthorization (400)', () => {
    const anonymous = withHeaders(captured.roa, { authorization: undefined });
    expect(signatureFailure(() => verify(anonymous))).toMatchObject({ status: 400, code: 'MissingAuthorization' });
  });

  it('requires the nonce (MissingSignatureNonce) and the date (IncompleteSignature)', () => {
    const noNonce = withHeaders(captured.rpc, { 'x-acs-signature-nonce': undefined });
    expect(signatureFailure(() => verify(noNonce))).toMatchObject({ status: 400, code: 'MissingSignatureNonce' });
    const noDate = withHeaders(captured.rpc, { 'x-acs-date': undefined });
    expect(signatureFailure(() => verify(noDate, secrets, signedAt(captured.rpc))).code).toBe('IncompleteSignature');
  });

  it('answers another signature algorithm with InvalidSignatureMethod', () => {
    const sm3 = withHeaders(captured.roa, {
      authorization: String(captured.roa.headers.authorization).replace('ACS3-HMAC-SHA256', 'ACS3-HMAC-SM3'),
    });
    expect(signatureFailure(() => verify(sm3)).code).toBe('InvalidSignatureMethod');
  });

  it('answers an Authorization header without a Signature with IncompleteSignature', () => {
    const cut = withHeaders(captured.roa, {
      authorization: String(captured.roa.headers.authorization).replace(/,Signature=.*$/, ''),
    });
    expect(signatureFailure(() => verify(cut)).code).toBe('IncompleteSignature');
  });
});
