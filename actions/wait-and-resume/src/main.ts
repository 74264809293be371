import * as core from '@actions/core';
import { CloudClients } from '@pai-actions/core/action/clients.js';
import { readConnection } from '@pai-actions/core/action/connection.js';
import { dlcClient } from '@pai-actions/core/action/dlc.js';
import { readRunContext } from '@pai-actions/core/action/github-context.js';
import { ossClient } from '@pai-actions/core/action/oss.js';
import { runAction } from '@pai-actions/core/action/run.js';
import { InputError } from '@pai-actions/core/errors.js';
import { dispatchRef, dispatchWorkflow } from '@pai-actions/core/github/workflow-dispatch.js';
import { InputReader } from '@pai-actions/core/inputs.js';
import { renderTrainingSummary } from '@pai-actions/core/summary/training.js';
import { metricsOutput } from '@pai-actions/core/training/metrics-output.js';
import { waitAndResume } from '@pai-actions/core/training/wait.js';
import { readWaitInputs } from '@pai-actions/core/training/wait-inputs.js';

await runAction(async () => {
  const inputs = new InputReader();
  const { options, token, workflow } = readWaitInputs(inputs);
  const connection = readConnection(inputs, ['dlc', 'oss']);
  const run = readRunContext();

  const clients = new CloudClients(connection);
  const dlc = await dlcClient(clients);
  const result = await waitAndResume(options, {
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
      core.notice(`Dispatched ${workflow} to continue waiting for ${state.jobId} (resumes so far: ${state.resumes}).`);
    },
  });
  core.setOutput('status', result.status);
  core.setOutput('job-id', result.jobId);
  core.setOutput('resumes', String(result.resumes));
  core.setOutput('model-uri', result.modelUri ?? '');
  core.setOutput('metrics', JSON.stringify(metricsOutput(result.metrics)));
  await core.summary.addRaw(renderTrainingSummary(result.report), true).write();
  if (result.status === 'failed') throw new Error(result.failure ?? `DLC job ${result.jobId} failed`);
});
