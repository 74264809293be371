/**
 * Training progress from the job's log lines (`progress step=40 total=200 loss=0.51`, the format
 * docs/emulator-dlc.md defines and the example script prints): the latest step, a steps/s
 * estimate from samples taken on the cloud's clock, and the time left.
 */

export interface ProgressLine {
  step: number;
  total?: number;
  loss?: number;
}

export interface ProgressSample extends ProgressLine {
  /** Server time (ms) when the step was seen. */
  at: number;
}

const PROGRESS = /(?:^|\s)progress((?:\s+\w+=\S+)+)\s*$/;

export function parseProgressLine(line: string): ProgressLine | undefined {
  const match = PROGRESS.exec(line);
  if (!match) return undefined;
  const fields = Object.fromEntries(
    match[1]!
      .trim()
      .split(/\s+/)
      .map((pair) => pair.split('=') as [string, string]),
  );
  const step = Number(fields['step']);
  if (!Number.isSafeInteger(step) || step < 0) return undefined;
  const total = Number(fields['total']);
  const loss = Number(fields['loss']);
  return {
    step,
    ...(Number.isSafeInteger(total) && total > 0 ? { total } : {}),
    ...(fields['loss'] !== undefined && Number.isFinite(loss) ? { loss } : {}),
  };
}

/** Every progress line of a log, in order. */
export function parseProgress(lines: readonly string[]): ProgressLine[] {
  return lines.map(parseProgressLine).filter((line): line is ProgressLine => line !== undefined);
}

/**
 * Steps per second over the samples of one job run (a resumed job starts a new series: its
 * step counter jumps back). Needs two samples with different times and a rising step.
 */
export function stepsPerSecond(samples: readonly ProgressSample[]): number | undefined {
  if (samples.length < 2) return undefined;
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const seconds = (last.at - first.at) / 1000;
  const steps = last.step - first.step;
  return seconds > 0 && steps > 0 ? steps / seconds : undefined;
}

/** Milliseconds until the last step at the measured rate, when the total and a rate are known. */
export function estimateRemainingMs(samples: readonly ProgressSample[]): number | undefined {
  const rate = stepsPerSecond(samples);
  const last = samples.at(-1);
  if (rate === undefined || last?.total === undefined) return undefined;
  return Math.max(0, ((last.total - last.step) / rate) * 1000);
}
