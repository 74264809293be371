/**
 * Memory stays bounded: the request log keeps metadata and a bounded excerpt of each body, a body
 * over the per-request limit gets the product's error (OSS EntityTooLarge) instead of a reset, and
 * bodies in flight together share one budget.
 */
import { request } from 'node:http';
import OSS from 'ali-oss';
import { AdminClient, DEMO_BUCKET, Emulator } from '../src/index.js';
import { sendRaw } from './support/raw-http.js';

const MiB = 1024 * 1024;
let emulator: Emulator;
let admin: AdminClient;

beforeAll(async () => {
  emulator = await Emulator.start({ limits: { requestBodyBytes: 3 * MiB, inFlightBodyBytes: 5 * MiB } });
  admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
});

afterAll(async () => {
  await emulator?.stop();
});

function ossClient(): OSS {
  const port = new URL(emulator.info.endpoints['oss']!).port;
  return new OSS({
    ...emulator.info.credentials,
    bucket: DEMO_BUCKET,
    endpoint: `http://localhost:${port}`,
    timeout: 20_000,
    sldEnable: true,
  } as OSS.Options);
}

test('the request log keeps a bounded excerpt of rejected large bodies, with their field names', async () => {
  const since = emulator.context.log.lastSeq;
  const long = JSON.stringify({ Name: 'x'.repeat(2 * MiB), Tags: Array.from({ length: 20_000 }, (_, i) => `t${i}`) });
  const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`field${i}`, i])));
  for (let i = 0; i < 3; i++) {
    for (const body of [long, wide]) {
      const answer = await sendRaw(emulator.info.endpoints['eas']!, {
        method: 'POST',
        path: '/api/v2/services',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(body),
      });
      expect(answer.status).toBe(400); // unsigned
    }
  }
  const served = await sendRaw(emulator.info.endpoints['admin']!, {
    method: 'GET',
    path: `/admin/requests?product=eas&sinceSeq=${since}`,
    headers: { authorization: `Bearer ${emulator.info.adminToken}` },
    body: Buffer.alloc(0),
  });
  const logged = (JSON.parse(served.body) as { requests: Array<{ body: Record<string, unknown> }> }).requests;
  expect(logged).toHaveLength(6);
  // Six requests of up to 2 MB each: what the log holds of them is a few KB each.
  expect(served.body.length).toBeLessThan(6 * 16 * 1024);
  expect(Object.keys(logged[0]!.body)).toEqual(['Name', 'Tags']);
  expect(Object.keys(logged[1]!.body)).toContain('field0');
});

test('the log stays within its byte budget whatever it is sent', async () => {
  const { RequestLog } = await import('../src/request-log.js');
  const log = new RequestLog({ capacity: 1_000_000, maxBytes: 64 * 1024 });
  const deeper = Array.from({ length: 1_000 }, () => 'y'.repeat(1_000));
  for (let i = 0; i < 300; i++) {
    log.record({
      time: 0,
      product: 'eas',
      action: 'CreateService',
      method: 'POST',
      path: `/${'p'.repeat(10_000)}`,
      query: { q: 'v'.repeat(10_000) },
      body: { nested: { deeper } },
      status: 400,
      requestId: `R${i}`,
    });
  }
  expect(log.size).toBeLessThanOrEqual(64 * 1024 * 1.1);
  expect(JSON.stringify(log.list()).length).toBeLessThanOrEqual(64 * 1024 * 1.1 + 2);
  expect(log.list().at(-1)!.requestId).toBe('R299');
});

test('an object over the size limit gets OSS EntityTooLarge, not a reset, and nothing is stored', async () => {
  const oss = ossClient();
  const error = (await oss.put('limits/too-big.bin', Buffer.alloc(3 * MiB + 1)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  )) as { code?: string; status?: number } | undefined;
  expect(error).toMatchObject({ code: 'EntityTooLarge', status: 400 });
  await expect(oss.head('limits/too-big.bin')).rejects.toMatchObject({ status: 404 });
  expect((await admin.requests({ product: 'oss' })).at(-2)).toMatchObject({
    action: 'PutObject',
    code: 'EntityTooLarge',
  });
});

/** A PUT whose head and first byte go now and the rest of whose body goes on `finish()`. */
function startPut(port: string, key: string, size: number) {
  let finish!: () => void;
  // A dropped connection is an answer too (status 0): the assertions say which answer was due.
  const answered = new Promise<{ status: number; body: string }>((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path: `/${DEMO_BUCKET}/${key}`,
        headers: { 'content-length': String(size) },
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', (error) => resolve({ status: 0, body: String(error) }));
    req.write(Buffer.alloc(1));
    finish = () => req.end(Buffer.alloc(size - 1));
  });
  return { answered, finish: () => finish() };
}

test('bodies in flight together share one budget: one that would overdraw it is refused, and the budget comes back', async () => {
  const port = new URL(emulator.info.endpoints['oss']!).port;
  const size = 2 * MiB; // three of them (6 MiB) overdraw the 5 MiB budget
  const first = [startPut(port, 'limits/a', size), startPut(port, 'limits/b', size)];
  while (emulator.context.bodies.inFlight < 2 * size) await new Promise((resolve) => setImmediate(resolve));
  const third = startPut(port, 'limits/c', size);
  third.finish();
  const refused = await third.answered;
  expect(refused.status).toBe(503);
  expect(refused.body).toContain('<Code>ServiceUnavailable</Code>');

  for (const put of first) put.finish();
  // The other two were read and answered (unsigned: 403), and every byte of the budget is back.
  expect((await Promise.all(first.map((put) => put.answered))).map((a) => a.status)).toEqual([403, 403]);
  expect(emulator.context.bodies.inFlight).toBe(0);
});
