/**
 * Acknowledged = durable. Rounds of a mixed write burst at concurrency — OSS put and delete, EAS
 * create, update and release, DLC create and stop — against `pai-emulator --data-dir`, each round
 * ended by a SIGKILL after a random number of acknowledgements. After every restart on the same
 * data dir, every acknowledged write is there and every acknowledged delete is gone. A call still
 * in flight at the kill may have gone either way; the check accepts both and goes on from what it
 * finds. The seed is in every failure message; PAI_CRASH_SEED replays one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { DlcClient } from '../../core/src/clients/dlc.js';
import { EasClient } from '../../core/src/clients/eas.js';
import type { ClientOptions } from '../../core/src/clients/types.js';
import { PaiApiError } from '../../core/src/errors.js';
import { OssClient } from '../../core/src/oss.js';
import { mulberry32 } from '../src/faults.js';
import { DEMO_BUCKET, type EmulatorInfo } from '../src/index.js';
import { jobRequest } from './dlc-support.js';
import { startEmulatorProcess, type EmulatorProcess } from './support/emulator-process.js';

const ROUNDS = 3;
const CONCURRENCY = 24;
const SEED = Number(process.env['PAI_CRASH_SEED'] ?? Date.now() % 2 ** 31);

/** What the emulator acknowledged; `maybe*` = a call in flight at the kill, which may have applied. */
interface Ledger {
  objects: Map<string, { content: string; maybeDeleted?: boolean }>;
  deleted: Set<string>;
  services: Map<string, { version: number; maybeVersion?: number; weight?: number; maybeWeight?: number }>;
  jobs: Map<string, { stopped: boolean; maybeStopped?: boolean }>;
}

interface Clients {
  oss: OssClient;
  eas: EasClient;
  dlc: DlcClient;
}

/** One call: `run` makes it; `acknowledged` books its answer; `inDoubt` books a call the kill cut short. */
interface Operation {
  entity: string;
  run(clients: Clients): Promise<void>;
  acknowledged(): void;
  inDoubt(): void;
}

