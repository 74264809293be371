/**
 * DlcClient's behaviour beyond the wire format, against the emulator with injected faults:
 * CreateJob is never submitted twice (idempotency key + ListJobs lookup), DeleteJob after a
 * lost answer, paging, and the key lookup itself.
 */
import { DLC_IDEMPOTENCY_TAG, DlcClient } from '../src/clients/dlc.js';
import type { CreateJobRequest } from '../src/clients/dlc-types.js';
import { PaiApiError } from '../src/errors.js';
import type { ClientOptions } from '../src/index.js';
import type { AdminClient, Emulator, LoggedRequest } from '../../emulator/src/index.js';
import { jobRequest, startDlc, waitForStatus } from '../../emulator/test/dlc-support.js';
import { jsonAnswer, startScriptedServer, type ScriptedServer } from './support/scripted-server.js';

let emulator: Emulator;
let admin: AdminClient;
let dlc: DlcClient;

beforeAll(async () => {
  const world = await startDlc();
  emulator = world.emulator;
  admin = world.admin;
  dlc = world.dlc;
});

afterAll(async () => {
  await emulator.stop();
});

afterEach(async () => {
  await admin.clearFaults();
});

/** A job that stays queued-to-running a long while: cheap and inert. */
const inert = (name: string): CreateJobRequest =>
  jobRequest(name, 'python x.py', { PAI_EMULATOR_SIMULATE: 'true', PAI_EMULATOR_STEPS_PER_SECOND: '0.01' });

async function traffic<T>(run: () => Promise<T>): Promise<{ result: T; sent: LoggedRequest[] }> {
  const since = (await admin.requests({ product: 'dlc' })).at(-1)?.seq ?? 0;
  const result = await run();
  return { result, sent: await admin.requests({ product: 'dlc', sinceSeq: since }) };
}

const summary = (sent: LoggedRequest[]) => sent.map((r) => `${r.action} ${r.status}`);

async function jobsWithKey(key: string) {
  return (await dlc.listAllJobs({ Tags: { [DLC_IDEMPOTENCY_TAG]: key } })).filter(
    (j) => j.Settings?.Tags?.[DLC_IDEMPOTENCY_TAG] === key,
  );
}

describe('CreateJob with an idempotency key', () => {
  test.each([
    [
      'a 500 after the job was created (the answer is lost)',
      { kind: 'error' as const, status: 500, code: 'InternalError', afterHandler: true },
      ['CreateJob 500', 'ListJobs 200'],
    ],
    [
      'a connection reset after the job was created',
      { kind: 'reset' as const, afterHandler: true },
      ['CreateJob 0', 'ListJobs 200'],
    ],
    [
      'a 502 before anything was applied',
      { kind: 'error' as const, status: 502, code: 'BadGateway' },
      ['CreateJob 502', 'ListJobs 200', 'CreateJob 200'],
    ],
  ])('submits exactly once after %s', async (name, fault, expected) => {
    const key = `repo@sha#${expected.length}-${name.length}`;
    await admin.injectFault({ product: 'dlc', action: 'CreateJob', count: 1, ...fault });
    const { result, sent } = await traffic(() => dlc.createJob(inert('idempotent'), { idempotencyKey: key }));
    expect(summary(sent)).toEqual(expected);
    const jobs = await jobsWithKey(key);
    expect(jobs.map((j) => j.JobId)).toEqual([result.JobId]);
  });

  test('a retry of a create that already happened returns the existing job', async () => {
    const key = 'repo@sha#7.2';
    const first = await dlc.createJob(inert('rerun'), { idempotencyKey: key });
    await admin.injectFault({ product: 'dlc', action: 'CreateJob', count: 1, kind: 'error', status: 502 });
    const { result } = await traffic(() => dlc.createJob(inert('rerun'), { idempotencyKey: key }));
    expect(result.JobId).toBe(first.JobId);
    expect(await jobsWithKey(key)).toHaveLength(1);
  });

  test('keeps the caller’s own tags and settings beside the key', async () => {
    const key = 'repo@sha#tags';
    const { JobId } = await dlc.createJob(
      { ...inert('tagged'), Settings: { Tags: { team: 'ml' }, ElasticSpotJobMaxRestartTimes: 3 } },
      { idempotencyKey: key },
    );
    const job = await dlc.getJob(JobId);
    expect(job.Settings).toEqual({
      Tags: { team: 'ml', [DLC_IDEMPOTENCY_TAG]: key },
      ElasticSpotJobMaxRestartTimes: 3,
    });
    expect(job.RestartTimes).toBe('0/3');
  });

  test('refuses an empty or oversized key before sending anything', async () => {
    const { sent } = await traffic(async () => {
      expect(() => dlc.createJob(inert('bad-key'), { idempotencyKey: '' })).toThrow(RangeError);
      expect(() => dlc.createJob(inert('bad-key'), { idempotencyKey: 'k'.repeat(129) })).toThrow(/1\.\.128 characters/);
    });
    expect(sent).toEqual([]);
  });
});

