/**
 * wait-and-resume's effect: watch a DLC job on the cloud's clock until it ends; resubmit it from
 * its newest valid checkpoint after a spot preemption or a retryable failure; tag the model with
 * the commit when it succeeds; or hand the wait to a later workflow run when the runner's budget
 * is spent. Decisions are pure functions (outcome.ts, poll-schedule.ts, progress.ts,
 * checkpoint-age.ts); this module does the calls and keeps the state between polls.
 */
import type { ServerClock } from '../action/server-clock.js';
import { findLatestValidCheckpoint } from '../checkpoints.js';
import type { DlcClient } from '../clients/dlc.js';
import { DLC_IDEMPOTENCY_TAG, type GetJobResponse } from '../clients/dlc-types.js';
import { formatOssUri, parseOssUri, type OssLocation } from '../inputs.js';
import { appendJob, lineageUriForModel, recordMetrics, updateJob, type Lineage, type LineageJob } from '../lineage.js';
import { SHA_META, updateLineage } from '../lineage-store.js';
import type { OssClient } from '../oss.js';
import type { TrainingReport } from '../summary/training.js';
import { checkpointStallWarning } from './checkpoint-age.js';
import { JOB_ENV, MOUNTS, resumeIdempotencyKey } from './job-spec.js';
import { assessOutcome } from './outcome.js';
import { nextPollDelay } from './poll-schedule.js';
import { estimateRemainingMs, parseProgress, type ProgressSample } from './progress.js';
import type { Reporter } from './reporter.js';
import { settleCreatedJob } from './job-race.js';
import { buildResumeRequest, checkpointPathInJob, checkpointPrefixOfJobPath } from './resubmit.js';
import { jobToKeep } from './run-jobs.js';

export interface WaitOptions {
  jobId: string;
  /** Resumes already made by earlier runs (a handed-off wait continues the count). */
  resumes: number;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  /** Longest wait on the cloud's clock before giving up (the job is left running). */
  timeoutMs: number;
  maxResumes: number;
  recoverOnExitCodes: readonly number[];
  /** Runner time to spend before handing off; undefined = never hand off. */
  budgetMs?: number;
  gpuUtilThreshold: number;
}

export interface WaitDeps {
  dlc: DlcClient;
  /** Made on first use: ali-oss takes long to load, and the first poll does not need it. */
  oss: () => Promise<OssClient>;
  clock: ServerClock;
  reporter: Reporter;
  /** Called with the state to continue from when the budget is spent (dispatches a later run). */
  handOff?: (state: { jobId: string; resumes: number }) => Promise<void>;
  random?: () => number;
  /** Runner time (ms), for the budget. */
  localNow?: () => number;
  /** Longest real sleep between clock looks (default 60 s). */
  maxRealSleepMs?: number;
  /** Real-time pause before looking for a racing wait's resubmission (job-race.ts). */
  sleep?: (ms: number) => Promise<void>;
}

export type WaitStatus = 'succeeded' | 'failed' | 'handed-off';

export interface TrainingMetrics {
  steps?: number;
  totalSteps?: number;
  stepsPerSecond?: number;
  finalLoss?: number;
  gpuUtilMean?: number;
  resumes: number;
  /** Numbers from the model's metrics.json, when the job wrote one. */
  model?: Record<string, number>;
}

export interface WaitResult {
  status: WaitStatus;
  jobId: string;
  resumes: number;
  modelUri?: string;
  metrics: TrainingMetrics;
  /** Why it failed, with the last log lines when the job's code failed. */
  failure?: string;
  report: TrainingReport;
  /** GetJob calls made (the "status calls" the benchmark counts). */
  statusCalls: number;
}

/** What the job's own Envs say about where it writes (set by submit-dlc-job). */
interface JobStorage {
  modelUri?: OssLocation;
  checkpointUri?: OssLocation;
  lineageUri?: string;
  checkpointIntervalMs?: number;
  sha?: string;
}

const LOG_TAIL_LINES = 20;

