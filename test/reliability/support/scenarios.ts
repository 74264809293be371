/**
 * One scenario per action for the least-privilege test: a fresh emulator set up as the account
 * admin (the world the action expects), then the action's normal success path with the features
 * its docs present as standard, run with keys the test chooses. Every scenario keeps to the demo
 * bucket's `models/` prefix and the service group `demo`, the resources docs/policies/ name.
 */
import { expect } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EasClient } from '../../../packages/core/src/clients/eas.js';
import { newLineage, recordMetrics, parseLineage } from '../../../packages/core/src/lineage.js';
import { readLineage, writeLineage } from '../../../packages/core/src/lineage-store.js';
import { OssClient } from '../../../packages/core/src/oss.js';
import { readRunContext } from '../../../packages/core/src/action/github-context.js';
import { LABELS, versionServiceName } from '../../../packages/core/src/serving/labels.js';
import { AdminClient, DEMO_BUCKET, Emulator, SERVICE_GROUP } from '../../../packages/emulator/src/index.js';
import { startDlc, waitForStatus } from '../../../packages/emulator/test/dlc-support.js';
import { emulatorClientOptions } from '../../../packages/emulator/test/support/client-options.js';
import { FakeGitHubApi } from '../../actions/support/github-api.js';
import { defaultRun, runAction, type ActionRunResult } from '../../actions/support/run-action.js';
import {
  putCommitModel,
  SMOKE_BODY,
  startServingWorld,
  untilRunning,
  type CommitModel,
  type ServingWorld,
} from '../../actions/support/serving.js';
import { runAs, type AccessKeys } from './least-privilege.js';

/** The seeded role a workflow runs the action with (README, docs/ram-policies.md). */
export type PipelineRole = 'trainer' | 'deployer';

export interface Scenario {
  action: string;
  role: PipelineRole;
  /** A fresh emulator holding what the action works on, set up with the admin keys. */
  prepare(): Promise<Stage>;
}

export interface Stage {
  emulator: Emulator;
  admin: AdminClient;
  /** The action's step(s) signed with `keys`: the first failing step's result, else the last one's. */
  run(keys: AccessKeys): Promise<ActionRunResult>;
  /** After a successful run: every feature the scenario exercises did its work. */
  verify(result: ActionRunResult): Promise<void>;
  stop(): Promise<void>;
}

const uri = (key: string) => `oss://${DEMO_BUCKET}/${key}`;
const adminOf = (emulator: Emulator) => new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
const sha = (prefix: string) => prefix.repeat(40).slice(0, 40);

/** submit-dlc-job: idempotency lookup, submission, lineage.json written beside the model. */
const submitDlcJob: Scenario = {
  action: 'submit-dlc-job',
  role: 'trainer',
  async prepare() {
    const world = await startDlc();
    const run = defaultRun({ sha: sha('5a'), runId: '3001' });
    return {
      emulator: world.emulator,
      admin: world.admin,
      run: (keys) =>
        runAs(keys, 'submit-dlc-job', world.emulator, {
          run,
          inputs: {
            image: 'registry.example.com/pai/train:1',
            command: 'python train.py',
            'instance-type': 'ecs.gn6i-c4g1.xlarge',
            'output-uri': uri('models/lp/'),
            envs: 'PAI_EMULATOR_SIMULATE=true',
          },
        }),
      async verify(result) {
        const jobId = result.outputs['job-id']!;
        expect((await world.dlc.getJob(jobId)).JobId).toBe(jobId);
        const lineage = parseLineage(await world.oss.getJson(result.outputs['lineage-uri']!));
        expect(lineage.jobs).toEqual([expect.objectContaining({ jobId, reason: 'initial' })]);
      },
      stop: () => world.emulator.stop(),
    };
  },
};

