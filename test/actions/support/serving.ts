/**
 * A serving world for the eas-deploy and eas-rollback tests: an emulator with quick EAS
 * timings, real core clients, linear models whose predictions tell which version answered.
 */
import { EasClient } from '../../../packages/core/src/clients/eas.js';
import { newLineage, type Lineage } from '../../../packages/core/src/lineage.js';
import { readLineage, writeLineage } from '../../../packages/core/src/lineage-store.js';
import { OssClient } from '../../../packages/core/src/oss.js';
import { labelRecord } from '../../../packages/core/src/serving/labels.js';
import { AdminClient, DEMO_BUCKET, Emulator } from '../../../packages/emulator/src/index.js';
import { emulatorClientOptions } from '../../../packages/emulator/test/support/client-options.js';
import { defaultRun, type GitHubRun } from './run-action.js';

export interface ServingWorld {
  emulator: Emulator;
  admin: AdminClient;
  eas: EasClient;
  oss: OssClient;
}

/** Emulated seconds pass 10× real time and EAS operations take 4 s: a deploy waits well under a second. */
export async function startServingWorld(): Promise<ServingWorld> {
  const emulator = await Emulator.start({ speed: 10 });
  const admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  await admin.call('PUT', '/eas/timings', { createMs: 4000, updateMs: 4000, startMs: 4000, stopMs: 2000 });
  return {
    emulator,
    admin,
    eas: new EasClient(emulatorClientOptions(emulator, 'eas')),
    oss: new OssClient(emulatorClientOptions(emulator, 'oss')),
  };
}

/** A commit's model: `bias` tells its answers apart from any other commit's. */
export interface CommitModel {
  sha: string;
  modelUri: string;
  lineageUri: string;
  bias: number;
  run: GitHubRun;
}

export async function putCommitModel(
  world: ServingWorld,
  sha: string,
  bias: number,
  behaviour: Record<string, unknown> = { latencyMs: { p50: 0, p95: 0 } },
  withLineage = true,
  /** Key prefix in the demo bucket the commit's output goes under. */
  prefix = 'out',
): Promise<CommitModel> {
  const base = `oss://${DEMO_BUCKET}/${prefix}/${sha}`;
  const modelUri = `${base}/model/`;
  const lineageUri = `${base}/lineage.json`;
  await world.oss.putJson(`${modelUri}model.json`, {
    format: 'pai-emulator-linear/1',
    weights: [1, 2],
    bias,
    behaviour,
  });
  const run = defaultRun({ sha, runId: String(2000 + Math.round(bias)) });
  if (withLineage) {
    const lineage = newLineage(
      {
        repository: run.repository,
        sha,
        ref: run.ref,
        runId: run.runId,
        runAttempt: 1,
        actor: run.actor,
        workflow: 'train',
        eventName: 'push',
        serverUrl: 'https://github.com',
        apiUrl: 'https://api.github.com',
        runUrl: `https://github.com/${run.repository}/actions/runs/${run.runId}/attempts/1`,
      },
      {
        jobType: 'PyTorchJob',
        image: 'train:1',
        command: 'python train.py',
        outputUri: base,
        modelUri,
        checkpointUri: `${base}/checkpoints/`,
      },
      '2026-01-01T00:00:00Z',
    );
    await writeLineage(world.oss, lineageUri, lineage);
  }
  return { sha, modelUri, lineageUri, bias, run };
}

export const readModelLineage = (world: ServingWorld, model: CommitModel): Promise<Lineage> =>
  readLineage(world.oss, model.lineageUri);

/** The model's answer to [[1, 1]] is 3 + bias: which commit served a request. */
export const SMOKE_BODY = JSON.stringify({ instances: [[1, 1]] });
export const answerOf = (bias: number) => 3 + bias;

/** Predictions for `count` requests through a group (or service) endpoint with its token. */
export async function askGroup(world: ServingWorld, group: string, count: number): Promise<number[]> {
  const described = await world.eas.describeGroup(group);
  const answers: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(described.InternetEndpoint!, {
      method: 'POST',
      headers: { authorization: described.AccessToken!, 'content-type': 'application/json' },
      body: SMOKE_BODY,
      signal: AbortSignal.timeout(20_000),
    });
    const body = (await response.json()) as { predictions?: number[] };
    answers.push(body.predictions?.[0] ?? Number.NaN);
  }
  return answers;
}

export async function labelsOf(world: ServingWorld, service: string): Promise<Record<string, string>> {
  return { ...labelRecord((await world.eas.describeService(service)).Labels) };
}

/** Waits, on the emulator clock, until the service reports Running. */
export async function untilRunning(world: ServingWorld, service: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await world.eas.describeService(service)).Status === 'Running') return;
    await world.admin.advanceClock(2000);
  }
  throw new Error(`${service} never reached Running`);
}

/** The service tokens of every service, for the secret scan. */
export async function serviceTokens(world: ServingWorld): Promise<string[]> {
  const services = await world.eas.listAllServices();
  const groups = (await world.eas.listGroups()).Groups ?? [];
  return [...services.map((s) => s.AccessToken ?? ''), ...groups.map((g) => g.AccessToken ?? '')];
}

export async function apiCallCount(world: ServingWorld): Promise<number> {
  return (await world.admin.requests()).length;
}