export async function waitAndResume(options: WaitOptions, deps: WaitDeps): Promise<WaitResult> {
  return new JobWatch(options, deps).run();
}

class JobWatch {
  private jobId: string;
  private resumes: number;
  private statusCalls = 0;
  private lastStatus: string | undefined;
  private eventsSeen = 0;
  private samples: ProgressSample[] = [];
  private readonly loss = new Map<number, number>();
  private logsSince: number | undefined;
  private stallWarned = false;
  /** A log group per job phase is open (closed before any other group). */
  private phaseOpen = false;
  private readonly chain: TrainingReport['jobs'] = [];
  private storage: JobStorage = {};
  private readonly random: () => number;
  private readonly localNow: () => number;
  private readonly localStart: number;

  constructor(
    private readonly options: WaitOptions,
    private readonly deps: WaitDeps,
  ) {
    this.jobId = options.jobId;
    this.resumes = options.resumes;
    this.random = deps.random ?? Math.random;
    this.localNow = deps.localNow ?? Date.now;
    this.localStart = this.localNow();
  }

  async run(): Promise<WaitResult> {
    try {
      return await this.watch();
    } finally {
      this.closePhase();
    }
  }

  private closePhase(): void {
    if (this.phaseOpen) this.deps.reporter.endGroup();
    this.phaseOpen = false;
  }

  private async watch(): Promise<WaitResult> {
    const { reporter, clock } = this.deps;
    let job = await this.getJob();
    this.storage = jobStorage(job);
    this.chain.push({ jobId: this.jobId, reason: this.resumes > 0 ? 'resumed' : 'initial' });
    const startedAt = clock.now();
    let delay: number | undefined;
    for (;;) {
      const changed = await this.reportChanges(job);
      const outcome = assessOutcome(job, this.options.recoverOnExitCodes);
      if (outcome.kind !== 'waiting') this.closePhase();
      if (outcome.kind === 'succeeded') return this.succeeded(job);
      if (outcome.kind === 'failed') {
        const twin = job.Status === 'Stopped' ? await this.keptTwin(job) : undefined;
        if (!twin) return this.failed(job, outcome.detail);
        job = twin;
        delay = undefined;
        continue;
      }
      if (outcome.kind === 'resubmit') {
        if (this.resumes >= this.options.maxResumes) {
          return this.failed(
            job,
            `${outcome.detail}; not resubmitting: max-resumes (${this.options.maxResumes}) reached after ${this.resumes} resume(s)`,
            false,
          );
        }
        job = await reporter.group(`Resume ${this.resumes + 1}/${this.options.maxResumes} (${outcome.reason})`, () =>
          this.resubmit(job, outcome.reason, outcome.detail),
        );
        delay = undefined;
        continue;
      }
      if (outcome.restarting && changed) reporter.info(`DLC is restarting ${this.jobId} by itself; waiting.`);
      if (job.Status === 'Running') await this.watchRunning(job);

      if (clock.now() - startedAt > this.options.timeoutMs) {
        return this.failed(
          job,
          `still ${job.Status ?? 'unknown'} after the wait timeout; the job is left running`,
          false,
        );
      }
      const remainingMs = job.Status === 'Running' ? estimateRemainingMs(this.samples) : undefined;
      delay = nextPollDelay({
        previousMs: delay,
        changed,
        minMs: this.options.pollIntervalMs,
        maxMs: this.options.maxPollIntervalMs,
        ...(remainingMs === undefined ? {} : { remainingMs }),
        random: this.random(),
      });
      if (this.budgetSpentBy(delay)) return this.handOff(job);
      await clock.sleepUntil(clock.now() + delay, () => this.look(), {
        maxRealSleepMs: this.deps.maxRealSleepMs ?? 60_000,
      });
      job = await this.getJob();
    }
  }

  private async getJob(): Promise<GetJobResponse> {
    this.statusCalls++;
    return this.deps.dlc.getJob(this.jobId, { NeedDetail: true });
  }

