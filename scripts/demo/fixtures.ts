/**
 * What the demo puts around the workflows: models as a training run would have left them, live
 * traffic from the service's users, and read-outs of the group's weights and the running job.
 */
import { DlcClient } from '../../packages/core/src/clients/dlc.js';
import { EasClient } from '../../packages/core/src/clients/eas.js';
import type { ClientOptions } from '../../packages/core/src/clients/types.js';
import { OssClient } from '../../packages/core/src/oss.js';
import { DEMO_BUCKET, type AdminClient, type Emulator } from '../../packages/emulator/src/index.js';

/** The service group the seeded deployer role may manage (`demo`, versions `demo_*`). */
export const DEMO_SERVICE = 'demo';

const clientOptions = (emulator: Emulator, product: string): ClientOptions => ({
  credentials: emulator.info.credentials,
  region: emulator.info.region,
  endpoint: emulator.info.endpoints[product]!,
  timeoutMs: 10_000,
});

/** A linear model in the emulator's format; `slow` answers with three times the latency. */
export function demoModel(kind: 'good' | 'slow'): Record<string, unknown> {
  return {
    format: 'pai-emulator-linear/1',
    weights: [0.8, -1.2, 0.05],
    bias: 0.3,
    behaviour: kind === 'good' ? { latencyMs: { p50: 20, p95: 40 } } : { latencyMs: { p50: 60, p95: 120 } },
  };
}

/** Model, metrics and lineage under `models/<sha>/`, as submit-dlc-job and wait-and-resume leave them. */
export async function putDemoModel(
  emulator: Emulator,
  sha: string,
  model: Record<string, unknown>,
  metrics: Record<string, number>,
): Promise<void> {
  const oss = new OssClient(clientOptions(emulator, 'oss'));
  const base = `oss://${DEMO_BUCKET}/models/${sha}/`;
  const meta = { 'git-sha': sha };
  await oss.putJson(`${base}model/model.json`, model, meta);
  await oss.putJson(`${base}model/metrics.json`, metrics, meta);
  const now = new Date().toISOString();
  await oss.putJson(
    `${base}lineage.json`,
    {
      schema: 'pai-actions/lineage@1',
      repository: 'octo-org/recommender',
      sha,
      ref: 'refs/heads/main',
      runUrl: 'https://github.com/octo-org/recommender/actions/runs/1/attempts/1',
      runAttempt: 1,
      actor: 'octocat',
      workflow: 'pr-training',
      createdAt: now,
      training: {
        jobType: 'PyTorchJob',
        image: 'pai-emulator/node:20',
        command: 'node train.mjs',
        outputUri: `oss://${DEMO_BUCKET}/models/`,
        modelUri: `${base}model/`,
        checkpointUri: `${base}checkpoints/`,
      },
      jobs: [],
      metrics,
      services: [],
    },
    meta,
  );
}

/** {version service: weight} of the demo group. */
export async function groupWeights(emulator: Emulator): Promise<Record<string, number>> {
  const eas = new EasClient(clientOptions(emulator, 'eas'));
  const { Services } = await eas.listServices({ GroupName: DEMO_SERVICE, PageSize: 100 });
  return Object.fromEntries((Services ?? []).map((s) => [s.ServiceName, s.Weight ?? 0]));
}

/** The DLC job running now, if any. */
export async function runningJobId(emulator: Emulator): Promise<string | undefined> {
  const dlc = new DlcClient(clientOptions(emulator, 'dlc'));
  const { Jobs } = await dlc.listJobs({ Status: 'Running' });
  return Jobs?.[0]?.JobId;
}

export interface Traffic {
  stop(): Promise<{ sent: number; failed: number }>;
}

/** The service's users: `rps` requests a second to the group endpoint, from when the group exists. */
export function startTraffic(emulator: Emulator, rps: number): Traffic {
  const eas = new EasClient(clientOptions(emulator, 'eas'));
  let stopped = false;
  let sent = 0;
  let failed = 0;
  const loop = (async () => {
    let token: string | undefined;
    while (!stopped) {
      try {
        token ??= (await eas.describeGroup(DEMO_SERVICE)).AccessToken;
        const answer = await fetch(`${emulator.info.endpoints['gateway']}/api/predict/${DEMO_SERVICE}`, {
          method: 'POST',
          headers: { authorization: token ?? '', 'content-type': 'application/json' },
          body: '{"instances":[[1,2,3]]}',
          signal: AbortSignal.timeout(5_000),
        });
        await answer.arrayBuffer();
        sent++;
        if (!answer.ok) failed++;
      } catch {
        failed++;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 / rps));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return { sent, failed };
    },
  };
}

/** The commit each object under a prefix is tagged with (x-oss-meta-git-sha), by key. */
export async function objectShas(emulator: Emulator, prefixUri: string): Promise<Record<string, string>> {
  const oss = new OssClient(clientOptions(emulator, 'oss'));
  const objects = await oss.listAll(prefixUri);
  return Object.fromEntries(
    await Promise.all(objects.map(async (o) => [o.prefix, (await oss.head(o)).meta['git-sha'] ?? ''] as const)),
  );
}

/** The state the demo leaves: weights and statuses of the group, the trained model's lineage, what GitHub received. */
export async function finalState(
  emulator: Emulator,
  admin: AdminClient,
  trainedSha: string,
): Promise<Record<string, unknown>> {
  const oss = new OssClient(clientOptions(emulator, 'oss'));
  const eas = new EasClient(clientOptions(emulator, 'eas'));
  const { Services } = await eas.listServices({ GroupName: DEMO_SERVICE, PageSize: 100 });
  return {
    weights: await groupWeights(emulator),
    statuses: Object.fromEntries((Services ?? []).map((s) => [s.ServiceName, s.Status])),
    lineage: await oss.getJson(`oss://${DEMO_BUCKET}/models/${trainedSha}/lineage.json`),
    github: await admin.call<Record<string, unknown>>('GET', '/github'),
  };
}