const dataDir = mkdtempSync(join(tmpdir(), 'pai-emulator-crash-'));
let running: EmulatorProcess | undefined;
afterAll(async () => {
  await running?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

test('every acknowledged write survives a kill -9 in the middle of a mixed write burst', async () => {
  const random = mulberry32(SEED);
  const ledger: Ledger = { objects: new Map(), deleted: new Set(), services: new Map(), jobs: new Map() };
  const context = (round: number) => `seed ${SEED}, round ${round}`;
  for (let round = 0; round <= ROUNDS; round++) {
    const emulator = await startEmulatorProcess(['--data-dir', dataDir]);
    running = emulator;
    const clients = clientsOf(emulator.info);
    await verify(clients, ledger, context(round));
    if (round === ROUNDS) {
      await emulator.stop();
      break;
    }
    const killAfter = 10 + Math.floor(random() * 60);
    const acknowledged = await burst(clients, ledger, random, round, killAfter, emulator);
    expect({ round, acknowledged: acknowledged >= killAfter }).toEqual({ round, acknowledged: true });
  }
  // The rounds really exercised every kind of write (else the test proves less than it says).
  expect(ledger.objects.size).toBeGreaterThan(0);
  expect(ledger.deleted.size).toBeGreaterThan(0);
  expect(ledger.services.size).toBeGreaterThan(0);
  expect([...ledger.services.values()].some((s) => s.version > 1)).toBe(true);
  expect([...ledger.services.values()].some((s) => s.weight !== undefined)).toBe(true);
  expect(ledger.jobs.size).toBeGreaterThan(0);
  expect([...ledger.jobs.values()].some((j) => j.stopped)).toBe(true);
}, 120_000);

/** Runs operations at CONCURRENCY until `killAfter` were acknowledged, then kills the emulator mid-flight. */
async function burst(
  clients: Clients,
  ledger: Ledger,
  random: () => number,
  round: number,
  killAfter: number,
  emulator: EmulatorProcess,
): Promise<number> {
  const busy = new Set<string>();
  let acknowledged = 0;
  let serial = 0;
  let killed: Promise<void> | undefined;
  const worker = async () => {
    while (!killed) {
      const operation = nextOperation(ledger, busy, random, `r${round}n${serial++}`);
      busy.add(operation.entity);
      try {
        await operation.run(clients);
        operation.acknowledged();
        if (++acknowledged >= killAfter) killed ??= emulator.kill();
      } catch {
        operation.inDoubt(); // refused, reset or cut off by the kill: it may or may not have applied
      } finally {
        busy.delete(operation.entity);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await killed;
  return acknowledged;
}

function nextOperation(ledger: Ledger, busy: Set<string>, random: () => number, id: string): Operation {
  const idle = <T>(entries: Iterable<[string, T]>, accept: (value: T) => boolean = () => true) =>
    [...entries].filter(([key, value]) => !busy.has(key) && accept(value));
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const roll = random();
  if (roll < 0.15) {
    const candidates = idle(ledger.objects, (o) => !o.maybeDeleted);
    if (candidates.length > 0) return deleteObject(ledger, pick(candidates)[0]);
  } else if (roll < 0.25) {
    return createService(ledger, `crash_${id}`);
  } else if (roll < 0.35) {
    const candidates = idle(ledger.services, (s) => s.maybeVersion === undefined);
    if (candidates.length > 0) return updateService(ledger, pick(candidates)[0]);
  } else if (roll < 0.45) {
    const candidates = idle(ledger.services, (s) => s.maybeWeight === undefined);
    if (candidates.length > 0) return releaseService(ledger, pick(candidates)[0], Math.floor(random() * 1000));
  } else if (roll < 0.53) {
    return createJob(ledger, `crash-${id}`);
  } else if (roll < 0.6) {
    const candidates = idle(ledger.jobs, (j) => !j.stopped && j.maybeStopped === undefined);
    if (candidates.length > 0) return stopJob(ledger, pick(candidates)[0]);
  }
  return putObject(ledger, `crash/${id}`, `${id}:${random().toString(36).repeat(40)}`);
}

function putObject(ledger: Ledger, key: string, content: string): Operation {
  return {
    entity: key,
    run: async ({ oss }) => void (await oss.bucket(DEMO_BUCKET).put(key, Buffer.from(content))),
    acknowledged: () => ledger.objects.set(key, { content }),
    inDoubt: () => undefined, // an object that may exist is not checked
  };
}

function deleteObject(ledger: Ledger, key: string): Operation {
  return {
    entity: key,
    run: async ({ oss }) => void (await oss.bucket(DEMO_BUCKET).delete(key)),
    acknowledged: () => {
      ledger.objects.delete(key);
      ledger.deleted.add(key);
    },
    inDoubt: () => (ledger.objects.get(key)!.maybeDeleted = true),
  };
}

function createService(ledger: Ledger, name: string): Operation {
  return {
    entity: name,
    run: async ({ eas }) => void (await eas.createService({ Body: { name, metadata: { instance: 1 } } })),
    acknowledged: () => ledger.services.set(name, { version: 1 }),
    inDoubt: () => undefined,
  };
}

function updateService(ledger: Ledger, name: string): Operation {
  const service = ledger.services.get(name)!;
  return {
    entity: name,
    run: async ({ eas }) =>
      void (await eas.updateService(name, { Body: { metadata: { instance: 1 + (service.version % 3) } } })),
    acknowledged: () => service.version++,
    inDoubt: () => (service.maybeVersion = service.version + 1),
  };
}

function releaseService(ledger: Ledger, name: string, weight: number): Operation {
  const service = ledger.services.get(name)!;
  return {
    entity: name,
    run: async ({ eas }) => void (await eas.releaseService(name, { Weight: weight })),
    acknowledged: () => (service.weight = weight),
    inDoubt: () => (service.maybeWeight = weight),
  };
}

function createJob(ledger: Ledger, name: string): Operation {
  let jobId: string | undefined;
  return {
    entity: name,
    run: async ({ dlc }) => {
      // Simulated and long: the jobs keep running (and keep the store busy) across the rounds.
      const envs = {
        PAI_EMULATOR_SIMULATE: 'true',
        PAI_EMULATOR_TOTAL_STEPS: '1000000',
        PAI_EMULATOR_LOG_EVERY: '1000',
      };
      jobId = (await dlc.createJob(jobRequest(name, 'python train.py', envs))).JobId;
    },
    acknowledged: () => ledger.jobs.set(jobId!, { stopped: false }),
    inDoubt: () => undefined,
  };
}

function stopJob(ledger: Ledger, jobId: string): Operation {
  const job = ledger.jobs.get(jobId)!;
  return {
    entity: jobId,
    run: async ({ dlc }) => void (await dlc.stopJob(jobId)),
    acknowledged: () => (job.stopped = true),
    inDoubt: () => (job.maybeStopped = true),
  };
}

/** Checks the restarted emulator against the ledger, then settles every doubt to what it found. */
async function verify(clients: Clients, ledger: Ledger, context: string): Promise<void> {
  const bucket = clients.oss.bucket(DEMO_BUCKET);
  await inParallel([...ledger.objects], 16, async ([key, expected]) => {
    const content = await bucket.get(key).then(
      (result) => Buffer.from(result.content as Buffer).toString(),
      (error: unknown) => (isMissing(error) ? undefined : Promise.reject(error)),
    );
    if (content === undefined && expected.maybeDeleted) {
      ledger.objects.delete(key);
      return;
    }
    expect({ context, key, content }).toEqual({ context, key, content: expected.content });
    delete expected.maybeDeleted;
  });
  await inParallel([...ledger.deleted], 16, async (key) => {
    const exists = await bucket.head(key).then(
      () => true,
      (error: unknown) => (isMissing(error) ? false : Promise.reject(error)),
    );
    expect({ context, deletedKey: key, exists }).toEqual({ context, deletedKey: key, exists: false });
  });
  await inParallel([...ledger.services], 8, async ([name, expected]) => {
    const found = await clients.eas.describeService(name);
    const versions = [expected.version, expected.maybeVersion].filter((v) => v !== undefined);
    expect({ context, name, version: versions.includes(found.LatestVersion!) }).toEqual({
      context,
      name,
      version: true,
    });
    // Before any acknowledged release the weight is the create's default, or a release in doubt.
    if (expected.weight !== undefined) {
      const weights = [expected.weight, expected.maybeWeight].filter((w) => w !== undefined);
      expect({ context, name, weight: weights.includes(found.Weight!) }).toEqual({ context, name, weight: true });
    }
    if (expected.weight !== undefined || expected.maybeWeight !== undefined) expected.weight = found.Weight!;
    expected.version = found.LatestVersion!;
    delete expected.maybeVersion;
    delete expected.maybeWeight;
  });
  await inParallel([...ledger.jobs], 8, async ([jobId, expected]) => {
    const { Status } = await clients.dlc.getJob(jobId);
    const stopped = Status === 'Stopping' || Status === 'Stopped';
    if (expected.stopped)
      expect({ context, jobId, Status }).toEqual({ context, jobId, Status: expect.stringMatching(/^Stopp(ing|ed)$/) });
    expected.stopped ||= (expected.maybeStopped ?? false) && stopped;
    delete expected.maybeStopped;
  });
}

function clientsOf(info: EmulatorInfo): Clients {
  // One attempt: after the kill a call must fail at once, not retry against a dead port.
  const options = (product: string): ClientOptions => ({
    credentials: info.credentials,
    region: info.region,
    endpoint: info.endpoints[product],
    retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    timeoutMs: 10_000,
  });
  return { oss: new OssClient(options('oss')), eas: new EasClient(options('eas')), dlc: new DlcClient(options('dlc')) };
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown }).code ?? (error instanceof PaiApiError ? error.code : undefined);
  return code === 'NoSuchKey' || (error as { status?: unknown }).status === 404;
}

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
