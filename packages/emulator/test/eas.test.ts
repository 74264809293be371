/**
 * Emulated PAI-EAS end to end with the real clients: EasClient (openapi-core, ACS3-signed) for
 * the control plane, ali-oss for the model artefacts, fetch for the gateway. One emulator; the
 * tests build on each other in order (create → serve → group → versions → ... → delete).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { EasClient, type Service } from '../../core/src/clients/eas.js';
import { PaiApiError } from '../../core/src/errors.js';
import type { RetryInfo } from '../../core/src/retry.js';
import {
  easClient,
  expected,
  inParallel,
  letTimePass,
  predict,
  putModel,
  startEas,
  type EasWorld,
  type Linear,
} from './eas-support.js';

let w: EasWorld;
const v1: Linear = { weights: [2, -1, 0.5], bias: 0.25, behaviour: { latencyMs: { p50: 1, p95: 2 } } };
const v2: Linear = { weights: [-3, 4, 1], bias: -1, behaviour: { latencyMs: { p50: 1, p95: 2 } } };
const rows = [
  [1, 2, 3],
  [0.5, -4, 10],
];
let v1Path: string;
let v2Path: string;
let token: string;

beforeAll(async () => {
  w = await startEas();
  v1Path = await putModel(w.oss, 'models/demo/v1', v1);
  v2Path = await putModel(w.oss, 'models/demo/v2', v2);
});

afterAll(async () => {
  await w?.emulator.stop();
});

const url = (name: string) => `${w.gateway}/api/predict/${name}`;

describe('a service from create to predictions', () => {
  test('CreateService answers Creating; the service is Running once the emulated create time has passed', async () => {
    const created = await w.eas.createService({
      Body: {
        name: 'demo_blue',
        model_path: v1Path,
        processor: 'pmml',
        metadata: { instance: 2, cpu: 2, memory: 4000, group: 'demo' },
      },
      Labels: { 'git-sha': 'aaa111' },
    });
    expect(created).toMatchObject({ ServiceName: 'demo_blue', Status: 'Creating', Region: w.emulator.info.region });
    expect(created.ServiceId).toMatch(/^eas-m-/);
    expect(created.InternetEndpoint).toBe(url('demo_blue'));

    await w.admin.advanceClock(10_000);
    const halfway = await w.eas.describeService('demo_blue');
    expect(halfway.Status).toBe('Creating');
    expect(halfway.RunningInstance).toBe(0);

    await letTimePass(w.admin);
    const service = await w.eas.describeService('demo_blue');
    expect(service).toMatchObject({
      Status: 'Running',
      RunningInstance: 2,
      TotalInstance: 2,
      CurrentVersion: 1,
      LatestVersion: 1,
      ServiceGroup: 'demo',
      Cpu: 2,
      Memory: 4000,
      Labels: [{ LabelKey: 'git-sha', LabelValue: 'aaa111' }],
    });
    expect(JSON.parse(service.ServiceConfig!)).toMatchObject({ name: 'demo_blue', model_path: v1Path });
    token = service.AccessToken!;
    expect(token.length).toBeGreaterThan(20);
  });

  test('the gateway computes the model predictions for a request with the token', async () => {
    const answer = await predict(url('demo_blue'), token, { instances: rows });
    expect(answer.status).toBe(200);
    const want = expected(v1, rows);
    expect(answer.body.predictions).toHaveLength(want.length);
    answer.body.predictions!.forEach((p, i) => expect(p).toBeCloseTo(want[i]!, 10));
  });

  test('no token or a wrong one is refused with 401; bad input with 400', async () => {
    expect((await predict(url('demo_blue'), undefined, { instances: rows })).status).toBe(401);
    expect((await predict(url('demo_blue'), `${token}x`, { instances: rows })).status).toBe(401);
    const endpoints = await w.eas.describeServiceEndpoints('demo_blue');
    expect(endpoints.AccessToken).toBe(token);
    expect(endpoints.Endpoints[0]).toMatchObject({ PathType: 'Service', InternetEndpoints: [w.gateway] });

    expect((await predict(url('demo_blue'), token, 'not json')).status).toBe(400);
    const short = await predict(url('demo_blue'), token, { instances: [[1, 2]] });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatch(/3/);
    expect((await predict(url('no_such_svc'), token, { instances: rows })).status).toBe(404);
  });

  test('ListServiceInstances shows one Running instance per replica', async () => {
    const { Instances, TotalCount } = await w.eas.listServiceInstances('demo_blue');
    expect(TotalCount).toBe(2);
    expect(Instances.map((i) => i.Status)).toEqual(['Running', 'Running']);
    expect(new Set(Instances.map((i) => i.InstanceName)).size).toBe(2);
  });
});

describe('a group splits traffic by the weights ReleaseService sets', () => {
  let groupToken: string;
  const servedBy = (predictions: number[] | undefined): string => {
    const [p] = predictions ?? [];
    if (p !== undefined && Math.abs(p - expected(v1, rows)[0]!) < 1e-9) return 'blue';
    if (p !== undefined && Math.abs(p - expected(v2, rows)[0]!) < 1e-9) return 'green';
    return 'unknown';
  };
  const split = async (n: number) => {
    const answers = await inParallel(n, 16, () => predict(url('demo'), groupToken, { instances: rows }));
    const counts: Record<string, number> = {};
    for (const a of answers) {
      const key = a.status === 200 ? servedBy(a.body.predictions) : `http ${a.status}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };

  test('a second service joins the group; weight 0 before it runs keeps it out of traffic', async () => {
    await w.eas.createService({
      Body: { name: 'demo_green', model_path: v2Path, metadata: { instance: 1, group: 'demo' } },
    });
    await w.eas.updateGroup('demo', { TrafficMode: 'customized' });
    await w.eas.releaseService('demo_green', { Weight: 0, TrafficState: 'grouping' });
    await letTimePass(w.admin);
    const group = await w.eas.describeGroup('demo');
    expect(group).toMatchObject({ Name: 'demo', TrafficMode: 'customized', InternetEndpoint: url('demo') });
    groupToken = group.AccessToken!;
    expect(groupToken).not.toBe(token);
    expect(await split(50)).toEqual({ blue: 50 });
    const members = await w.eas.listServices({ GroupName: 'demo' });
    expect(members.Services.map((s: Service) => s.ServiceName).sort()).toEqual(['demo_blue', 'demo_green']);
  });

  test('90/10 weights are observed over 1,000 group requests within ±3 percentage points', async () => {
    await w.eas.releaseService('demo_blue', { Weight: 90 });
    const released = await w.eas.releaseService('demo_green', { Weight: 10, TrafficState: 'grouping' });
    expect(released.Message).toMatch(/weight \[10\]/);
    expect((await w.eas.describeService('demo_green')).Weight).toBe(10);
    const counts = await split(1000);
    expect((counts['blue'] ?? 0) + (counts['green'] ?? 0)).toBe(1000);
    expect(Math.abs((counts['green'] ?? 0) / 1000 - 0.1)).toBeLessThanOrEqual(0.03);
  });

  test('the group endpoint wants the group token; standalone takes a service out of group traffic', async () => {
    expect((await predict(url('demo'), token, { instances: rows })).status).toBe(401);
    expect((await predict(url('demo'), undefined, { instances: rows })).status).toBe(401);
    await w.eas.releaseService('demo_green', { Weight: 10, TrafficState: 'standalone' });
    expect(await split(40)).toEqual({ blue: 40 });
    const green = await w.eas.describeService('demo_green');
    expect(green.TrafficState).toBe('standalone');
    const own = await predict(url('demo_green'), green.AccessToken, { instances: rows });
    expect(servedBy(own.body.predictions)).toBe('green');
    await w.eas.releaseService('demo_green', { Weight: 50, TrafficState: 'grouping' });
    const mixed = await split(140);
    expect(mixed).toEqual({ blue: 90, green: 50 }); // smooth weighted round robin is exact over one cycle
  });

  test('TrafficMode auto splits by instance count', async () => {
    await w.eas.updateGroup('demo', { TrafficMode: 'auto' });
    expect(await split(90)).toEqual({ blue: 60, green: 30 }); // 2 instances : 1 instance
    await w.eas.updateGroup('demo', { TrafficMode: 'customized' });
  });
});

describe('versions', () => {
  test('UpdateService makes version 2; the old version serves until the update is done', async () => {
    const before = await w.eas.describeService('demo_blue');
    const answer = await w.eas.updateService('demo_blue', { Body: { model_path: v2Path } });
    expect(answer.Message).toBeTruthy();
    const updating = await w.eas.describeService('demo_blue');
    expect(updating).toMatchObject({ Status: 'Updating', CurrentVersion: 2, LatestVersion: 2 });
    const during = await predict(url('demo_blue'), token, { instances: rows });
    expect(during.body.predictions![0]).toBeCloseTo(expected(v1, rows)[0]!, 10);

    await letTimePass(w.admin);
    const after = await w.eas.describeService('demo_blue');
    expect(after).toMatchObject({ Status: 'Running', CurrentVersion: 2, LatestVersion: 2, RunningInstance: 2 });
    // merge kept everything else
    expect(JSON.parse(after.ServiceConfig!)).toMatchObject({
      model_path: v2Path,
      metadata: { instance: 2, group: 'demo' },
    });
    expect(after.AccessToken).toBe(before.AccessToken);
    const now = await predict(url('demo_blue'), token, { instances: rows });
    expect(now.body.predictions![0]).toBeCloseTo(expected(v2, rows)[0]!, 10);

    const versions = await w.eas.listServiceVersions('demo_blue');
    expect(versions.TotalCount).toBe(2);
    expect(versions.Versions.map((v) => JSON.parse(v.ServiceConfig!).model_path)).toEqual([v2Path, v1Path]);
  });

  test('UpdateServiceVersion rolls back to version 1', async () => {
    await w.eas.updateServiceVersion('demo_blue', { Version: 1 });
    expect((await w.eas.describeService('demo_blue')).Status).toBe('Updating');
    await letTimePass(w.admin);
    const rolledBack = await w.eas.describeService('demo_blue');
    expect(rolledBack).toMatchObject({ Status: 'Running', CurrentVersion: 1, LatestVersion: 2 });
    const answer = await predict(url('demo_blue'), token, { instances: rows });
    expect(answer.body.predictions![0]).toBeCloseTo(expected(v1, rows)[0]!, 10);
    await expect(w.eas.updateServiceVersion('demo_blue', { Version: 7 })).rejects.toMatchObject({
      code: 'InvalidParameter',
      statusCode: 400,
    });
  });

  test('UpdateType=replace replaces the whole JSON', async () => {
    await w.eas.updateService('demo_green', {
      Body: { name: 'demo_green', model_path: v2Path, metadata: { instance: 1, group: 'demo' }, processor: 'x' },
      UpdateType: 'replace',
    });
    const config = JSON.parse((await w.eas.describeService('demo_green')).ServiceConfig!);
    expect(config).toEqual({
      name: 'demo_green',
      model_path: v2Path,
      metadata: { instance: 1, group: 'demo' },
      processor: 'x',
    });
    await letTimePass(w.admin);
  });
});

describe('labels', () => {
  test('UpdateServiceLabel adds, ListServices filters by Label, DeleteServiceLabel removes', async () => {
    await w.eas.updateServiceLabel('demo_blue', { Labels: { stage: 'prod', 'git-sha': 'bbb222' } });
    await w.eas.updateServiceLabel('demo_green', { Labels: { stage: 'canary' } });
    const labels = (s: Service) => Object.fromEntries((s.Labels ?? []).map((l) => [l.LabelKey, l.LabelValue]));
    expect(labels(await w.eas.describeService('demo_blue'))).toEqual({ 'git-sha': 'bbb222', stage: 'prod' });
    const prod = await w.eas.listAllServices({ Label: { stage: 'prod' } });
    expect(prod.map((s) => s.ServiceName)).toEqual(['demo_blue']);
    await w.eas.deleteServiceLabel('demo_blue', { LabelKeys: ['stage'] });
    expect(labels(await w.eas.describeService('demo_blue'))).toEqual({ 'git-sha': 'bbb222' });
    expect(await w.eas.listAllServices({ Label: { stage: 'prod' } })).toEqual([]);
  });

  test('listAllServices walks the pages', async () => {
    const pages = await w.eas.listAllServices({}, { pageSize: 1 });
    expect(pages.map((s) => s.ServiceName).sort()).toEqual(['demo_blue', 'demo_green']);
    const fuzzy = await w.eas.listServices({ Filter: 'gre' });
    expect(fuzzy.Services.map((s) => s.ServiceName)).toEqual(['demo_green']);
  });
});

describe('autoscaler', () => {
  const body = { min: 1, max: 3, scaleStrategies: [{ metricName: 'qps', threshold: 5 }] };

  test('create, describe (with the 300 s scale-in default), update, delete', async () => {
    await w.eas.createServiceAutoScaler('demo_green', body);
    const described = await w.eas.describeServiceAutoScaler('demo_green');
    expect(described).toMatchObject({
      ServiceName: 'demo_green',
      MinReplica: 1,
      MaxReplica: 3,
      ScaleStrategies: [{ metricName: 'QPS', threshold: 5 }],
      Behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    });
    expect((await w.eas.describeService('demo_green')).AutoscalerEnabled).toBe(true);
    await expect(w.eas.createServiceAutoScaler('demo_green', body)).rejects.toBeInstanceOf(PaiApiError);
    await w.eas.updateServiceAutoScaler('demo_green', {
      ...body,
      max: 4,
      behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
    });
    expect(await w.eas.describeServiceAutoScaler('demo_green')).toMatchObject({
      MaxReplica: 4,
      Behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
    });
    await w.eas.deleteServiceAutoScaler('demo_green');
    await expect(w.eas.describeServiceAutoScaler('demo_green')).rejects.toMatchObject({ statusCode: 404 });
    await expect(w.eas.createServiceAutoScaler('demo_green', { ...body, min: 3, max: 2 })).rejects.toMatchObject({
      code: 'InvalidParameter',
    });
  });

  test('scales out on QPS per instance and scales in only after the cooldown', async () => {
    const model: Linear = { weights: [1], bias: 0, behaviour: { latencyMs: { p50: 0, p95: 0 } } };
    await w.eas.createService({
      Body: {
        name: 'demo_scaled',
        model_path: await putModel(w.oss, 'models/scaled', model),
        metadata: { instance: 1 },
      },
    });
    await letTimePass(w.admin);
    await w.eas.createServiceAutoScaler('demo_scaled', {
      min: 1,
      max: 4,
      scaleStrategies: [{ metricName: 'qps', threshold: 2 }],
    });
    const scaledToken = (await w.eas.describeService('demo_scaled')).AccessToken!;
    // 360 requests in the 60 s QPS window = 6 QPS = 3 instances at 2 QPS each.
    await inParallel(360, 16, () => predict(url('demo_scaled'), scaledToken, { instances: [[1]] }));
    await w.admin.advanceClock(1); // the autoscaler looks after every clock change
    const out = await w.eas.listServiceInstances('demo_scaled');
    expect(out.TotalCount).toBe(3);
    expect(out.Instances.filter((i) => i.Status === 'Pending')).toHaveLength(2);
    await w.admin.advanceClock(20_000);
    expect((await w.eas.describeService('demo_scaled')).RunningInstance).toBe(3);
    expect((await w.eas.describeServiceAutoScaler('demo_scaled')).CurrentMetrics?.[0]?.metricName).toBe('QPS');

    await w.admin.advanceClock(120_000); // traffic gone, but inside the 300 s scale-in window
    expect((await w.eas.describeService('demo_scaled')).TotalInstance).toBe(3);
    await w.admin.advanceClock(250_000); // 350 s after the last recommendation of 3
    expect((await w.eas.describeService('demo_scaled')).TotalInstance).toBe(1);
  });

  test('scale to zero, then a cold start: the first request waits for an instance', async () => {
    await w.eas.updateServiceAutoScaler('demo_scaled', {
      min: 0,
      max: 2,
      scaleStrategies: [{ metricName: 'qps', threshold: 2 }],
      behavior: { scaleDown: { stabilizationWindowSeconds: 0 }, onZero: { scaleDownGracePeriodSeconds: 60 } },
    });
    await w.admin.advanceClock(61_000);
    await w.admin.advanceClock(1);
    expect((await w.eas.describeService('demo_scaled')).TotalInstance).toBe(0);
    const scaledToken = (await w.eas.describeService('demo_scaled')).AccessToken!;

    let settled = false;
    const pending = predict(url('demo_scaled'), scaledToken, { instances: [[7]] }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false); // waiting for the instance to start (15 emulated s)
    const starting = await w.eas.listServiceInstances('demo_scaled');
    expect(starting.Instances.map((i) => i.Status)).toEqual(['Pending']);
    await w.admin.advanceClock(16_000);
    const answer = await pending;
    expect(answer).toMatchObject({ status: 200, body: { predictions: [7] } });
    expect((await w.eas.describeService('demo_scaled')).RunningInstance).toBe(1);
    const recorded = w.emulator.context.invocations.between('demo_scaled', 0, Number.MAX_SAFE_INTEGER).at(-1)!;
    expect(recorded.latencyMs).toBeGreaterThanOrEqual(15_000); // the cold start shows in the latency
  });
});

describe('statuses', () => {
  test('a model path that does not exist ends in Failed with the reason', async () => {
    await w.eas.createService({
      Body: { name: 'demo_broken', model_path: 'oss://pai-demo/models/nowhere/', metadata: { instance: 1 } },
    });
    await letTimePass(w.admin);
    const broken = await w.eas.describeService('demo_broken');
    expect(broken).toMatchObject({ Status: 'Failed', Reason: 'MODEL_NOT_FOUND', RunningInstance: 0 });
    expect(broken.Message).toContain('oss://pai-demo/models/nowhere/');
    expect((await predict(url('demo_broken'), broken.AccessToken, { instances: rows })).status).toBe(503);
    // Fixing the model path through an update brings it up.
    await w.eas.updateService('demo_broken', { Body: { model_path: v1Path } });
    await letTimePass(w.admin);
    expect((await w.eas.describeService('demo_broken')).Status).toBe('Running');
  });

  test('StopService → Stopping → Stopped (no traffic); StartService → Starting → Running', async () => {
    await w.eas.stopService('demo_broken');
    expect((await w.eas.describeService('demo_broken')).Status).toBe('Stopping');
    await letTimePass(w.admin, 6_000);
    const stopped = await w.eas.describeService('demo_broken');
    expect(stopped).toMatchObject({ Status: 'Stopped', TotalInstance: 0 });
    expect((await predict(url('demo_broken'), stopped.AccessToken, { instances: rows })).status).toBe(503);
    await w.eas.startService('demo_broken');
    expect((await w.eas.describeService('demo_broken')).Status).toBe('Starting');
    await letTimePass(w.admin, 11_000);
    expect((await w.eas.describeService('demo_broken')).Status).toBe('Running');
    expect((await predict(url('demo_broken'), stopped.AccessToken, { instances: rows })).status).toBe(200);
  });

  test('invalid names and duplicates are refused', async () => {
    await expect(w.eas.createService({ Body: { name: 'Bad-Name', model_path: v1Path } })).rejects.toMatchObject({
      code: 'InvalidParameter',
      statusCode: 400,
    });
    await expect(w.eas.createService({ Body: { name: 'demo_blue', model_path: v1Path } })).rejects.toMatchObject({
      statusCode: 409,
    });
    await expect(w.eas.describeService('nope_svc')).rejects.toMatchObject({
      code: 'InvalidService.NotFound',
      statusCode: 404,
    });
    expect(await w.eas.findService('nope_svc')).toBeUndefined();
  });
});

describe('RAM', () => {
  test('a user limited to service/demo_* cannot touch other_svc, and the denial names action and resource', async () => {
    const { accountId, region } = w.emulator.info;
    await w.eas.createService({ Body: { name: 'other_svc', model_path: v1Path } });
    await w.admin.putPolicy('EasDemoOnly', {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['eas:*'], Resource: [`acs:eas:*:${accountId}:service/demo_*`] }],
    });
    const keys = await w.admin.createUser('demo-deployer', ['EasDemoOnly']);
    const limited = new EasClient({
      credentials: keys,
      region,
      endpoint: w.emulator.info.endpoints['eas'],
      retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    expect((await limited.describeService('demo_blue')).ServiceName).toBe('demo_blue');
    for (const attempt of [
      () => limited.describeService('other_svc'),
      () => limited.deleteService('other_svc'),
      () => limited.createService({ Body: { name: 'other_svc2', model_path: v1Path } }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PaiApiError);
      expect((error as PaiApiError).statusCode).toBe(403);
      expect((error as PaiApiError).apiMessage).toMatch(/eas:(DescribeService|DeleteService|CreateService)/);
      expect((error as PaiApiError).apiMessage).toMatch(new RegExp(`acs:eas:${region}:${accountId}:service/other_svc`));
    }
    expect((await w.eas.describeService('other_svc')).Status).toBe('Creating'); // untouched
  });
});

describe('retries through EasClient', () => {
  test('a throttled call is retried and succeeds', async () => {
    const retries: RetryInfo[] = [];
    const client = easClient(w.emulator, { onRetry: (info) => retries.push(info) });
    await w.admin.injectFault({ product: 'eas', action: 'DescribeService', kind: 'throttle', count: 1 });
    expect((await client.describeService('demo_blue')).ServiceName).toBe('demo_blue');
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error.code).toMatch(/^Throttling/);
  });

  test('CreateService answered 500 after it was applied: the look-up finds it, nothing is created twice', async () => {
    const since = (await w.admin.requests({ product: 'eas' })).at(-1)!.seq;
    await w.admin.injectFault({
      product: 'eas',
      action: 'CreateService',
      kind: 'error',
      status: 500,
      count: 1,
      afterHandler: true,
    });
    const created = await easClient(w.emulator).createService({
      Body: { name: 'demo_retry', model_path: v1Path, metadata: { instance: 1 } },
    });
    expect(created).toMatchObject({ ServiceName: 'demo_retry', Status: 'Creating' });
    const creates = await w.admin.requests({ product: 'eas', action: 'CreateService', sinceSeq: since });
    expect(creates.map((r) => r.status)).toEqual([500]); // one create only, answered 500
    expect((await w.admin.requests({ product: 'eas', action: 'DescribeService', sinceSeq: since })).length).toBe(1);
    expect((await w.eas.listAllServices({ ServiceName: 'demo_retry' })).length).toBe(1);
  });

  test('CreateService answered 503 ServiceUnavailable after it was applied: the look-up finds its own service, no second create', async () => {
    const retries: RetryInfo[] = [];
    const client = easClient(w.emulator, { onRetry: (info) => retries.push(info) });
    const since = (await w.admin.requests({ product: 'eas' })).at(-1)!.seq;
    await w.admin.injectFault({
      product: 'eas',
      action: 'CreateService',
      kind: 'error',
      status: 503,
      count: 1,
      afterHandler: true,
    });
    const created = await client.createService({ Body: { name: 'demo_retry3', model_path: v1Path } });
    expect(created).toMatchObject({ ServiceName: 'demo_retry3', Status: 'Creating' });
    expect(retries.map((r) => r.error.code)).toEqual(['ServiceUnavailable']);
    const creates = await w.admin.requests({ product: 'eas', action: 'CreateService', sinceSeq: since });
    expect(creates.map((r) => r.status)).toEqual([503]);
    expect((await w.admin.requests({ product: 'eas', action: 'DescribeService', sinceSeq: since })).length).toBe(1);
    // Someone else's service of the same name (another spec) is not mistaken for ours.
    await expect(
      easClient(w.emulator).createService({ Body: { name: 'demo_retry3', model_path: v2Path } }),
    ).rejects.toMatchObject({ statusCode: 409 });
  });

  test('CreateService answered 5xx before it was applied: the look-up finds nothing, the retry creates it once', async () => {
    const since = (await w.admin.requests({ product: 'eas' })).at(-1)!.seq;
    await w.admin.injectFault({ product: 'eas', action: 'CreateService', kind: 'error', status: 500, count: 1 });
    const created = await easClient(w.emulator).createService({ Body: { name: 'demo_retry2', model_path: v1Path } });
    expect(created.ServiceName).toBe('demo_retry2');
    const creates = await w.admin.requests({ product: 'eas', action: 'CreateService', sinceSeq: since });
    expect(creates.map((r) => r.status)).toEqual([500, 200]);
    expect((await w.eas.listAllServices({ ServiceName: 'demo_retry2' })).length).toBe(1);
  });

  test('an ambiguous UpdateService failure is not repeated (it would make a second version)', async () => {
    await w.admin.injectFault({
      product: 'eas',
      action: 'UpdateService',
      kind: 'error',
      status: 500,
      count: 1,
      afterHandler: true,
    });
    await expect(
      easClient(w.emulator).updateService('demo_retry', { Body: { metadata: { instance: 2 } } }),
    ).rejects.toMatchObject({ statusCode: 500 });
    expect((await w.eas.describeService('demo_retry')).LatestVersion).toBe(2);
  });
});

describe('delete', () => {
  test('DeleteService → Deleting → gone', async () => {
    const answer = await w.eas.deleteService('demo_green');
    expect(answer.Message).toMatch(/terminating/);
    expect((await w.eas.describeService('demo_green')).Status).toBe('Deleting');
    await w.eas.deleteService('demo_green'); // repeating a delete is harmless
    await letTimePass(w.admin, 6_000);
    await expect(w.eas.describeService('demo_green')).rejects.toMatchObject({ code: 'InvalidService.NotFound' });
    expect((await w.eas.listAllServices({ GroupName: 'demo' })).map((s) => s.ServiceName)).toEqual(['demo_blue']);
    const groups = await w.eas.listGroups();
    expect(groups.Groups.map((g) => g.Name)).toContain('demo');
  });
});
