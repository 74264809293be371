/**
 * Groups for the serving rows of the fault matrix: each cell gets its own EAS group in a shared
 * emulator, holding a serving version (weight 100, labelled with its rollback target) and the
 * retained prior version, as eas-traffic-shift leaves them after a promotion.
 */
import { EasClient } from '../../../packages/core/src/clients/eas.js';
import { OssClient } from '../../../packages/core/src/oss.js';
import { LABELS } from '../../../packages/core/src/serving/labels.js';
import { type Emulator } from '../../../packages/emulator/src/index.js';
import { emulatorClientOptions } from '../../../packages/emulator/test/support/client-options.js';
import {
  answerOf,
  askGroup,
  putCommitModel,
  type CommitModel,
  type ServingWorld,
} from '../../actions/support/serving.js';
import { adminOf } from './serving-faults.js';

/** EAS operations take 4 emulated seconds; the clock runs 10× (as startServingWorld sets it). */
export const QUICK_EAS = { createMs: 4000, updateMs: 4000, startMs: 4000, stopMs: 2000 };

/** A ServingWorld over an emulator started elsewhere (a durable one for the restart cells). */
export async function worldOf(emulator: Emulator): Promise<ServingWorld> {
  const admin = adminOf(emulator);
  await admin.call('PUT', '/eas/timings', QUICK_EAS);
  return {
    emulator,
    admin,
    eas: new EasClient(emulatorClientOptions(emulator, 'eas')),
    oss: new OssClient(emulatorClientOptions(emulator, 'oss')),
  };
}

export interface PromotedGroup {
  group: string;
  /** The version that serves (weight 100), promoted over `prior`. */
  serving: string;
  /** The retained version `serving` names as its rollback target (weight 0). */
  prior: string;
  servingModel: CommitModel;
  priorModel: CommitModel;
}

/** The version service name of a commit in a group, as eas-deploy names it. */
export const versionName = (group: string, sha: string) => `${group}_${sha.slice(0, 7)}`;

/** Models for the two versions every promoted group holds; put once per world. */
export async function putGroupModels(world: ServingWorld): Promise<{ prior: CommitModel; serving: CommitModel }> {
  return {
    prior: await putCommitModel(world, '0a0a0a0'.padEnd(40, '1'), 100),
    serving: await putCommitModel(world, '0b0b0b0'.padEnd(40, '2'), 200),
  };
}

/** What eas-deploy and eas-traffic-shift leave after `serving` was promoted over `prior`. */
export async function promotedGroup(
  world: ServingWorld,
  group: string,
  models: { prior: CommitModel; serving: CommitModel },
): Promise<PromotedGroup> {
  const prior = versionName(group, models.prior.sha);
  const serving = versionName(group, models.serving.sha);
  const endedAt = new Date((await world.admin.clock()).nowMs - 3_600_000).toISOString();
  for (const [name, model, weight, labels] of [
    [prior, models.prior, 0, { [LABELS.trafficEndedAt]: endedAt }],
    [serving, models.serving, 100, { [LABELS.rollbackTarget]: prior }],
  ] as const) {
    await world.eas.createService({
      Body: { name, model_path: model.modelUri, processor: 'pytorch_cpu_1.10', metadata: { instance: 1, group } },
      Labels: {
        [LABELS.managedBy]: 'pai-actions',
        [LABELS.gitSha]: model.sha,
        [LABELS.modelUri]: model.modelUri,
        [LABELS.deployedAt]: new Date((await world.admin.clock()).nowMs - (weight ? 1 : 2) * 86_400_000).toISOString(),
        ...labels,
      },
    });
    await world.eas.releaseService(name, { Weight: weight, TrafficState: 'grouping' });
  }
  await world.eas.updateGroup(group, { TrafficMode: 'customized' });
  await untilAllRunning(world, [prior, serving]);
  return { group, serving, prior, servingModel: models.serving, priorModel: models.prior };
}

/** Moves the emulator clock until every named service runs (a bounded number of steps). */
export async function untilAllRunning(world: ServingWorld, names: readonly string[]): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const statuses = await Promise.all(names.map(async (n) => (await world.eas.findService(n))?.Status));
    if (statuses.every((s) => s === 'Running')) return;
    await world.admin.advanceClock(2000);
  }
  throw new Error(`${names.join(', ')} never all reached Running`);
}

/** Weight of every service of the group, by name. */
export async function weightsOf(world: ServingWorld, group: string): Promise<Record<string, number>> {
  const services = await world.eas.listAllServices({ GroupName: group });
  return Object.fromEntries(services.map((s) => [s.ServiceName, s.Weight ?? Number.NaN]));
}

/** Every request through the group endpoint answered by this model: users reach no other version. */
export async function expectOnlyAnswersOf(world: ServingWorld, group: string, model: CommitModel): Promise<void> {
  expect(new Set(await askGroup(world, group, 6))).toEqual(new Set([answerOf(model.bias)]));
}
