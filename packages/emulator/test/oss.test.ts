/**
 * Emulated OSS against the real ali-oss client, in both addressing styles: objects, metadata,
 * ranges, listings (v1 and v2, with delimiters and pagination past 1,000 keys), multi-delete,
 * copy, buckets and the cloud's error replies.
 */
import { createHash } from 'node:crypto';
import OSS from 'ali-oss';
import { AdminClient, DEMO_BUCKET, Emulator } from '../src/index.js';

type Style = 'path' | 'virtual-host';
const STYLES: Style[] = ['path', 'virtual-host'];

let emulator: Emulator;
let port: string;

/** ali-oss options the typings do not know. */
type ClientOptions = OSS.Options & { sldEnable?: boolean };

function client(style: Style, bucket = DEMO_BUCKET, secret?: string): OSS {
  const { accessKeyId, accessKeySecret } = emulator.info.credentials;
  const options: ClientOptions = {
    accessKeyId,
    accessKeySecret: secret ?? accessKeySecret,
    bucket,
    timeout: 10_000,
    // Path style: a host name endpoint plus sldEnable. Virtual-host style: an IP endpoint, where
    // ali-oss names the bucket in the Host header (`<bucket>.oss-<region>.aliyuncs.com`).
    ...(style === 'path'
      ? { endpoint: `http://localhost:${port}`, sldEnable: true }
      : { endpoint: `http://127.0.0.1:${port}`, region: `oss-${emulator.info.region}` }),
  };
  return new OSS(options);
}

const md5Hex = (data: Buffer) => createHash('md5').update(data).digest('hex').toUpperCase();

async function putMany(oss: OSS, keys: string[], concurrency = 16): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++]!;
      await oss.put(key, Buffer.from(key));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** A request signed by ali-oss's own signer, sent raw so a test can read the reply's bytes. */
async function signedFetch(oss: OSS, method: string, bucket: string, key: string): Promise<Response> {
  const headers: Record<string, string> = { 'x-oss-date': new Date().toUTCString() };
  const signer = oss as unknown as {
    authorization(method: string, resource: string, subres: undefined, headers: object): string;
  };
  headers['authorization'] = signer.authorization(method, `/${bucket}/${key}`, undefined, headers);
  const path = key.split('/').map(encodeURIComponent).join('/');
  return fetch(`http://localhost:${port}/${bucket}/${path}`, { method, headers, signal: AbortSignal.timeout(10_000) });
}

beforeAll(async () => {
  emulator = await Emulator.start();
  port = new URL(emulator.info.endpoints['oss']!).port;
});

afterAll(async () => {
  await emulator.stop();
});

