/**
 * The progress line a training process prints so the runner (and anyone reading the pod logs)
 * can follow it: `progress step=40 total=200 loss=0.512300` — the word `progress`, then
 * key=value pairs; `step` is required, `total` and `loss` optional, other keys are ignored.
 */
export interface ProgressLine {
  step: number;
  total?: number;
  loss?: number;
}

const PROGRESS = /^\s*progress\s+(.*)$/i;

export function parseProgressLine(line: string): ProgressLine | undefined {
  const match = PROGRESS.exec(line);
  if (!match) return undefined;
  const fields: Record<string, string> = {};
  for (const pair of match[1]!.matchAll(/([A-Za-z_]\w*)=(\S+)/g)) fields[pair[1]!.toLowerCase()] = pair[2]!;
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

export function formatProgressLine(progress: ProgressLine): string {
  const parts = [`step=${progress.step}`];
  if (progress.total !== undefined) parts.push(`total=${progress.total}`);
  if (progress.loss !== undefined) parts.push(`loss=${progress.loss.toFixed(6)}`);
  return `progress ${parts.join(' ')}`;
}
