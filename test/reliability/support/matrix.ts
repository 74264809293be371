/**
 * The fault matrix: every action × every fault has a cell, so a new fault or action cannot be
 * left out (the cell table is a Record over all faults and tsc refuses a missing one). A cell
 * either proves the action's outcome under the fault, or proves the fault cannot reach the
 * action (its run makes no call the fault would target); both are tests that can fail.
 * test/reliability/matrix-reporter.mjs prints the outcome as a table after the run.
 */

/** Faults in matrix column order; ids appear in test titles, so the reporter can place them. */
export const FAULTS = {
  throttling: 'throttling',
  '5xx-burst': '5xx bursts',
  'connection-reset': 'connection reset',
  'slow-response': 'slow beyond timeout',
  'emulator-restart': 'emulator restart',
  cancelled: 'run cancelled',
  concurrent: 'concurrent runs',
  'preempt-checkpoint-write': 'preempted mid-checkpoint',
  'cms-no-data': 'CloudMonitor no data',
} as const;

export type FaultId = keyof typeof FAULTS;

export const MATRIX_ACTIONS = [
  'submit-dlc-job',
  'wait-and-resume',
  'evaluate-gate',
  'eas-deploy',
  'eas-traffic-shift',
  'eas-rollback',
  'cleanup-versions',
] as const;

export type MatrixAction = (typeof MATRIX_ACTIONS)[number];

export interface Cell {
  /** What is proven, e.g. "retries, deploys once, no traffic on the new version". */
  outcome: string;
  run: () => Promise<void>;
  timeoutMs?: number;
  /** True when the cell proves the fault cannot reach this action (shown as n/a). */
  notApplicable?: boolean;
}

/** A cell that asserts the outcome of the action under the fault. */
export const cell = (outcome: string, run: () => Promise<void>, timeoutMs?: number): Cell => ({
  outcome,
  run,
  ...(timeoutMs ? { timeoutMs } : {}),
});

/**
 * A cell for a fault that cannot reach the action; `run` must prove it (e.g. the action's request
 * log holds no DLC or CloudMonitor call), so the claim fails the suite the day it stops being true.
 */
export const notApplicable = (why: string, run: () => Promise<void>, timeoutMs?: number): Cell => ({
  outcome: `n/a: ${why}`,
  run,
  notApplicable: true,
  ...(timeoutMs ? { timeoutMs } : {}),
});

export const MATRIX_PREFIX = 'fault matrix: ';

/** Registers one describe per action and one test per fault, titled `<fault-id> — <outcome>`. */
export function faultMatrix(action: MatrixAction, cells: Record<FaultId, Cell>): void {
  describe(`${MATRIX_PREFIX}${action}`, () => {
    for (const fault of Object.keys(FAULTS) as FaultId[]) {
      const { outcome, run, timeoutMs } = cells[fault];
      test(`${fault} — ${outcome}`, run, timeoutMs ?? 120_000);
    }
  });
}