describe('CreateJob without an idempotency key', () => {
  test('an ambiguous failure is reported at once, never retried blind', async () => {
    await admin.injectFault({
      product: 'dlc',
      action: 'CreateJob',
      count: 1,
      kind: 'error',
      status: 500,
      code: 'InternalError',
      afterHandler: true,
    });
    const since = (await admin.requests({ product: 'dlc' })).at(-1)?.seq ?? 0;
    const error = await dlc.createJob(inert('no-key')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaiApiError);
    expect(error).toMatchObject({ statusCode: 500, code: 'InternalError', action: 'CreateJob', product: 'dlc' });
    expect(summary(await admin.requests({ product: 'dlc', sinceSeq: since }))).toEqual(['CreateJob 500']);
  });

  test('throttling is retried: nothing was applied', async () => {
    await admin.injectFault({ product: 'dlc', action: 'CreateJob', count: 2, kind: 'throttle' });
    const { result, sent } = await traffic(() => dlc.createJob(inert('throttled')));
    expect(summary(sent)).toEqual(['CreateJob 429', 'CreateJob 429', 'CreateJob 200']);
    expect((await dlc.getJob(result.JobId)).DisplayName).toBe('throttled');
  });
});

test('DeleteJob whose answer is lost is confirmed by the job being gone', async () => {
  const { JobId } = await dlc.createJob(inert('to-delete'));
  await dlc.stopJob(JobId);
  await waitForStatus(dlc, JobId, ['Stopped']);
  await admin.injectFault({ product: 'dlc', action: 'DeleteJob', count: 1, kind: 'reset', afterHandler: true });
  const { result, sent } = await traffic(() => dlc.deleteJob(JobId));
  expect(result.JobId).toBe(JobId);
  expect(summary(sent)).toEqual(['DeleteJob 0', 'GetJob 404']);
});

test('reads are retried through 5xx and resets', async () => {
  const { JobId } = await dlc.createJob(inert('reads'));
  await admin.injectFault({
    product: 'dlc',
    action: 'GetJob',
    count: 1,
    kind: 'error',
    status: 500,
    code: 'InternalError',
  });
  await admin.injectFault({ product: 'dlc', action: 'GetJob', count: 1, kind: 'reset' });
  const { result, sent } = await traffic(() => dlc.getJob(JobId));
  expect(result.JobId).toBe(JobId);
  expect(summary(sent)).toEqual(['GetJob 500', 'GetJob 0', 'GetJob 200']);
});

test('findJobByIdempotencyKey matches the tag itself, not the display name', async () => {
  const a = await dlc.createJob(inert('same-name'), { idempotencyKey: 'key-a' });
  const b = await dlc.createJob(inert('same-name'), { idempotencyKey: 'key-b' });
  expect((await dlc.findJobByIdempotencyKey('key-a', 'same-name'))?.JobId).toBe(a.JobId);
  expect((await dlc.findJobByIdempotencyKey('key-b'))?.JobId).toBe(b.JobId);
  expect(await dlc.findJobByIdempotencyKey('key-c', 'same-name')).toBeUndefined();
});

test('listAllJobs follows the pages', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await dlc.createJob(inert(`paged-${i}`))).JobId);
  const { result, sent } = await traffic(() => dlc.listAllJobs({ DisplayName: 'paged-' }, { pageSize: 2 }));
  expect(result.map((j) => j.JobId)).toEqual([...ids].reverse());
  expect(sent.map((r) => r.query['PageNumber'])).toEqual(['1', '2', '3']);
});

describe('listAllJobs against a service that leaves out TotalCount', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => {
    await server.close();
  });

  test('keeps paging while the pages are full', async () => {
    const page = (...ids: string[]) => jsonAnswer(200, { RequestId: 'R', Jobs: ids.map((JobId) => ({ JobId })) });
    server.play([page('dlc-1', 'dlc-2'), page('dlc-3', 'dlc-4'), page('dlc-5')]);
    // Typed through the package's entry point, where callers get ClientOptions from.
    const options: ClientOptions = {
      credentials: { accessKeyId: 'test-ak', accessKeySecret: 'test-secret' },
      region: 'cn-hangzhou',
      endpoint: `http://127.0.0.1:${server.port}`,
    };
    const client = new DlcClient(options);
    const jobs = await client.listAllJobs({}, { pageSize: 2 });
    expect(jobs.map((j) => j.JobId)).toEqual(['dlc-1', 'dlc-2', 'dlc-3', 'dlc-4', 'dlc-5']);
    expect(server.requests).toHaveLength(3);
  });
});
