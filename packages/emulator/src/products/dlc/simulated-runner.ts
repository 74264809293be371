import { createHash } from 'node:crypto';
import { badRequest } from '../../errors.js';
import { parseOssUri, resolveResumeUri, type JobStorage, type OssLocation } from './job-storage.js';
import type { SimulationState } from './model.js';
import { formatProgressLine } from './progress.js';

/**
 * A job without a process, for fast tests: steps advance on the EMULATOR clock at a configured
 * rate, the loss follows an exponential decay, GPU utilisation sits at a configured level. It
 * writes the same artefacts the example training script writes (checkpoints with a completion
 * marker, model.json in the gateway's linear format, metrics.json), through the job's RAM role.
 *
 * Switch: `Envs.PAI_EMULATOR_SIMULATE=true`. Knobs (all optional), as Envs:
 *   PAI_EMULATOR_TOTAL_STEPS (100), PAI_EMULATOR_STEPS_PER_SECOND (2), PAI_EMULATOR_GPU_UTIL (85),
 *   PAI_EMULATOR_CHECKPOINT_EVERY (steps, 0 = never; default 10), PAI_EMULATOR_LOG_EVERY (1),
 *   PAI_EMULATOR_FAIL_AT_STEP (exit 1 there), PAI_EMULATOR_FINAL_LOSS (0.05),
 *   PAI_EMULATOR_MODEL_WEIGHTS (JSON array, [0.5,-1.25,2]), PAI_EMULATOR_MODEL_BIAS (0.75).
 */
export const SIMULATE_SWITCH = 'PAI_EMULATOR_SIMULATE';
export const MARKER = '_COMPLETE';
export const MODEL_FORMAT = 'pai-emulator-linear/1';
export const CHECKPOINT_FORMAT = 'pai-checkpoint/1';
const INITIAL_LOSS = 4;
const MAX_LOG_LINES_PER_TICK = 500;
const MAX_CHECKPOINTS_PER_TICK = 5;

export function isSimulated(envs: Record<string, string>): boolean {
  return /^(true|1|yes)$/i.test(envs[SIMULATE_SWITCH] ?? '');
}

export type SimulationSettings = Omit<SimulationState, 'startStep' | 'runningSince' | 'lastStep'>;

/** Reads the knobs; a bad value is a CreateJob 400, so a typo never turns into a silent default. */
export function simulationSettings(envs: Record<string, string>): SimulationSettings {
  const number = (name: string, fallback: number, min: number, max: number, integer: boolean): number => {
    const raw = envs[`PAI_EMULATOR_${name}`];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw badRequest(
        'InvalidParameter',
        `Envs.PAI_EMULATOR_${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got "${raw}".`,
      );
    }
    return value;
  };
  const failAtStep = envs['PAI_EMULATOR_FAIL_AT_STEP'] ? number('FAIL_AT_STEP', 0, 1, 1e9, true) : undefined;
  modelFromEnvs(envs);
  return {
    totalSteps: number('TOTAL_STEPS', 100, 1, 1e9, true),
    stepsPerSecond: number('STEPS_PER_SECOND', 2, 0.001, 1e6, false),
    gpuUtil: number('GPU_UTIL', 85, 0, 100, false),
    checkpointEvery: number('CHECKPOINT_EVERY', 10, 0, 1e9, true),
    logEvery: number('LOG_EVERY', 1, 1, 1e9, true),
    ...(failAtStep === undefined ? {} : { failAtStep }),
  };
}

export function simulatedLoss(step: number, totalSteps: number, finalLoss: number): number {
  const tau = Math.max(1, totalSteps / 5);
  return finalLoss + (INITIAL_LOSS - finalLoss) * Math.exp(-step / tau);
}

export interface SimulationHooks {
  /** Emulator clock, ms. */
  now(): number;
  log(line: string): void;
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
  progress(step: number, total: number, loss: number): void;
}

export type SimulationOutcome = { kind: 'running' } | { kind: 'exited'; code: number; message: string };

