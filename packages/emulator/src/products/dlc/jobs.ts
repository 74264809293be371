import { randomInt, randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../../context.js';
import { badRequest, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import { nameTable } from '../../names.js';
import type { ObjectStorage } from '../oss/storage.js';
import { JobStorage } from './job-storage.js';
import {
  DEFAULT_CONFIG,
  REASONS,
  isTerminal,
  type DlcConfig,
  type DlcState,
  type JobDefinition,
  type JobRecord,
  type JobStatus,
  type PodIncarnation,
  type PodRecord,
} from './model.js';
import { ProcessLedger } from './job-processes.js';
import { ProcessAttempt } from './process-runner.js';
import { parseProgressLine } from './progress.js';
import { SimulatedRunner, isSimulated, simulationSettings } from './simulated-runner.js';

/**
 * The DLC job service: lifecycle on the emulator clock (Creating → Queuing → EnvPreparing →
 * Running → Succeeded/Failed/Stopped, with Stopping and Restarting), pods, events, logs and
 * metric samples, driving either a real process (process-runner.ts) or a simulation.
 */
const TICK_MS = 50;
const MAX_LOG_LINES = 5_000;
const MAX_EVENTS = 1_000;
const MAX_SAMPLES = 5_000;
const SHUTDOWN_WAIT_MS = 5_000;

type Ending = 'preempt' | 'stop' | 'timeout' | 'shutdown';

interface LiveAttempt {
  attempt: number;
  ending?: Ending;
  /** Process runner, EnvPreparing: the work directory being prepared. */
  prep?: Promise<ProcessAttempt>;
  prepared?: ProcessAttempt;
  prepError?: string;
  /** Process runner, Running. */
  process?: ProcessAttempt;
  /** Settles once the process's exit has been accounted for. */
  done?: Promise<void>;
  killTimer?: NodeJS.Timeout;
  simulated?: SimulatedRunner;
}

export interface Caller {
  userId: string;
  username: string;
}

export class DlcJobs {
  readonly state: DlcState;
  private readonly live = new Map<string, LiveAttempt>();
  private readonly ledger: ProcessLedger;
  private ticker: NodeJS.Timeout | undefined;
  private shuttingDown = false;
  /** The reaping of a previous run's leftovers, started with the emulator. */
  reaped: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly storage: ObjectStorage,
  ) {
    this.state = ctx.store.slice<DlcState>('dlc', () => ({ jobs: {}, config: structuredClone(DEFAULT_CONFIG) }));
    this.state.jobs = nameTable(this.state.jobs);
    this.ledger = new ProcessLedger(ctx.store);
    this.state.config = { ...structuredClone(DEFAULT_CONFIG), ...this.state.config };
  }

  get config(): DlcConfig {
    return this.state.config;
  }

  configure(patch: Partial<DlcConfig>): DlcConfig {
    const current = this.state.config;
    const phaseMs = { ...current.phaseMs };
    for (const phase of Object.keys(phaseMs) as (keyof DlcConfig['phaseMs'])[]) {
      if (patch.phaseMs?.[phase] !== undefined)
        phaseMs[phase] = milliseconds(patch.phaseMs[phase], `phaseMs.${phase}`, 0);
    }
    const next: DlcConfig = {
      phaseMs,
      sampleIntervalMs:
        patch.sampleIntervalMs === undefined
          ? current.sampleIntervalMs
          : milliseconds(patch.sampleIntervalMs, 'sampleIntervalMs', 1),
      syncIntervalMs:
        patch.syncIntervalMs === undefined
          ? current.syncIntervalMs
          : milliseconds(patch.syncIntervalMs, 'syncIntervalMs', 10),
      stopGraceMs:
        patch.stopGraceMs === undefined ? current.stopGraceMs : milliseconds(patch.stopGraceMs, 'stopGraceMs', 0),
    };
    this.state.config = next;
    this.ctx.store.changed('dlc', 'config');
    return next;
  }

  // ---- API operations ----

  create(input: JobDefinition, caller: Caller): JobRecord {
    const simulated = isSimulated(input.Envs);
    const simulation = simulated ? simulationSettings(input.Envs) : undefined;
    const now = this.ctx.clock.now();
    const JobId = newId('dlc', 16);
    const job: JobRecord = {
      JobId,
      DisplayName: input.DisplayName,
      JobType: input.JobType,
      UserCommand: input.UserCommand,
      JobSpecs: input.JobSpecs,
      Envs: input.Envs,
      DataSources: input.DataSources,
      Settings: input.Settings,
      Priority: input.Priority,
      WorkspaceId: input.WorkspaceId ?? 'default',
      Accessibility: input.Accessibility,
      ...(input.ResourceId ? { ResourceId: input.ResourceId } : {}),
      ...(input.JobMaxRunningTimeMinutes ? { JobMaxRunningTimeMinutes: input.JobMaxRunningTimeMinutes } : {}),
      ...(input.Description ? { Description: input.Description } : {}),
      ...(input.CodeSource ? { CodeSource: input.CodeSource } : {}),
      ...(input.ThirdpartyLibs ? { ThirdpartyLibs: input.ThirdpartyLibs } : {}),
      ...(input.UserVpc ? { UserVpc: input.UserVpc } : {}),
      userId: caller.userId,
      username: caller.username,
      status: 'Creating',
      history: [{ Status: 'Creating', StartTime: now }],
      created: now,
      phaseEndsAt: now + this.config.phaseMs.Creating,
      runner: simulated ? 'simulated' : 'process',
      attempt: 0,
      pods: podsFor(JobId, input.JobSpecs, now),
      restartCount: 0,
      maxRestarts: input.Settings.ElasticSpotJobMaxRestartTimes ?? 0,
      restartRecords: [],
      events: [],
      logs: {},
      samples: {},
    };
    if (simulation) job.simulation = { ...simulation, startStep: 0, runningSince: now, lastStep: 0 };
    this.state.jobs[JobId] = job;
    this.event(
      job,
      'Normal',
      'JobCreated',
      `Job ${JobId} (${job.DisplayName}) was created by ${caller.username}${simulated ? '; it runs in the simulated runner' : ''}.`,
    );
    this.jobChanged(job);
    return job;
  }

  get(jobId: string): JobRecord {
    const job = this.state.jobs[jobId];
    if (!job) throw notFound('JobNotFound', `The job ${jobId} does not exist.`);
    return job;
  }

  all(): JobRecord[] {
    return Object.values(this.state.jobs);
  }

  stop(jobId: string): JobRecord {
    const job = this.get(jobId);
    if (isTerminal(job.status) || job.status === 'Stopping') return job;
    this.setStatus(job, 'Stopping');
    const live = this.live.get(jobId);
    if (live) live.ending = 'stop';
    if (live?.process) this.terminate(live);
    else if (live?.simulated) this.live.delete(jobId);
    return job;
  }

  /** Only a finished job can be deleted ("Deletes a completed or stopped job", SDK docs). */
  delete(jobId: string): void {
    const job = this.get(jobId);
    if (!isTerminal(job.status)) {
      throw badRequest(
        'InvalidJobStatus',
        `The job ${jobId} is ${job.status}; only a Succeeded, Failed or Stopped job can be deleted. Stop it first.`,
      );
    }
    const live = this.live.get(jobId);
    if (live?.process) live.process.kill('SIGKILL');
    this.live.delete(jobId);
    delete this.state.jobs[jobId];
    this.ctx.store.changed('dlc', 'jobs', jobId);
  }

  /** Admin: reclaim the job's spot instance now, after `afterSeconds` (emulator clock) or at step `afterSteps`. */
  schedulePreemption(jobId: string, options: { afterSeconds?: number; afterSteps?: number }): JobRecord {
    const job = this.get(jobId);
    if (!job.JobSpecs.some((spec) => spec.UseSpotInstance === true)) {
      throw new Error(
        `job ${jobId} runs on no spot instance (no JobSpecs[].UseSpotInstance: true); only spot instances are reclaimed`,
      );
    }
    if (isTerminal(job.status)) throw new Error(`job ${jobId} is already ${job.status}`);
    const { afterSeconds, afterSteps } = options;
    if (afterSeconds !== undefined && !(typeof afterSeconds === 'number' && afterSeconds >= 0))
      throw new Error('afterSeconds must be a number >= 0');
    if (afterSteps !== undefined && !(Number.isInteger(afterSteps) && afterSteps >= 0))
      throw new Error('afterSteps must be an integer >= 0');
    const now = this.ctx.clock.now();
    job.preemption = {
      ...(afterSteps !== undefined ? { atStep: afterSteps } : {}),
      ...(afterSteps === undefined || afterSeconds !== undefined ? { atTime: now + (afterSeconds ?? 0) * 1000 } : {}),
    };
    this.jobChanged(job);
    if (job.status === 'Running') this.checkPreemption(job, now);
    return job;
  }

  // ---- lifecycle ----

  /**
   * After a restart: a process that was running is gone (one a killed emulator left behind is
   * ended now, its work directory removed); its job fails with a reason saying so.
   */
  start(): void {
    this.reaped = this.ledger.reap().catch((error: unknown) => {
      console.error('[emulator] could not reap the job processes of a previous run:', error);
      return 0;
    });
    for (const job of this.all()) {
      if (isTerminal(job.status) || job.runner !== 'process') continue;
      if (job.status === 'Running') {
        this.finishPods(job, 'Failed');
        this.setStatus(job, 'Failed', REASONS.emulatorStopped);
      } else if (job.status === 'Stopping') {
        this.finishPods(job, 'Stopped');
        this.setStatus(job, 'Stopped', REASONS.stoppedByUser);
      }
    }
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.ticker.unref();
  }

  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    if (this.ticker) clearInterval(this.ticker);
    const waits: Promise<unknown>[] = [];
    for (const [jobId, live] of this.live) {
      live.ending ??= 'shutdown'; // a stop or a preemption under way still ends as such
      if (live.process) {
        live.process.kill('SIGKILL');
        if (live.done) waits.push(live.done);
      } else if (live.prep) {
        waits.push(live.prep.then((p) => p.cleanup()).catch(() => undefined));
      } else {
        this.live.delete(jobId);
      }
    }
    await Promise.race([Promise.all(waits), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_WAIT_MS).unref())]);
  }

  private tick(): void {
    if (this.shuttingDown) return;
    const now = this.ctx.clock.now();
    for (const job of this.all()) {
      if (isTerminal(job.status)) continue;
      try {
        this.advance(job, now);
      } catch (error) {
        console.error(`[emulator] dlc: job ${job.JobId} could not advance:`, error);
      }
    }
  }

  private advance(job: JobRecord, now: number): void {
    const due = job.phaseEndsAt !== undefined && now >= job.phaseEndsAt;
    switch (job.status) {
      case 'Creating':
        if (due) {
          job.submitted = now;
          this.setStatus(job, 'Queuing');
          job.phaseEndsAt = now + this.config.phaseMs.Queuing;
          this.event(job, 'Normal', 'JobQueuing', 'Job is queuing for resources.');
        }
        return;
      case 'Queuing':
        if (due) this.enterEnvPreparing(job, now);
        return;
      case 'Restarting':
        if (due) this.enterEnvPreparing(job, now);
        return;
      case 'EnvPreparing':
        return this.advanceEnvPreparing(job, now, due);
      case 'Running':
        return this.advanceRunning(job, now);
      case 'Stopping': {
        const live = this.live.get(job.JobId);
        if (live?.process) return; // its exit finishes the job
        if (live?.prep && !live.prepared && live.prepError === undefined) return; // still preparing
        if (live?.prepared) void live.prepared.cleanup();
        this.live.delete(job.JobId);
        this.finishPods(job, 'Stopped');
        this.setStatus(job, 'Stopped', REASONS.stoppedByUser);
        return;
      }
    }
  }

  private enterEnvPreparing(job: JobRecord, now: number): void {
    job.attempt++;
    for (const pod of job.pods) {
      if (job.attempt > 1) pod.history.push(pod.current);
      pod.current = incarnation(now);
    }
    delete job.progress;
    this.setStatus(job, 'EnvPreparing');
    job.phaseEndsAt = now + this.config.phaseMs.EnvPreparing;
    const image = job.JobSpecs[0]?.Image ?? '';
    for (const pod of job.pods)
      this.event(
        job,
        'Normal',
        'PodScheduled',
        `Pod ${pod.PodId} (uid ${pod.current.PodUid}) was scheduled to node ${pod.current.NodeName}; pulling image ${image}.`,
      );
    this.live.delete(job.JobId);
    if (job.runner === 'process') this.prepareProcess(job);
  }

  private prepareProcess(job: JobRecord): void {
    const pod = job.pods[0]!;
    const live: LiveAttempt = { attempt: job.attempt };
    live.prep = ProcessAttempt.prepare({
      jobId: job.JobId,
      podId: pod.PodId,
      podUid: pod.current.PodUid,
      command: job.UserCommand,
      envs: job.Envs,
      dataSources: job.DataSources,
      storage: new JobStorage(this.ctx, this.storage, job.JobId),
      syncIntervalMs: this.config.syncIntervalMs,
      onLine: (_stream, line) => this.onLine(job, live, pod, line),
      onEvent: (type, reason, message) => this.event(job, type, reason, message),
      ledger: this.ledger,
    });
    live.prep.then(
      (prepared) => {
        live.prepared = prepared;
        // Prepared for nothing: the emulator is going down or the attempt was superseded.
        if (this.shuttingDown || this.live.get(job.JobId) !== live) void prepared.cleanup();
      },
      (error: unknown) => {
        live.prepError = error instanceof Error ? error.message : String(error);
      },
    );
    this.live.set(job.JobId, live);
  }

  private advanceEnvPreparing(job: JobRecord, now: number, due: boolean): void {
    if (job.runner === 'simulated') {
      if (due) this.enterRunning(job, now);
      return;
    }
    let live = this.live.get(job.JobId);
    if (!live) {
      // The emulator restarted during EnvPreparing: prepare again.
      this.prepareProcess(job);
      live = this.live.get(job.JobId)!;
    }
    if (!due) return;
    if (live.prepError !== undefined) {
      this.live.delete(job.JobId);
      this.finishPods(job, 'Failed');
      this.event(job, 'Warning', 'EnvPreparingFailed', live.prepError);
      this.setStatus(job, 'Failed', {
        code: REASONS.envFailed.code,
        message: `${REASONS.envFailed.message} ${live.prepError}`,
      });
      return;
    }
    if (live.prepared) this.enterRunning(job, now);
  }

  private enterRunning(job: JobRecord, now: number): void {
    job.runningSince ??= now;
    delete job.phaseEndsAt;
    for (const pod of job.pods) {
      pod.current.Status = 'Running';
      pod.current.started = now;
      if (pod !== job.pods[0])
        this.appendLog(
          job,
          pod.current.PodUid,
          `[emulator] replica of ${job.pods[0]!.PodId}: the emulator runs the command on ${job.pods[0]!.PodId} only.`,
          now,
        );
    }
    const restart = job.restartRecords.at(-1);
    if (restart && restart.RestartStatus === 'Restarting') {
      restart.RestartStatus = 'Succeeded';
      restart.RestartDurationInSec = Math.round((now - restart.OccurTime) / 1000);
    }
    this.setStatus(job, 'Running');
    this.event(job, 'Normal', 'JobRunning', `Job is running (attempt ${job.attempt}).`);
    this.sample(job, now);
    if (job.runner === 'simulated') {
      const runner = this.simulatedRunner(job);
      const begun = runner.begin(simulationSettings(job.Envs), now);
      if ('error' in begun) {
        this.appendLog(job, job.pods[0]!.current.PodUid, `error: ${begun.error}`, now);
        this.finishPods(job, 'Failed');
        this.setStatus(job, 'Failed', {
          code: REASONS.failed.code,
          message: `Pod ${job.pods[0]!.PodId} exited with code 2: ${begun.error}`,
        });
        return;
      }
      job.simulation = begun;
      this.live.set(job.JobId, { attempt: job.attempt, simulated: runner });
      return;
    }
    const live = this.live.get(job.JobId)!;
    const process = live.prepared!;
    live.process = process;
    process.start();
    live.done = process.exited.then(async (exit) => {
      await process.finish().catch((error: unknown) => this.event(job, 'Warning', 'OssSyncFailed', String(error)));
      if (live.killTimer) clearTimeout(live.killTimer);
      if (this.state.jobs[job.JobId] !== job || job.attempt !== live.attempt || isTerminal(job.status)) return;
      this.live.delete(job.JobId);
      this.attemptEnded(job, live.ending, exit.code, exit.signal);
    });
  }

  private advanceRunning(job: JobRecord, now: number): void {
    let live = this.live.get(job.JobId);
    if (job.runner === 'simulated' && !live) {
      live = { attempt: job.attempt, simulated: this.simulatedRunner(job) };
      this.live.set(job.JobId, live);
    }
    if (!live || live.ending) return;
    if (
      job.JobMaxRunningTimeMinutes &&
      job.runningSince !== undefined &&
      now - job.runningSince >= job.JobMaxRunningTimeMinutes * 60_000
    ) {
      this.event(
        job,
        'Warning',
        'JobTimeout',
        `Job exceeded JobMaxRunningTimeMinutes (${job.JobMaxRunningTimeMinutes}).`,
      );
      live.ending = 'timeout';
      if (live.process) return this.terminate(live);
      this.live.delete(job.JobId);
      return this.attemptEnded(job, 'timeout', null, null);
    }
    if (live.simulated && job.simulation) {
      const outcome = live.simulated.advance(job.simulation, now);
      this.jobChanged(job);
      if (outcome.kind === 'exited') {
        this.live.delete(job.JobId);
        this.sample(job, now);
        return this.attemptEnded(job, undefined, outcome.code, null, outcome.message);
      }
    }
    if (this.checkPreemption(job, now)) return;
    if (now - (job.lastSampleAt ?? 0) >= this.config.sampleIntervalMs) this.sample(job, now);
  }

  /** Fires a scheduled preemption once it is due; true when it fired. */
  private checkPreemption(job: JobRecord, now: number): boolean {
    const pending = job.preemption;
    const live = this.live.get(job.JobId);
    if (!pending || job.status !== 'Running' || !live || live.ending) return false;
    const byTime = pending.atTime !== undefined && now >= pending.atTime;
    const byStep = pending.atStep !== undefined && (job.progress?.step ?? -1) >= pending.atStep;
    if (!byTime && !byStep) return false;
    delete job.preemption;
    for (const pod of job.pods) {
      pod.current.Status = 'Failed';
      pod.current.SubStatus = 'Evicted';
      pod.current.finished = now;
      this.event(
        job,
        'Warning',
        'SpotInstanceReclaimed',
        `The spot instance running pod ${pod.PodId} (node ${pod.current.NodeName}) was reclaimed; the pod was evicted.`,
      );
    }
    if (live.process) {
      live.ending = 'preempt';
      live.process.kill('SIGKILL');
    } else {
      this.live.delete(job.JobId);
      this.afterPreemption(job, now);
    }
    this.jobChanged(job);
    return true;
  }

  private afterPreemption(job: JobRecord, now: number): void {
    if (job.restartCount < job.maxRestarts) {
      job.restartCount++;
      job.restartRecords.push({
        JobRestartCount: job.restartCount,
        OccurTime: now,
        OccurPhase: 'Running',
        Reason: `${REASONS.restartingAfterPreemption.code}: spot instance reclaimed, pod evicted`,
        RestartStatus: 'Restarting',
        Pod: job.pods[0]?.PodId ?? '',
      });
      this.setStatus(job, 'Restarting', REASONS.restartingAfterPreemption, 'Restarting');
      job.phaseEndsAt = now + this.config.phaseMs.Restarting;
      this.event(
        job,
        'Normal',
        'JobRestarting',
        `Restarting the job after spot preemption (restart ${job.restartCount}/${job.maxRestarts}).`,
      );
      return;
    }
    const used = job.maxRestarts > 0 ? ` All ${job.maxRestarts} automatic restart(s) are used up.` : '';
    this.setStatus(job, 'Failed', { code: REASONS.preempted.code, message: `${REASONS.preempted.message}${used}` });
  }

  private attemptEnded(
    job: JobRecord,
    ending: Ending | undefined,
    code: number | null,
    signal: NodeJS.Signals | null,
    detail?: string,
  ): void {
    const now = this.ctx.clock.now();
    const podId = job.pods[0]?.PodId ?? '';
    switch (ending) {
      case 'preempt':
        return this.afterPreemption(job, now);
      case 'stop':
        this.finishPods(job, 'Stopped');
        return this.setStatus(job, 'Stopped', REASONS.stoppedByUser);
      case 'timeout':
        this.finishPods(job, 'Failed');
        return this.setStatus(job, 'Failed', REASONS.timeout);
      case 'shutdown':
        this.finishPods(job, 'Failed');
        return this.setStatus(job, 'Failed', REASONS.emulatorStopped);
      default:
        if (code === 0) {
          this.finishPods(job, 'Succeeded');
          return this.setStatus(job, 'Succeeded', REASONS.succeeded);
        }
        this.finishPods(job, 'Failed');
        return this.setStatus(job, 'Failed', {
          code: REASONS.failed.code,
          message: `Pod ${podId} exited ${signal ? `on signal ${signal}` : `with code ${code}`}${detail ? `: ${detail}` : ''}.`,
        });
    }
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  private terminate(live: LiveAttempt): void {
    live.process?.kill('SIGTERM');
    live.killTimer = setTimeout(() => live.process?.kill('SIGKILL'), this.config.stopGraceMs);
    live.killTimer.unref();
  }

  // ---- logs, progress, events, metrics ----

  private onLine(job: JobRecord, live: LiveAttempt, pod: PodRecord, line: string): void {
    const now = this.ctx.clock.now();
    this.appendLog(job, pod.current.PodUid, line, now);
    const progress = parseProgressLine(line);
    if (!progress || job.attempt !== live.attempt) return;
    job.progress = {
      step: progress.step,
      t: now,
      ...(progress.total ? { totalSteps: progress.total } : {}),
      ...(progress.loss !== undefined ? { loss: progress.loss } : {}),
    };
    this.checkPreemption(job, now);
  }

  private simulatedRunner(job: JobRecord): SimulatedRunner {
    const storage = new JobStorage(this.ctx, this.storage, job.JobId);
    return new SimulatedRunner(job.Envs, job.DataSources, storage, {
      now: () => this.ctx.clock.now(),
      log: (line) => this.appendLog(job, job.pods[0]!.current.PodUid, line, this.ctx.clock.now()),
      event: (type, reason, message) => this.event(job, type, reason, message),
      progress: (step, total, loss) => {
        job.progress = { step, totalSteps: total, loss, t: this.ctx.clock.now() };
      },
    });
  }

  private appendLog(job: JobRecord, podUid: string, line: string, now: number): void {
    const lines = (job.logs[podUid] ??= []);
    lines.push({ t: now, line });
    if (lines.length > MAX_LOG_LINES) lines.splice(0, lines.length - MAX_LOG_LINES);
    this.jobChanged(job);
  }

  event(job: JobRecord, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const now = this.ctx.clock.now();
    job.events.push({ t: now, line: `${iso(now)} ${type} ${reason}: ${message}` });
    if (job.events.length > MAX_EVENTS) job.events.splice(0, job.events.length - MAX_EVENTS);
    this.jobChanged(job);
  }

  private sample(job: JobRecord, now: number): void {
    job.lastSampleAt = now;
    const util = gpuUtilOf(job);
    const gpu = hasGpu(job);
    for (const pod of job.pods) {
      if (pod.current.Status !== 'Running') continue;
      const n = noise(`${pod.current.PodUid}:${Math.floor(now / 1000)}`);
      const samples = (job.samples[pod.current.PodUid] ??= []);
      samples.push({
        t: now,
        ...(gpu ? { gpu: clamp(util + 4 * n, 0, 100), gpuMemory: clamp(30 + util * 0.4 + 2 * n, 0, 100) } : {}),
        cpu: clamp(60 + 10 * n, 0, 100),
        memory: clamp(25 + 3 * n, 0, 100),
        ...(job.progress
          ? { step: job.progress.step, ...(job.progress.loss !== undefined ? { loss: job.progress.loss } : {}) }
          : {}),
      });
      if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES);
    }
    this.jobChanged(job);
  }

  /** Call after changing anything of the job: it is persisted as one record. */
  private jobChanged(job: JobRecord): void {
    this.ctx.store.changed('dlc', 'jobs', job.JobId);
  }

  private finishPods(job: JobRecord, status: PodIncarnation['Status']): void {
    const now = this.ctx.clock.now();
    for (const pod of job.pods) {
      if (pod.current.finished !== undefined) continue;
      pod.current.Status = status;
      pod.current.finished = now;
    }
  }

  private setStatus(
    job: JobRecord,
    status: JobStatus,
    reason?: { code: string; message: string },
    subStatus?: string,
  ): void {
    const now = this.ctx.clock.now();
    const last = job.history.at(-1);
    if (last && last.EndTime === undefined) last.EndTime = now;
    job.history.push({
      Status: status,
      StartTime: now,
      ...(reason ? { ReasonCode: reason.code, ReasonMessage: reason.message } : {}),
    });
    job.status = status;
    if (reason) {
      job.reasonCode = reason.code;
      job.reasonMessage = reason.message;
    } else {
      delete job.reasonCode;
      delete job.reasonMessage;
    }
    if (subStatus) job.subStatus = subStatus;
    else delete job.subStatus;
    if (isTerminal(status)) {
      job.finished = now;
      delete job.phaseEndsAt;
      delete job.preemption;
      this.event(
        job,
        status === 'Succeeded' ? 'Normal' : 'Warning',
        reason?.code ?? status,
        reason?.message ?? `Job is ${status}.`,
      );
    }
    this.jobChanged(job);
  }
}