  /** A cheap call whose answer tells the cloud's time (HEAD of lineage.json, else a one-item ListJobs). */
  private async look(): Promise<void> {
    if (this.storage.lineageUri) await (await this.deps.oss()).exists(this.storage.lineageUri);
    else await this.deps.dlc.listJobs({ JobId: this.jobId, PageSize: 1 });
  }

  /** Logs a status change and the job's new events; true when the status changed. */
  private async reportChanges(job: GetJobResponse): Promise<boolean> {
    if (job.Status === this.lastStatus) return false;
    this.closePhase();
    this.deps.reporter.startGroup(`${this.jobId}: ${job.Status ?? 'unknown'}`);
    this.phaseOpen = true;
    const reason = job.ReasonCode ? ` (${job.ReasonCode}${job.ReasonMessage ? `: ${job.ReasonMessage}` : ''})` : '';
    this.deps.reporter.info(`${this.jobId}: ${this.lastStatus ?? 'submitted'} → ${job.Status ?? 'unknown'}${reason}`);
    this.lastStatus = job.Status;
    const events = (await this.deps.dlc.getJobEvents(this.jobId)).Events ?? [];
    for (const event of events.slice(this.eventsSeen)) this.deps.reporter.info(`  event: ${event}`);
    this.eventsSeen = Math.max(this.eventsSeen, events.length);
    return true;
  }

  /** Progress from the new log lines, and the checkpoint-stall check. */
  private async watchRunning(job: GetJobResponse): Promise<void> {
    const { clock, reporter } = this.deps;
    const pod = job.Pods?.[0];
    if (pod?.PodId) {
      const asOf = clock.now();
      const logs = await this.deps.dlc.getPodLogs(this.jobId, pod.PodId, {
        ...(pod.PodUid ? { PodUid: pod.PodUid } : {}),
        ...(this.logsSince === undefined
          ? {}
          : { StartTime: new Date(this.logsSince).toISOString().replace(/\.\d{3}Z$/, 'Z') }),
        MaxLines: 500,
      });
      this.logsSince = Math.floor(asOf / 1000) * 1000;
      const lines = parseProgress(logs.Logs ?? []);
      for (const line of lines) if (line.loss !== undefined) this.loss.set(line.step, line.loss);
      const latest = lines.at(-1);
      const previous = this.samples.at(-1);
      if (latest && (!previous || latest.step > previous.step)) {
        this.samples.push({ ...latest, at: clock.lastSeen ?? clock.now() });
        reporter.info(
          `${this.jobId}: step ${latest.step}${latest.total ? `/${latest.total}` : ''}${latest.loss === undefined ? '' : `, loss ${latest.loss}`}`,
        );
      } else if (latest && previous && latest.step < previous.step) {
        this.samples = [{ ...latest, at: clock.lastSeen ?? clock.now() }]; // restarted in place: a new series
      }
    }
    await this.checkStall(job);
  }

  private async checkStall(job: GetJobResponse): Promise<void> {
    const { checkpointUri, checkpointIntervalMs } = this.storage;
    if (this.stallWarned || !checkpointUri || !checkpointIntervalMs || !job.GmtRunningTime) return;
    const now = this.deps.clock.now();
    const runningSince = Date.parse(job.GmtRunningTime);
    if (now - runningSince <= 2 * checkpointIntervalMs) return; // nothing could be stale yet: spare the listing
    const newest = await this.newestCheckpoint(checkpointUri);
    const warning = checkpointStallWarning({
      now,
      runningSince,
      newestCheckpointAt: newest?.at,
      checkpointIntervalMs,
    });
    if (warning) {
      this.deps.reporter.warning(`${this.jobId}: ${warning}`);
      this.stallWarned = true;
    }
  }