export class SimulatedRunner {
  constructor(
    private readonly envs: Record<string, string>,
    private readonly dataSources: { Uri?: string; MountPath?: string }[],
    private readonly storage: JobStorage,
    private readonly hooks: SimulationHooks,
  ) {}

  /** Where the attempt starts: RESUME_FROM's checkpoint, else the newest one under the own prefix. */
  begin(settings: SimulationSettings, now: number): SimulationState | { error: string } {
    let startStep = 0;
    const given = this.envs['RESUME_FROM'];
    if (given) {
      const resume = resolveResumeUri(given, this.envs, this.dataSources);
      const location = resume ? parseOssUri(resume) : undefined;
      const step = location ? this.markerStep(location) : undefined;
      if (step === undefined)
        return { error: `RESUME_FROM ${given} holds no complete checkpoint (no readable ${MARKER})` };
      startStep = step;
      this.hooks.log(`resumed from step=${step} (${resume})`);
    } else {
      const own = this.checkpointLocation();
      const step = own ? this.newestOwnCheckpoint(own) : undefined;
      if (step !== undefined) {
        startStep = step;
        this.hooks.log(`resumed from step=${step} (own checkpoint)`);
      }
    }
    return {
      ...settings,
      startStep: Math.min(startStep, settings.totalSteps),
      runningSince: now,
      lastStep: Math.min(startStep, settings.totalSteps),
    };
  }

  advance(sim: SimulationState, now: number): SimulationOutcome {
    const elapsed = Math.max(0, now - sim.runningSince) / 1000;
    let target = Math.min(sim.totalSteps, sim.startStep + Math.floor(elapsed * sim.stepsPerSecond));
    const failing = sim.failAtStep !== undefined && sim.failAtStep > sim.startStep && target >= sim.failAtStep;
    if (failing) target = sim.failAtStep!;
    if (target > sim.lastStep) this.account(sim, target);
    if (failing) {
      this.hooks.log(`error: simulated failure at step ${target} (PAI_EMULATOR_FAIL_AT_STEP)`);
      return { kind: 'exited', code: 1, message: `simulated failure at step ${target}` };
    }
    if (target >= sim.totalSteps) {
      this.writeModel(sim);
      this.hooks.log(`done step=${sim.totalSteps}`);
      return { kind: 'exited', code: 0, message: 'training finished' };
    }
    return { kind: 'running' };
  }

  /** Logs, progress and checkpoints for the steps (lastStep, target]. */
  private account(sim: SimulationState, target: number): void {
    const finalLoss = this.finalLoss();
    const loggable: number[] = [];
    const checkpoints: number[] = [];
    for (let step = sim.lastStep + 1; step <= target; step++) {
      if (step % sim.logEvery === 0 || step === target) loggable.push(step);
      if (sim.checkpointEvery > 0 && step % sim.checkpointEvery === 0) checkpoints.push(step);
      // A clock jump of days must not write millions of lines: keep the newest.
      if (loggable.length > MAX_LOG_LINES_PER_TICK) loggable.shift();
      if (checkpoints.length > MAX_CHECKPOINTS_PER_TICK) checkpoints.shift();
    }
    for (const step of loggable) {
      this.hooks.log(
        formatProgressLine({ step, total: sim.totalSteps, loss: simulatedLoss(step, sim.totalSteps, finalLoss) }),
      );
    }
    for (const step of checkpoints) this.writeCheckpoint(step, simulatedLoss(step, sim.totalSteps, finalLoss));
    sim.lastStep = target;
    this.hooks.progress(target, sim.totalSteps, simulatedLoss(target, sim.totalSteps, finalLoss));
  }

  private writeCheckpoint(step: number, loss: number): void {
    const location = this.checkpointLocation();
    if (!location) return;
    const dir = `${location.prefix}step-${String(step).padStart(8, '0')}/`;
    const state = Buffer.from(JSON.stringify({ step, loss, simulated: true }));
    const marker = {
      format: CHECKPOINT_FORMAT,
      step,
      files: [{ path: 'state.json', size: state.length, md5: md5(state) }],
      createdAt: new Date(this.hooks.now()).toISOString(),
    };
    // The marker only after its file: a failed upload leaves an incomplete checkpoint, never a lying one.
    if (this.tryPut(location.bucket, `${dir}state.json`, state)) {
      this.tryPut(location.bucket, `${dir}${MARKER}`, Buffer.from(JSON.stringify(marker)));
    }
  }

