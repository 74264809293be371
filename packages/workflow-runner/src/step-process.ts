/**
 * Runs one step's process the way the GitHub runner does: output read line by line (workflow
 * commands are lines), a timeout, and cancellation as SIGINT, then SIGTERM, then SIGKILL after a
 * grace period each, so an action's own signal handling and its post step get their chance.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ProcessSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Kill the process (outcome failure) after this long. */
  timeoutMs?: number;
  /** Aborted when the run is cancelled or the job times out while the process runs. */
  signal: AbortSignal;
  /** Time between SIGINT, SIGTERM and SIGKILL. */
  graceMs: number;
  onLine(stream: 'stdout' | 'stderr', line: string): void;
}

export interface ProcessEnd {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
}

export function runProcess(spec: ProcessSpec): Promise<ProcessEnd> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a signal reaches the script's children too (bash → node → …).
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    let cancelled = false;
    const timers: NodeJS.Timeout[] = [];
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    const stop = () => {
      signalGroup('SIGINT');
      timers.push(setTimeout(() => signalGroup('SIGTERM'), spec.graceMs));
      timers.push(setTimeout(() => signalGroup('SIGKILL'), spec.graceMs * 2));
    };
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    // A step that starts after cancellation (an always() step) runs; only a cancel during it stops it.
    spec.signal.addEventListener('abort', onAbort, { once: true });
    if (spec.timeoutMs !== undefined) {
      timers.push(
        setTimeout(() => {
          timedOut = true;
          stop();
        }, spec.timeoutMs),
      );
    }
    const streams = [
      ['stdout', child.stdout],
      ['stderr', child.stderr],
    ] as const;
    const closed = streams.map(
      ([name, stream]) =>
        new Promise<void>((done) => {
          createInterface({ input: stream, crlfDelay: Infinity })
            .on('line', (line) => spec.onLine(name, line))
            .on('close', done);
        }),
    );
    child.on('error', (error) => {
      spec.signal.removeEventListener('abort', onAbort);
      timers.forEach(clearTimeout);
      reject(error);
    });
    child.on('exit', (exitCode, signal) => {
      spec.signal.removeEventListener('abort', onAbort);
      timers.forEach(clearTimeout);
      void Promise.all(closed).then(() => resolve({ exitCode, signal, timedOut, cancelled }));
    });
  });
}