  private async newestCheckpoint(root: OssLocation): Promise<{ prefix: string; step: number; at: number } | undefined> {
    const listing = await (await this.deps.oss()).listAll(root);
    const selection = await findLatestValidCheckpoint(
      root.prefix,
      listing.map((o) => ({ key: o.key, size: o.size, etag: o.etag })),
      async (key) => JSON.stringify(await (await this.deps.oss()).getJson({ bucket: root.bucket, prefix: key })),
    );
    for (const rejected of selection.rejected)
      this.deps.reporter.info(`  skipped checkpoint ${rejected.prefix}: ${rejected.reason}`);
    const checkpoint = selection.checkpoint;
    if (!checkpoint) return undefined;
    const marker = listing.find((o) => o.key === checkpoint.markerKey);
    return { prefix: checkpoint.prefix, step: checkpoint.step, at: marker?.lastModified.getTime() ?? 0 };
  }

  private async resubmit(ended: GetJobResponse, reason: LineageJob['reason'], detail: string): Promise<GetJobResponse> {
    const { dlc, reporter } = this.deps;
    reporter.info(`${this.jobId} ended: ${detail}`);
    await this.recordInLineage((l) =>
      updateJob(l, this.jobId, { status: ended.Status ?? 'Failed', ...endedAt(ended) }),
    );
    const root = this.storage.checkpointUri;
    const checkpointDir = ended.Envs?.[JOB_ENV.checkpointDir] ?? MOUNTS.checkpoints;
    // A wait that died after resubmitting (and its re-run) finds that job instead of making another.
    const key = resumeIdempotencyKey(this.jobId);
    const keyed = () => dlc.listJobsByIdempotencyKey(key, ended.DisplayName ?? ended.JobId);
    const found = await keyed();
    // A job a racing wait created and stopped carries the key too: prefer the one that stays.
    const earlier = jobToKeep(found) ?? found[0];
    let JobId: string;
    let created: string | undefined;
    if (earlier) {
      JobId = earlier.JobId;
    } else {
      const checkpoint = root ? await this.newestCheckpoint(root) : undefined;
      const resumeFrom =
        root && checkpoint ? checkpointPathInJob(root.prefix, checkpoint.prefix, checkpointDir) : undefined;
      reporter.info(
        checkpoint
          ? `Resuming from step ${checkpoint.step}: ${formatOssUri({ bucket: root!.bucket, prefix: checkpoint.prefix })}`
          : 'No valid checkpoint yet: the job starts again from the beginning.',
      );
      // Only a ListJobs item carries JobMaxRunningTimeMinutes (GetJob's answer has no such field).
      const item = (await dlc.listJobs({ JobId: this.jobId, PageSize: 1 })).Jobs?.[0];
      const request = buildResumeRequest(ended, item, resumeFrom);
      created = (await dlc.createJob(request, { idempotencyKey: key })).JobId;
      JobId = await settleCreatedJob(created, keyed, {
        dlc,
        reporter,
        ...(this.deps.sleep ? { sleep: this.deps.sleep } : {}),
      });
    }
    // What the kept job really resumed from (a found one may be training past newer checkpoints by now).
    const resumedFrom = (await dlc.getJob(JobId)).Envs?.[JOB_ENV.resumeFrom];
    const resumePrefix =
      root && resumedFrom ? checkpointPrefixOfJobPath(root.prefix, resumedFrom, checkpointDir) : undefined;
    const submittedAt = earlier?.GmtCreateTime ?? new Date(this.deps.clock.now()).toISOString();
    const resumeUri = root && resumePrefix ? formatOssUri({ bucket: root.bucket, prefix: resumePrefix }) : undefined;
    await this.recordInLineage((l) =>
      appendJob(l, {
        jobId: JobId,
        submittedAt,
        reason,
        ...(resumeUri ? { resumeFrom: resumeUri } : {}),
      }),
    );
    reporter.info(
      `${JobId === created ? 'Submitted' : 'Found'} ${JobId} to continue ${this.jobId}${resumeUri ? ` from ${resumeUri}` : ''}.`,
    );
    this.chain.at(-1)!.status = ended.Status;
    this.chain.push({ jobId: JobId, reason, ...(resumeUri ? { resumeFrom: resumeUri } : {}) });
    this.jobId = JobId;
    this.resumes++;
    this.lastStatus = undefined;
    this.eventsSeen = 0;
    this.samples = [];
    this.logsSince = undefined;
    this.stallWarned = false;
    return this.getJob();
  }

