/**
 * The core OSS helper on the real ali-oss client against the in-process emulator: JSON artefacts
 * with metadata, listings across pages, batched deletes, copies, and the shared retry policy
 * meeting injected throttling and resets.
 */
import { AdminClient, DEMO_BUCKET, Emulator } from '@pai-actions/emulator';
import {
  createAliOssClient,
  OssClient,
  PaiApiError,
  toObjectLocation,
  type OssClientOptions,
  type RetryInfo,
} from '../src/index.js';

let emulator: Emulator;
let admin: AdminClient;
let options: OssClientOptions;

const FAST_RETRIES = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 50 };
const uri = (key: string) => `oss://${DEMO_BUCKET}/${key}`;

beforeAll(async () => {
  emulator = await Emulator.start();
  admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  options = {
    credentials: emulator.info.credentials,
    region: emulator.info.region,
    endpoint: emulator.info.endpoints['oss']!,
    retryPolicy: FAST_RETRIES,
    timeoutMs: 10_000,
  };
});

afterAll(async () => {
  await emulator.stop();
});

afterEach(async () => {
  await admin.clearFaults();
});

async function ossRequests(action: string, sinceSeq: number) {
  return admin.requests({ product: 'oss', action, sinceSeq });
}

describe('JSON objects and metadata', () => {
  test('putJson, getJson and head round-trip the value and its user metadata', async () => {
    const oss = new OssClient(options);
    const lineage = { commit: 'a1b2c3', metrics: { accuracy: 0.93 }, jobs: ['dlc-1', 'dlc-2'] };
    const put = await oss.putJson(uri('models/a1b2c3/lineage.json'), lineage, { 'git-sha': 'a1b2c3' });
    expect(put.etag).toMatch(/^"[0-9A-F]{32}"$/);

    expect(await oss.getJson(uri('models/a1b2c3/lineage.json'))).toEqual(lineage);
    const head = await oss.head({ bucket: DEMO_BUCKET, prefix: 'models/a1b2c3/lineage.json' });
    expect(head.meta).toEqual({ 'git-sha': 'a1b2c3' });
    expect(head.etag).toBe(put.etag);
    expect(head.size).toBe(Buffer.byteLength(`${JSON.stringify(lineage, null, 2)}\n`));
    expect(Math.abs(head.lastModified.getTime() - emulator.context.clock.now())).toBeLessThan(5_000);
  });

  test('exists tells present from missing; a missing object fails as PaiApiError NoSuchKey', async () => {
    const oss = new OssClient(options);
    await oss.putJson(uri('exists/yes.json'), {});
    expect(await oss.exists(uri('exists/yes.json'))).toBe(true);
    expect(await oss.exists(uri('exists/no.json'))).toBe(false);

    const error = await oss.getJson(uri('exists/no.json')).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PaiApiError);
    expect(error).toMatchObject({ code: 'NoSuchKey', statusCode: 404, product: 'oss', action: 'GetObject' });
    expect((error as PaiApiError).requestId).toMatch(/^[0-9A-F-]{36}$/);
  });

  test('a URI that names a prefix is refused before any call', async () => {
    expect(() => toObjectLocation('oss://pai-demo/models/')).toThrow(/names a prefix, not an object/);
    expect(() => toObjectLocation('s3://pai-demo/x')).toThrow(/oss:\/\//);
    await expect(new OssClient(options).getJson('oss://pai-demo/')).rejects.toThrow(/names a prefix/);
  });

  test('a path-style endpoint host (localhost) reaches the same objects', async () => {
    const port = new URL(emulator.info.endpoints['oss']!).port;
    const viaLocalhost = new OssClient({ ...options, endpoint: `http://localhost:${port}` });
    await new OssClient(options).putJson(uri('hosts/one.json'), { n: 1 });
    expect(await viaLocalhost.getJson(uri('hosts/one.json'))).toEqual({ n: 1 });
  });
});

