/**
 * Evaluation metrics as the gate reads them: a flat JSON object of finite numbers, given inline,
 * in a metrics.json, or as the `metrics` of a lineage.json.
 */
import { InputError } from '../errors.js';
import { LINEAGE_SCHEMA, parseLineage } from '../lineage.js';
import { criteriaMetrics, type GateCriteria } from './criteria.js';

export type Metrics = Record<string, number>;

const METRICS_EXPECTED = 'a JSON object of metric names to numbers, e.g. {"accuracy": 0.93, "loss": 0.21}';

/** The `metrics` input. */
export function parseMetricsInput(input: string, value: string): Metrics {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new InputError(input, value, METRICS_EXPECTED, `not JSON: ${(error as Error).message}`);
  }
  try {
    return metricsObject(parsed);
  } catch (error) {
    throw new InputError(input, value, METRICS_EXPECTED, (error as Error).message);
  }
}

/**
 * The metrics in a document read from OSS: a lineage.json (its `metrics`, undefined when it has
 * none yet) or a metrics.json.
 */
export function metricsFromDocument(document: unknown): Metrics | undefined {
  if (isRecord(document) && document['schema'] === LINEAGE_SCHEMA) {
    const lineage = parseLineage(document);
    return lineage.metrics === undefined ? undefined : metricsObject(lineage.metrics);
  }
  return metricsObject(document);
}

function metricsObject(value: unknown): Metrics {
  if (!isRecord(value) || Array.isArray(value)) throw new Error('metrics must be a JSON object');
  const metrics: Metrics = Object.create(null) as Metrics;
  for (const [name, metric] of Object.entries(value)) {
    if (typeof metric !== 'number' || !Number.isFinite(metric)) {
      throw new Error(`metric "${name}" is ${JSON.stringify(metric)}, not a finite number`);
    }
    metrics[name] = metric;
  }
  return metrics;
}

/**
 * Every metric the criteria name must be among the metrics: a misspelt metric would otherwise
 * make its check vanish. The error names the input that mentions it.
 */
export function checkCriteriaMetrics(
  criteria: GateCriteria,
  metrics: Metrics,
  inputs: { thresholds: string; maxRegression: string },
): void {
  const known = Object.keys(metrics);
  const allowed = known.length > 0 ? `one of the metrics given: ${known.join(', ')}` : 'a metric, but none were given';
  for (const metric of criteriaMetrics(criteria)) {
    if (Object.hasOwn(metrics, metric)) continue;
    const input = criteria.thresholds.some((t) => t.metric === metric) ? inputs.thresholds : inputs.maxRegression;
    throw new InputError(input, metric, allowed, 'unknown metric');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
