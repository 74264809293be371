/**
 * Who may do what on emulated OSS, checked with the real ali-oss client: OSS V1 signatures, unknown
 * keys, STS tokens, RAM policies per action and resource, injected faults and clock skew.
 */
import OSS from 'ali-oss';
import { AdminClient, DEMO_BUCKET, Emulator, ROLES } from '../src/index.js';

let emulator: Emulator;
let admin: AdminClient;
let port: string;

interface Keys {
  accessKeyId: string;
  accessKeySecret: string;
  stsToken?: string;
}

function client(keys: Keys, style: 'path' | 'virtual-host' = 'path'): OSS {
  const options: OSS.Options & { sldEnable?: boolean } = {
    ...keys,
    // Silences ali-oss's advice to add a token refresher (these sessions never need one).
    ...(keys.stsToken ? { refreshSTSTokenInterval: 3_600_000 } : {}),
    bucket: DEMO_BUCKET,
    timeout: 10_000,
    ...(style === 'path'
      ? { endpoint: `http://localhost:${port}`, sldEnable: true }
      : { endpoint: `http://127.0.0.1:${port}`, region: `oss-${emulator.info.region}` }),
  };
  return new OSS(options);
}

const demoKeys = (): Keys => ({ ...emulator.info.credentials });

async function failure(promise: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!error) throw new Error('expected the call to fail');
  return error as { code: string; status: number; message: string };
}

beforeAll(async () => {
  emulator = await Emulator.start();
  admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  port = new URL(emulator.info.endpoints['oss']!).port;
});

afterAll(async () => {
  await emulator.stop();
});

afterEach(async () => {
  await admin.clearFaults();
});

describe('signatures', () => {
  test.each(['path', 'virtual-host'] as const)('a wrong secret is SignatureDoesNotMatch (%s style)', async (style) => {
    const wrong = client({ ...demoKeys(), accessKeySecret: 'not-the-secret' }, style);
    expect(await failure(wrong.put('sig/x.txt', Buffer.from('x')))).toMatchObject({
      code: 'SignatureDoesNotMatch',
      status: 403,
    });
    expect(await failure(wrong.head('sig/x.txt'))).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    expect(await failure(client(demoKeys(), style).head('sig/x.txt'))).toMatchObject({ code: 'NoSuchKey' });
  });

  test('the SignatureDoesNotMatch body shows the string the server signed and the key id, as OSS does', async () => {
    const keys = { ...demoKeys(), accessKeySecret: 'not-the-secret' };
    const signer = client(keys) as unknown as {
      authorization(method: string, resource: string, subres: undefined, headers: object): string;
    };
    const date = new Date().toUTCString();
    const headers: Record<string, string> = { 'x-oss-date': date };
    headers['authorization'] = signer.authorization('GET', `/${DEMO_BUCKET}/sig/raw.txt`, undefined, headers);
    const response = await fetch(`http://localhost:${port}/${DEMO_BUCKET}/sig/raw.txt`, {
      headers,
      signal: AbortSignal.timeout(10_000),
    });
    const xml = await response.text();
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(xml).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(xml).toContain(`<OSSAccessKeyId>${keys.accessKeyId}</OSSAccessKeyId>`);
    expect(xml).toContain(
      `<StringToSign>GET\n\n\n${date}\nx-oss-date:${date}\n/${DEMO_BUCKET}/sig/raw.txt</StringToSign>`,
    );
    expect(xml).toContain(`<RequestId>${response.headers.get('x-oss-request-id')}</RequestId>`);
    expect(xml).not.toContain(emulator.info.credentials.accessKeySecret);
  });

  test('an access key nobody issued is InvalidAccessKeyId', async () => {
    const stranger = client({ accessKeyId: 'LTEMUNoSuchKeyAnywhere', accessKeySecret: 'whatever' });
    expect(await failure(stranger.get('anything'))).toMatchObject({ code: 'InvalidAccessKeyId', status: 403 });
  });
});

