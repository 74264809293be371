/**
 * Cancellation that cannot split a switch. GitHub cancels a step with SIGINT, then SIGTERM 7.5 s
 * later, then kills it; by default Node dies at the first signal, between any two API calls. A
 * few call sequences must not stop half-way (a traffic switch: target up, then the others down;
 * a blue-green create: the service, then its weight 0), and each takes well under those 7.5 s.
 */
export type Signal = 'SIGINT' | 'SIGTERM';

export interface DeferOptions {
  /** Told once when a signal arrives during the work (e.g. to log that the step finishes it first). */
  onHeld?: (signal: Signal) => void;
  /** How the held signal is delivered afterwards; the process's own default (it ends) unless a test says otherwise. */
  raise?: (signal: Signal) => void;
}

const SIGNALS: readonly Signal[] = ['SIGINT', 'SIGTERM'];

/** Runs `work` with SIGINT and SIGTERM held back; a held signal is delivered once it settles. */
export async function withSignalsDeferred<T>(work: () => Promise<T>, options: DeferOptions = {}): Promise<T> {
  let held: Signal | undefined;
  const hold = (signal: Signal) => {
    if (held) return;
    held = signal;
    options.onHeld?.(signal);
  };
  for (const signal of SIGNALS) process.on(signal, hold);
  try {
    return await work();
  } finally {
    for (const signal of SIGNALS) process.off(signal, hold);
    if (held) (options.raise ?? ((signal: Signal) => process.kill(process.pid, signal)))(held);
  }
}
