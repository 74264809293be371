/** Annotations (`::error::`, `::warning::`, `::notice::` and the runner's own), kept per job and per run. */
import type { RunContext } from './run-context.js';
import type { Annotation } from './types.js';

export interface AnnotationSource {
  job: string;
  step?: string;
  /** The job's own list, besides the run's. */
  annotations: Annotation[];
}

const LABEL: Record<Annotation['level'], string> = { error: 'Error', warning: 'Warning', notice: 'Notice' };

/** Records an annotation, masked, on the job and the run, and prints it in the live log. */
export function annotate(
  run: RunContext,
  source: AnnotationSource,
  level: Annotation['level'],
  message: string,
  properties: Record<string, string> = {},
): void {
  const annotation: Annotation = {
    level,
    message: run.masker.mask(message),
    properties,
    job: source.job,
    ...(source.step !== undefined ? { step: source.step } : {}),
  };
  source.annotations.push(annotation);
  run.annotations.push(annotation);
  run.print(`[${source.job}]${source.step !== undefined ? ` [${source.step}]` : ''}`, `${LABEL[level]}: ${message}`);
}