  private writeModel(sim: SimulationState): void {
    const uri = this.envs['PAI_MODEL_URI'];
    const location = uri ? parseOssUri(uri) : undefined;
    if (!location) return;
    const { weights, bias } = modelFromEnvs(this.envs);
    const loss = simulatedLoss(sim.totalSteps, sim.totalSteps, this.finalLoss());
    const model = { format: MODEL_FORMAT, weights, bias };
    const metrics = {
      loss,
      mse: loss,
      r2: Math.max(0, 1 - loss / INITIAL_LOSS),
      step: sim.totalSteps,
      total_steps: sim.totalSteps,
      simulated: true,
    };
    if (this.tryPut(location.bucket, `${location.prefix}model.json`, Buffer.from(JSON.stringify(model)))) {
      this.tryPut(location.bucket, `${location.prefix}metrics.json`, Buffer.from(JSON.stringify(metrics)));
    }
  }

  private tryPut(bucket: string, key: string, data: Buffer): boolean {
    try {
      this.storage.put(bucket, key, data);
      return true;
    } catch (error) {
      this.hooks.event(
        'Warning',
        'OssSyncFailed',
        `Could not upload oss://${bucket}/${key}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
  }

  private markerStep(location: OssLocation): number | undefined {
    try {
      const data = this.storage.get(location.bucket, `${location.prefix}${MARKER}`);
      const step = data ? (JSON.parse(data.toString('utf8')) as { step?: unknown }).step : undefined;
      return typeof step === 'number' && Number.isSafeInteger(step) && step >= 0 ? step : undefined;
    } catch {
      return undefined;
    }
  }

  private newestOwnCheckpoint(location: OssLocation): number | undefined {
    let objects;
    try {
      objects = this.storage.list(location);
    } catch {
      return undefined;
    }
    const dirs = objects
      .map((o) => o.key.slice(location.prefix.length))
      .filter((rel) => /^[^/]+\/_COMPLETE$/.test(rel))
      .map((rel) => rel.slice(0, rel.indexOf('/') + 1));
    let best: number | undefined;
    for (const dir of dirs) {
      const step = this.markerStep({ bucket: location.bucket, prefix: location.prefix + dir });
      if (step !== undefined && (best === undefined || step > best)) best = step;
    }
    return best;
  }

  private checkpointLocation(): OssLocation | undefined {
    const uri = this.envs['PAI_CHECKPOINT_URI'];
    return uri ? parseOssUri(uri) : undefined;
  }

  private finalLoss(): number {
    const value = Number(this.envs['PAI_EMULATOR_FINAL_LOSS'] ?? 0.05);
    return Number.isFinite(value) && value >= 0 ? value : 0.05;
  }
}

function modelFromEnvs(envs: Record<string, string>): { weights: number[]; bias: number } {
  let weights = [0.5, -1.25, 2];
  const raw = envs['PAI_EMULATOR_MODEL_WEIGHTS'];
  if (raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    if (
      !Array.isArray(parsed) ||
      parsed.length === 0 ||
      !parsed.every((w) => typeof w === 'number' && Number.isFinite(w))
    ) {
      throw badRequest(
        'InvalidParameter',
        `Envs.PAI_EMULATOR_MODEL_WEIGHTS must be a JSON array of numbers, got "${raw}".`,
      );
    }
    weights = parsed as number[];
  }
  const bias = Number(envs['PAI_EMULATOR_MODEL_BIAS'] ?? 0.75);
  if (!Number.isFinite(bias)) throw badRequest('InvalidParameter', 'Envs.PAI_EMULATOR_MODEL_BIAS must be a number.');
  return { weights, bias };
}

function md5(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}
