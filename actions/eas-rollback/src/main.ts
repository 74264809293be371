import * as core from '@actions/core';
import { CloudClients } from '@pai-actions/core/action/clients.js';
import { readConnection } from '@pai-actions/core/action/connection.js';
import { easClient } from '@pai-actions/core/action/eas.js';
import { readRunContext } from '@pai-actions/core/action/github-context.js';
import { runAction } from '@pai-actions/core/action/run.js';
import { InputReader } from '@pai-actions/core/inputs.js';
import { rollbackSummary } from '@pai-actions/core/serving/deploy-summary.js';
import { rollbackGroup } from '@pai-actions/core/serving/rollback.js';
import { readRollbackInputs } from '@pai-actions/core/serving/rollback-inputs.js';

await runAction(async () => {
  const inputs = new InputReader();
  const rollback = readRollbackInputs(inputs);
  const connection = readConnection(inputs, ['eas']);
  const run = readRunContext();

  const clients = new CloudClients(connection);
  const result = await rollbackGroup(
    {
      eas: await easClient(clients),
      clock: clients.clock,
      reporter: { info: core.info, warning: core.warning, mask: core.setSecret },
    },
    { ...rollback, runKey: run.runUrl.replace(/\/attempts\/\d+$/, '') },
  );

  core.setOutput('rolled-back-to', result.rolledBackTo);
  await core.summary.addRaw(rollbackSummary(result, rollback.group)).write();
});
