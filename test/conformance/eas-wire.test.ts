/**
 * What EasClient (openapi-core underneath) puts on the wire for every operation it exposes,
 * checked against the emulator's request log. The expected rows are written from the reference
 * (docs/pai-api.md, PAI-EAS: method, path, query and body field names), not from the
 * emulator: where the two disagree, the row is right and the emulator is to be fixed.
 * `{ClusterId}` is the region. ROA: path parameters in the path, the rest in the query; bodies
 * are JSON (CreateService/UpdateService: the raw service JSON; the autoscaler: lower-camel keys).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { EasClient } from '../../packages/core/src/clients/eas.js';
import { AdminClient, Emulator } from '../../packages/emulator/src/index.js';
import { easClient, putModel, startEas } from '../../packages/emulator/test/eas-support.js';
import { expectWireShape, oneRequestSentBy, type WireRow } from './support.js';

let emulator: Emulator;
let admin: AdminClient;
let eas: EasClient;
let modelPath: string;

const SVC = 'wire_svc';
const GRP = 'wire_grp';

beforeAll(async () => {
  const world = await startEas();
  emulator = world.emulator;
  admin = world.admin;
  eas = easClient(emulator, { retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
  modelPath = await putModel(world.oss, 'models/wire', { weights: [1], bias: 0 });
});

afterAll(async () => {
  await emulator?.stop();
});

interface EasRow extends WireRow<EasClient> {
  /** The reference's path template; `{ClusterId}`, `{ServiceName}` and `{GroupName}` are filled in. */
  path: string;
  /** Emulated time to let pass afterwards (so the next row finds the service Running). */
  thenAdvanceMs?: number;
}

const spec = () => ({ name: SVC, model_path: modelPath, processor: 'pmml', metadata: { instance: 1, group: GRP } });
const autoscaler = {
  min: 1,
  max: 3,
  scaleStrategies: [{ metricName: 'qps', threshold: 10 }],
  behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
};

