/**
 * The EAS service JSON and autoscaler body a deploy sends, built from validated inputs. Pure:
 * every rule about what may be deployed (processor, scaling per environment) lives here, so it
 * is checked before any API call and unit-tested without one. Field facts: docs/eas-deploy.md.
 */
import type { CreateServiceAutoScalerRequest, ServiceSpec } from '../clients/eas-types.js';
import { InputError } from '../errors.js';

export const PROCESSORS = ['tensorflow-savedmodel', 'torchscript', 'onnx', 'custom'] as const;
export type ProcessorKind = (typeof PROCESSORS)[number];

export const ENVIRONMENTS = ['development', 'staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const STRATEGIES = ['blue-green', 'in-place'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/**
 * EAS built-in processor codes per model format: the newest CPU version each processor page lists
 * (docs/eas-deploy.md). ONNX has none we could confirm, so it needs `processor-name`.
 */
export const DEFAULT_PROCESSOR_NAMES: Partial<Record<ProcessorKind, string>> = {
  'tensorflow-savedmodel': 'tensorflow_cpu_2.7',
  torchscript: 'pytorch_cpu_1.10',
};

/** Where a custom container finds the model: the OSS directory is mounted here. */
export const CUSTOM_MODEL_MOUNT = '/models';

export interface CustomContainer {
  image: string;
  command: string;
  port: number;
}

export interface ScalingInput {
  environment: Environment;
  instances: number;
  autoscaleMin?: number;
  autoscaleMax?: number;
  /** Average QPS per instance that triggers a scale-out. */
  scaleOutQps?: number;
  /** Seconds the autoscaler waits before scaling in. */
  scaleInCooldownSeconds: number;
  /** undefined: the environment's default (on for development and staging). */
  scaleToZero?: boolean;
}

export interface Scaling {
  instances: number;
  /** Absent: a fixed instance count, no autoscaler. */
  autoscaler?: CreateServiceAutoScalerRequest;
  /** A note for the log (e.g. how to size a production minimum). */
  advice?: string;
}

/**
 * Scaling from the inputs, or an InputError naming the input at fault. Production may never
 * scale to zero: the first request after an idle spell would wait for a cold start.
 */
export function planScaling(input: ScalingInput): Scaling {
  const { environment, instances, autoscaleMin, autoscaleMax, scaleOutQps, scaleInCooldownSeconds } = input;
  const production = environment === 'production';
  if (production && input.scaleToZero === true) {
    throw new InputError(
      'scale-to-zero',
      'true',
      'false when environment is production (production keeps at least one instance)',
      'size autoscale-min from the minimum concurrent request rate instead',
    );
  }
  const autoscaled = autoscaleMin !== undefined || autoscaleMax !== undefined || scaleOutQps !== undefined;
  if (!autoscaled) {
    if (input.scaleToZero === true) {
      throw new InputError('scale-to-zero', 'true', 'false unless autoscale-max and scale-out-qps are given');
    }
    return { instances };
  }
  if (autoscaleMax === undefined) {
    throw new InputError(
      'autoscale-max',
      '',
      'a maximum instance count when autoscaling (autoscale-min or scale-out-qps is set)',
    );
  }
  if (scaleOutQps === undefined) {
    throw new InputError('scale-out-qps', '', 'the per-instance QPS that scales out, when autoscaling');
  }
  const scaleToZero = input.scaleToZero ?? !production;
  const min = autoscaleMin ?? (scaleToZero ? 0 : 1);
  if (min === 0 && !scaleToZero) {
    const expected = production
      ? 'at least 1 when environment is production'
      : 'at least 1 when scale-to-zero is false';
    throw new InputError('autoscale-min', '0', expected);
  }
  if (autoscaleMax <= min) {
    throw new InputError('autoscale-max', String(autoscaleMax), `more than autoscale-min (${min})`);
  }
  if (instances < min || instances > autoscaleMax) {
    throw new InputError(
      'instances',
      String(instances),
      `between autoscale-min (${min}) and autoscale-max (${autoscaleMax})`,
    );
  }
  return {
    instances,
    autoscaler: {
      min,
      max: autoscaleMax,
      scaleStrategies: [{ metricName: 'qps', threshold: scaleOutQps }],
      behavior: { scaleDown: { stabilizationWindowSeconds: scaleInCooldownSeconds } },
    },
    ...(production && autoscaleMin === undefined
      ? {
          advice:
            'autoscale-min defaults to 1 in production; size it from the minimum concurrent request rate ' +
            '(peak-hour floor QPS / scale-out-qps), since scaling out takes as long as an instance start',
        }
      : {}),
  };
}

export interface SpecInput {
  serviceName: string;
  group: string;
  modelUri: string;
  processor: ProcessorKind;
  /** Overrides the default processor code (e.g. a GPU build). */
  processorName?: string;
  container?: CustomContainer;
  instanceType?: string;
  resourceGroup?: string;
  instances: number;
  /** Parsed `service-config`, merged over what is generated. */
  overrides?: Record<string, unknown>;
}

/** The service JSON of one version. `name` and `metadata.group` always win over the overrides. */
export function buildServiceSpec(input: SpecInput): ServiceSpec {
  const metadata: NonNullable<ServiceSpec['metadata']> = {
    instance: input.instances,
    group: input.group,
    ...(input.instanceType ? { instance_type: input.instanceType } : {}),
    ...(input.resourceGroup ? { resource: input.resourceGroup } : {}),
  };
  const generated: ServiceSpec = { name: input.serviceName, metadata, ...processorFields(input) };
  const merged = input.overrides ? deepMerge(generated, input.overrides) : generated;
  return { ...merged, name: input.serviceName, metadata: { ...merged.metadata, group: input.group } };
}

function processorFields(input: SpecInput): ServiceSpec {
  if (input.processor === 'custom') {
    if (!input.container) throw new InputError('image', '', 'an image, command and port when processor is custom');
    return {
      // The image reads the model from the mount; the model-uri label records what runs.
      containers: [{ image: input.container.image, command: input.container.command, port: input.container.port }],
      storage: [{ oss: { path: input.modelUri, readOnly: true }, mount_path: CUSTOM_MODEL_MOUNT }],
    };
  }
  const processor = input.processorName ?? DEFAULT_PROCESSOR_NAMES[input.processor];
  if (!processor) {
    throw new InputError('processor-name', '', `an EAS processor code when processor is ${input.processor}`);
  }
  return { model_path: input.modelUri, processor };
}

/** Objects merge key by key; anything else in `patch` replaces (the rule of UpdateService merge). */
export function deepMerge<T extends Record<string, unknown>>(base: T, patch: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out as T;
}

/** The JSON of a `service-config` file as an object, or an InputError naming the input. */
export function parseServiceConfig(input: string, path: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(input, path, 'a file holding one JSON object (EAS service JSON)', (error as Error).message);
  }
  if (!isPlainObject(parsed)) throw new InputError(input, path, 'a file holding one JSON object (EAS service JSON)');
  return parsed;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
