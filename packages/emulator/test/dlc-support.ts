/**
 * Shared by the DLC tests: an emulator with the real clients (DlcClient on openapi-core, the
 * core OssClient on ali-oss) and short lifecycle phases, plus polling helpers bounded in time.
 */
import { fileURLToPath } from 'node:url';
import { DlcClient } from '../../core/src/clients/dlc.js';
import type { CreateJobRequest, GetJobResponse } from '../../core/src/clients/dlc-types.js';
import type { ClientOptions } from '../../core/src/clients/types.js';
import { OssClient } from '../../core/src/oss.js';
import { AdminClient, DEMO_BUCKET, Emulator, type EmulatorOptions } from '../src/index.js';
import { emulatorClientOptions } from './support/client-options.js';

export const TRAIN_SCRIPT = fileURLToPath(new URL('../examples/train.mjs', import.meta.url));

export interface DlcWorld {
  emulator: Emulator;
  admin: AdminClient;
  dlc: DlcClient;
  oss: OssClient;
  clientOptions: ClientOptions;
}

/** Emulated ms per lifecycle phase in tests (the defaults are seconds). */
export const FAST_PHASES = { Creating: 100, Queuing: 100, EnvPreparing: 150, Restarting: 150 };

export async function startDlc(options: EmulatorOptions = {}): Promise<DlcWorld> {
  const emulator = await Emulator.start(options);
  const { credentials, endpoints, adminToken, region } = emulator.info;
  const admin = new AdminClient(endpoints['admin']!, adminToken);
  await admin.call('POST', '/dlc/config', {
    phaseMs: FAST_PHASES,
    sampleIntervalMs: 1_000,
    syncIntervalMs: 100,
    stopGraceMs: 1_000,
  });
  const clientOptions = emulatorClientOptions(emulator, 'dlc');
  return {
    emulator,
    admin,
    dlc: new DlcClient(clientOptions),
    oss: new OssClient({ credentials, region, endpoint: endpoints['oss']!, timeoutMs: 10_000 }),
    clientOptions,
  };
}

/** A public-resource PyTorch job; `envs` are merged over nothing, `spot` sets UseSpotInstance. */
export function jobRequest(
  displayName: string,
  command: string,
  envs: Record<string, string> = {},
  extra: Partial<CreateJobRequest> = {},
): CreateJobRequest {
  return {
    DisplayName: displayName,
    JobType: 'PyTorchJob',
    JobSpecs: [
      {
        Type: 'Worker',
        Image: 'registry.example.com/pai/train:1',
        PodCount: 1,
        EcsSpec: 'ecs.gn6i-c4g1.xlarge',
        UseSpotInstance: true,
      },
    ],
    UserCommand: command,
    Envs: envs,
    ...extra,
  };
}

export const bucketUri = (path: string) => `oss://${DEMO_BUCKET}/${path}`;

/** Polls until `accept` holds (or throws after `timeoutMs` real ms, naming what it last saw). */
export async function pollUntil<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 20_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function waitForStatus(
  dlc: DlcClient,
  jobId: string,
  statuses: string[],
  timeoutMs = 20_000,
): Promise<GetJobResponse> {
  return pollUntil(
    () => dlc.getJob(jobId, { NeedDetail: true }),
    (job) => statuses.includes(job.Status ?? ''),
    timeoutMs,
  );
}

/** Every log line of the job's first pod, all incarnations, oldest first. */
export async function allLogs(dlc: DlcClient, job: GetJobResponse): Promise<string[]> {
  const pod = job.Pods?.[0];
  if (!pod?.PodId) return [];
  const uids = [...(pod.HistoryPods ?? []).map((p) => p.PodUid), pod.PodUid].filter((u): u is string => Boolean(u));
  const lines: string[] = [];
  for (const uid of uids)
    lines.push(...((await dlc.getPodLogs(job.JobId, pod.PodId, { PodUid: uid, MaxLines: 100_000 })).Logs ?? []));
  return lines;
}

/** Steps printed in `progress step=<n>` lines. */
export function progressSteps(lines: string[]): number[] {
  return lines.flatMap((line) => {
    const match = /^progress step=(\d+)/.exec(line);
    return match ? [Number(match[1])] : [];
  });
}
