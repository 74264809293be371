import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DirectorySync } from './directory-sync.js';
import { JOB_MARK_ENV, killGroup, killMarked, WORK_ROOT, type ProcessLedger } from './job-processes.js';
import { formatOssUri, parseOssUri, resolveResumeUri, type JobStorage } from './job-storage.js';

/**
 * Runs a job's UserCommand for real: `/bin/sh -c <command>` in a fresh work directory, in its
 * own process group (so a stop or a preemption takes every child with it), with an environment
 * built from the job's Envs plus the runner's contract (docs/emulator-dlc.md) — and nothing of
 * the emulator's own environment except PATH, so no credential of the host leaks into a job.
 */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/', import.meta.url));

export interface ProcessAttemptSpec {
  jobId: string;
  podId: string;
  podUid: string;
  command: string;
  envs: Record<string, string>;
  dataSources: { Uri?: string; MountPath?: string }[];
  storage: JobStorage;
  syncIntervalMs: number;
  onLine: (stream: 'stdout' | 'stderr', line: string) => void;
  onEvent: (type: 'Normal' | 'Warning', reason: string, message: string) => void;
  /** Where the attempt's processes and work directory are recorded, so a killed emulator's are reaped. */
  ledger: ProcessLedger;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Every live job's mark and process group, so a dying emulator can take them down synchronously. */
const liveJobs = new Map<string, number | undefined>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const [mark, pid] of liveJobs) endJob(mark, pid);
  });
}

/** The job's process group, and whatever of its processes left the group. */
function endJob(mark: string, pid: number | undefined): void {
  if (pid !== undefined) killGroup(pid, 'SIGKILL');
  killMarked(mark, 'SIGKILL');
}

export class ProcessAttempt {
  private child: ChildProcess | undefined;
  private syncTimer: NodeJS.Timeout | undefined;
  private readonly syncs: DirectorySync[] = [];
  readonly exited: Promise<ProcessExit>;
  private resolveExit!: (exit: ProcessExit) => void;

