import * as core from '@actions/core';
import { CloudClients } from '@pai-actions/core/action/clients.js';
import { readConnection } from '@pai-actions/core/action/connection.js';
import { dlcClient } from '@pai-actions/core/action/dlc.js';
import { readRunContext } from '@pai-actions/core/action/github-context.js';
import { ossClient } from '@pai-actions/core/action/oss.js';
import { runAction } from '@pai-actions/core/action/run.js';
import { InputError } from '@pai-actions/core/errors.js';
import { dispatchRef, dispatchWorkflow, workflowFromRef } from '@pai-actions/core/github/workflow-dispatch.js';
import { InputReader } from '@pai-actions/core/inputs.js';
import { renderTrainingSummary } from '@pai-actions/core/summary/training.js';
import { readExitCodes } from '@pai-actions/core/training/inputs.js';
import { metricsOutput } from '@pai-actions/core/training/metrics-output.js';
import { waitAndResume } from '@pai-actions/core/training/wait.js';

await runAction(async () => {
  const inputs = new InputReader();
  const jobId = inputs.string('job-id', {
    required: true,
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/,
    description: 'a DLC job id such as dlc1a2b3c4d5e6f',
  });
  const resumes = inputs.int('resumes', { min: 0, max: 1000, default: 0 });
  const pollIntervalMs = inputs.duration('poll-interval', { min: 1_000, max: 3_600_000, default: 15_000 });
  const maxPollIntervalMs = inputs.duration('max-poll-interval', { min: 1_000, max: 6 * 3_600_000, default: 300_000 });
  if (maxPollIntervalMs < pollIntervalMs) {
    throw new InputError(
      'max-poll-interval',
      core.getInput('max-poll-interval'),
      `a duration of at least poll-interval (${core.getInput('poll-interval') || '15s'})`,
    );
  }
  const timeoutMs = inputs.duration('timeout', { min: 60_000, default: 72 * 3_600_000 });
  const maxResumes = inputs.int('max-resumes', { min: 0, max: 100, default: 3 });
  const recoverOnExitCodes = readExitCodes(inputs, 'recover-on-exit-codes');
  const budgetMs = inputs.duration('budget', { min: 1_000, default: 5 * 3_600_000 + 30 * 60_000 });
  const gpuUtilThreshold = inputs.int('gpu-util-threshold', { min: 0, max: 100, default: 60 });
  const token = core.getInput('github-token');
  if (token) core.setSecret(token);
  const workflow =
    inputs.string('workflow', {
      pattern: /^([\w.-]+\.ya?ml|\d+)$/,
      description: 'a workflow file name such as train.yml, or a workflow id',
    }) ?? workflowFromRef(process.env['GITHUB_WORKFLOW_REF']);
  const connection = readConnection(inputs, ['dlc', 'oss']);
  const run = readRunContext();

  const clients = new CloudClients(connection);
  const dlc = await dlcClient(clients);
  const result = await waitAndResume(
    {
      jobId,
      resumes,
      pollIntervalMs,
      maxPollIntervalMs,
      timeoutMs,
      maxResumes,
      recoverOnExitCodes,
      budgetMs,
      gpuUtilThreshold,
    },
    {
      dlc,
      oss: () => ossClient(clients),
      clock: clients.clock,
      reporter: {
        info: core.info,
        warning: core.warning,
        group: core.group,
        startGroup: core.startGroup,
        endGroup: core.endGroup,
      },
      handOff: async (state) => {
        if (!workflow)
          throw new InputError(
            'workflow',
            '',
            'a workflow file name (GITHUB_WORKFLOW_REF is not set) to hand the wait off to',
          );
        if (!token) throw new InputError('github-token', '', 'a token with actions: write to hand the wait off');
        await dispatchWorkflow({
          apiUrl: run.apiUrl,
          token,
          repository: run.repository,
          workflow,
          ref: dispatchRef(process.env),
          inputs: { 'job-id': state.jobId, resumes: String(state.resumes) },
        });
        core.notice(
          `Dispatched ${workflow} to continue waiting for ${state.jobId} (resumes so far: ${state.resumes}).`,
        );
      },
    },
  );
  core.setOutput('status', result.status);
  core.setOutput('job-id', result.jobId);
  core.setOutput('resumes', String(result.resumes));
  core.setOutput('model-uri', result.modelUri ?? '');
  core.setOutput('metrics', JSON.stringify(metricsOutput(result.metrics)));
  await core.summary.addRaw(renderTrainingSummary(result.report), true).write();
  if (result.status === 'failed') throw new Error(result.failure ?? `DLC job ${result.jobId} failed`);
});