const rows: EasRow[] = [
  {
    action: 'CreateService',
    method: 'POST',
    path: '/api/v2/services',
    query: ['Develop', 'Labels', 'WorkspaceId'],
    body: ['metadata', 'model_path', 'name', 'processor'], // the raw service JSON, not wrapped
    call: (c) =>
      c.createService({ Body: spec(), Develop: false, Labels: { team: 'ml', sha: 'abc' }, WorkspaceId: '12345' }),
    values: ({ query, body }) => {
      expect(query['Develop']).toBe('false');
      expect(JSON.parse(query['Labels']!)).toEqual({ team: 'ml', sha: 'abc' }); // a map, sent JSON-encoded
      expect(body).toEqual(spec());
    },
    thenAdvanceMs: 25_000,
  },
  {
    action: 'DescribeService',
    method: 'GET',
    path: '/api/v2/services/{ClusterId}/{ServiceName}',
    query: [],
    call: (c) => c.describeService(SVC),
  },
  {
    action: 'ListServices',
    method: 'GET',
    path: '/api/v2/services',
    query: ['Filter', 'GroupName', 'Label', 'Order', 'PageNumber', 'PageSize', 'ServiceStatus', 'Sort'],
    call: (c) =>
      c.listServices({
        PageNumber: 1,
        PageSize: 10,
        Filter: 'wire',
        GroupName: GRP,
        Label: { team: 'ml' },
        ServiceStatus: 'Running',
        Order: 'asc',
        Sort: 'CreateTime',
      }),
    values: ({ query }) => {
      expect(JSON.parse(query['Label']!)).toEqual({ team: 'ml' }); // a map, sent JSON-encoded
      expect(query['PageSize']).toBe('10');
    },
  },
  {
    action: 'UpdateService',
    method: 'PUT',
    path: '/api/v2/services/{ClusterId}/{ServiceName}',
    query: ['UpdateType'],
    body: ['metadata'], // partial service JSON for merge
    call: (c) => c.updateService(SVC, { Body: { metadata: { instance: 2 } }, UpdateType: 'merge' }),
    values: ({ query, body }) => {
      expect(query['UpdateType']).toBe('merge');
      expect(body).toEqual({ metadata: { instance: 2 } });
    },
    thenAdvanceMs: 20_000,
  },
  {
    action: 'ListServiceVersions',
    method: 'GET',
    path: '/api/v2/services/{ClusterId}/{ServiceName}/versions',
    query: ['PageNumber', 'PageSize'],
    call: (c) => c.listServiceVersions(SVC, { PageNumber: 1, PageSize: 20 }),
  },
  {
    action: 'UpdateServiceVersion',
    method: 'PUT',
    path: '/api/v2/services/{ClusterId}/{ServiceName}/version',
    query: [],
    body: ['Version'], // reference: body `Version` (int); a rollback goes below the current version
    call: (c) => c.updateServiceVersion(SVC, { Version: 1 }),
    values: ({ body }) => expect(body).toEqual({ Version: 1 }),
    thenAdvanceMs: 20_000,
  },
  {
    action: 'UpdateServiceLabel',
    method: 'PUT',
    path: '/api/v2/services/{ClusterId}/{ServiceName}/label',
    query: [],
    body: ['Labels'],
    call: (c) => c.updateServiceLabel(SVC, { Labels: { stage: 'prod', owner: 'ml' } }),
    values: ({ body }) => expect(body).toEqual({ Labels: { stage: 'prod', owner: 'ml' } }),
  },
  {
    action: 'DeleteServiceLabel',
    method: 'DELETE',
    path: '/api/v2/services/{ClusterId}/{ServiceName}/label',
    query: ['LabelKeys'], // `Keys` is the deprecated name; the client sends LabelKeys only
    call: (c) => c.deleteServiceLabel(SVC, { LabelKeys: ['stage', 'owner'] }),
    values: ({ query }) => expect(JSON.parse(query['LabelKeys']!)).toEqual(['stage', 'owner']), // an array, JSON-encoded
  },
  {
    action: 'CreateServiceAutoScaler',
    method: 'POST',
    path: '/api/v2/services/{ClusterId}/{ServiceName}/autoscaler',
    query: [],
    body: ['behavior', 'max', 'min', 'scaleStrategies'], // lower-camel, as the API has them
    call: (c) => c.createServiceAutoScaler(SVC, autoscaler),
    values: ({ body }) => expect(body).toEqual(autoscaler),
  },
  {
    action: 'UpdateServiceAutoScaler',
    method: 'PUT',
    path: '/api/v2/services/{ClusterId}/{ServiceName}/autoscaler',
    query: [],
    body: ['max', 'min', 'scaleStrategies'],
    call: (c) => c.updateServiceAutoScaler(SVC, { min: 1, max: 4, scaleStrategies: autoscaler.scaleStrategies }),
  },
  {
    action: 'DescribeServiceAutoScaler',
    method: 'GET',
    path: '/api/v2/services/{ClusterId}/{ServiceName}/autoscaler',
    query: [],
    call: (c) => c.describeServiceAutoScaler(SVC),
  },
  {
    action: 'DeleteServiceAutoScaler',
    method: 'DELETE',
    path: '/api/v2/services/{ClusterId}/{ServiceName}/autoscaler',
    query: [],
    call: (c) => c.deleteServiceAutoScaler(SVC),
  },
  {
    action: 'ListServiceInstances',
    method: 'GET',
    path: '/api/v2/services/{ClusterId}/{ServiceName}/instances',
    query: ['InstanceStatus', 'PageNumber', 'PageSize'],
    call: (c) => c.listServiceInstances(SVC, { PageNumber: 1, PageSize: 50, InstanceStatus: 'Running' }),
  },
  {
    action: 'DescribeServiceEndpoints',
    method: 'GET',
    path: '/api/v2/services/{ClusterId}/{ServiceName}/endpoints',
    query: [],
    call: (c) => c.describeServiceEndpoints(SVC),
  },
  {
    action: 'ReleaseService',
    method: 'PUT',
    path: '/api/v2/services/{ClusterId}/{ServiceName}/release',
    query: [],
    body: ['TrafficState', 'Weight'], // reference: Weight -1..1000; what -1 means is not documented
    call: (c) => c.releaseService(SVC, { Weight: 40, TrafficState: 'grouping' }),
    values: ({ body }) => expect(body).toEqual({ Weight: 40, TrafficState: 'grouping' }),
  },
  {
    action: 'DescribeGroup',
    method: 'GET',
    path: '/api/v2/groups/{ClusterId}/{GroupName}',
    query: [],
    call: (c) => c.describeGroup(GRP),
  },
  {
    action: 'ListGroups',
    method: 'GET',
    // The reference also lists a `Labels` filter; its encoding is not documented, so the client does not send it.
    path: '/api/v2/groups',
    query: ['Filter', 'PageNumber', 'PageSize'],
    call: (c) => c.listGroups({ PageNumber: 1, PageSize: 10, Filter: 'wire' }),
  },
  {
    action: 'UpdateGroup',
    method: 'PUT',
    path: '/api/v2/groups/{ClusterId}/{GroupName}',
    query: [],
    // The reference's body also allows Labels and Network; the client only sets TrafficMode.
    body: ['TrafficMode'],
    call: (c) => c.updateGroup(GRP, { TrafficMode: 'customized' }),
    values: ({ body }) => expect(body).toEqual({ TrafficMode: 'customized' }),
  },
  {
    action: 'DescribeGroupEndpoints',
    method: 'GET',
    path: '/api/v2/groups/{ClusterId}/{GroupName}/endpoints',
    query: [],
    call: (c) => c.describeGroupEndpoints(GRP),
  },
  {
    action: 'StopService',
    method: 'PUT',
    path: '/api/v2/services/{ClusterId}/{ServiceName}/stop',
    query: [],
    call: (c) => c.stopService(SVC),
    thenAdvanceMs: 10_000,
  },
  {
    action: 'StartService',
    method: 'PUT',
    path: '/api/v2/services/{ClusterId}/{ServiceName}/start',
    query: [],
    call: (c) => c.startService(SVC),
    thenAdvanceMs: 15_000,
  },
  {
    action: 'DeleteService',
    method: 'DELETE',
    path: '/api/v2/services/{ClusterId}/{ServiceName}',
    query: [],
    call: (c) => c.deleteService(SVC),
  },
];

