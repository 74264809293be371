import * as core from '@actions/core';
import { CloudClients } from '@pai-actions/core/action/clients.js';
import { cmsClient } from '@pai-actions/core/action/cms.js';
import type { EasWindowQuery } from '@pai-actions/core/clients/cms.js';
import { readConnection } from '@pai-actions/core/action/connection.js';
import { easClient } from '@pai-actions/core/action/eas.js';
import { readRunContext } from '@pai-actions/core/action/github-context.js';
import { runAction } from '@pai-actions/core/action/run.js';
import { InputReader } from '@pai-actions/core/inputs.js';
import { readShiftInputs } from '@pai-actions/core/serving/shift-inputs.js';
import { shiftSummaryMarkdown } from '@pai-actions/core/serving/shift-summary.js';
import { restoreShift, shiftTraffic, type SavedShift } from '@pai-actions/core/serving/shift.js';

const reporter = {
  info: (message: string) => core.info(message),
  warning: (message: string) => core.warning(message),
  secret: (value: string) => core.setSecret(value),
};

// One bundle for main and post: main marks its state, the post step sees STATE_phase.
const isPost = core.getState('phase') === 'main';

await runAction(isPost ? post : main);

async function main(): Promise<void> {
  core.saveState('phase', 'main');
  const inputs = new InputReader();
  const run = readRunContext();
  const shift = readShiftInputs(inputs, run.sha);
  const connection = readConnection(inputs, ['eas', 'cms']);
  const clients = new CloudClients(connection);
  const eas = await easClient(clients);
  // CloudMonitor's SDK loads on its first use, during the first bake, not before the first EAS call.
  const cms = {
    easServiceWindow: async (query: EasWindowQuery) =>
      (await cmsClient(clients, reporter.warning)).easServiceWindow(query),
  };

  const report = await shiftTraffic(
    { eas, cms, clock: clients.clock },
    {
      ...shift,
      holder: { runId: run.runId, runAttempt: run.runAttempt },
      runUrl: (runId, attempt) => `${run.serverUrl}/${run.repository}/actions/runs/${runId}/attempts/${attempt}`,
      onStarted: (saved) => core.saveState('shift', JSON.stringify(saved)),
    },
    reporter,
  );
  core.saveState('done', 'true');
  core.setOutput('result', report.result);
  core.setOutput('weights', JSON.stringify(report.weights));
  core.setOutput('report', JSON.stringify(report));
  await core.summary.addRaw(shiftSummaryMarkdown(report)).write();
  if (report.result === 'reverted') {
    const message = `Traffic shift reverted to ${report.old}: ${report.reason ?? 'see the summary'}`;
    if (shift.failOnRevert) throw new Error(message);
    core.warning(message);
  }
  if (report.lockReleaseDenied) {
    throw new Error(
      `Traffic shift ${report.result}, but the shift lock stays on ${report.old} and ${report.new} until it expires (later shifts of the group wait): ${report.lockReleaseDenied}`,
    );
  }
}

async function post(): Promise<void> {
  const saved = core.getState('shift');
  if (!saved || core.getState('done') === 'true') return;
  const shift = JSON.parse(saved) as SavedShift;
  const connection = readConnection(new InputReader(), ['eas']);
  const clients = new CloudClients(connection);
  const weights = await restoreShift({ eas: await easClient(clients), clock: clients.clock }, shift, reporter);
  await core.summary
    .addRaw(
      `## ❌ Traffic shift cancelled: ${shift.old} holds all traffic again\n\n` +
        `The run ended before the shift of group \`${shift.group}\` finished; the post step set ${shift.old} to weight 100 and ${shift.new} to 0.\n`,
    )
    .write();
  core.setOutput('weights', JSON.stringify(weights));
}
