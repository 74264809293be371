/**
 * eas-deploy's inputs, all read and checked before any API call: a bad value fails with one
 * InputError naming the input, and nothing is created.
 */
import { InputError } from '../errors.js';
import { formatOssUri, type InputReader } from '../inputs.js';
import { lineageUriForModel } from '../lineage.js';
import { EAS_NAME, EAS_NAME_EXPECTED } from './labels.js';
import {
  DEFAULT_PROCESSOR_NAMES,
  ENVIRONMENTS,
  parseServiceConfig,
  planScaling,
  PROCESSORS,
  STRATEGIES,
  type CustomContainer,
  type Environment,
  type Scaling,
  type SpecInput,
  type Strategy,
} from './service-spec.js';

export interface DeployInputs {
  group: string;
  environment: Environment;
  strategy: Strategy;
  spec: Omit<SpecInput, 'serviceName' | 'group' | 'instances'>;
  scaling: Scaling;
  lineageUri: string;
  smokeBody?: string;
  waitTimeoutMs: number;
  outputToken: boolean;
}

const PROCESSOR_NAME = /^[a-z][a-z0-9_.-]{1,63}$/;
const RESOURCE_GROUP = /^[a-z0-9][a-z0-9-]{1,63}$/;
const INSTANCE_TYPE = /^[a-z0-9][a-z0-9.-]{1,63}$/;
const IMAGE = /^[a-z0-9][\w./:@-]*$/i;

/** `readFile` reads a workspace path (a parameter so tests need no files). */
export function readDeployInputs(inputs: InputReader, readFile: (path: string) => string): DeployInputs {
  const group = inputs.string('service-name', { required: true, pattern: EAS_NAME, description: EAS_NAME_EXPECTED });
  const modelUri = formatOssUri(inputs.ossUri('model-uri', { required: true }));
  const processor = inputs.enumeration('processor', PROCESSORS, { required: true });
  const processorName = inputs.string('processor-name', {
    pattern: PROCESSOR_NAME,
    description: 'an EAS processor code such as tensorflow_gpu_2.7 or pytorch_gpu_1.10',
  });
  const container = readContainer(inputs, processor === 'custom');
  if (!processorName && processor !== 'custom' && !DEFAULT_PROCESSOR_NAMES[processor]) {
    throw new InputError('processor-name', '', `an EAS processor code when processor is ${processor} (no default)`);
  }
  if (processorName && processor === 'custom') {
    throw new InputError('processor-name', processorName, 'empty when processor is custom (the image serves)');
  }
  const instanceType = inputs.string('instance-type', {
    pattern: INSTANCE_TYPE,
    description: 'an instance type such as ecs.c7.large',
  });
  const resourceGroup = inputs.string('resource-group', {
    pattern: RESOURCE_GROUP,
    description: 'an EAS resource group id such as eas-r-abc123 (empty: the public resource group)',
  });
  const environment = inputs.enumeration('environment', ENVIRONMENTS, { required: true });
  const strategy = inputs.enumeration('strategy', STRATEGIES, { default: 'blue-green' });
  const instances = inputs.int('instances', { min: 1, max: 1000, default: 1 });
  const autoscaleMin = inputs.int('autoscale-min', { min: 0, max: 1000 });
  const autoscaleMax = inputs.int('autoscale-max', { min: 1, max: 1000 });
  const scaleOutQps = inputs.int('scale-out-qps', { min: 1, max: 1_000_000 });
  const cooldownMs = inputs.duration('scale-in-cooldown', { min: 0, max: 3_600_000, default: 300_000 });
  const scaleToZero = inputs.bool('scale-to-zero');
  const scaling = planScaling({
    environment,
    instances,
    scaleInCooldownSeconds: Math.round(cooldownMs / 1000),
    ...(autoscaleMin === undefined ? {} : { autoscaleMin }),
    ...(autoscaleMax === undefined ? {} : { autoscaleMax }),
    ...(scaleOutQps === undefined ? {} : { scaleOutQps }),
    ...(scaleToZero === undefined ? {} : { scaleToZero }),
  });
  const configPath = inputs.string('service-config');
  const overrides = configPath === undefined ? undefined : readServiceConfig(configPath, readFile);
  const smokeBody = inputs.string('smoke-request');
  if (smokeBody !== undefined) checkJson('smoke-request', smokeBody);
  const waitTimeoutMs = inputs.duration('wait-timeout', { min: 10_000, max: 6 * 3_600_000, default: 900_000 });
  const outputToken = inputs.bool('output-token', { default: false });
  return {
    group,
    environment,
    strategy,
    spec: {
      modelUri,
      processor,
      ...(processorName ? { processorName } : {}),
      ...(container ? { container } : {}),
      ...(instanceType ? { instanceType } : {}),
      ...(resourceGroup ? { resourceGroup } : {}),
      ...(overrides ? { overrides } : {}),
    },
    scaling,
    lineageUri: lineageUriForModel(modelUri),
    ...(smokeBody === undefined ? {} : { smokeBody }),
    waitTimeoutMs,
    outputToken,
  };
}

/** image, command and port belong to a custom processor and nothing else. */
function readContainer(inputs: InputReader, custom: boolean): CustomContainer | undefined {
  const image = inputs.string('image', {
    pattern: IMAGE,
    description: 'a container image reference such as registry/repo:tag',
  });
  const command = inputs.string('command');
  const port = inputs.int('port', { min: 1, max: 65_535 });
  if (!custom) {
    for (const [name, value] of [
      ['image', image],
      ['command', command],
      ['port', port],
    ] as const) {
      if (value !== undefined) throw new InputError(name, String(value), 'empty unless processor is custom');
    }
    return undefined;
  }
  if (!image) throw new InputError('image', '', 'a container image when processor is custom');
  if (!command) throw new InputError('command', '', 'the command that starts the server when processor is custom');
  if (port === undefined) throw new InputError('port', '', 'the port the server listens on when processor is custom');
  return { image, command, port };
}

function readServiceConfig(path: string, readFile: (path: string) => string): Record<string, unknown> {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new InputError('service-config', path, 'a readable JSON file in the workspace', (error as Error).message);
  }
  return parseServiceConfig('service-config', path, text);
}

function checkJson(input: string, value: string): void {
  try {
    JSON.parse(value);
  } catch (error) {
    throw new InputError(input, value, 'a JSON request body', (error as Error).message);
  }
}
