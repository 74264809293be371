import * as core from '@actions/core';
import { CloudClients } from '@pai-actions/core/action/clients.js';
import { readConnection } from '@pai-actions/core/action/connection.js';
import { dlcClient } from '@pai-actions/core/action/dlc.js';
import { readRunContext } from '@pai-actions/core/action/github-context.js';
import { ossClient } from '@pai-actions/core/action/oss.js';
import { runAction } from '@pai-actions/core/action/run.js';
import { InputReader } from '@pai-actions/core/inputs.js';
import {
  checkpointIntervalWarning,
  consoleUrl,
  trainingLocations,
  type TrainingSpec,
} from '@pai-actions/core/training/job-spec.js';
import { readSubmitInputs } from '@pai-actions/core/training/submit-inputs.js';
import { submitTrainingJob } from '@pai-actions/core/training/submit.js';

await runAction(async () => {
  const inputs = new InputReader();
  const run = readRunContext();
  const job = readSubmitInputs(inputs, run);
  const connection = readConnection(inputs, ['dlc', 'oss']);

  const intervalWarning = checkpointIntervalWarning(job.spot, job.checkpointIntervalMs);
  if (intervalWarning) core.warning(intervalWarning, { title: 'checkpoint-interval' });
  const locations = trainingLocations(job.outputUri, run.sha, job.checkpointUri);
  const { workspaceId, resourceGroup, resourceConfig, instanceType, maxRestarts, discountLimit, priceLimit } = job;
  const spec: TrainingSpec = {
    ...(workspaceId ? { workspaceId } : {}),
    name: job.name,
    jobType: job.jobType,
    image: job.image,
    command: job.command,
    workers: job.workers,
    ...(instanceType && !resourceGroup ? { instanceType } : {}),
    ...(resourceGroup ? { resourceGroup, ...(resourceConfig ? { resourceConfig } : {}) } : {}),
    spot: job.spot,
    spotOptions: {
      ...(maxRestarts === undefined ? {} : { maxRestarts }),
      ...(discountLimit === undefined ? {} : { discountLimit }),
      ...(priceLimit === undefined ? {} : { priceLimit }),
    },
    ...(job.dataUri ? { dataUri: job.dataUri } : {}),
    outputUri: job.outputUri,
    checkpointUri: locations.checkpointUri,
    modelUri: locations.modelUri,
    checkpointIntervalMs: job.checkpointIntervalMs,
    envs: job.envs,
    ...(job.priority === undefined ? {} : { priority: job.priority }),
    ...(job.timeoutMs === undefined ? {} : { timeoutMs: job.timeoutMs }),
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
      ['Type', `${job.jobType} × ${job.workers}${job.spot ? ' (spot)' : ''}`],
      ['Model', result.modelUri],
      ['Checkpoints', result.checkpointUri],
      ['Lineage', result.lineageUri],
    ])
    .write();
});
