/**
 * What DlcClient (openapi-core underneath) puts on the wire for every operation it exposes,
 * checked against the emulator's request log. The expected rows are written from the reference
 * (docs/pai-api.md, PAI-DLC, and the generated pai-dlc-20201203 SDK it was taken
 * from: method, path, query and body field names), not from the emulator: where the two
 * disagree, the row is right and the emulator is to be fixed. ROA under /api/v1: path
 * parameters percent-encoded in the path, filters in the query, CreateJob's body as JSON with
 * PascalCase names.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DLC_IDEMPOTENCY_TAG, DlcClient } from '../../packages/core/src/clients/dlc.js';
import type { CreateJobRequest } from '../../packages/core/src/clients/dlc-types.js';
import type { AdminClient, Emulator } from '../../packages/emulator/src/index.js';
import { bucketUri, startDlc, waitForStatus } from '../../packages/emulator/test/dlc-support.js';
import { expectWireShape, oneRequestSentBy, requestsSentBy, type WireRow } from './support.js';

let emulator: Emulator;
let admin: AdminClient;
let dlc: DlcClient;
/** Filled by the CreateJob row; the later rows address this job. */
const ids = { JobId: '', PodId: '', PodUid: '' };

beforeAll(async () => {
  const world = await startDlc();
  emulator = world.emulator;
  admin = world.admin;
  dlc = new DlcClient({ ...world.clientOptions, retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
});

afterAll(async () => {
  await emulator?.stop();
});

interface DlcRow extends WireRow<DlcClient> {
  /** The reference's path template; `{JobId}` and `{PodId}` are filled in. */
  path: string;
  /** Runs after the row (e.g. let the job reach the state the next row needs). */
  then?: () => Promise<void>;
}

const createJob: CreateJobRequest = {
  DisplayName: 'wire-job',
  JobType: 'PyTorchJob',
  JobSpecs: [
    {
      Type: 'Worker',
      Image: 'registry.cn-shanghai.aliyuncs.com/pai/torch:2',
      PodCount: 1,
      EcsSpec: 'ecs.gn6i-c4g1.xlarge',
      UseSpotInstance: true,
    },
  ],
  UserCommand: 'python /root/code/train.py',
  Envs: {
    PAI_EMULATOR_SIMULATE: 'true',
    PAI_EMULATOR_STEPS_PER_SECOND: '50',
    PAI_EMULATOR_TOTAL_STEPS: '20',
    GIT_SHA: 'abc123',
  },
  DataSources: [{ Uri: bucketUri('datasets/wire/'), MountPath: '/mnt/data/' }],
  WorkspaceId: '12345',
  Priority: 3,
  JobMaxRunningTimeMinutes: 60,
  Settings: { ElasticSpotJobMaxRestartTimes: 2, Tags: { team: 'ml' } },
};

const rows: DlcRow[] = [
  {
    action: 'CreateJob',
    method: 'POST',
    path: '/api/v1/jobs',
    query: [],
    body: [
      'DataSources',
      'DisplayName',
      'Envs',
      'JobMaxRunningTimeMinutes',
      'JobSpecs',
      'JobType',
      'Priority',
      'Settings',
      'UserCommand',
      'WorkspaceId',
    ],
    call: async (c) => {
      ids.JobId = (await c.createJob(createJob, { idempotencyKey: 'repo@abc123#42.1' })).JobId;
    },
    values: ({ body }) => {
      const sent = body as Record<string, unknown> & {
        JobSpecs: Record<string, unknown>[];
        Settings: Record<string, unknown>;
      };
      expect(Object.keys(sent.JobSpecs[0]!).sort()).toEqual([
        'EcsSpec',
        'Image',
        'PodCount',
        'Type',
        'UseSpotInstance',
      ]);
      expect(sent.JobType).toBe('PyTorchJob'); // case-sensitive enum
      expect(sent.DataSources).toEqual([{ Uri: 'oss://pai-demo/datasets/wire/', MountPath: '/mnt/data/' }]);
      // Settings.Tags and ElasticSpotJobMaxRestartTimes are JobSettings fields; carrying the
      // idempotency key in Tags is this project's choice, not something the service knows about.
      expect(sent.Settings).toEqual({
        ElasticSpotJobMaxRestartTimes: 2,
        Tags: { team: 'ml', [DLC_IDEMPOTENCY_TAG]: 'repo@abc123#42.1' },
      });
    },
    then: async () => {
      const job = await waitForStatus(dlc, ids.JobId, ['Succeeded'], 15_000);
      ids.PodId = job.Pods![0]!.PodId!;
      ids.PodUid = job.Pods![0]!.PodUid!;
    },
  },
  {
    action: 'GetJob',
    method: 'GET',
    path: '/api/v1/jobs/{JobId}',
    query: ['NeedDetail'],
    call: (c) => c.getJob(ids.JobId, { NeedDetail: true }),
    values: ({ query }) => expect(query['NeedDetail']).toBe('true'),
  },
  {
    action: 'ListJobs',
    method: 'GET',
    path: '/api/v1/jobs',
    // The reference lists more filters (JobIds, StartTime/EndTime, PaymentType, ShowOwn…); the
    // client sends exactly the ones it is given.
    query: ['DisplayName', 'JobType', 'Order', 'PageNumber', 'PageSize', 'SortBy', 'Status', 'Tags', 'WorkspaceId'],
    call: (c) =>
      c.listJobs({
        DisplayName: 'wire-job',
        JobType: 'PyTorchJob',
        Status: 'Succeeded',
        Tags: { team: 'ml' },
        WorkspaceId: '12345',
        PageNumber: 1,
        PageSize: 20,
        SortBy: 'GmtCreateTime',
        Order: 'desc',
      }),
    values: ({ query }) => {
      // The generated SDK "shrinks" the Tags map to one JSON-encoded value (arrayToStringWithSpecifiedStyle, "json").
      expect(JSON.parse(query['Tags']!)).toEqual({ team: 'ml' });
      expect(query['PageSize']).toBe('20');
    },
  },
  {
    action: 'GetJobEvents',
    method: 'GET',
    path: '/api/v1/jobs/{JobId}/events',
    query: ['EndTime', 'MaxEventsNum', 'StartTime'],
    call: (c) =>
      c.getJobEvents(ids.JobId, {
        StartTime: '2020-01-01T00:00:00Z',
        EndTime: '2099-01-01T00:00:00Z',
        MaxEventsNum: 100,
      }),
    values: ({ query }) =>
      expect(query).toEqual({
        StartTime: '2020-01-01T00:00:00Z',
        EndTime: '2099-01-01T00:00:00Z',
        MaxEventsNum: '100',
      }),
  },
  {
    action: 'GetPodLogs',
    method: 'GET',
    path: '/api/v1/jobs/{JobId}/pods/{PodId}/logs',
    // DownloadToFile is in the reference and the SDK; what the service does with it (a file URL?) is unverified.
    query: ['DownloadToFile', 'EndTime', 'MaxLines', 'PodUid', 'StartTime'],
    call: (c) =>
      c.getPodLogs(ids.JobId, ids.PodId, {
        PodUid: ids.PodUid,
        StartTime: '2020-01-01T00:00:00Z',
        EndTime: '2099-01-01T00:00:00Z',
        MaxLines: 500,
        DownloadToFile: false,
      }),
    values: ({ query }) => expect(query['PodUid']).toBe(ids.PodUid),
  },
  {
    action: 'GetJobMetrics',
    method: 'GET',
    path: '/api/v1/jobs/{JobId}/metrics',
    // Token is for shared (token-authenticated) views; the client passes it only when given.
    query: ['EndTime', 'MetricType', 'StartTime', 'TimeStep'],
    call: (c) =>
      c.getJobMetrics(ids.JobId, {
        MetricType: 'GpuCoreUsage',
        StartTime: '2020-01-01T00:00:00Z',
        EndTime: '2099-01-01T00:00:00Z',
        TimeStep: '5m',
      }),
    values: ({ query }) => expect(query['MetricType']).toBe('GpuCoreUsage'),
  },
  {
    action: 'StopJob',
    method: 'POST',
    path: '/api/v1/jobs/{JobId}/stop',
    query: [],
    call: (c) => c.stopJob(ids.JobId),
  },
  {
    action: 'DeleteJob',
    method: 'DELETE',
    path: '/api/v1/jobs/{JobId}',
    query: [],
    call: (c) => c.deleteJob(ids.JobId),
  },
];

describe('DlcClient on the wire (rows from pai-api.md §B)', () => {
  test('the table covers every operation of DlcClient', () => {
    const helpers = ['constructor', 'listAllJobs', 'findJobByIdempotencyKey', 'listJobsByIdempotencyKey'];
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(dlc) as object).filter(
      (name) => !helpers.includes(name),
    );
    const covered = rows.map((r) => r.action[0]!.toLowerCase() + r.action.slice(1));
    expect(methods.sort()).toEqual(covered.sort());
  });

  test.each(rows.map((row) => [row.action, row] as const))('%s', async (_action, row) => {
    const request = await oneRequestSentBy(admin, 'dlc', () => row.call(dlc));
    expectWireShape(request, { ...row, path: row.path.replace('{JobId}', ids.JobId).replace('{PodId}', ids.PodId) });
    row.values?.({ query: request.query, body: request.body });
    await row.then?.();
  });

  test('path parameters are percent-encoded', async () => {
    const [request] = await requestsSentBy(admin, 'dlc', () =>
      expect(dlc.getJob('dlc 1/2')).rejects.toMatchObject({ statusCode: 404 }),
    );
    expect(request?.path).toBe('/api/v1/jobs/dlc%201%2F2');
  });
});