  /**
   * Steps that raced to create one job each keep the same one and stop the others (job-race.ts);
   * a wait whose job was stopped that way follows the kept job instead of failing.
   */
  private async keptTwin(stopped: GetJobResponse): Promise<GetJobResponse | undefined> {
    const key = stopped.Settings?.Tags?.[DLC_IDEMPOTENCY_TAG];
    if (!key) return undefined;
    const kept = jobToKeep(await this.deps.dlc.listJobsByIdempotencyKey(key));
    if (!kept || kept.JobId === this.jobId) return undefined;
    this.deps.reporter.info(
      `${this.jobId} was stopped as a duplicate of ${kept.JobId}, submitted at the same time; following ${kept.JobId}.`,
    );
    const from = this.jobId;
    await this.recordInLineage((l) => replaceJob(l, from, kept.JobId));
    this.chain.at(-1)!.jobId = kept.JobId;
    this.jobId = kept.JobId;
    this.lastStatus = undefined;
    this.eventsSeen = 0;
    this.samples = [];
    this.logsSince = undefined;
    return this.getJob();
  }

  private async succeeded(job: GetJobResponse): Promise<WaitResult> {
    return this.deps.reporter.group('Training finished', async () => {
      const metrics = await this.collectMetrics(job);
      await this.tagModel();
      const modelMetrics = await this.readModelMetrics();
      if (modelMetrics) metrics.model = modelMetrics;
      await this.recordInLineage((l) => {
        const updated = updateJob(l, this.jobId, { status: 'Succeeded', ...endedAt(job) });
        return modelMetrics ? recordMetrics(updated, modelMetrics) : updated;
      });
      return this.result('succeeded', job, metrics);
    });
  }

  private async failed(job: GetJobResponse, detail: string, withLogs = true): Promise<WaitResult> {
    const tail = withLogs ? await this.logTail(job) : [];
    if (tail.length > 0) {
      await this.deps.reporter.group(`Last ${tail.length} log lines of ${this.jobId}`, async () => {
        for (const line of tail) this.deps.reporter.info(line);
      });
    }
    if (job.Status && ['Failed', 'Stopped'].includes(job.Status)) {
      await this.recordInLineage((l) => updateJob(l, this.jobId, { status: job.Status!, ...endedAt(job) }));
    }
    const failure = `DLC job ${this.jobId} ${detail}${tail.length ? `; last log line: ${tail.at(-1)}` : ''}`;
    return { ...this.result('failed', job, await this.collectMetrics(job)), failure };
  }

  private async handOff(job: GetJobResponse): Promise<WaitResult> {
    this.closePhase();
    const state = { jobId: this.jobId, resumes: this.resumes };
    this.deps.reporter.info(
      `Runner budget spent with ${this.jobId} ${job.Status ?? 'running'}: handing the wait to a later run (resumes so far: ${this.resumes}).`,
    );
    if (!this.deps.handOff) throw new Error('the runner budget is spent and no hand-off is configured');
    await this.deps.handOff(state);
    return this.result('handed-off', job, { resumes: this.resumes, ...this.progressMetrics() });
  }

  private budgetSpentBy(delayMs: number): boolean {
    if (this.options.budgetMs === undefined) return false;
    const realDelay = delayMs / (this.deps.clock.rate() ?? 1);
    return this.localNow() - this.localStart + realDelay > this.options.budgetMs;
  }

  private async collectMetrics(job: GetJobResponse): Promise<TrainingMetrics> {
    await this.readAllProgress(job);
    const metrics: TrainingMetrics = { resumes: this.resumes, ...this.progressMetrics() };
    const rate = stepsPerSecondOfRun(this.samples);
    if (rate !== undefined) metrics.stepsPerSecond = rate;
    const gpu = await this.gpuUtilisation(job);
    if (gpu !== undefined) {
      metrics.gpuUtilMean = gpu;
      if (gpu < this.options.gpuUtilThreshold) {
        this.deps.reporter.warning(
          `GPU utilisation of ${this.jobId} averaged ${gpu.toFixed(1)} % (below ${this.options.gpuUtilThreshold} %): the GPUs wait for data. Raise DataLoader workers / prefetch rather than adding GPUs.`,
        );
      }
    }
    return metrics;
  }

