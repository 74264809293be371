/**
 * Shared by the training-side fault matrices (submit-dlc-job, wait-and-resume, evaluate-gate):
 * an emulator world with the real clients, faults that must be seen to fire, an emulator that
 * restarts under a running action, and the cloud-state invariants every cell reads back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import type { DlcClient } from '../../../packages/core/src/clients/dlc.js';
import { DLC_IDEMPOTENCY_TAG, type JobItem } from '../../../packages/core/src/clients/dlc-types.js';
import type { FaultSpec } from '../../../packages/emulator/src/faults.js';
import { AdminClient, Emulator, type EmulatorOptions } from '../../../packages/emulator/src/index.js';
import type { LoggedRequest } from '../../../packages/emulator/src/request-log.js';
import { pollUntil, startDlc, type DlcWorld } from '../../../packages/emulator/test/dlc-support.js';
import type { ActionRunResult } from '../../actions/support/run-action.js';

export { pollUntil };

/** The emulator's last request seq, so a cell reads only its own part of the request log. */
export async function logMark(admin: AdminClient): Promise<number> {
  return (await admin.requests()).at(-1)?.seq ?? 0;
}

/**
 * Injects a fault and returns a check that it fired: a cell whose fault never reached the
 * action proves nothing. `fired` reads the request log since the injection for the faulted call.
 */
export async function injectFault(
  admin: AdminClient,
  spec: FaultSpec,
): Promise<{ since: number; log: () => Promise<LoggedRequest[]> }> {
  const since = await logMark(admin);
  await admin.injectFault(spec);
  return {
    since,
    log: () =>
      admin.requests({ product: spec.product, ...(spec.action ? { action: spec.action } : {}), sinceSeq: since }),
  };
}

/** Asserts the request log holds `count` answers of the fault's kind (status, or a dropped connection = 0). */
export function expectFaulted(log: LoggedRequest[], status: number, atLeast = 1): void {
  const faulted = log.filter((entry) => entry.status === status);
  expect(faulted.length).toBeGreaterThanOrEqual(atLeast);
}

/** Jobs carrying this idempotency key (the tag on each is checked, not only the filter). */
export async function jobsWithKey(dlc: DlcClient, key: string): Promise<JobItem[]> {
  const jobs = await dlc.listAllJobs({ Tags: { [DLC_IDEMPOTENCY_TAG]: key } });
  return jobs.filter((job) => job.Settings?.Tags?.[DLC_IDEMPOTENCY_TAG] === key);
}

/** Polls the request log until `accept` holds for some entry of `filter` (bounded). */
export function waitForRequest(
  admin: AdminClient,
  filter: { product: string; action?: string; sinceSeq?: number },
  accept: (entry: LoggedRequest) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<LoggedRequest[]> {
  return pollUntil(
    () => admin.requests(filter),
    (entries) => entries.some(accept),
    timeoutMs,
  );
}

/** The one clear failure a cell accepts: exit 1, exactly one error line, no stack trace. */
export function expectOneClearError(result: ActionRunResult, pattern: RegExp): void {
  expect(result.exitCode).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(pattern);
  expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
}

/**
 * An emulator with a data dir on fixed ports, so it can be stopped under a running action and
 * started again where the action's clients look for it (state, keys and admin token persist).
 */
export class RestartableWorld {
  private constructor(
    public world: DlcWorld,
    private readonly options: EmulatorOptions & { dataDir: string },
  ) {}

  static async start(options: EmulatorOptions = {}): Promise<RestartableWorld> {
    const withDir = { ...options, dataDir: mkdtempSync(join(tmpdir(), 'pai-mx-train-')) };
    return new RestartableWorld(await startDlc(withDir), withDir);
  }

  get emulator(): Emulator {
    return this.world.emulator;
  }

  /** Stops the emulator, waits `downMs` (real time: the action sees refused connections), starts it again. */
  async restart(downMs: number): Promise<void> {
    const ports = portsOf(this.world.emulator);
    await this.world.emulator.stop();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    this.world = await startDlc({ ...this.options, ports });
  }

  async stop(): Promise<void> {
    await this.world.emulator.stop();
    rmSync(this.options.dataDir, { recursive: true, force: true });
  }
}

function portsOf(emulator: Emulator): Record<string, number> {
  return Object.fromEntries(
    Object.entries(emulator.info.endpoints).map(([name, url]) => [name, Number(new URL(url).port)]),
  );
}
