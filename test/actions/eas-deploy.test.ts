/**
 * eas-deploy as GitHub runs it (the dist bundle in a process) against the emulator: the first
 * version takes the group's traffic, the next one waits beside it at weight 0, a re-run reuses
 * it, a failing smoke request keeps it out of traffic, and bad input creates nothing.
 */
import { LABELS } from '../../packages/core/src/serving/labels.js';
import { findLeaks, knownSecrets } from './support/secrets.js';
import { runAction, type ActionRunResult } from './support/run-action.js';
import {
  answerOf,
  apiCallCount,
  askGroup,
  labelsOf,
  putCommitModel,
  readModelLineage,
  serviceTokens,
  SMOKE_BODY,
  startServingWorld,
  type CommitModel,
  type ServingWorld,
} from './support/serving.js';

const GROUP = 'fraud_scorer';
const SHA_A = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const SHA_B = 'b2c3d4e5f60718293a4b5c6d7e8f901234567890';
const SHA_C = 'c3d4e5f60718293a4b5c6d7e8f90123456789012';

let world: ServingWorld;
let modelA: CommitModel;
let modelB: CommitModel;

beforeAll(async () => {
  world = await startServingWorld();
  modelA = await putCommitModel(world, SHA_A, 10);
  modelB = await putCommitModel(world, SHA_B, 20);
});
afterAll(() => world?.emulator.stop());

const deploy = (model: CommitModel, inputs: Record<string, string> = {}) =>
  runAction('eas-deploy', {
    emulator: world.emulator,
    run: model.run,
    // With output-token the token is an output by request; the scan still covers everything else.
    allowSecretsIn: inputs['output-token'] === 'true' ? ['outputs'] : [],
    inputs: {
      'service-name': GROUP,
      'model-uri': model.modelUri,
      processor: 'torchscript',
      environment: 'staging',
      'smoke-request': SMOKE_BODY,
      'wait-timeout': '5m',
      ...inputs,
    },
  });

async function expectNoLeaks(result: ActionRunResult): Promise<void> {
  expect(findLeaks(result, knownSecrets(world.emulator, await serviceTokens(world)))).toEqual([]);
}

test('the first version of a group takes all its traffic, labelled, smoke-tested and recorded in the lineage', async () => {
  const result = await deploy(modelA);
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  const name = `${GROUP}_a1b2c3d`;
  expect(result.outputs).toEqual({
    'service-name': name,
    group: GROUP,
    endpoint: expect.stringMatching(new RegExp(`/api/predict/${GROUP}$`)),
    version: '1',
  });
  expect(await labelsOf(world, name)).toMatchObject({
    [LABELS.gitSha]: SHA_A,
    [LABELS.modelUri]: modelA.modelUri,
    [LABELS.lineageUri]: modelA.lineageUri,
    [LABELS.deployedByRun]: expect.stringContaining(`/actions/runs/${modelA.run.runId}/attempts/1`),
    [LABELS.deployedAt]: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    [LABELS.managedBy]: 'pai-actions',
  });
  expect(result.stdout).toMatch(/smoke request to fraud_scorer_a1b2c3d answered HTTP 200/);
  expect(new Set(await askGroup(world, GROUP, 5))).toEqual(new Set([answerOf(modelA.bias)]));
  expect((await readModelLineage(world, modelA)).services).toEqual([
    expect.objectContaining({ serviceName: name, group: GROUP, endpoint: result.outputs['endpoint'] }),
  ]);
  expect(result.summary).toContain('EAS deploy: fraud_scorer_a1b2c3d');
  await expectNoLeaks(result);
});

test('blue-green: the next version runs beside the serving one at weight 0, with its autoscaler; users still reach the old model', async () => {
  const result = await deploy(modelB, {
    'autoscale-min': '1',
    'autoscale-max': '4',
    'scale-out-qps': '50',
    'scale-in-cooldown': '10m',
  });
  expect(result.errors).toEqual([]);
  const name = `${GROUP}_b2c3d4e`;
  expect(result.outputs['service-name']).toBe(name);
  const fresh = await world.eas.describeService(name);
  expect({ status: fresh.Status, weight: fresh.Weight, group: fresh.ServiceGroup }).toEqual({
    status: 'Running',
    weight: 0,
    group: GROUP,
  });
  expect((await world.eas.describeService(`${GROUP}_a1b2c3d`)).Weight).toBe(100);
  expect((await world.eas.describeGroup(GROUP)).TrafficMode).toBe('customized');
  // Every request through the group endpoint is answered by the old model.
  expect(new Set(await askGroup(world, GROUP, 20))).toEqual(new Set([answerOf(modelA.bias)]));
  const autoscaler = await world.eas.describeServiceAutoScaler(name);
  expect({ min: autoscaler.MinReplica, max: autoscaler.MaxReplica, behavior: autoscaler.Behavior }).toMatchObject({
    min: 1,
    max: 4,
    behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
  });
  // Weight 0 was set while the version was still Creating, before EAS could route to it.
  const calls = (await world.admin.requests({ product: 'eas' })).map((r) => r.action);
  const created = calls.lastIndexOf('CreateService');
  expect(calls.slice(created, created + 2)).toEqual(['CreateService', 'ReleaseService']);
  await expectNoLeaks(result);
});