  private progressMetrics(): Omit<TrainingMetrics, 'resumes'> {
    const last = this.samples.at(-1);
    const steps = [...this.loss.keys()].sort((a, b) => a - b);
    const lastStep = steps.at(-1) ?? last?.step;
    const finalLoss = lastStep === undefined ? undefined : this.loss.get(lastStep);
    return {
      ...(lastStep === undefined ? {} : { steps: lastStep }),
      ...(last?.total === undefined ? {} : { totalSteps: last.total }),
      ...(finalLoss === undefined ? {} : { finalLoss }),
    };
  }

  /** Every progress line of the job's current pod (the loss trajectory for the summary). */
  private async readAllProgress(job: GetJobResponse): Promise<void> {
    const pod = job.Pods?.[0];
    if (!pod?.PodId) return;
    try {
      const logs = await this.deps.dlc.getPodLogs(this.jobId, pod.PodId, {
        ...(pod.PodUid ? { PodUid: pod.PodUid } : {}),
        MaxLines: 5000,
      });
      const lines = parseProgress(logs.Logs ?? []);
      for (const line of lines) if (line.loss !== undefined) this.loss.set(line.step, line.loss);
      const last = lines.at(-1);
      if (last) {
        const at = Date.parse(job.GmtFinishTime ?? '') || this.deps.clock.now();
        const first = lines[0]!;
        const start = Date.parse(job.GmtRunningTime ?? '');
        this.samples =
          Number.isFinite(start) && first !== last
            ? [
                { ...first, at: start },
                { ...last, at },
              ]
            : [{ ...last, at }];
      }
    } catch (error) {
      this.deps.reporter.info(`Could not read the logs of ${this.jobId}: ${(error as Error).message}`);
    }
  }

  private async logTail(job: GetJobResponse): Promise<string[]> {
    const pod = job.Pods?.[0];
    if (!pod?.PodId) return [];
    try {
      const logs = await this.deps.dlc.getPodLogs(this.jobId, pod.PodId, {
        ...(pod.PodUid ? { PodUid: pod.PodUid } : {}),
        MaxLines: LOG_TAIL_LINES,
      });
      return logs.Logs ?? [];
    } catch {
      return [];
    }
  }

  private async gpuUtilisation(job: GetJobResponse): Promise<number | undefined> {
    if (!job.GmtRunningTime) return undefined;
    const response = await this.deps.dlc.getJobMetrics(this.jobId, {
      MetricType: 'GpuCoreUsage',
      StartTime: job.GmtRunningTime,
      EndTime: job.GmtFinishTime ?? new Date(this.deps.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    const values = (response.PodMetrics ?? [])
      .flatMap((pod) => (pod.Metrics ?? []).map((m) => m.Value))
      .filter((v): v is number => typeof v === 'number');
    return values.length === 0 ? undefined : values.reduce((sum, v) => sum + v, 0) / values.length;
  }

  /** Every object under the model prefix carries the commit (x-oss-meta-git-sha). */
  private async tagModel(): Promise<void> {
    const { modelUri, sha } = this.storage;
    if (!modelUri || !sha) return;
    const objects = await (await this.deps.oss()).listAll(modelUri);
    for (const object of objects) {
      const info = await (await this.deps.oss()).head(object);
      if (info.meta[SHA_META] === sha) continue;
      await (await this.deps.oss()).copy(object, object, { meta: { ...info.meta, [SHA_META]: sha } });
    }
    this.deps.reporter.info(
      `Tagged ${objects.length} model object(s) under ${formatOssUri(modelUri)} with ${SHA_META}=${sha}.`,
    );
  }

  private async readModelMetrics(): Promise<Record<string, number> | undefined> {
    const { modelUri } = this.storage;
    if (!modelUri) return undefined;
    const location = { bucket: modelUri.bucket, prefix: `${modelUri.prefix}metrics.json` };
    if (!(await (await this.deps.oss()).exists(location))) return undefined;
    const parsed = await (await this.deps.oss()).getJson<Record<string, unknown>>(location);
    const numbers = Object.entries(parsed).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]),
    );
    return numbers.length ? Object.fromEntries(numbers) : undefined;
  }