describe.each(STYLES)('%s style', (style) => {
  const base = `styles/${style}`;

  test('put, get and head round-trip content, content type and user metadata', async () => {
    const oss = client(style);
    const body = Buffer.from(`{"model":"resnet","style":"${style}"}`);
    const key = `${base}/dir/hello world+1.json`;
    const put = await oss.put(key, body, { meta: { sha: 'abc123', 'run-attempt': '2' } as unknown as OSS.UserMeta });
    expect(put.res.status).toBe(200);
    expect((put.res.headers as Record<string, string>)['etag']).toBe(`"${md5Hex(body)}"`);

    const got = await oss.get(key);
    expect(Buffer.compare(got.content as Buffer, body)).toBe(0);
    expect((got.res.headers as Record<string, string>)['content-type']).toBe('application/json');

    const head = await oss.head(key);
    const headers = head.res.headers as Record<string, string>;
    expect(head.meta).toEqual({ sha: 'abc123', 'run-attempt': '2' });
    expect(headers['etag']).toBe(`"${md5Hex(body)}"`);
    expect(headers['content-length']).toBe(String(body.length));
    const modified = Date.parse(headers['last-modified']!);
    expect(Math.abs(modified - emulator.context.clock.now())).toBeLessThan(5_000);
    expect(headers['x-oss-request-id']).toMatch(/^[0-9A-F-]{36}$/);
  });

  test('GetObject honours a byte range with 206 and Content-Range', async () => {
    const oss = client(style);
    const key = `${base}/range.bin`;
    const body = Buffer.from('0123456789abcdef');
    await oss.put(key, body);
    const part = await oss.get(key, undefined, { headers: { Range: 'bytes=4-9' } });
    expect(part.res.status).toBe(206);
    expect((part.content as Buffer).toString()).toBe('456789');
    expect((part.res.headers as Record<string, string>)['content-range']).toBe('bytes 4-9/16');
    const tail = await oss.get(key, undefined, { headers: { Range: 'bytes=-3' } });
    expect((tail.content as Buffer).toString()).toBe('def');
    // Out of range: ignored by default (whole object, 200); clamped or refused with the standard behaviour.
    const ignored = await oss.get(key, undefined, { headers: { Range: 'bytes=10-99' } });
    expect(ignored.res.status).toBe(200);
    expect((ignored.content as Buffer).toString()).toBe(body.toString());
    const standard = { 'x-oss-range-behavior': 'standard' };
    const clamped = await oss.get(key, undefined, { headers: { ...standard, Range: 'bytes=10-99' } });
    expect(clamped.res.status).toBe(206);
    expect((clamped.content as Buffer).toString()).toBe('abcdef');
    await expect(oss.get(key, undefined, { headers: { ...standard, Range: 'bytes=99-' } })).rejects.toMatchObject({
      code: 'InvalidRange',
      status: 416,
    });
  });

  test('ListObjects (v1) and ListObjectsV2 group by delimiter under a prefix', async () => {
    const oss = client(style);
    const root = `${base}/tree/`;
    await putMany(
      oss,
      ['a/1', 'a/2', 'a/b/3', 'c/4', 'top.txt', 'z/9'].map((k) => root + k),
    );

    const v1 = await oss.list({ prefix: root, delimiter: '/', 'max-keys': 100 }, {});
    expect(v1.objects.map((o) => o.name)).toEqual([`${root}top.txt`]);
    expect(v1.prefixes).toEqual([`${root}a/`, `${root}c/`, `${root}z/`]);
    expect(v1.isTruncated).toBe(false);

    const v2 = await oss.listV2({ prefix: `${root}a/`, delimiter: '/' }, {});
    expect(v2.objects.map((o) => o.name)).toEqual([`${root}a/1`, `${root}a/2`]);
    expect(v2.prefixes).toEqual([`${root}a/b/`]);
    expect(v2.keyCount).toBe(3);
    expect(v2.objects[0]!.owner).toBeNull();
    expect(v2.objects[0]!.etag).toBe(`"${md5Hex(Buffer.from(`${root}a/1`))}"`);

    const withOwner = await oss.listV2({ prefix: root, 'fetch-owner': true, 'max-keys': 1 }, {});
    expect(withOwner.objects[0]!.owner?.id).toBe(emulator.info.accountId);
  });

  test('v1 pagination with a delimiter visits every key and common prefix once', async () => {
    const oss = client(style);
    const root = `${base}/pages/`;
    const keys = ['a/1', 'a/2', 'a/3', 'b', 'c/1', 'c/2', 'd', 'e', 'f/g/h'].map((k) => root + k);
    await putMany(oss, keys);
    const seen: string[] = [];
    let marker = '';
    let pages = 0;
    for (;;) {
      const page = await oss.list({ prefix: root, delimiter: '/', 'max-keys': 2, marker }, {});
      pages++;
      seen.push(...page.objects.map((o) => o.name), ...(page.prefixes ?? []));
      if (!page.isTruncated) break;
      expect(page.nextMarker).toBeTruthy();
      marker = page.nextMarker;
    }
    expect(seen.sort()).toEqual(['a/', 'b', 'c/', 'd', 'e', 'f/'].map((k) => root + k));
    expect(pages).toBe(3);
  });
});