test('deploying the same commit again reuses its version: no second create, same outputs', async () => {
  const before = (await world.admin.requests({ product: 'eas', action: 'CreateService' })).length;
  const again = await deploy(modelB);
  expect(again.errors).toEqual([]);
  expect(again.outputs['service-name']).toBe(`${GROUP}_b2c3d4e`);
  expect(again.outputs['version']).toBe('1');
  expect(again.stdout).toContain('reusing it');
  expect((await world.admin.requests({ product: 'eas', action: 'CreateService' })).length).toBe(before);
  expect((await world.eas.describeService(`${GROUP}_b2c3d4e`)).Weight).toBe(0);
  await expectNoLeaks(again);
});

test('a version that fails its smoke request fails the step and never takes traffic', async () => {
  const broken = await putCommitModel(world, SHA_C, 30, { latencyMs: { p50: 0, p95: 0 }, errorRate: 1 });
  const result = await deploy(broken, { 'output-token': 'true' });
  expect(result.exitCode).toBe(1);
  expect(result.errors).toEqual([
    expect.stringMatching(/smoke request to fraud_scorer_c3d4e5f answered HTTP 500.*weight 0/),
  ]);
  expect((await world.eas.describeService(`${GROUP}_c3d4e5f`)).Weight).toBe(0);
  expect(new Set(await askGroup(world, GROUP, 10))).toEqual(new Set([answerOf(modelA.bias)]));
  expect(result.outputs['token']).toBeUndefined();
  await expectNoLeaks(result);
});

test('output-token sets the version token as an output, masked in the log', async () => {
  const result = await deploy(modelB, { 'output-token': 'true' });
  const token = (await world.eas.describeService(`${GROUP}_b2c3d4e`)).AccessToken!;
  expect(result.outputs['token']).toBe(token);
  expect(result.stdout).toContain(`::add-mask::${token}`);
  const elsewhere = { ...result, files: { ...result.files, output: result.files.state } };
  expect(findLeaks(elsewhere, knownSecrets(world.emulator, await serviceTokens(world)))).toEqual([]);
});

test('in-place: a new commit becomes a new EAS version of the serving service, which keeps its traffic', async () => {
  const group = 'inplace_scorer';
  const first = await deploy(modelA, { 'service-name': group, strategy: 'in-place' });
  expect(first.errors).toEqual([]);
  expect(first.outputs).toMatchObject({ 'service-name': `${group}_a1b2c3d`, version: '1' });

  const second = await deploy(modelB, { 'service-name': group, strategy: 'in-place' });
  expect(second.errors).toEqual([]);
  expect(second.outputs).toMatchObject({ 'service-name': `${group}_a1b2c3d`, version: '2' });
  expect(await labelsOf(world, `${group}_a1b2c3d`)).toMatchObject({
    [LABELS.gitSha]: SHA_B,
    [LABELS.modelUri]: modelB.modelUri,
  });
  expect(new Set(await askGroup(world, group, 6))).toEqual(new Set([answerOf(modelB.bias)]));
  await expectNoLeaks(second);
});

describe('bad input: one error line naming the input, and no API call', () => {
  const valid = {
    'service-name': 'fraud_scorer',
    'model-uri': 'oss://pai-demo/out/x/model/',
    processor: 'torchscript',
    environment: 'staging',
  };
  const cases: Array<[string, Record<string, string>]> = [
    ['service-name', { 'service-name': 'Fraud-Scorer' }],
    ['model-uri', { 'model-uri': 's3://bucket/model' }],
    ['processor', { processor: 'sklearn' }],
    ['processor-name', { processor: 'onnx' }],
    ['image', { image: 'registry/serve:1' }],
    ['command', { processor: 'custom', image: 'registry/serve:1', port: '8000' }],
    ['port', { processor: 'custom', image: 'registry/serve:1', command: 'serve', port: '70000' }],
    ['instances', { instances: '0' }],
    ['environment', { environment: 'prod' }],
    ['strategy', { strategy: 'canary' }],
    ['autoscale-max', { 'autoscale-min': '2', 'scale-out-qps': '10' }],
    ['scale-out-qps', { 'autoscale-max': '3', 'scale-out-qps': '1.5' }],
    ['scale-in-cooldown', { 'scale-in-cooldown': '300' }],
    ['scale-to-zero', { 'scale-to-zero': 'yes' }],
    ['service-config', { 'service-config': 'missing.json' }],
    ['smoke-request', { 'smoke-request': '{"instances": [' }],
    ['wait-timeout', { 'wait-timeout': 'soon' }],
    ['output-token', { 'output-token': 'maybe' }],
    ['eas-endpoint', { 'eas-endpoint': 'ftp://nowhere' }],
  ];

  // All cases at once (each is a process start): none may reach the emulator.
  test('every case', async () => {
    const before = await apiCallCount(world);
    const results = await Promise.all(
      cases.map(async ([input, change]) => {
        const result = await runAction('eas-deploy', { emulator: world.emulator, inputs: { ...valid, ...change } });
        return { input, exitCode: result.exitCode, errors: result.errors };
      }),
    );
    expect(results).toEqual(
      cases.map(([input]) => ({ input, exitCode: 1, errors: [expect.stringContaining(`Input "${input}"`)] })),
    );
    expect(await apiCallCount(world)).toBe(before);
  });

  test('production refuses scale-to-zero before creating anything', async () => {
    const before = await apiCallCount(world);
    const result = await runAction('eas-deploy', {
      emulator: world.emulator,
      inputs: {
        ...valid,
        environment: 'production',
        'autoscale-max': '4',
        'scale-out-qps': '20',
        'scale-to-zero': 'true',
      },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^Input "scale-to-zero" has invalid value "true": expected false when environment is production/,
      ),
    ]);
    expect(await apiCallCount(world)).toBe(before);
    await expectNoLeaks(result);
  });
});