  private async recordInLineage(change: (lineage: Lineage) => Lineage): Promise<void> {
    const uri = this.storage.lineageUri;
    if (!uri) return;
    if (!(await (await this.deps.oss()).exists(uri))) {
      this.deps.reporter.info(`No lineage at ${uri} (the job was not submitted by submit-dlc-job); not recording.`);
      this.storage.lineageUri = undefined;
      return;
    }
    await updateLineage(await this.deps.oss(), uri, change);
  }

  private result(status: WaitStatus, job: GetJobResponse, metrics: TrainingMetrics): WaitResult {
    this.chain.at(-1)!.status = job.Status;
    const modelUri = this.storage.modelUri ? formatOssUri(this.storage.modelUri) : undefined;
    return {
      status,
      jobId: this.jobId,
      resumes: this.resumes,
      ...(modelUri ? { modelUri } : {}),
      metrics,
      statusCalls: this.statusCalls,
      report: {
        status,
        jobs: this.chain,
        ...(metrics.stepsPerSecond === undefined ? {} : { stepsPerSecond: metrics.stepsPerSecond }),
        ...(metrics.steps === undefined ? {} : { finalStep: metrics.steps }),
        ...(metrics.totalSteps === undefined ? {} : { totalSteps: metrics.totalSteps }),
        ...(metrics.finalLoss === undefined ? {} : { finalLoss: metrics.finalLoss }),
        ...(metrics.gpuUtilMean === undefined ? {} : { gpuUtilMean: metrics.gpuUtilMean }),
        gpuUtilThreshold: this.options.gpuUtilThreshold,
        loss: [...this.loss].sort((a, b) => a[0] - b[0]).map(([step, loss]) => ({ step, loss })),
        ...(modelUri ? { modelUri } : {}),
      },
    };
  }
}

function jobStorage(job: GetJobResponse): JobStorage {
  const envs = job.Envs ?? {};
  const location = (name: string) => {
    const value = envs[name];
    if (!value) return undefined;
    try {
      return parseOssUri(name, value);
    } catch {
      return undefined;
    }
  };
  const modelUri = location(JOB_ENV.modelUri);
  const interval = Number(envs[JOB_ENV.checkpointIntervalSeconds]);
  const checkpointUri = location(JOB_ENV.checkpointUri);
  return {
    ...(modelUri ? { modelUri, lineageUri: lineageUriForModel(formatOssUri(modelUri)) } : {}),
    ...(checkpointUri ? { checkpointUri } : {}),
    ...(Number.isFinite(interval) && interval > 0 ? { checkpointIntervalMs: interval * 1000 } : {}),
    ...(envs[JOB_ENV.gitSha] ? { sha: envs[JOB_ENV.gitSha] } : {}),
  };
}

/** The lineage names the kept job where it named a stopped duplicate (once, if both are there). */
function replaceJob(lineage: Lineage, from: string, to: string): Lineage {
  const hasKept = lineage.jobs.some((job) => job.jobId === to);
  return {
    ...lineage,
    jobs: hasKept
      ? lineage.jobs.filter((job) => job.jobId !== from)
      : lineage.jobs.map((job) => (job.jobId === from ? { ...job, jobId: to } : job)),
  };
}

function endedAt(job: GetJobResponse): { endedAt?: string } {
  return job.GmtFinishTime ? { endedAt: job.GmtFinishTime } : {};
}

/** Steps/s of the job's own run: its first and last progress, over its running time. */
function stepsPerSecondOfRun(samples: readonly ProgressSample[]): number | undefined {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.step <= first.step || last.at <= first.at) return undefined;
  return (last.step - first.step) / ((last.at - first.at) / 1000);
}
