/**
 * Helpers for the serving rows of the fault matrix (eas-deploy, eas-rollback, cleanup-versions):
 * bounded waits on the emulator's request log, proof that a fault fired, an emulator restart in
 * the middle of a running step, and the proof that a fault's product is never called.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminClient, Emulator, type EmulatorOptions } from '../../../packages/emulator/src/index.js';
import type { LoggedRequest } from '../../../packages/emulator/src/request-log.js';
import type { ActionRunResult } from '../../actions/support/run-action.js';

type LogFilter = { product?: string; action?: string; sinceSeq?: number };

export const adminOf = (emulator: Emulator) =>
  new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);

/** Polls `probe` until it returns something truthy; fails after `timeoutMs` (real time) naming `what`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The sequence number of the newest logged request (0 for an empty log): later calls are "since" it. */
export async function logMark(admin: AdminClient): Promise<number> {
  return (await admin.requests()).at(-1)?.seq ?? 0;
}

/** Waits until the log holds a request matching the filter (and `where`, when given). */
export function untilLogged(
  admin: AdminClient,
  filter: LogFilter,
  where: (request: LoggedRequest) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<LoggedRequest> {
  return eventually(
    `a ${filter.product ?? ''} ${filter.action ?? 'request'} in the emulator's log`,
    async () => (await admin.requests(filter)).find(where),
    timeoutMs,
  );
}

/** Requests the fault answered: throttled (429), failed (5xx) or dropped (status 0, ConnectionReset). */
export async function faulted(admin: AdminClient, filter: LogFilter): Promise<LoggedRequest[]> {
  return (await admin.requests(filter)).filter((r) => r.status === 0 || r.status === 429 || r.status >= 500);
}

/** A step's one error line, or none; never a stack trace on stderr. */
export function expectOneClearError(result: ActionRunResult, pattern?: RegExp): void {
  expect(result.exitCode).toBe(1);
  expect(result.errors).toHaveLength(1);
  if (pattern) expect(result.errors[0]).toMatch(pattern);
  expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
}

export function expectSuccess(result: ActionRunResult): void {
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
}

/** Port of every listener, so a restarted emulator answers where the running step is calling. */
function portsOf(emulator: Emulator): Record<string, number> {
  return Object.fromEntries(
    Object.entries(emulator.info.endpoints).map(([name, url]) => [name, Number(new URL(url).port)]),
  );
}

/** An emulator whose state is on disk, so it can be stopped and started again under a running step. */
export async function startDurableEmulator(
  options: EmulatorOptions = {},
): Promise<{ emulator: Emulator; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pai-matrix-serving-'));
  return { emulator: await Emulator.start({ ...options, dataDir }), dataDir };
}

/**
 * Stops the emulator once `when` resolves (the step reached the call to interrupt), keeps it down
 * for `downMs` (the step sees refused connections), then starts it again on the same ports and
 * data. Resolves with the new emulator.
 */
export async function restartWhen(
  emulator: Emulator,
  dataDir: string,
  when: Promise<unknown>,
  downMs: number,
  options: EmulatorOptions = {},
): Promise<Emulator> {
  await when;
  const ports = portsOf(emulator);
  await emulator.stop();
  await new Promise((resolve) => setTimeout(resolve, downMs));
  return Emulator.start({ ...options, dataDir, ports });
}

/**
 * For the n/a cells: the step ran against an emulator whose every DLC and CloudMonitor call would
 * fail, succeeded, and its log holds no call to either product (so neither a preemption nor a
 * missing metric can reach it), nor any OSS write under a checkpoints/ prefix.
 */
export async function expectUntouched(
  admin: AdminClient,
  sinceSeq: number,
  products: readonly ('dlc' | 'cms')[],
): Promise<void> {
  const calls = await admin.requests({ sinceSeq });
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.filter((r) => products.includes(r.product as 'dlc' | 'cms'))).toEqual([]);
  expect(
    calls.filter((r) => r.product === 'oss' && r.method !== 'GET' && /checkpoint/i.test(r.path)).map((r) => r.path),
  ).toEqual([]);
}

/** Makes every call to these products fail, so an unexpected call would also fail the step. */
export async function poisonProducts(admin: AdminClient, products: readonly string[]): Promise<void> {
  for (const product of products) await admin.injectFault({ product, kind: 'error', status: 503 });
}
