/**
 * The model artefact the emulated EAS processor serves (docs/emulator-model-format.md): a JSON
 * linear model whose predictions are really computed, plus the serving behaviour (latency
 * distribution, error rate) that lets a test make a version slow or failing.
 */
export const MODEL_FORMAT = 'pai-emulator-linear/1';

export interface LatencySpec {
  /** Median response time, emulated ms. */
  p50: number;
  /** 95th percentile, emulated ms (>= p50). */
  p95: number;
}

export interface Behaviour {
  latencyMs: LatencySpec;
  /** Share of requests answered 500, 0..1. */
  errorRate: number;
}

export interface LinearModel {
  format: typeof MODEL_FORMAT;
  weights: number[];
  bias: number;
  /** `identity` (default, regression) or `sigmoid` (a probability). */
  activation: 'identity' | 'sigmoid';
  behaviour?: Partial<Behaviour>;
}

/** How a service behaves when neither its artefact nor the admin API says otherwise. */
export const DEFAULT_BEHAVIOUR: Behaviour = { latencyMs: { p50: 8, p95: 20 }, errorRate: 0 };

export class ModelError extends Error {}

/** Parses and checks an artefact; throws ModelError saying what is wrong. */
export function parseModel(text: string): LinearModel {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ModelError('model artefact is not JSON');
  }
  if (!isRecord(raw) || raw['format'] !== MODEL_FORMAT) {
    throw new ModelError(`model artefact must have "format": "${MODEL_FORMAT}"`);
  }
  const weights = raw['weights'];
  if (!Array.isArray(weights) || weights.length === 0 || !weights.every(isFiniteNumber)) {
    throw new ModelError('"weights" must be a non-empty array of numbers');
  }
  const bias = raw['bias'] ?? 0;
  if (!isFiniteNumber(bias)) throw new ModelError('"bias" must be a number');
  const activation = raw['activation'] ?? 'identity';
  if (activation !== 'identity' && activation !== 'sigmoid') {
    throw new ModelError('"activation" must be "identity" or "sigmoid"');
  }
  const behaviour = raw['behaviour'] === undefined ? undefined : checkBehaviour(raw['behaviour']);
  return { format: MODEL_FORMAT, weights, bias, activation, ...(behaviour ? { behaviour } : {}) };
}

/** Validates a (partial) behaviour, from an artefact or the admin API. */
export function checkBehaviour(value: unknown): Partial<Behaviour> {
  if (!isRecord(value)) throw new ModelError('"behaviour" must be an object');
  const out: Partial<Behaviour> = {};
  if (value['latencyMs'] !== undefined) {
    const latency = value['latencyMs'];
    if (!isRecord(latency) || !isFiniteNumber(latency['p50']) || !isFiniteNumber(latency['p95'])) {
      throw new ModelError('"latencyMs" must be {"p50": number, "p95": number}');
    }
    const { p50, p95 } = latency;
    if (p50 < 0 || p95 < p50) throw new ModelError('"latencyMs" needs 0 <= p50 <= p95');
    out.latencyMs = { p50, p95 };
  }
  if (value['errorRate'] !== undefined) {
    const rate = value['errorRate'];
    if (!isFiniteNumber(rate) || rate < 0 || rate > 1) throw new ModelError('"errorRate" must be within 0..1');
    out.errorRate = rate;
  }
  return out;
}

/** The admin override wins over the artefact, field by field; the artefact wins over the default. */
export function effectiveBehaviour(
  model: LinearModel | undefined,
  override: Partial<Behaviour> | undefined,
): Behaviour {
  return {
    latencyMs: override?.latencyMs ?? model?.behaviour?.latencyMs ?? DEFAULT_BEHAVIOUR.latencyMs,
    errorRate: override?.errorRate ?? model?.behaviour?.errorRate ?? DEFAULT_BEHAVIOUR.errorRate,
  };
}

export type PredictInput = { instances: number[][] };

/**
 * Reads `{"instances": [[x1, x2, ...], ...]}`; returns the reason when the body is not that, or
 * when a row's length differs from the model's.
 */
export function readInstances(body: unknown, features: number): PredictInput | string {
  if (!isRecord(body) || !Array.isArray(body['instances'])) return 'body must be {"instances": [[number, ...], ...]}';
  const instances = body['instances'] as unknown[];
  if (instances.length === 0) return '"instances" is empty';
  for (let i = 0; i < instances.length; i++) {
    const row = instances[i];
    if (!Array.isArray(row) || !row.every(isFiniteNumber)) return `instances[${i}] must be an array of numbers`;
    if (row.length !== features) return `instances[${i}] has ${row.length} features, the model takes ${features}`;
  }
  return { instances: instances as number[][] };
}

export function predict(model: LinearModel, instances: number[][]): number[] {
  return instances.map((row) => {
    let sum = model.bias;
    for (let i = 0; i < row.length; i++) sum += row[i]! * model.weights[i]!;
    return model.activation === 'sigmoid' ? 1 / (1 + Math.exp(-sum)) : sum;
  });
}

const Z95 = 1.6448536269514722;

/**
 * A log-normal draw with the given median and 95th percentile (the usual shape of service
 * latency: a floor, a body and a long tail). `random` is uniform in [0, 1).
 */
export function sampleLatency(spec: LatencySpec, random: () => number): number {
  if (spec.p50 <= 0) return spec.p95 > 0 ? spec.p95 * random() : 0;
  const sigma = spec.p95 > spec.p50 ? Math.log(spec.p95 / spec.p50) / Z95 : 0;
  return spec.p50 * Math.exp(sigma * standardNormal(random));
}

function standardNormal(random: () => number): number {
  // Box-Muller; 1 - u keeps the logarithm finite.
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