describe('listing past 1,000 keys', () => {
  const root = 'many/';
  const total = 1205;
  const keys = Array.from({ length: total }, (_, i) => `${root}${String(i).padStart(5, '0')}-${i % 7}.bin`);

  beforeAll(async () => {
    await putMany(client('path'), keys, 32);
  }, 60_000);

  test.each([
    ['1000 per page', 1000, 2],
    ['default 100 per page', undefined, 13],
  ] as const)('ListObjectsV2 pages (%s) hold every key exactly once', async (_name, maxKeys, expectedPages) => {
    const oss = client('virtual-host');
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await oss.listV2(
        {
          prefix: root,
          ...(maxKeys ? { 'max-keys': maxKeys } : {}),
          ...(token ? { 'continuation-token': token } : {}),
        },
        {},
      );
      pages++;
      expect(page.keyCount).toBe(page.objects.length);
      seen.push(...page.objects.map((o) => o.name));
      token = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (token);
    expect(pages).toBe(expectedPages);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toEqual([...keys].sort());
  });

  test('max-keys above 1,000 is refused with InvalidArgument', async () => {
    await expect(client('path').listV2({ prefix: root, 'max-keys': 1001 }, {})).rejects.toMatchObject({
      code: 'InvalidArgument',
      status: 400,
    });
  });

  test('start-after skips to the key after it', async () => {
    const page = await client('path').listV2({ prefix: root, 'start-after': keys[1199]!, 'max-keys': 10 }, {});
    expect(page.objects.map((o) => o.name)).toEqual(keys.slice(1200));
    expect(page.isTruncated).toBe(false);
  });
});

describe('deleting', () => {
  test('DeleteMultipleObjects removes keys with XML-special characters and echoes them unless quiet', async () => {
    const oss = client('path');
    const keys = ["del/a&b'c.txt", 'del/<angle>.txt', 'del/space and "quote".txt', 'del/ünï.txt', 'del/007'];
    await putMany(oss, keys);
    const result = await oss.deleteMulti([...keys, 'del/never-existed'], { quiet: false });
    expect((result.deleted ?? []).map((d) => (d as unknown as { Key: string }).Key).sort()).toEqual(
      [...keys, 'del/never-existed'].sort(),
    );
    for (const key of keys) await expect(oss.head(key)).rejects.toMatchObject({ code: 'NoSuchKey', status: 404 });

    await oss.put('del/quiet', Buffer.from('q'));
    const quiet = await oss.deleteMulti(['del/quiet'], { quiet: true });
    expect(quiet.deleted).toEqual([]);
    await expect(oss.head('del/quiet')).rejects.toMatchObject({ code: 'NoSuchKey' });
  });

  test('DeleteMultipleObjects refuses more than 1,000 keys with MalformedXML', async () => {
    const keys = Array.from({ length: 1001 }, (_, i) => `del/over/${i}`);
    await expect(client('path').deleteMulti(keys)).rejects.toMatchObject({ code: 'MalformedXML', status: 400 });
    expect((await client('path').deleteMulti(keys.slice(0, 1000))).deleted).toHaveLength(1000);
  });

  test('DeleteObject answers 204 for present and missing keys alike', async () => {
    const oss = client('virtual-host');
    await oss.put('del/single', Buffer.from('x'));
    expect((await oss.delete('del/single')).res.status).toBe(204);
    expect((await oss.delete('del/single')).res.status).toBe(204);
    await expect(oss.get('del/single')).rejects.toMatchObject({ code: 'NoSuchKey' });
  });
});

