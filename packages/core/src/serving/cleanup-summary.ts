/**
 * cleanup-versions' step summary and outputs, as pure functions of its result: what was deleted
 * and what was kept, each with its reason.
 */
import type { CleanupDecision } from './cleanup-plan.js';
import type { CleanupResult } from './cleanup.js';

/** The `deleted` and `kept` outputs: JSON arrays of { service, reason }. */
export function decisionsOutput(decisions: readonly CleanupDecision[]): string {
  return JSON.stringify(decisions.map(({ service, reason }) => ({ service, reason })));
}

export function cleanupSummary(result: CleanupResult): string {
  const lines: string[] = [`## EAS version cleanup${result.dryRun ? ' (dry run: nothing was deleted)' : ''}`, ''];
  lines.push(
    `Judged at server time ${result.judgedAt}. ${result.dryRun ? 'Would delete' : 'Deleted'} ${result.deleted.length}, ` +
      `kept ${result.kept.length}${result.failed.length ? `, failed ${result.failed.length}` : ''}.`,
    '',
  );
  if (result.cappedBy > 0) {
    lines.push(
      `> **max-deletes reached**: ${result.cappedBy} more version(s) are due and were kept for a later run.`,
      '',
    );
  }
  if (result.failed.length > 0) {
    lines.push(
      '### Failed',
      '',
      ...table(
        ['Version', 'Group', 'Error'],
        result.failed.map((f) => [f.service, f.group, f.error]),
      ),
      '',
    );
  }
  lines.push(`### ${result.dryRun ? 'Would delete' : 'Deleted'}`, '');
  lines.push(...(result.deleted.length ? decisionTable(result.deleted) : ['None.']), '');
  lines.push('### Kept', '');
  lines.push(...(result.kept.length ? decisionTable(result.kept) : ['None.']), '');
  if (result.artifacts.length > 0) {
    lines.push('### Model artefacts', '');
    lines.push(
      ...table(
        ['Model', 'Action', 'Reason'],
        result.artifacts.map((a) => [
          a.uri,
          a.error
            ? 'failed'
            : a.action === 'delete'
              ? `${result.dryRun ? 'would delete' : 'deleted'} ${a.objects ?? 0} object(s)`
              : 'kept',
          a.error ?? a.reason,
        ]),
      ),
      '',
    );
  }
  return lines.join('\n');
}

function decisionTable(decisions: readonly CleanupDecision[]): string[] {
  return table(
    ['Version', 'Group', 'Reason'],
    decisions.map((d) => [d.service, d.group, d.reason]),
  );
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const row = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [row(header), row(header.map(() => '---')), ...rows.map(row)];
}

/** A pipe or line break would end the cell. */
function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
