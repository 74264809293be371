import * as core from '@actions/core';
import { CloudClients } from '@pai-actions/core/action/clients.js';
import { readConnection } from '@pai-actions/core/action/connection.js';
import { easClient } from '@pai-actions/core/action/eas.js';
import { ossClient } from '@pai-actions/core/action/oss.js';
import { runAction } from '@pai-actions/core/action/run.js';
import { InputReader } from '@pai-actions/core/inputs.js';
import { cleanupVersions } from '@pai-actions/core/serving/cleanup.js';
import { readCleanupInputs } from '@pai-actions/core/serving/cleanup-inputs.js';
import { cleanupSummary, decisionsOutput } from '@pai-actions/core/serving/cleanup-summary.js';

await runAction(async () => {
  const inputs = new InputReader();
  const options = readCleanupInputs(inputs);
  const connection = readConnection(inputs, ['eas', 'oss']);
  const clients = new CloudClients(connection);

  const result = await cleanupVersions(
    { eas: await easClient(clients), oss: () => ossClient(clients) },
    clients.clock,
    options,
    { info: core.info, warning: core.warning, mask: core.setSecret },
  );

  core.setOutput('deleted', decisionsOutput(result.deleted));
  core.setOutput('kept', decisionsOutput(result.kept));
  core.setOutput(
    'deleted-artifacts',
    JSON.stringify(
      result.artifacts
        .filter((a) => a.action === 'delete' && !a.error)
        .map((a) => ({ uri: a.uri, objects: a.objects ?? 0 })),
    ),
  );
  await core.summary.addRaw(cleanupSummary(result), true).write();
  if (result.cappedBy > 0) {
    core.warning(
      `max-deletes (${options.maxDeletes}) reached: ${result.cappedBy} more version(s) are due; they are left for the next run`,
    );
  }
  const failures = [
    ...result.failed.map((f) => `${f.service} (${f.error})`),
    ...result.artifacts.filter((a) => a.error).map((a) => `${a.uri} (${a.error})`),
  ];
  if (failures.length > 0) throw new Error(`cleanup could not delete ${failures.length}: ${failures.join('; ')}`);
});
