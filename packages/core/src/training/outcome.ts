/**
 * What a job's state means for wait-and-resume, as a pure decision: keep waiting, done, resubmit
 * from the last checkpoint (spot preemption, a retryable system failure, an exit code the user
 * marked as infrastructure), or fail now (the user's code failed).
 */
import { isTerminalJobStatus, type GetJobResponse } from '../clients/dlc-types.js';
import { assessPreemption } from '../preemption.js';

export type JobOutcome =
  | { kind: 'waiting'; restarting: boolean; evidence: string[] }
  | { kind: 'succeeded' }
  | { kind: 'resubmit'; reason: 'preempted' | 'retryable-failure'; detail: string }
  | { kind: 'failed'; detail: string; exitCode?: number };

/** Failures of the platform, not the job (UNVERIFIED strings; docs/training.md). */
export const RETRYABLE_REASON_CODES: readonly string[] = ['EmulatorStopped', 'NodeFailure', 'EnvPreparingTimeout'];

const SIGNAL_NUMBERS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGABRT: 6,
  SIGKILL: 9,
  SIGSEGV: 11,
  SIGTERM: 15,
};

/** The exit code a ReasonMessage names (`exited with code 137`, or `on signal SIGKILL` → 137, as a shell reports it). */
export function exitCodeOf(message: string | undefined): number | undefined {
  const code = /exit(?:ed)? (?:with )?code (\d+)/i.exec(message ?? '')?.[1];
  if (code !== undefined) return Number(code);
  const signal = /signal (SIG[A-Z]+)/.exec(message ?? '')?.[1];
  const number = signal ? SIGNAL_NUMBERS[signal] : undefined;
  return number === undefined ? undefined : 128 + number;
}

export function assessOutcome(job: GetJobResponse, recoverOnExitCodes: readonly number[]): JobOutcome {
  const preemption = assessPreemption(job);
  const detail = [job.Status, job.ReasonCode, job.ReasonMessage].filter(Boolean).join(': ');
  if (!isTerminalJobStatus(job.Status)) {
    return { kind: 'waiting', restarting: preemption.restarting, evidence: preemption.evidence };
  }
  if (job.Status === 'Succeeded') return { kind: 'succeeded' };
  if (preemption.action === 'resubmit')
    return { kind: 'resubmit', reason: 'preempted', detail: preemption.evidence.join('; ') || detail };
  if (job.Status === 'Failed' && RETRYABLE_REASON_CODES.includes(job.ReasonCode ?? '')) {
    return { kind: 'resubmit', reason: 'retryable-failure', detail };
  }
  const exitCode = exitCodeOf(job.ReasonMessage);
  if (job.Status === 'Failed' && exitCode !== undefined && recoverOnExitCodes.includes(exitCode)) {
    return {
      kind: 'resubmit',
      reason: 'retryable-failure',
      detail: `${detail} (exit code ${exitCode} is in recover-on-exit-codes)`,
    };
  }
  return { kind: 'failed', detail, ...(exitCode === undefined ? {} : { exitCode }) };
}
