/**
 * eas-rollback as GitHub runs it, against the emulator: after a promotion (set here with the
 * EasClient, labelled as eas-traffic-shift labels it), one call returns all traffic to the prior
 * version; a re-run does not step back twice; a stopped target is started first, with a warning.
 */
import { LABELS } from '../../packages/core/src/serving/labels.js';
import { findLeaks, knownSecrets } from './support/secrets.js';
import { defaultRun, runAction, type ActionRunResult, type GitHubRun } from './support/run-action.js';
import {
  answerOf,
  apiCallCount,
  askGroup,
  labelsOf,
  putCommitModel,
  serviceTokens,
  SMOKE_BODY,
  startServingWorld,
  untilRunning,
  type CommitModel,
  type ServingWorld,
} from './support/serving.js';

const GROUP = 'churn_model';
const OLD = `${GROUP}_0a0a0a0`;
const NEW = `${GROUP}_0b0b0b0`;

let world: ServingWorld;
let oldModel: CommitModel;
let newModel: CommitModel;

beforeAll(async () => {
  world = await startServingWorld();
  oldModel = await putCommitModel(world, '0a0a0a0'.padEnd(40, '1'), 100);
  newModel = await putCommitModel(world, '0b0b0b0'.padEnd(40, '2'), 200);
  for (const [name, model] of [
    [OLD, oldModel],
    [NEW, newModel],
  ] as const) {
    await world.eas.createService({
      Body: {
        name,
        model_path: model.modelUri,
        processor: 'pytorch_cpu_1.10',
        metadata: { instance: 1, group: GROUP },
      },
      Labels: { [LABELS.managedBy]: 'pai-actions', [LABELS.gitSha]: model.sha },
    });
  }
  await untilRunning(world, OLD);
  await untilRunning(world, NEW);
  await world.eas.updateGroup(GROUP, { TrafficMode: 'customized' });
});
afterAll(() => world?.emulator.stop());

/** What eas-traffic-shift leaves after promoting NEW over OLD. */
async function promoteNew(): Promise<void> {
  await world.eas.releaseService(NEW, { Weight: 100, TrafficState: 'grouping' });
  await world.eas.releaseService(OLD, { Weight: 0 });
  await world.eas.updateServiceLabel(NEW, { Labels: { [LABELS.rollbackTarget]: OLD } });
  await world.eas.updateServiceLabel(OLD, { Labels: { [LABELS.trafficEndedAt]: '2026-01-01T00:00:00.000Z' } });
  expect(new Set(await askGroup(world, GROUP, 4))).toEqual(new Set([answerOf(newModel.bias)]));
}

const rollback = (inputs: Record<string, string> = {}, run: GitHubRun = defaultRun({ runId: '7001' })) =>
  runAction('eas-rollback', {
    emulator: world.emulator,
    run,
    inputs: { 'service-name': GROUP, 'smoke-request': SMOKE_BODY, 'wait-timeout': '5m', ...inputs },
  });

async function expectNoLeaks(result: ActionRunResult): Promise<void> {
  expect(findLeaks(result, knownSecrets(world.emulator, await serviceTokens(world)))).toEqual([]);
}

test('after a promotion, one call sends all traffic back to the recorded target without reprovisioning', async () => {
  await promoteNew();
  const before = await world.admin.requests({ product: 'eas' });
  const result = await rollback();
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  expect(result.outputs).toEqual({ 'rolled-back-to': OLD });
  expect(new Set(await askGroup(world, GROUP, 20))).toEqual(new Set([answerOf(oldModel.bias)]));
  expect((await world.eas.describeService(NEW)).Weight).toBe(0);
  // No service was created, updated or started: the retained version only got its weight back.
  const actions = (await world.admin.requests({ product: 'eas' })).slice(before.length).map((r) => r.action);
  expect(actions.filter((a) => /^(Create|Update|Start)Service$/.test(a))).toEqual([]);
  const drained = await labelsOf(world, NEW);
  expect(drained[LABELS.trafficEndedAt]).toMatch(/^\d{4}-\d\d-\d\dT/);
  const restored = await labelsOf(world, OLD);
  expect(restored[LABELS.trafficEndedAt]).toBeUndefined();
  expect(restored[LABELS.rolledBackByRun]).toBe('https://github.com/octo-org/models/actions/runs/7001');
  expect(result.stdout).toMatch(/smoke request through churn_model answered HTTP 200/);
  expect(result.summary).toContain(`rolled back to ${OLD}`);
  await expectNoLeaks(result);
});

