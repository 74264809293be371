import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { CloudClients } from '@pai-actions/core/action/clients.js';
import { readConnection } from '@pai-actions/core/action/connection.js';
import { easClient } from '@pai-actions/core/action/eas.js';
import { readRunContext } from '@pai-actions/core/action/github-context.js';
import { ossClient } from '@pai-actions/core/action/oss.js';
import { runAction } from '@pai-actions/core/action/run.js';
import { InputReader } from '@pai-actions/core/inputs.js';
import { deployModel } from '@pai-actions/core/serving/deploy.js';
import { readDeployInputs } from '@pai-actions/core/serving/deploy-inputs.js';
import { deploySummary } from '@pai-actions/core/serving/deploy-summary.js';

await runAction(async () => {
  const inputs = new InputReader();
  const deploy = readDeployInputs(inputs, (path) => readFileSync(path, 'utf8'));
  const connection = readConnection(inputs, ['eas', 'oss']);
  const run = readRunContext();
  if (deploy.scaling.advice) core.warning(deploy.scaling.advice);

  const clients = new CloudClients(connection);
  const result = await deployModel(
    {
      eas: await easClient(clients),
      oss: () => ossClient(clients),
      clock: clients.clock,
      reporter: { info: core.info, warning: core.warning, mask: core.setSecret },
    },
    {
      group: deploy.group,
      sha: run.sha,
      strategy: deploy.strategy,
      spec: deploy.spec,
      scaling: deploy.scaling,
      lineageUri: deploy.lineageUri,
      runUrl: run.runUrl,
      waitTimeoutMs: deploy.waitTimeoutMs,
      ...(deploy.smokeBody === undefined ? {} : { smokeBody: deploy.smokeBody }),
    },
  );

  core.setOutput('service-name', result.serviceName);
  core.setOutput('group', result.group);
  core.setOutput('endpoint', result.endpoint);
  core.setOutput('version', String(result.version));
  if (deploy.outputToken) core.setOutput('token', result.token);
  await core.summary
    .addRaw(deploySummary(result, { sha: run.sha, modelUri: deploy.spec.modelUri, strategy: deploy.strategy }))
    .write();
});