  private constructor(
    private readonly spec: ProcessAttemptSpec,
    readonly workDir: string,
    private readonly env: Record<string, string>,
    private readonly mark: string,
  ) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
  }

  /**
   * EnvPreparing: work directory, data sources downloaded, the checkpoint prefix mirrored (as a
   * mount would show it) and RESUME_FROM materialised. Throws with a message for the job's events.
   */
  static async prepare(spec: ProcessAttemptSpec): Promise<ProcessAttempt> {
    await mkdir(WORK_ROOT, { recursive: true });
    const workDir = await mkdtemp(join(WORK_ROOT, `${spec.jobId}-`));
    const mark = randomUUID();
    spec.ledger.record(mark, { workDir });
    try {
      return await ProcessAttempt.prepareIn(spec, workDir, mark);
    } catch (error) {
      await rm(workDir, { recursive: true, force: true });
      spec.ledger.forget(mark);
      throw error;
    }
  }

  private static async prepareIn(spec: ProcessAttemptSpec, workDir: string, mark: string): Promise<ProcessAttempt> {
    const dirs = {
      checkpoints: join(workDir, 'checkpoints'),
      model: join(workDir, 'model'),
      data: join(workDir, 'data'),
      tmp: join(workDir, 'tmp'),
      code: join(workDir, 'code'),
    };
    for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: workDir,
      TMPDIR: dirs.tmp,
      LANG: 'C.UTF-8',
      ...spec.envs,
      CHECKPOINT_DIR: dirs.checkpoints,
      MODEL_DIR: dirs.model,
      PAI_JOB_ID: spec.jobId,
      PAI_POD_ID: spec.podId,
      PAI_POD_UID: spec.podUid,
      RANK: '0',
      WORLD_SIZE: '1',
      PAI_EMULATOR: 'true',
      PAI_EMULATOR_EXAMPLES: EXAMPLES_DIR,
      [JOB_MARK_ENV]: mark,
    };
    const attempt = new ProcessAttempt(spec, workDir, env, mark);
    const report = (key: string, message: string) =>
      spec.onEvent('Warning', 'OssSyncFailed', `Could not upload ${key}: ${message}`);
    const unsafe = (key: string) =>
      spec.onEvent(
        'Warning',
        'UnsafeObjectKey',
        `Skipped ${key}: a key with "." or ".." segments would be written outside the job's work directory.`,
      );

    for (const [i, source] of spec.dataSources.entries()) {
      if (!source.Uri) continue;
      const location = parseOssUri(source.Uri);
      if (!location) throw new Error(`DataSources[${i}].Uri ${source.Uri} is not an oss:// URI`);
      const local = join(dirs.data, String(i));
      const count = await new DirectorySync(local, location, spec.storage, report, unsafe).mirrorRemote();
      env[`DATA_DIR_${i}`] = local;
      if (i === 0) env['DATA_DIR'] = local;
      spec.onEvent(
        'Normal',
        'DataSourceReady',
        `Downloaded ${count} object(s) of ${source.Uri} to ${local}${source.MountPath ? ` (MountPath ${source.MountPath})` : ''}.`,
      );
    }

    const resumeUri = resolveResumeUri(spec.envs['RESUME_FROM'], spec.envs, spec.dataSources);
    const checkpointUri = spec.envs['PAI_CHECKPOINT_URI'];
    if (checkpointUri) {
      const location = parseOssUri(checkpointUri);
      if (!location) throw new Error(`PAI_CHECKPOINT_URI ${checkpointUri} is not an oss:// URI`);
      const sync = new DirectorySync(dirs.checkpoints, location, spec.storage, report, unsafe);
      const count = await sync.mirrorRemote();
      attempt.syncs.push(sync);
      if (count > 0)
        spec.onEvent('Normal', 'CheckpointsMounted', `${count} object(s) of ${checkpointUri} are in CHECKPOINT_DIR.`);
      if (resumeUri) env['RESUME_FROM'] = await attempt.materialiseResume(resumeUri, sync);
    } else if (resumeUri) {
      const sync = new DirectorySync(dirs.checkpoints, { bucket: '', prefix: '' }, spec.storage, report, unsafe);
      env['RESUME_FROM'] = await attempt.materialiseResume(resumeUri, sync);
    }
    const modelUri = spec.envs['PAI_MODEL_URI'];
    if (modelUri) {
      const location = parseOssUri(modelUri);
      if (!location) throw new Error(`PAI_MODEL_URI ${modelUri} is not an oss:// URI`);
      attempt.syncs.push(new DirectorySync(dirs.model, location, spec.storage, report, unsafe));
    }
    return attempt;
  }

  /** Downloads the checkpoint named by an oss:// RESUME_FROM into CHECKPOINT_DIR; returns its local path. */
  private async materialiseResume(uri: string, sync: DirectorySync): Promise<string> {
    const location = parseOssUri(uri);
    if (!location) throw new Error(`RESUME_FROM ${uri} is not an oss:// URI`);
    const last = location.prefix.split('/').filter(Boolean).pop();
    const name = last === undefined || last === '.' || last === '..' ? 'resume' : last;
    const objects = this.spec.storage.list(location);
    if (objects.length === 0) throw new Error(`RESUME_FROM ${formatOssUri(location)} holds no objects`);
    for (const object of objects) {
      const rel = object.key.slice(location.prefix.length);
      const data = this.spec.storage.get(location.bucket, object.key);
      if (rel && data) await sync.writeLocal(`${name}/${rel}`, data, object.key);
    }
    this.spec.onEvent(
      'Normal',
      'ResumeCheckpointReady',
      `Downloaded ${objects.length} object(s) of ${uri} to CHECKPOINT_DIR/${name}.`,
    );
    return join(sync.localDir, name);
  }

  start(): void {
    installExitHook();
    const child = spawn('/bin/sh', ['-c', this.spec.command], {
      cwd: this.workDir,
      env: this.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    liveJobs.set(this.mark, child.pid);
    if (child.pid !== undefined) this.spec.ledger.record(this.mark, { workDir: this.workDir, pgid: child.pid });
    for (const stream of ['stdout', 'stderr'] as const) {
      const lines = createInterface({ input: child[stream]!, crlfDelay: Infinity });
      lines.on('line', (line) => this.spec.onLine(stream, line));
    }
    child.once('error', (error) => {
      this.spec.onLine('stderr', `failed to start the command: ${error.message}`);
      this.finishExit({ code: 127, signal: null });
    });
    // The job ends with its main process, as a container does: what it left behind is killed,
    // which also closes the pipes so the last lines are read before 'close'.
    child.once('exit', () => endJob(this.mark, child.pid));
    child.once('close', (code, signal) => this.finishExit({ code, signal }));
    this.syncTimer = setInterval(() => void this.syncAll(), this.spec.syncIntervalMs);
    this.syncTimer.unref();
  }

  /** Signals the whole process group; SIGKILL also reaches the job's processes that left it. */
  kill(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined || this.child?.exitCode !== null || this.child.signalCode !== null) return;
    if (signal === 'SIGKILL') endJob(this.mark, pid);
    else killGroup(pid, signal);
  }

  /** After exit: a last sync of checkpoints and model, then the work directory goes. */
  async finish(): Promise<void> {
    if (this.syncTimer) clearInterval(this.syncTimer);
    await this.syncAll();
    await this.cleanup();
  }

  async cleanup(): Promise<void> {
    if (this.syncTimer) clearInterval(this.syncTimer);
    await rm(this.workDir, { recursive: true, force: true });
    this.spec.ledger.forget(this.mark);
  }

  private finishExit(exit: ProcessExit): void {
    // Children that outlived the shell belong to the job too.
    endJob(this.mark, this.child?.pid);
    liveJobs.delete(this.mark);
    this.resolveExit(exit);
  }

  private async syncAll(): Promise<void> {
    for (const sync of this.syncs) {
      try {
        await sync.sync();
      } catch (error) {
        this.spec.onEvent('Warning', 'OssSyncFailed', error instanceof Error ? error.message : String(error));
      }
    }
  }
}