describe('STS credentials', () => {
  function assume(durationSeconds: number): Keys {
    const session = emulator.context.ram.createSession(
      ROLES.trainer,
      'oss-test',
      durationSeconds,
      emulator.context.clock.now(),
    );
    return { accessKeyId: session.accessKeyId, accessKeySecret: session.secret, stsToken: session.securityToken };
  }

  test('a role session works within its policy and is denied outside it', async () => {
    const trainer = client(assume(3600), 'virtual-host');
    await trainer.put('models/sts/model.bin', Buffer.from('m'));
    expect(((await trainer.get('models/sts/model.bin')).content as Buffer).toString()).toBe('m');
    const denied = await failure(trainer.put('elsewhere/model.bin', Buffer.from('m')));
    expect(denied).toMatchObject({ code: 'AccessDenied', status: 403 });
    expect(denied.message).toContain('oss:PutObject');
    expect(denied.message).toContain(`acs:oss:*:${emulator.info.accountId}:${DEMO_BUCKET}/elsewhere/model.bin`);
  });

  test('a wrong token is InvalidSecurityToken; an expired session is SecurityTokenExpired', async () => {
    const keys = assume(60);
    expect(await failure(client({ ...keys, stsToken: 'CAIS-forged' }).get('models/x'))).toMatchObject({
      code: 'InvalidSecurityToken',
      status: 403,
    });
    await admin.advanceClock(61_000);
    expect(await failure(client(keys).get('models/x'))).toMatchObject({ code: 'SecurityTokenExpired', status: 403 });
  });
});

describe('RAM policies', () => {
  let limited: OSS;
  const account = () => emulator.info.accountId;

  beforeAll(async () => {
    const arn = (path: string) => `acs:oss:*:${account()}:${DEMO_BUCKET}${path}`;
    await admin.putPolicy('OssArtefactsOnly', {
      Version: '1',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['oss:PutObject', 'oss:GetObject', 'oss:DeleteObject'],
          Resource: [arn('/artefacts/*')],
        },
        { Effect: 'Allow', Action: ['oss:GetObject'], Resource: [arn('/shared/*')] },
      ],
    });
    limited = client(await admin.createUser('artefact-writer', ['OssArtefactsOnly']));
    await client(demoKeys()).put('shared/readme.txt', Buffer.from('read me'));
  });

  test('PutObject outside the allowed prefix is AccessDenied naming action and resource; inside it works', async () => {
    const denied = await failure(limited.put('models/v1/model.bin', Buffer.from('w')));
    expect(denied).toMatchObject({ code: 'AccessDenied', status: 403 });
    expect(denied.message).toContain('oss:PutObject');
    expect(denied.message).toContain(`acs:oss:*:${account()}:${DEMO_BUCKET}/models/v1/model.bin`);
    await expect(client(demoKeys()).head('models/v1/model.bin')).rejects.toMatchObject({ code: 'NoSuchKey' });

    await limited.put('artefacts/run-1/metrics.json', Buffer.from('{}'));
    expect((await limited.head('artefacts/run-1/metrics.json')).status).toBe(200);
  });

  test('HeadObject needs oss:GetObject; listing needs oss:ListObjects on the bucket', async () => {
    expect((await limited.head('shared/readme.txt')).status).toBe(200);
    const listing = await failure(limited.listV2({ prefix: 'artefacts/' }, {}));
    expect(listing).toMatchObject({ code: 'AccessDenied' });
    expect(listing.message).toContain('oss:ListObjects');
    expect(listing.message).toContain(`acs:oss:*:${account()}:${DEMO_BUCKET} `);
  });

  test('CopyObject needs GetObject on the source and PutObject on the target', async () => {
    await limited.copy('artefacts/copied.txt', 'shared/readme.txt');
    const noPut = await failure(limited.copy('shared/copy.txt', 'artefacts/copied.txt'));
    expect(noPut.message).toContain(`oss:PutObject on resource: acs:oss:*:${account()}:${DEMO_BUCKET}/shared/copy.txt`);
    await client(demoKeys()).put('private/secret.txt', Buffer.from('s'));
    const noGet = await failure(limited.copy('artefacts/stolen.txt', 'private/secret.txt'));
    expect(noGet.message).toContain(
      `oss:GetObject on resource: acs:oss:*:${account()}:${DEMO_BUCKET}/private/secret.txt`,
    );
    await expect(limited.head('artefacts/stolen.txt')).rejects.toMatchObject({ code: 'NoSuchKey' });
  });

  test('DeleteMultipleObjects is denied as a whole when one key is not deletable', async () => {
    await limited.put('artefacts/old.txt', Buffer.from('o'));
    const denied = await failure(limited.deleteMulti(['artefacts/old.txt', 'shared/readme.txt']));
    expect(denied).toMatchObject({ code: 'AccessDenied' });
    expect(denied.message).toContain(
      `oss:DeleteObject on resource: acs:oss:*:${account()}:${DEMO_BUCKET}/shared/readme.txt`,
    );
    expect((await limited.head('artefacts/old.txt')).status).toBe(200);
    await limited.deleteMulti(['artefacts/old.txt']);
    await expect(limited.head('artefacts/old.txt')).rejects.toMatchObject({ code: 'NoSuchKey' });
  });
});

