import { createHash } from 'node:crypto';
import { verifyOssV1 } from '../../src/auth/oss-v1.js';
import { decodeComponent, splitRawUrl, type SecretLookup, type SignedRequest } from '../../src/auth/signed-request.js';
import { startCaptureServer } from './support/capture-server.js';
import { AK, ossByIp, ossPathStyle, type OssClient } from './support/real-clients.js';
import { secrets, signatureFailure, wrongSecret } from './support/verifying.js';

type Style = 'ip' | 'path';

interface Captured {
  style: Style;
  operation: string;
  sts: boolean;
  req: SignedRequest;
}

/** What the emulator's OSS front end does before verifying: find the bucket and the decoded key. */
function target(req: SignedRequest, style: Style): { bucket: string | undefined; key: string | undefined } {
  const path = splitRawUrl(req.rawUrl).path;
  if (style === 'ip') {
    const bucket = String(req.headers.host).split('.')[0];
    return { bucket, key: path.length > 1 ? decodeComponent(path.slice(1), false) : undefined };
  }
  const [, bucket, ...rest] = path.split('/');
  return { bucket: bucket || undefined, key: rest.length > 0 ? decodeComponent(rest.join('/'), false) : undefined };
}

function signedAt(req: SignedRequest): Date {
  return new Date(String(req.headers['x-oss-date']));
}

function verify(c: Captured, lookup: SecretLookup = secrets, now = signedAt(c.req), req = c.req) {
  const { bucket, key } = target(req, c.style);
  return verifyOssV1(req, bucket, key, lookup, now);
}

const KEY = 'dir/hello world ü+(1).txt';

/** Every operation the suite uses, in the order the requests arrive. */
const operations: Array<[string, (oss: OssClient) => Promise<unknown>]> = [
  [
    'put',
    (oss) => oss.put(KEY, Buffer.from('hello'), { meta: { owner: 'me', sha: 'abc123' }, mime: 'text/plain' } as never),
  ],
  ['get', (oss) => oss.get(KEY)],
  ['head', (oss) => oss.head(KEY)],
  ['listV2', (oss) => oss.listV2({ prefix: 'dir/', 'max-keys': '10', 'continuation-token': 'dir/a b+c=' }, {})],
  ['deleteMulti', (oss) => oss.deleteMulti(['a', 'dir/b c'])],
  ['copy', (oss) => oss.copy('dir/copy of ü.txt', KEY)],
  ['delete', (oss) => oss.delete(KEY)],
];

const captured: Captured[] = [];

beforeAll(async () => {
  const warn = console.warn;
  console.warn = () => undefined; // ali-oss nags about refreshing an STS token
  try {
    for (const style of ['ip', 'path'] as const) {
      const server = await startCaptureServer(style === 'ip' ? '127.0.0.1' : 'localhost');
      try {
        for (const sts of [false, true]) {
          const token = sts ? 'oss-sts-token' : undefined;
          const client = style === 'ip' ? ossByIp(server.port, token) : ossPathStyle(server.port, token);
          for (const [operation, run] of operations) {
            const before = server.requests.length;
            await run(client);
            const req = server.requests[before];
            if (!req) throw new Error(`${operation} sent no request`);
            captured.push({ style, operation, sts, req });
          }
        }
      } finally {
        await server.close();
      }
    }
  } finally {
    console.warn = warn;
  }
});

const find = (style: Style, operation: string, sts = false): Captured => {
  const found = captured.find((c) => c.style === style && c.operation === operation && c.sts === sts);
  if (!found) throw new Error(`no capture for ${style} ${operation}`);
  return found;
};

const matrix = (['ip', 'path'] as const).flatMap((style) =>
  [false, true].flatMap((sts) => operations.map(([operation]) => [style, operation, sts] as const)),
);