function podsFor(jobId: string, specs: JobDefinition['JobSpecs'], now: number): PodRecord[] {
  return specs.flatMap((spec) =>
    Array.from({ length: spec.PodCount }, (_, rank) => ({
      PodId: `${jobId}-${spec.Type.toLowerCase()}-${rank}`,
      Type: spec.Type,
      rank,
      current: incarnation(now),
      history: [],
    })),
  );
}

function incarnation(now: number): PodIncarnation {
  const ip = `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
  return {
    PodUid: randomUUID(),
    Status: 'Pending',
    SubStatus: 'Normal',
    Ip: ip,
    NodeName: `emulator-node-${ip.replace(/\./g, '-')}`,
    created: now,
  };
}

export function hasGpu(job: JobRecord): boolean {
  return job.JobSpecs.some((spec) => {
    const gpu = Number((spec.ResourceConfig as { GPU?: unknown } | undefined)?.GPU ?? 0);
    return gpu > 0 || /gn\d|gpu/i.test(spec.EcsSpec ?? '');
  });
}

function gpuUtilOf(job: JobRecord): number {
  const value = Number(job.Envs['PAI_EMULATOR_GPU_UTIL'] ?? job.simulation?.gpuUtil ?? 85);
  return Number.isFinite(value) ? clamp(value, 0, 100) : 85;
}

/** Deterministic noise in [-1, 1] from a string (FNV-1a). */
function noise(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  return (hash / 0xffffffff) * 2 - 1;
}

function milliseconds(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
    throw new Error(`${name} must be a number >= ${min} (ms)`);
  return value;
}

function clamp(value: number, min: number, max: number): number {
  return Math.round(Math.min(max, Math.max(min, value)) * 100) / 100;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