describe('listing and deleting many objects', () => {
  const total = 1205;
  const keys = Array.from({ length: total }, (_, i) => `bulk/run-${i % 5}/part-${String(i).padStart(5, '0')}.json`);

  beforeAll(async () => {
    const oss = new OssClient(options);
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const key = keys[next++]!;
        await oss.putJson(uri(key), { key });
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
  }, 60_000);

  test('listAll follows continuation tokens and returns every object exactly once, in key order', async () => {
    const oss = new OssClient(options);
    const since = emulator.context.log.lastSeq;
    const listed = await oss.listAll(uri('bulk/'));
    expect(listed).toHaveLength(total);
    expect(new Set(listed.map((o) => o.key)).size).toBe(total);
    expect(listed.map((o) => o.key)).toEqual([...keys].sort());
    expect(listed[0]).toMatchObject({
      bucket: DEMO_BUCKET,
      size: expect.any(Number),
      etag: expect.stringMatching(/^"/),
    });
    expect(await ossRequests('ListObjectsV2', since)).toHaveLength(2);

    expect(await oss.listAll(uri('bulk/run-3/'))).toHaveLength(keys.filter((k) => k.startsWith('bulk/run-3/')).length);
    expect(await oss.listAll(uri('bulk/nothing-here/'))).toEqual([]);
  });

  test('deleteMany sends at most 1,000 keys per DeleteMultipleObjects request', async () => {
    const oss = new OssClient(options);
    const since = emulator.context.log.lastSeq;
    const deleted = await oss.deleteMany([...keys.map(uri), uri('bulk/never-existed.json')]);
    expect(deleted).toBe(total + 1);
    const requests = await ossRequests('DeleteMultipleObjects', since);
    expect(requests.map((r) => r.status)).toEqual([200, 200]);
    expect(await oss.listAll(uri('bulk/'))).toEqual([]);
  });
});

describe('copy', () => {
  test('without meta the copy keeps the source metadata; with meta it replaces it', async () => {
    const oss = new OssClient(options);
    await oss.putJson(uri('copy/source.json'), { v: 1 }, { 'git-sha': 'abc' });
    await oss.copy(uri('copy/source.json'), uri('copy/kept.json'));
    expect((await oss.head(uri('copy/kept.json'))).meta).toEqual({ 'git-sha': 'abc' });

    await oss.copy(uri('copy/source.json'), uri('copy/replaced.json'), { meta: { 'git-sha': 'def', stage: 'prod' } });
    expect((await oss.head(uri('copy/replaced.json'))).meta).toEqual({ 'git-sha': 'def', stage: 'prod' });
    expect(await oss.getJson(uri('copy/replaced.json'))).toEqual({ v: 1 });
  });
});

describe('retries', () => {
  test('throttled calls are retried by the shared policy until they succeed', async () => {
    const retries: RetryInfo[] = [];
    const oss = new OssClient({ ...options, onRetry: (info) => retries.push(info) });
    await admin.injectFault({ product: 'oss', action: 'PutObject', kind: 'throttle', count: 2 });
    const since = emulator.context.log.lastSeq;

    await oss.putJson(uri('retry/throttled.json'), { ok: true });

    expect(retries.map((r) => [r.attempt, r.error.code, r.error.statusCode])).toEqual([
      [1, 'TotalQpsLimitExceeded', 503],
      [2, 'TotalQpsLimitExceeded', 503],
    ]);
    expect((await ossRequests('PutObject', since)).map((r) => r.status)).toEqual([503, 503, 200]);
    expect(await oss.getJson(uri('retry/throttled.json'))).toEqual({ ok: true });
  });

  test('a connection reset is retried too', async () => {
    const oss = new OssClient(options);
    await oss.putJson(uri('retry/reset.json'), { n: 2 });
    await admin.injectFault({ product: 'oss', action: 'GetObject', kind: 'reset', count: 1 });
    expect(await oss.getJson(uri('retry/reset.json'))).toEqual({ n: 2 });
  });

  test('AccessDenied is not retried and names action and resource', async () => {
    await admin.putPolicy('ReadModelsOnly', {
      Version: '1',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['oss:GetObject'],
          Resource: [`acs:oss:*:${emulator.info.accountId}:${DEMO_BUCKET}/models/*`],
        },
      ],
    });
    const reader = new OssClient({
      ...options,
      credentials: await admin.createUser('models-reader', ['ReadModelsOnly']),
    });
    const since = emulator.context.log.lastSeq;
    const error = await reader.putJson(uri('models/x.json'), {}).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'AccessDenied', statusCode: 403, action: 'PutObject' });
    expect((error as PaiApiError).apiMessage).toContain(
      `oss:PutObject on resource: acs:oss:*:${emulator.info.accountId}:${DEMO_BUCKET}/models/x.json`,
    );
    expect(await ossRequests('PutObject', since)).toHaveLength(1);
  });

  test('when throttling outlasts the attempts, the last error surfaces', async () => {
    const oss = new OssClient(options);
    await admin.injectFault({ product: 'oss', action: 'HeadObject', kind: 'throttle' });
    await expect(oss.exists(uri('retry/any.json'))).rejects.toMatchObject({ code: 'TotalQpsLimitExceeded' });
  });
});

test('endpoint overrides on IPs and localhost use path style; cloud hosts keep the bucket in the host name', () => {
  const optionsOf = (endpoint: string | undefined) =>
    (
      createAliOssClient(
        { ...options, ...(endpoint ? { endpoint } : { endpoint: undefined }) },
        DEMO_BUCKET,
      ) as unknown as {
        options: { sldEnable?: boolean; endpoint: { host: string; protocol: string } };
      }
    ).options;
  expect(optionsOf('http://127.0.0.1:9000')).toMatchObject({
    sldEnable: true,
    endpoint: { host: '127.0.0.1:9000', protocol: 'http:' },
  });
  expect(optionsOf('http://localhost:9000').sldEnable).toBe(true);
  const internal = optionsOf('oss-cn-shanghai-internal.aliyuncs.com');
  expect(internal.sldEnable).toBeFalsy();
  expect(internal.endpoint).toMatchObject({ host: 'oss-cn-shanghai-internal.aliyuncs.com', protocol: 'https:' });
  expect(optionsOf(undefined).endpoint).toMatchObject({
    host: `oss-${emulator.info.region}.aliyuncs.com`,
    protocol: 'https:',
  });
});