/** wait-and-resume: a spot preemption, a resubmission from the newest checkpoint, the lineage chain. */
const waitAndResume: Scenario = {
  action: 'wait-and-resume',
  role: 'trainer',
  async prepare() {
    const world = await startDlc();
    const run = defaultRun({ sha: sha('6b'), runId: '3002' });
    // The job's first run is preempted at the emulator's own pace; its resumption runs at 10x.
    const submitted = await runAction('submit-dlc-job', {
      emulator: world.emulator,
      run,
      inputs: {
        image: 'registry.example.com/pai/train:1',
        command: 'python train.py',
        'instance-type': 'ecs.gn6i-c4g1.xlarge',
        spot: 'true',
        'spot-max-restarts': '0',
        'checkpoint-interval': '1m',
        'output-uri': uri('models/lp/'),
        envs: [
          'PAI_EMULATOR_SIMULATE=true',
          'PAI_EMULATOR_TOTAL_STEPS=400',
          'PAI_EMULATOR_STEPS_PER_SECOND=20',
          'PAI_EMULATOR_CHECKPOINT_EVERY=5',
        ].join('\n'),
      },
    });
    const jobId = submitted.outputs['job-id'];
    try {
      if (submitted.exitCode !== 0 || !jobId) throw new Error(`setup: submit-dlc-job failed: ${submitted.errors}`);
      await world.admin.call('POST', `/dlc/jobs/${jobId}/preempt`, { afterSteps: 10 });
      await waitForStatus(world.dlc, jobId, ['Failed', 'Stopped'], 30_000);
      await world.admin.setClockSpeed(10);
    } catch (error) {
      await world.emulator.stop();
      throw error;
    }
    return {
      emulator: world.emulator,
      admin: world.admin,
      run: (keys) =>
        runAs(keys, 'wait-and-resume', world.emulator, {
          run,
          inputs: { 'job-id': jobId, 'poll-interval': '1s', 'max-poll-interval': '2s', 'max-resumes': '1' },
        }),
      async verify(result) {
        expect(result.outputs).toMatchObject({ status: 'succeeded', resumes: '1' });
        // The resumed job was watched while it ran: its progress came from its pod's logs.
        expect(result.stdout).toMatch(/: step \d+\/400/);
        expect(result.outputs['job-id']).not.toBe(jobId);
        const lineage = parseLineage(await world.oss.getJson(submitted.outputs['lineage-uri']!));
        expect(lineage.jobs).toEqual([
          expect.objectContaining({ jobId, reason: 'initial' }),
          expect.objectContaining({ jobId: result.outputs['job-id'], reason: 'preempted', status: 'Succeeded' }),
        ]);
      },
      stop: () => world.emulator.stop(),
    };
  },
};

/** evaluate-gate: the baseline a service serves, the verdict in the lineage, one PR comment. */
const evaluateGate: Scenario = {
  action: 'evaluate-gate',
  role: 'trainer',
  async prepare() {
    const emulator = await Emulator.start();
    const admin = adminOf(emulator);
    const oss = new OssClient(emulatorClientOptions(emulator, 'oss'));
    const eas = new EasClient(emulatorClientOptions(emulator, 'eas'));
    const github = await FakeGitHubApi.start();
    const putLineage = async (location: string, metrics?: Record<string, number>) => {
      const run = readRunContext({ GITHUB_REPOSITORY: 'octo-org/models', GITHUB_SHA: location.split('/').at(-2) });
      const training = {
        jobType: 'PyTorchJob',
        image: 'img',
        command: 'train',
        outputUri: uri('models/'),
        modelUri: '',
        checkpointUri: '',
      };
      const lineage = newLineage(run, training, '2026-12-01T00:00:00Z');
      await writeLineage(oss, location, metrics ? recordMetrics(lineage, metrics) : lineage);
    };
    const serving = uri('models/1111111/lineage.json');
    const candidate = uri('models/3333333/lineage.json');
    await oss.putJson(uri('models/1111111/model/model.json'), {
      format: 'pai-emulator-linear/1',
      weights: [1],
      bias: 0,
    });
    await putLineage(serving, { accuracy: 0.95 });
    await putLineage(candidate);
    await eas.createService({
      Body: {
        name: `${SERVICE_GROUP}_1111111`,
        model_path: uri('models/1111111/model/'),
        metadata: { instance: 1, group: SERVICE_GROUP },
      },
      Labels: { [LABELS.lineageUri]: serving, [LABELS.managedBy]: 'pai-actions' },
    });
    await admin.advanceClock(25_000);
    return {
      emulator,
      admin,
      run: (keys) =>
        runAs(keys, 'evaluate-gate', emulator, {
          run: defaultRun({ eventName: 'pull_request', event: { pull_request: { number: 7 } } }),
          env: { GITHUB_API_URL: github.url },
          inputs: {
            metrics: '{"accuracy": 0.951}',
            thresholds: 'accuracy >= 0.9',
            'max-regression': 'accuracy: 0.01',
            baseline: `service:${SERVICE_GROUP}`,
            'lineage-uri': candidate,
            'github-token': 'ghs_leastPrivilegeGateToken01234',
          },
        }),
      async verify(result) {
        expect(result.outputs['passed']).toBe('true');
        expect(JSON.parse(result.outputs['report-json']!)).toMatchObject({
          baseline: { version: `${SERVICE_GROUP}_1111111`, uri: serving, found: true },
        });
        expect((await readLineage(oss, candidate)).gate).toMatchObject({ passed: true });
        expect(github.comments).toHaveLength(1);
      },
      async stop() {
        await github.stop();
        await emulator.stop();
      },
    };
  },
};

