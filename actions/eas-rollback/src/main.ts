import * as core from '@actions/core';
import { CloudClients } from '@pai-actions/core/action/clients.js';
import { readConnection } from '@pai-actions/core/action/connection.js';
import { easClient } from '@pai-actions/core/action/eas.js';
import { runAction } from '@pai-actions/core/action/run.js';
import { InputReader } from '@pai-actions/core/inputs.js';

// SKELETON: proves the action frame (inputs, lazy clients, bundle); the rollback itself is to come.
await runAction(async () => {
  const inputs = new InputReader();
  const serviceName = inputs.string('service-name', { required: true });
  const connection = readConnection(inputs, ['eas']);
  const clients = new CloudClients(connection);
  const eas = await easClient(clients);
  const group = await eas.describeGroup(serviceName);
  core.setOutput('rolled-back-to', group.Name ?? '');
});
