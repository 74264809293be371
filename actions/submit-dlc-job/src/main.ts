import * as core from '@actions/core';
import { CloudClients } from '@pai-actions/core/action/clients.js';
import { readConnection } from '@pai-actions/core/action/connection.js';
import { dlcClient } from '@pai-actions/core/action/dlc.js';
import { readRunContext } from '@pai-actions/core/action/github-context.js';
import { ossClient } from '@pai-actions/core/action/oss.js';
import { runAction } from '@pai-actions/core/action/run.js';
import { DLC_JOB_TYPES } from '@pai-actions/core/clients/dlc-types.js';
import { InputError } from '@pai-actions/core/errors.js';
import { InputReader } from '@pai-actions/core/inputs.js';
import {
  checkpointIntervalWarning,
  consoleUrl,
  defaultJobName,
  MIN_CHECKPOINT_INTERVAL_MS,
  trainingLocations,
  type TrainingSpec,
} from '@pai-actions/core/training/job-spec.js';
import { readDecimal, readJobEnvs, readResourceConfig } from '@pai-actions/core/training/inputs.js';
import { submitTrainingJob } from '@pai-actions/core/training/submit.js';

await runAction(async () => {
  const inputs = new InputReader();
  const run = readRunContext();
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
  const image = inputs.string('image', {
    required: true,
    pattern: /^\S+$/,
    description: 'a container image reference without spaces',
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
  const checkpointInput = inputs.ossUri('checkpoint-uri');
  const checkpointIntervalMs = inputs.duration('checkpoint-interval', {
    min: MIN_CHECKPOINT_INTERVAL_MS,
    default: 15 * 60_000,
  });
  const envs = readJobEnvs(inputs, 'envs');
  const priority = inputs.int('priority', { min: 1, max: 9 });
  const timeoutMs = inputs.duration('timeout', { min: 60_000 });
  const connection = readConnection(inputs, ['dlc', 'oss']);

  const intervalWarning = checkpointIntervalWarning(spot, checkpointIntervalMs);
  if (intervalWarning) core.warning(intervalWarning, { title: 'checkpoint-interval' });
  const locations = trainingLocations(outputUri, run.sha, checkpointInput);
  const spec: TrainingSpec = {
    ...(workspaceId ? { workspaceId } : {}),
    name,
    jobType,
    image,
    command,
    workers,
    ...(instanceType && !resourceGroup ? { instanceType } : {}),
    ...(resourceGroup ? { resourceGroup, ...(resourceConfig ? { resourceConfig } : {}) } : {}),
    spot,
    spotOptions: {
      ...(maxRestarts === undefined ? {} : { maxRestarts }),
      ...(discountLimit === undefined ? {} : { discountLimit }),
      ...(priceLimit === undefined ? {} : { priceLimit }),
    },
    ...(dataUri ? { dataUri } : {}),
    outputUri,
    checkpointUri: locations.checkpointUri,
    modelUri: locations.modelUri,
    checkpointIntervalMs,
    envs,
    ...(priority === undefined ? {} : { priority }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };

  const clients = new CloudClients(connection);
  const dlc = await dlcClient(clients);
  const result = await submitTrainingJob(spec, run, {
    dlc,
    oss: () => ossClient(clients),
    now: () => clients.clock.now(),
    reporter: {
      info: core.info,
      warning: core.warning,
      group: core.group,
      startGroup: core.startGroup,
      endGroup: core.endGroup,
    },
  });
  const url = consoleUrl(connection.region, result.jobId, workspaceId);
  core.setOutput('job-id', result.jobId);
  core.setOutput('model-uri', result.modelUri);
  core.setOutput('checkpoint-uri', result.checkpointUri);
  core.setOutput('lineage-uri', result.lineageUri);
  core.setOutput('console-url', url);
  await core.summary
    .addHeading('DLC job', 2)
    .addTable([
      [
        { data: 'Job', header: true },
        { data: result.created ? 'Submitted' : 'Found (re-run)', header: true },
      ],
      ['Job id', `<a href="${url}">${result.jobId}</a>`],
      ['Type', `${jobType} × ${workers}${spot ? ' (spot)' : ''}`],
      ['Model', result.modelUri],
      ['Checkpoints', result.checkpointUri],
      ['Lineage', result.lineageUri],
    ])
    .write();
});