describe('verifyOssV1 on requests captured from ali-oss', () => {
  it.each(matrix)('%s-style %s (sts: %s) verifies with the right secret', (style, operation, sts) => {
    const identity = verify(find(style, operation, sts));
    expect(identity).toEqual(sts ? { accessKeyId: AK, securityToken: 'oss-sts-token' } : { accessKeyId: AK });
  });

  it.each(matrix)(
    '%s-style %s (sts: %s) fails with SignatureDoesNotMatch (403) under a wrong secret',
    (style, operation, sts) => {
      const error = signatureFailure(() => verify(find(style, operation, sts), wrongSecret));
      expect(error).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
      expect(error.details).toMatchObject({ accessKeyId: AK, signatureProvided: expect.any(String) });
    },
  );

  it('sees the wire format sdk-wire.md describes', () => {
    const put = find('ip', 'put').req;
    expect(put.headers.host).toBe('my-bucket.oss-cn-hangzhou.aliyuncs.com');
    expect(put.headers.date).toBeUndefined();
    expect(put.headers['x-oss-meta-owner']).toBe('me');
    expect(find('path', 'put').req.rawUrl).toBe('/my-bucket/dir/hello%20world%20%C3%BC%2B(1).txt');
    expect(find('ip', 'deleteMulti').req.rawUrl).toBe('/?delete=');
    expect(find('ip', 'copy').req.headers['x-oss-copy-source']).toContain('/my-bucket/');
  });

  it('puts the signed sub-resources into the string to sign, decoded, and leaves the others out', () => {
    const list = find('ip', 'listV2');
    const error = signatureFailure(() => verify(list, wrongSecret));
    expect(error.details?.stringToSign.endsWith('\n/my-bucket/?continuation-token=dir/a b+c=')).toBe(true);
    const multi = signatureFailure(() => verify(find('path', 'deleteMulti'), wrongSecret));
    expect(multi.details?.stringToSign.endsWith('\n/my-bucket/?delete')).toBe(true);
  });

  it('rejects a tampered continuation-token (signed) but not a changed max-keys (OSS leaves it unsigned)', () => {
    const list = find('path', 'listV2');
    const token = {
      ...list.req,
      rawUrl: list.req.rawUrl.replace(/continuation-token=[^&]*/, 'continuation-token=zzz'),
    };
    expect(signatureFailure(() => verify(list, secrets, signedAt(list.req), token)).code).toBe('SignatureDoesNotMatch');
    const maxKeys = { ...list.req, rawUrl: list.req.rawUrl.replace('max-keys=10', 'max-keys=1000') };
    expect(verify(list, secrets, signedAt(list.req), maxKeys).accessKeyId).toBe(AK);
  });

  it('rejects a changed key, user metadata or content type', () => {
    const put = find('path', 'put');
    const otherKey = { ...put.req, rawUrl: put.req.rawUrl.replace('hello', 'hullo') };
    const otherMeta = { ...put.req, headers: { ...put.req.headers, 'x-oss-meta-owner': 'mallory' } };
    const addedMeta = { ...put.req, headers: { ...put.req.headers, 'x-oss-meta-extra': '1' } };
    const otherType = { ...put.req, headers: { ...put.req.headers, 'content-type': 'text/html' } };
    for (const tampered of [otherKey, otherMeta, addedMeta, otherType]) {
      expect(signatureFailure(() => verify(put, secrets, signedAt(put.req), tampered)).code).toBe(
        'SignatureDoesNotMatch',
      );
    }
  });

  it('rejects a body that does not match its signed Content-MD5 with InvalidDigest', () => {
    const put = find('ip', 'put');
    const tampered = { ...put.req, body: Buffer.from('evil!') };
    expect(signatureFailure(() => verify(put, secrets, signedAt(put.req), tampered))).toMatchObject({
      status: 400,
      code: 'InvalidDigest',
    });
    const md5 = createHash('md5').update('evil!').digest('base64');
    const rehashed = { ...tampered, headers: { ...tampered.headers, 'content-md5': md5 } };
    expect(signatureFailure(() => verify(put, secrets, signedAt(put.req), rehashed)).code).toBe(
      'SignatureDoesNotMatch',
    );
  });

  it('rejects a copy whose source was swapped', () => {
    const copy = find('ip', 'copy');
    const swapped = { ...copy.req, headers: { ...copy.req.headers, 'x-oss-copy-source': '/my-bucket/secret.txt' } };
    expect(signatureFailure(() => verify(copy, secrets, signedAt(copy.req), swapped)).code).toBe(
      'SignatureDoesNotMatch',
    );
  });

  it('rejects a request more than 15 minutes off with RequestTimeTooSkewed (403)', () => {
    const get = find('ip', 'get');
    const t = signedAt(get.req).getTime();
    expect(verify(get, secrets, new Date(t + 14 * 60 * 1000)).accessKeyId).toBe(AK);
    expect(signatureFailure(() => verify(get, secrets, new Date(t + 16 * 60 * 1000)))).toMatchObject({
      status: 403,
      code: 'RequestTimeTooSkewed',
    });
  });

  it('rejects a request without a date with AccessDenied (403)', () => {
    const get = find('ip', 'get');
    const undated = { ...get.req, headers: { ...get.req.headers, 'x-oss-date': undefined } };
    expect(signatureFailure(() => verify(get, secrets, signedAt(get.req), undated))).toMatchObject({
      status: 403,
      code: 'AccessDenied',
    });
  });

  it('answers an unknown key with InvalidAccessKeyId (403) and a malformed header with InvalidArgument (400)', () => {
    const get = find('ip', 'get');
    expect(signatureFailure(() => verify(get, () => undefined))).toMatchObject({
      status: 403,
      code: 'InvalidAccessKeyId',
    });
    const malformed = { ...get.req, headers: { ...get.req.headers, authorization: `OSS ${AK}` } };
    expect(signatureFailure(() => verify(get, secrets, signedAt(get.req), malformed))).toMatchObject({
      status: 400,
      code: 'InvalidArgument',
    });
    const anonymous = { ...get.req, headers: { ...get.req.headers, authorization: undefined } };
    expect(signatureFailure(() => verify(get, secrets, signedAt(get.req), anonymous))).toMatchObject({
      status: 403,
      code: 'AccessDenied',
    });
  });
});
