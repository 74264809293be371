/**
 * Was a DLC job preempted (its spot instance reclaimed), and is DLC still restarting it by
 * itself? PAI-DLC documents no "Preempted" status and no preemption ReasonCode, so the answer
 * is read from every signal the API does carry: pod SubStatus `Evicted` (or a pod status
 * `Preempted`, as idle-resource jobs report), the job's SubStatus (documented example:
 * `Restarting`, "preemption retry status"), the `Restarting` status, a ReasonCode/Message that
 * mentions spot/preemption/eviction/reclaim, and the RestartRecord. See DESIGN.md.
 */
import { isTerminalJobStatus } from './clients/dlc-types.js';

/** The parts of a GetJob response this decision reads (a GetJobResponse fits). */
export interface PreemptionSignals {
  Status?: string;
  SubStatus?: string;
  ReasonCode?: string;
  ReasonMessage?: string;
  RestartTimes?: string;
  Pods?: {
    PodId?: string;
    Status?: string;
    SubStatus?: string;
    HistoryPods?: { PodId?: string; Status?: string; SubStatus?: string }[];
  }[];
  RestartRecord?: {
    Reason?: string;
    RestartStatus?: string;
    RestartFailReason?: string;
    DetailErrorInfoList?: { ErrorCode?: string; ErrorMsg?: string }[];
  }[];
  StatusHistory?: { Status?: string; ReasonCode?: string; ReasonMessage?: string }[];
}

/**
 * - `keep-waiting`: preempted, but the job has not ended: DLC restarts it by itself
 *   (`Settings.ElasticSpotJobMaxRestartTimes`) or is still winding it down.
 * - `resubmit`: the job ended because of the preemption; submit it again from its last valid checkpoint.
 * - `none`: nothing preemption-related to do (not preempted, or recovered and finished).
 */
export type PreemptionAction = 'keep-waiting' | 'resubmit' | 'none';

export interface PreemptionAssessment {
  /** The job's current (or final) state is due to a spot reclaim. */
  preempted: boolean;
  /** DLC is restarting the job in place right now. */
  restarting: boolean;
  action: PreemptionAction;
  /** From `RestartTimes` ("used/max"), when present and well-formed. */
  restarts?: { used: number; max: number };
  /** What was seen, for logs: current signals first, then earlier (recovered) preemptions. */
  evidence: string[];
}

const PREEMPTION_WORDS = /spot|preempt|evict|reclaim/i;

export function assessPreemption(job: PreemptionSignals): PreemptionAssessment {
  const current: string[] = [];
  const earlier: string[] = [];
  const restarting = job.Status === 'Restarting' || /restart/i.test(job.SubStatus ?? '');

  if (job.Status === 'Restarting') current.push('job status is Restarting');
  if (job.SubStatus && (PREEMPTION_WORDS.test(job.SubStatus) || /restart/i.test(job.SubStatus))) {
    current.push(`job sub-status is ${job.SubStatus}`);
  }
  for (const field of ['ReasonCode', 'ReasonMessage'] as const) {
    const value = job[field];
    if (value && PREEMPTION_WORDS.test(value)) current.push(`${field}: ${value}`);
  }
  for (const pod of job.Pods ?? []) {
    if (isEvicted(pod)) current.push(`pod ${pod.PodId ?? '?'} is ${describePod(pod)}`);
    for (const old of pod.HistoryPods ?? []) {
      if (isEvicted(old))
        earlier.push(`earlier incarnation of pod ${old.PodId ?? pod.PodId ?? '?'} was ${describePod(old)}`);
    }
  }

  const terminal = isTerminalJobStatus(job.Status);
  const records = job.RestartRecord ?? [];
  records.forEach((record, index) => {
    const text = [record.Reason, ...(record.DetailErrorInfoList ?? []).flatMap((e) => [e.ErrorCode, e.ErrorMsg])]
      .filter(Boolean)
      .join('; ');
    if (!PREEMPTION_WORDS.test(text)) return;
    const isLast = index === records.length - 1;
    // The last record describes the present only while the restart is under way, or when it says
    // the restart did not happen; otherwise it is a preemption the job already recovered from.
    const restartFailed =
      /fail|exhaust|abort|exceed/i.test(record.RestartStatus ?? '') || Boolean(record.RestartFailReason);
    (isLast && ((!terminal && restarting) || restartFailed) ? current : earlier).push(
      `restart record: ${text}${restartFailed ? ` (restart ${record.RestartFailReason ?? record.RestartStatus})` : ''}`,
    );
  });
  for (const item of job.StatusHistory ?? []) {
    if (item.Status === 'Restarting' || PREEMPTION_WORDS.test(`${item.ReasonCode ?? ''} ${item.ReasonMessage ?? ''}`)) {
      earlier.push(`status history: ${[item.Status, item.ReasonCode].filter(Boolean).join(' ')}`);
    }
  }

  const restarts = parseRestartTimes(job.RestartTimes);
  const evidence = [...current, ...earlier];
  const stoppedByUser = job.Status === 'Stopped' && /StoppedByUser/i.test(job.ReasonCode ?? '');
  const preempted = current.length > 0 && job.Status !== 'Succeeded' && !stoppedByUser;
  const action: PreemptionAction = !preempted ? 'none' : terminal ? 'resubmit' : 'keep-waiting';
  return { preempted, restarting: restarting && !terminal, action, ...(restarts ? { restarts } : {}), evidence };
}

/** `"2/10"` → `{ used: 2, max: 10 }`. */
export function parseRestartTimes(value: string | undefined): { used: number; max: number } | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value ?? '');
  return match ? { used: Number(match[1]), max: Number(match[2]) } : undefined;
}

function isEvicted(pod: { Status?: string; SubStatus?: string }): boolean {
  return /^evicted$/i.test(pod.SubStatus ?? '') || /preempt|evict/i.test(pod.Status ?? '');
}

function describePod(pod: { Status?: string; SubStatus?: string }): string {
  return [pod.Status, pod.SubStatus].filter(Boolean).join('/');
}