const SHA_A = sha('a1');
const SHA_B = sha('b2');

const deployInputs = (model: CommitModel) => ({
  'service-name': SERVICE_GROUP,
  'model-uri': model.modelUri,
  processor: 'torchscript',
  environment: 'staging',
  'smoke-request': SMOKE_BODY,
  'wait-timeout': '5m',
});

/** A version as eas-deploy leaves it (made with the admin keys: setup, not the subject). */
async function putVersion(world: ServingWorld, model: CommitModel, weight: number): Promise<string> {
  const name = versionServiceName(SERVICE_GROUP, model.sha);
  await world.eas.createService({
    Body: {
      name,
      model_path: model.modelUri,
      processor: 'pytorch_cpu_1.10',
      metadata: { instance: 1, group: SERVICE_GROUP },
    },
    Labels: {
      [LABELS.managedBy]: 'pai-actions',
      [LABELS.gitSha]: model.sha,
      [LABELS.modelUri]: model.modelUri,
      [LABELS.lineageUri]: model.lineageUri,
    },
  });
  await untilRunning(world, name);
  await world.eas.updateGroup(SERVICE_GROUP, { TrafficMode: 'customized' });
  await world.eas.releaseService(name, { Weight: weight, TrafficState: 'grouping' });
  return name;
}

/** Two commits' models under models/, the first one's version serving the group. */
async function servingGroup(): Promise<{ world: ServingWorld; a: CommitModel; b: CommitModel; oldName: string }> {
  const world = await startServingWorld();
  const a = await putCommitModel(world, SHA_A, 10, undefined, true, 'models');
  const b = await putCommitModel(world, SHA_B, 20, undefined, true, 'models');
  return { world, a, b, oldName: await putVersion(world, a, 100) };
}

/** eas-deploy: a new version beside the serving one at weight 0, the previous one labelled, the lineage updated. */
const easDeploy: Scenario = {
  action: 'eas-deploy',
  role: 'deployer',
  async prepare() {
    const { world, b, oldName } = await servingGroup();
    return {
      emulator: world.emulator,
      admin: world.admin,
      run: (keys) => runAs(keys, 'eas-deploy', world.emulator, { run: b.run, inputs: deployInputs(b) }),
      async verify(result) {
        expect(result.outputs).toMatchObject({
          'service-name': versionServiceName(SERVICE_GROUP, SHA_B),
          first: 'false',
          previous: oldName,
        });
        expect((await world.eas.describeService(versionServiceName(SERVICE_GROUP, SHA_B))).Weight).toBe(0);
        expect((await readLineage(world.oss, b.lineageUri)).services).toHaveLength(1);
      },
      stop: () => world.emulator.stop(),
    };
  },
};

/** eas-traffic-shift: every step on its own synthetic load, promotion labels, then the post step. */
const easTrafficShift: Scenario = {
  action: 'eas-traffic-shift',
  role: 'deployer',
  async prepare() {
    const { world, b, oldName } = await servingGroup();
    const newName = await putVersion(world, b, 0);
    await world.admin.setClockSpeed(60);
    return {
      emulator: world.emulator,
      admin: world.admin,
      async run(keys) {
        const workDir = mkdtempSync(join(tmpdir(), 'pai-least-privilege-shift-'));
        const options = {
          run: b.run,
          workDir,
          inputs: {
            'service-name': SERVICE_GROUP,
            steps: '50,100',
            'bake-time': '1m',
            'min-requests': '5',
            'low-traffic-wait': '10m',
            'max-p95-increase': '100',
            'load-rps': '1',
            'load-request': SMOKE_BODY,
          },
        };
        const main = await runAs(keys, 'eas-traffic-shift', world.emulator, options);
        if (main.exitCode !== 0) return main;
        const post = await runAs(keys, 'eas-traffic-shift', world.emulator, { ...options, post: true });
        return {
          ...post,
          outputs: { ...main.outputs, ...post.outputs },
          warnings: [...main.warnings, ...post.warnings],
          errors: [...main.errors, ...post.errors],
        };
      },
      async verify(result) {
        expect(result.outputs['result']).toBe('promoted');
        expect(JSON.parse(result.outputs['weights']!)).toEqual({ [oldName]: 0, [newName]: 100 });
        const labels = Object.fromEntries(
          ((await world.eas.describeService(newName)).Labels ?? []).map((l) => [l.LabelKey, l.LabelValue]),
        );
        expect(labels[LABELS.rollbackTarget]).toBe(oldName);
      },
      stop: () => world.emulator.stop(),
    };
  },
};

