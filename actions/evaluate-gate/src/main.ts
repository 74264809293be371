import * as core from '@actions/core';
import { CloudClients } from '@pai-actions/core/action/clients.js';
import { readConnection } from '@pai-actions/core/action/connection.js';
import { easClient } from '@pai-actions/core/action/eas.js';
import { readRunContext } from '@pai-actions/core/action/github-context.js';
import { ossClient } from '@pai-actions/core/action/oss.js';
import { runAction } from '@pai-actions/core/action/run.js';
import { readGateInputs } from '@pai-actions/core/gate/inputs.js';
import { verdictLine } from '@pai-actions/core/gate/report.js';
import { runGate } from '@pai-actions/core/gate/run-gate.js';
import { loadGitHubApi } from '@pai-actions/core/github/octokit.js';
import { InputReader } from '@pai-actions/core/inputs.js';

await runAction(async () => {
  const inputs = new InputReader();
  const run = readRunContext();
  const request = readGateInputs(inputs, run);
  const connection = readConnection(inputs, ['oss', 'eas']);
  const clients = new CloudClients(connection);

  const outcome = await runGate(request, {
    oss: () => ossClient(clients),
    eas: () => easClient(clients),
    github: (token) => loadGitHubApi(token, run.apiUrl),
    now: () => clients.clock.now(),
    run,
    log: { info: core.info, notice: core.notice, warning: core.warning, mask: core.setSecret },
  });

  const { passed } = outcome.evaluation;
  core.setOutput('passed', String(passed));
  core.setOutput('report', outcome.report);
  core.setOutput('report-json', JSON.stringify(outcome.reportJson));
  core.setOutput('comment-url', outcome.comment?.url ?? '');
  await core.summary.addRaw(outcome.report, true).write();
  if (passed) return;
  const missed = outcome.evaluation.results
    .filter((result) => !result.passed)
    .map((result) => `${result.metric} ${result.reason ?? 'missed'}`)
    .join('; ');
  if (request.failOnMiss) throw new Error(`Evaluation gate failed: ${missed}`);
  core.warning(`${verdictLine(outcome.evaluation).replace(/\*\*/g, '')} ${missed} (fail-on-miss is false).`);
});