describe('injected faults', () => {
  test('throttling answers 503 TotalQpsLimitExceeded for the named action only, then clears', async () => {
    const oss = client(demoKeys());
    await oss.put('faults/a.txt', Buffer.from('a'));
    await admin.injectFault({ product: 'oss', action: 'GetObject', kind: 'throttle', count: 1 });
    expect((await oss.head('faults/a.txt')).status).toBe(200);
    expect(await failure(oss.get('faults/a.txt'))).toMatchObject({ code: 'TotalQpsLimitExceeded', status: 503 });
    expect(((await oss.get('faults/a.txt')).content as Buffer).toString()).toBe('a');
  });

  test('a throttle fault can ask for another status and code; an error fault is 503 ServiceUnavailable', async () => {
    const oss = client(demoKeys(), 'virtual-host');
    await admin.injectFault({
      product: 'oss',
      action: 'PutObject',
      kind: 'throttle',
      status: 429,
      code: 'QpsLimitExceeded',
      count: 1,
    });
    expect(await failure(oss.put('faults/b.txt', Buffer.from('b')))).toMatchObject({
      code: 'QpsLimitExceeded',
      status: 429,
    });
    await admin.injectFault({ product: 'oss', kind: 'error', count: 1 });
    expect(await failure(oss.put('faults/b.txt', Buffer.from('b')))).toMatchObject({
      code: 'ServiceUnavailable',
      status: 503,
    });
    await oss.put('faults/b.txt', Buffer.from('b'));
  });

  test('a reset fault drops the connection without an answer', async () => {
    const oss = client(demoKeys());
    await admin.injectFault({ product: 'oss', action: 'ListObjectsV2', kind: 'reset', count: 1 });
    const reset = await failure(oss.listV2({ prefix: 'faults/' }, {}));
    expect(reset.status).toBe(-1);
    expect((await oss.listV2({ prefix: 'faults/' }, {})).objects.length).toBeGreaterThan(0);
  });
});

describe('request time', () => {
  /** ali-oss stamps x-oss-date with the host clock shifted by `amendTimeSkewed` (ms). */
  const skewedClient = (skewMs: number) =>
    new OSS({
      ...demoKeys(),
      bucket: DEMO_BUCKET,
      endpoint: `http://localhost:${port}`,
      sldEnable: true,
      timeout: 10_000,
      amendTimeSkewed: skewMs,
    } as OSS.Options);

  test('a request stamped more than 15 minutes off the wall clock is RequestTimeTooSkewed', async () => {
    expect(await failure(skewedClient(-20 * 60_000).get('anything'))).toMatchObject({
      code: 'RequestTimeTooSkewed',
      status: 403,
    });
    expect(await failure(skewedClient(16 * 60_000).get('anything'))).toMatchObject({ code: 'RequestTimeTooSkewed' });
    expect(await failure(skewedClient(-10 * 60_000).get('anything'))).toMatchObject({ code: 'NoSuchKey' });
  });

  test('advancing the emulator clock does not make fresh requests stale', async () => {
    await admin.advanceClock(72 * 3_600_000);
    const oss = client(demoKeys());
    await oss.put('time/after-72h.txt', Buffer.from('later'));
    const head = await oss.head('time/after-72h.txt');
    const modified = Date.parse((head.res.headers as Record<string, string>)['last-modified']!);
    expect(Math.abs(modified - emulator.context.clock.now())).toBeLessThan(5_000);
    expect(modified - Date.now()).toBeGreaterThan(71 * 3_600_000);
  });
});