describe('EasClient on the wire (rows from pai-api.md §A)', () => {
  test('the table covers every operation of EasClient', () => {
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(eas) as object).filter(
      (name) =>
        name !== 'constructor' && !name.startsWith('find') && !/^list(All)/.test(name) && isPublicOperation(name),
    );
    const covered = new Set(rows.map((r) => r.action[0]!.toLowerCase() + r.action.slice(1)));
    expect(methods.filter((m) => !covered.has(m))).toEqual([]);
    expect(methods).toHaveLength(rows.length);
  });

  test.each(rows.map((row) => [row.action, row] as const))('%s', async (_action, row) => {
    const request = await oneRequestSentBy(admin, 'eas', () => row.call(eas));
    expectWireShape(request, { ...row, path: fill(row.path, emulator.info.region) });
    row.values?.({ query: request.query, body: request.body });
    if (row.thenAdvanceMs) await admin.advanceClock(row.thenAdvanceMs);
  });
});

function fill(template: string, region: string): string {
  return template.replace('{ClusterId}', region).replace('{ServiceName}', SVC).replace('{GroupName}', GRP);
}

// Helpers that are not operations: private ones are not on the prototype's public surface in JS,
// so name them.
function isPublicOperation(name: string): boolean {
  return !['servicePath', 'groupPath', 'read', 'write', 'findCreated'].includes(name);
}