test('a re-run of the same rollback changes nothing', async () => {
  const before = (await world.admin.requests({ product: 'eas', action: 'ReleaseService' })).length;
  const again = await rollback({}, defaultRun({ runId: '7001', runAttempt: '2' }));
  expect(again.errors).toEqual([]);
  expect(again.outputs).toEqual({ 'rolled-back-to': OLD });
  expect(again.stdout).toContain('this run already rolled churn_model back');
  expect((await world.admin.requests({ product: 'eas', action: 'ReleaseService' })).length).toBe(before);
  await expectNoLeaks(again);
});

test('a stopped target is started first, with a warning, then takes all traffic', async () => {
  await promoteNew();
  await world.eas.stopService(OLD);
  await world.admin.advanceClock(3000);
  expect((await world.eas.describeService(OLD)).Status).toBe('Stopped');
  const result = await rollback({}, defaultRun({ runId: '7002' }));
  expect(result.errors).toEqual([]);
  expect(result.outputs).toEqual({ 'rolled-back-to': OLD });
  expect(result.warnings).toContainEqual(expect.stringContaining(`${OLD} was Stopped: starting it`));
  const calls = (await world.admin.requests({ product: 'eas' })).map((r) => r.action);
  expect(calls.lastIndexOf('StartService')).toBeLessThan(calls.lastIndexOf('ReleaseService'));
  expect((await world.eas.describeService(OLD)).Status).toBe('Running');
  expect(new Set(await askGroup(world, GROUP, 10))).toEqual(new Set([answerOf(oldModel.bias)]));
  await expectNoLeaks(result);
});

test('"to" overrides the recorded target; an unknown one is refused naming the group members', async () => {
  const forward = await rollback({ to: NEW }, defaultRun({ runId: '7003' }));
  expect(forward.errors).toEqual([]);
  expect(forward.outputs).toEqual({ 'rolled-back-to': NEW });
  expect(new Set(await askGroup(world, GROUP, 6))).toEqual(new Set([answerOf(newModel.bias)]));

  const before = (await world.admin.requests({ product: 'eas', action: 'ReleaseService' })).length;
  const unknown = await rollback({ to: `${GROUP}_fffffff` }, defaultRun({ runId: '7004' }));
  expect(unknown.exitCode).toBe(1);
  expect(unknown.errors).toEqual([
    expect.stringMatching(/"to" names churn_model_fffffff, which is not a service of group churn_model/),
  ]);
  expect((await world.admin.requests({ product: 'eas', action: 'ReleaseService' })).length).toBe(before);
  await expectNoLeaks(unknown);
});

test('bad input: one error line naming the input, and no API call', async () => {
  const cases: Array<[string, Record<string, string>]> = [
    ['service-name', { 'service-name': 'Churn Model' }],
    ['to', { to: 'v2!' }],
    ['smoke-request', { 'smoke-request': 'not json' }],
    ['wait-timeout', { 'wait-timeout': '5' }],
    ['region', { region: 'Hangzhou' }],
  ];
  const before = await apiCallCount(world);
  const results = await Promise.all(
    cases.map(async ([input, change]) => {
      const result = await rollback(change);
      return { input, exitCode: result.exitCode, errors: result.errors };
    }),
  );
  expect(results).toEqual(
    cases.map(([input]) => ({ input, exitCode: 1, errors: [expect.stringContaining(`Input "${input}"`)] })),
  );
  expect(await apiCallCount(world)).toBe(before);
});
