/**
 * wait-and-resume's `metrics` output: one flat JSON map of numbers, so evaluate-gate can gate on
 * it directly (`accuracy >= 0.92`). The model's own metrics.json keeps its names; what the run
 * measured about the training goes under `train_*` names that cannot collide with them.
 */
import type { TrainingMetrics } from './wait.js';

export function metricsOutput(metrics: TrainingMetrics): Record<string, number> {
  const training: Record<string, number | undefined> = {
    train_steps: metrics.steps,
    train_total_steps: metrics.totalSteps,
    train_steps_per_second: metrics.stepsPerSecond,
    train_final_loss: metrics.finalLoss,
    train_gpu_util_mean: metrics.gpuUtilMean,
    train_resumes: metrics.resumes,
  };
  const measured = Object.entries(training).filter((entry): entry is [string, number] => entry[1] !== undefined);
  return { ...metrics.model, ...Object.fromEntries(measured) };
}
