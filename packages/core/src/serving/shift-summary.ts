/**
 * The step summary of a traffic shift (pure Markdown): the result first, with the breach that
 * caused a revert, so a rollback never reads like a success; then one row per step and a
 * Mermaid chart of the new version's weight and P95 per step.
 */
import { ms, pct, type VersionStats } from './shift-plan.js';
import type { ShiftReport, StepReport } from './shift.js';

export function shiftSummaryMarkdown(report: ShiftReport): string {
  const lines: string[] = [];
  if (report.result === 'reverted') {
    lines.push(`## ❌ Traffic shift reverted: ${report.old} holds all traffic again`, '');
    lines.push(`**Why:** ${escapeCell(report.reason ?? 'unknown')}`, '');
    for (const breach of report.breaches.slice(1)) lines.push(`- also: ${escapeCell(breach.text)}`);
    if (report.breaches.length > 1) lines.push('');
  } else {
    lines.push(`## ✅ Traffic shift promoted: ${report.new} takes all traffic`, '');
  }
  lines.push(
    `Group \`${report.group}\`: old \`${report.old}\` → new \`${report.new}\`, ${report.startedAt} – ${report.endedAt} (server time).`,
    '',
  );
  if (report.load) {
    const answered = Object.entries(report.load.statuses)
      .map(([status, count]) => `${count}× ${status === '0' ? 'no answer' : status}`)
      .join(', ');
    lines.push(`Synthetic load: ${report.load.sent} requests sent (${answered || 'none answered'}).`, '');
  }
  lines.push(
    '| step | weights new / old | requests new / old | P95 new / old | error rate new / old | verdict |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const step of report.steps) lines.push(stepRow(step));
  lines.push('', shiftChart(report.steps), '');
  return lines.join('\n');
}

function stepRow(step: StepReport): string {
  const p95 = (stats: VersionStats) => (stats.p95LatencyMs === undefined ? 'n/a' : ms(stats.p95LatencyMs));
  const verdict = step.verdict === 'pass' ? 'pass' : `**${step.verdict}**: ${step.detail}`;
  const waited = step.extendedMs > 0 ? ` (waited ${Math.round(step.extendedMs / 1000)} s more for data)` : '';
  return `| ${[
    step.label,
    `${step.weights.new} / ${step.weights.old}`,
    `${step.new.requests} / ${step.old.requests}`,
    `${p95(step.new)} / ${p95(step.old)}`,
    `${pct(step.new.errorRate * 100)} / ${pct(step.old.errorRate * 100)}`,
    escapeCell(verdict + waited),
  ].join(' | ')} |`;
}

/** xychart-beta has one y axis: bars are the new version's weight (%), lines its and the old version's P95 (ms). */
export function shiftChart(steps: readonly StepReport[]): string {
  const labels = steps.map((step) => JSON.stringify(step.label.replace(/"/g, "'")));
  const p95 = (pick: (step: StepReport) => number | undefined) => steps.map((step) => round(pick(step) ?? 0));
  const newP95 = p95((step) => step.new.p95LatencyMs);
  const oldP95 = p95((step) => step.old.p95LatencyMs);
  const top = Math.max(100, ...newP95, ...oldP95);
  return [
    '```mermaid',
    'xychart-beta',
    '  title "New version: weight % (bars), P95 ms new and old (lines)"',
    `  x-axis [${labels.join(', ')}]`,
    `  y-axis "weight % / P95 ms" 0 --> ${Math.ceil(top * 1.1)}`,
    `  bar [${steps.map((step) => step.weights.new).join(', ')}]`,
    `  line [${newP95.join(', ')}]`,
    `  line [${oldP95.join(', ')}]`,
    '```',
  ].join('\n');
}

const round = (value: number) => Math.round(value * 10) / 10;
const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
