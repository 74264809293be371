/**
 * submit-dlc-job's own inputs, all read and checked before any API call: a bad value fails with
 * one InputError naming the input. A function of its own so tests call exactly what the action does.
 */
import type { RunContext } from '../action/github-context.js';
import { DLC_JOB_TYPES, type DlcJobType, type ResourceConfig } from '../clients/dlc-types.js';
import { InputError } from '../errors.js';
import type { InputReader, OssLocation } from '../inputs.js';
import { defaultJobName, MIN_CHECKPOINT_INTERVAL_MS } from './job-spec.js';
import { readDecimal, readJobEnvs, readResourceConfig } from './inputs.js';

export interface SubmitInputs {
  workspaceId?: string;
  name: string;
  jobType: DlcJobType;
  image: string;
  command: string;
  workers: number;
  instanceType?: string;
  resourceGroup?: string;
  resourceConfig?: ResourceConfig;
  spot: boolean;
  maxRestarts?: number;
  discountLimit?: number;
  priceLimit?: number;
  dataUri?: OssLocation;
  outputUri: OssLocation;
  checkpointUri?: OssLocation;
  checkpointIntervalMs: number;
  envs: Record<string, string>;
  priority?: number;
  timeoutMs?: number;
}

export function readSubmitInputs(inputs: InputReader, run: RunContext): SubmitInputs {
  const workspaceId = inputs.string('workspace-id', {
    pattern: /^[A-Za-z0-9_-]{1,64}$/,
    description: 'a PAI workspace id',
  });
  const name = inputs.string('name', {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/,
    description: 'letters, digits, - and _ (at most 128, starting with a letter or digit)',
    default: defaultJobName(run),
  });
  const jobType = inputs.enumeration('job-type', DLC_JOB_TYPES, { default: 'PyTorchJob' });
  // The characters of a Docker reference (registry[:port]/repo:tag@digest); \S alone let control characters in.
  const image = inputs.string('image', {
    required: true,
    pattern: /^[a-z0-9][\w./:@-]*$/i,
    description: 'a container image reference such as registry/repo:tag, without spaces',
  });
  const command = inputs.string('command', { required: true });
  const workers = inputs.int('workers', { min: 1, max: 1000, default: 1 });
  const resourceGroup = inputs.string('resource-group', {
    pattern: /^[A-Za-z0-9_-]{1,128}$/,
    description: 'a DLC resource group (quota) id',
  });
  const resourceConfig = readResourceConfig(inputs, 'resource-config');
  const instanceType = inputs.string('instance-type', {
    pattern: /^ecs\.[a-z0-9.-]+$/,
    description: 'an ECS instance type such as ecs.gn6i-c4g1.xlarge',
  });
  if (!resourceGroup && !instanceType)
    throw new InputError('instance-type', '', 'an ECS instance type (required unless resource-group is set)');
  if (resourceGroup && !resourceConfig)
    throw new InputError(
      'resource-config',
      '',
      'KEY=VALUE lines such as CPU=8, GPU=1, Memory=32Gi (required with resource-group)',
    );
  const spot = inputs.bool('spot', { default: false });
  const maxRestarts = inputs.int('spot-max-restarts', { min: 0, max: 100 });
  const discountLimit = readDecimal(inputs, 'spot-discount-limit', { above: 0, max: 1 });
  const priceLimit = readDecimal(inputs, 'spot-price-limit', { above: 0, max: 1_000_000 });
  if (discountLimit !== undefined && priceLimit !== undefined) {
    throw new InputError(
      'spot-price-limit',
      String(priceLimit),
      'empty when spot-discount-limit is set (DLC takes one limit)',
    );
  }
  const dataUri = inputs.ossUri('data-uri');
  const outputUri = inputs.ossUri('output-uri', { required: true });
  const checkpointUri = inputs.ossUri('checkpoint-uri');
  const checkpointIntervalMs = inputs.duration('checkpoint-interval', {
    min: MIN_CHECKPOINT_INTERVAL_MS,
    default: 15 * 60_000,
  });
  const envs = readJobEnvs(inputs, 'envs');
  const priority = inputs.int('priority', { min: 1, max: 9 });
  const timeoutMs = inputs.duration('timeout', { min: 60_000 });
  return {
    ...(workspaceId ? { workspaceId } : {}),
    name,
    jobType,
    image,
    command,
    workers,
    ...(instanceType ? { instanceType } : {}),
    ...(resourceGroup ? { resourceGroup } : {}),
    ...(resourceConfig ? { resourceConfig } : {}),
    spot,
    ...(maxRestarts === undefined ? {} : { maxRestarts }),
    ...(discountLimit === undefined ? {} : { discountLimit }),
    ...(priceLimit === undefined ? {} : { priceLimit }),
    ...(dataUri ? { dataUri } : {}),
    outputUri,
    ...(checkpointUri ? { checkpointUri } : {}),
    checkpointIntervalMs,
    envs,
    ...(priority === undefined ? {} : { priority }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
}