describe('copying', () => {
  test('COPY keeps the source metadata and content type; REPLACE takes the request’s', async () => {
    const oss = client('path');
    const body = Buffer.from('weights');
    await oss.put('copy/source.bin', body, {
      mime: 'application/x-model',
      meta: { sha: 'deadbeef' } as unknown as OSS.UserMeta,
    });

    const kept = await oss.copy('copy/kept.bin', 'copy/source.bin');
    expect(kept.data.etag).toBe(`"${md5Hex(body)}"`);
    const keptHead = await oss.head('copy/kept.bin');
    expect(keptHead.meta).toEqual({ sha: 'deadbeef' });
    expect((keptHead.res.headers as Record<string, string>)['content-type']).toBe('application/x-model');

    await oss.copy('copy/replaced.json', 'copy/source.bin', {
      meta: { sha: 'cafe', stage: 'prod' } as unknown as OSS.UserMeta,
    });
    const replaced = await oss.head('copy/replaced.json');
    expect(replaced.meta).toEqual({ sha: 'cafe', stage: 'prod' });
    expect((replaced.res.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(((await oss.get('copy/replaced.json')).content as Buffer).toString()).toBe('weights');
  });

  test('copies across buckets, and a missing source is NoSuchKey', async () => {
    const source = client('virtual-host');
    await source.putBucket('copy-target');
    await source.put('copy/x y.txt', Buffer.from('cross'));
    const target = client('virtual-host', 'copy-target');
    await target.copy('landed/x y.txt', 'copy/x y.txt', DEMO_BUCKET);
    expect(((await target.get('landed/x y.txt')).content as Buffer).toString()).toBe('cross');
    await expect(target.copy('landed/none', 'copy/none', DEMO_BUCKET)).rejects.toMatchObject({
      code: 'NoSuchKey',
      status: 404,
    });
  });
});

describe('buckets', () => {
  test('PutBucket creates a bucket once; GetBucketInfo describes it', async () => {
    const oss = client('path', 'fresh-bucket');
    await oss.putBucket('fresh-bucket');
    const info = await oss.getBucketInfo('fresh-bucket');
    expect(info.bucket).toMatchObject({ Name: 'fresh-bucket', Location: `oss-${emulator.info.region}` });
    await expect(oss.putBucket('fresh-bucket')).rejects.toMatchObject({ code: 'BucketAlreadyExists', status: 409 });
    await oss.put('k', Buffer.from('v'));
    expect((await oss.list({ 'max-keys': 10 }, {})).objects.map((o) => o.name)).toEqual(['k']);
  });

  test('a virtual-host request for a key that starts with the bucket name keeps the whole key', async () => {
    const vhost = client('virtual-host');
    await vhost.put(`${DEMO_BUCKET}/inner.txt`, Buffer.from('nested'));
    const path = client('path');
    expect(((await path.get(`${DEMO_BUCKET}/inner.txt`)).content as Buffer).toString()).toBe('nested');
    await expect(path.head('inner.txt')).rejects.toMatchObject({ code: 'NoSuchKey' });
  });
});

describe('errors', () => {
  test('NoSuchKey and NoSuchBucket come back as OSS XML errors with the request id', async () => {
    const oss = client('path');
    const missing = await oss.get('errors/missing.txt').catch((error: unknown) => error);
    expect(missing).toMatchObject({ name: 'NoSuchKeyError', code: 'NoSuchKey', status: 404 });
    expect((missing as { requestId: string }).requestId).toMatch(/^[0-9A-F-]{36}$/);

    await expect(client('virtual-host', 'no-such-bucket').get('x')).rejects.toMatchObject({
      code: 'NoSuchBucket',
      status: 404,
    });
    await expect(client('path', 'no-such-bucket').list({ 'max-keys': 1 }, {})).rejects.toMatchObject({
      code: 'NoSuchBucket',
    });

    const raw = await signedFetch(oss, 'GET', DEMO_BUCKET, 'errors/missing.txt');
    const xml = await raw.text();
    expect(raw.status).toBe(404);
    expect(raw.headers.get('content-type')).toBe('application/xml');
    const requestId = raw.headers.get('x-oss-request-id');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Error><Code>NoSuchKey<\/Code><Message>/);
    expect(xml).toContain(`<RequestId>${requestId}</RequestId>`);
    expect(xml).toContain('<HostId>');
    expect(xml).toContain('<Key>errors/missing.txt</Key>');
  });

  test('a Content-MD5 that does not match the body is InvalidDigest and stores nothing', async () => {
    const oss = client('path');
    const wrong = createHash('md5').update('something else').digest('base64');
    await expect(
      oss.put('errors/digest.txt', Buffer.from('payload'), { headers: { 'Content-MD5': wrong } }),
    ).rejects.toMatchObject({ code: 'InvalidDigest', status: 400 });
    await expect(oss.head('errors/digest.txt')).rejects.toMatchObject({ code: 'NoSuchKey' });
  });

  test('an unsigned request is AccessDenied', async () => {
    const response = await fetch(`http://localhost:${port}/${DEMO_BUCKET}/anything`, {
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
  });

  test('every request lands in the request log under its OSS action', async () => {
    const admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
    const since = emulator.context.log.lastSeq;
    const oss = client('virtual-host');
    await oss.put('log/a.txt', Buffer.from('a'));
    await oss.head('log/a.txt');
    await oss.get('log/missing').catch(() => undefined);
    const logged = await admin.requests({ product: 'oss', sinceSeq: since });
    expect(logged.map((r) => [r.action, r.status, r.code])).toEqual([
      ['PutObject', 200, undefined],
      ['HeadObject', 200, undefined],
      ['GetObject', 404, 'NoSuchKey'],
    ]);
    expect(logged[0]!.accessKeyId).toBe(emulator.info.credentials.accessKeyId);
    expect(logged[0]!.body).toBe('<1 bytes>');
  });
});
