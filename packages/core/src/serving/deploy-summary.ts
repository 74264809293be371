/** Step summaries of eas-deploy and eas-rollback: Markdown, pure, and never a token. */
import type { DeployResult } from './deploy.js';
import type { RollbackResult } from './rollback.js';

export function deploySummary(
  result: DeployResult,
  facts: { sha: string; modelUri: string; strategy: string },
): string {
  const traffic = result.first
    ? 'all (first version of the group)'
    : result.weight === 0
      ? 'none yet (weight 0): shift traffic to it with eas-traffic-shift'
      : `weight ${result.weight}`;
  const rows: Array<[string, string]> = [
    ['Service', code(result.serviceName)],
    ['Group endpoint', code(result.endpoint)],
    ['EAS version', String(result.version)],
    ['Commit', code(facts.sha)],
    ['Model', code(facts.modelUri)],
    ['Strategy', facts.strategy],
    ['What happened', result.action],
    ['Traffic', traffic],
    ['Smoke request', result.smoke ? `HTTP ${result.smoke.status}` : 'not sent (no smoke-request)'],
    ['Lineage', result.lineageRecorded ? 'updated' : 'not found, not updated'],
  ];
  return `## EAS deploy: ${result.serviceName}\n\n${table(rows)}`;
}

export function rollbackSummary(result: RollbackResult, group: string): string {
  const rows: Array<[string, string]> = [
    ['Group', code(group)],
    ['Serving now', code(result.rolledBackTo)],
    ['Chosen from', result.reason],
    ['Drained', result.drained.map(code).join(', ') || 'none'],
    ['Started first', result.started ? 'yes (it was stopped)' : 'no'],
    ['Smoke request', result.smoke ? `HTTP ${result.smoke.status} through the group endpoint` : 'not sent'],
  ];
  const title = result.switched ? `rolled back to ${result.rolledBackTo}` : `${result.rolledBackTo} already serves`;
  return `## EAS rollback: ${title}\n\n${table(rows)}`;
}

function table(rows: Array<[string, string]>): string {
  return (
    ['| | |', '|---|---|', ...rows.map(([key, value]) => `| ${key} | ${value.replace(/\|/g, '\\|')} |`)].join('\n') +
    '\n'
  );
}

function code(text: string): string {
  return `\`${text}\``;
}