/** eas-rollback: all traffic back to the recorded rollback target after a promotion. */
const easRollback: Scenario = {
  action: 'eas-rollback',
  role: 'deployer',
  async prepare() {
    const { world, b, oldName } = await servingGroup();
    const newName = await putVersion(world, b, 0);
    // What eas-traffic-shift leaves after promoting the new version.
    await world.eas.releaseService(newName, { Weight: 100, TrafficState: 'grouping' });
    await world.eas.releaseService(oldName, { Weight: 0 });
    await world.eas.updateServiceLabel(newName, { Labels: { [LABELS.rollbackTarget]: oldName } });
    await world.eas.updateServiceLabel(oldName, { Labels: { [LABELS.trafficEndedAt]: '2026-01-01T00:00:00.000Z' } });
    return {
      emulator: world.emulator,
      admin: world.admin,
      run: (keys) =>
        runAs(keys, 'eas-rollback', world.emulator, {
          run: defaultRun({ runId: '7001' }),
          inputs: { 'service-name': SERVICE_GROUP, 'smoke-request': SMOKE_BODY, 'wait-timeout': '5m' },
        }),
      async verify(result) {
        expect(result.outputs['rolled-back-to']).toBe(oldName);
        expect((await world.eas.describeService(oldName)).Weight).toBe(100);
        expect((await world.eas.describeService(newName)).Weight).toBe(0);
      },
      stop: () => world.emulator.stop(),
    };
  },
};

const HOUR = 3_600_000;

/** cleanup-versions: an expired version deleted with its model's objects (delete-artifacts). */
const cleanupVersions: Scenario = {
  action: 'cleanup-versions',
  role: 'deployer',
  async prepare() {
    const world = await startServingWorld();
    const start = (await world.admin.clock()).nowMs;
    const iso = (hoursAgo: number) => new Date(start - hoursAgo * HOUR).toISOString();
    const versions = [
      { name: `${SERVICE_GROUP}_a1`, weight: 0, deployed: 300, ended: 10 },
      { name: `${SERVICE_GROUP}_a2`, weight: 0, deployed: 100, ended: 1 },
      { name: `${SERVICE_GROUP}_a3`, weight: 100, deployed: 10 },
    ];
    for (const version of versions) {
      const model = uri(`models/${version.name}/model/`);
      await world.oss.putJson(`${model}model.json`, { format: 'pai-emulator-linear/1', weights: [1], bias: 0 });
      await world.oss.putJson(`${model}weights.json`, { part: 0 });
      await world.eas.createService({
        Body: { name: version.name, model_path: model, metadata: { instance: 1, group: SERVICE_GROUP } },
        Labels: {
          [LABELS.managedBy]: 'pai-actions',
          [LABELS.modelUri]: model,
          [LABELS.deployedAt]: iso(version.deployed),
          ...(version.ended === undefined ? {} : { [LABELS.trafficEndedAt]: iso(version.ended) }),
        },
      });
      await world.eas.releaseService(version.name, { Weight: version.weight, TrafficState: 'grouping' });
    }
    await world.admin.advanceClock(73 * HOUR);
    const expired = uri(`models/${SERVICE_GROUP}_a1/model/`);
    return {
      emulator: world.emulator,
      admin: world.admin,
      run: (keys) =>
        runAs(keys, 'cleanup-versions', world.emulator, {
          inputs: { 'service-name': SERVICE_GROUP, 'delete-artifacts': 'true' },
        }),
      async verify(result) {
        expect(JSON.parse(result.outputs['deleted']!)).toEqual([
          expect.objectContaining({ service: `${SERVICE_GROUP}_a1` }),
        ]);
        expect(JSON.parse(result.outputs['deleted-artifacts']!)).toEqual([{ uri: expired, objects: 2 }]);
        expect(await world.oss.listAll(expired)).toEqual([]);
      },
      stop: () => world.emulator.stop(),
    };
  },
};

export const SCENARIOS: readonly Scenario[] = [
  submitDlcJob,
  waitAndResume,
  evaluateGate,
  easDeploy,
  easTrafficShift,
  easRollback,
  cleanupVersions,
];
