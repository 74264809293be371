/**
 * The gate's report, for people (Markdown: a one-line verdict, then one row per metric) and for
 * machines (report-json). Pure.
 */
import type { GateMetricResult } from '../lineage.js';
import { codeSpan, formatNumber, formatSigned, markdownTable } from '../summary/markdown.js';
import type { GateEvaluation } from './evaluate.js';

export const GATE_REPORT_SCHEMA = 'pai-actions/gate-report@1';

/** Where the baseline's metrics came from, as far as it was found. */
export interface BaselineOrigin {
  /** The baseline input as given: `none`, `service:<name>`, or a URI. */
  spec: string;
  /** The version serving the service's traffic (service baselines). */
  version?: string;
  /** The file the metrics were read from. */
  uri?: string;
  /** False when no baseline metrics were found (then only thresholds judged). */
  found: boolean;
}

export interface GateReportContext {
  evaluatedAt: string;
  sha: string;
  runUrl: string;
  baseline: BaselineOrigin;
}

export interface GateReportJson {
  schema: typeof GATE_REPORT_SCHEMA;
  passed: boolean;
  evaluatedAt: string;
  sha: string;
  runUrl: string;
  baseline: BaselineOrigin;
  results: GateMetricResult[];
  notes: string[];
}

export function gateReportJson(evaluation: GateEvaluation, context: GateReportContext): GateReportJson {
  return {
    schema: GATE_REPORT_SCHEMA,
    passed: evaluation.passed,
    evaluatedAt: context.evaluatedAt,
    sha: context.sha,
    runUrl: context.runUrl,
    baseline: context.baseline,
    results: evaluation.results,
    notes: evaluation.unjudged,
  };
}

/** One line: what a person needs to know first. */
export function verdictLine(evaluation: GateEvaluation): string {
  const total = evaluation.results.length;
  if (evaluation.passed) {
    return `✅ **Evaluation gate passed**: ${total === 1 ? 'the metric meets' : `all ${total} metrics meet`} the criteria.`;
  }
  const missed = evaluation.results.filter((result) => !result.passed).map((result) => result.metric);
  return `❌ **Evaluation gate failed**: ${missed.join(', ')} ${missed.length === 1 ? 'misses' : 'miss'} the criteria.`;
}

const COLUMNS = [
  'Metric',
  { header: 'Value', align: 'right' as const },
  'Threshold',
  { header: 'Baseline', align: 'right' as const },
  { header: 'Change', align: 'right' as const },
  'Max regression',
  'Verdict',
];

export function gateReportMarkdown(evaluation: GateEvaluation, context: GateReportContext): string {
  const rows = evaluation.results.map((result) => [
    result.metric,
    result.value === null ? '—' : formatNumber(result.value),
    result.threshold ?? '—',
    result.baseline === undefined || result.baseline === null ? '—' : formatNumber(result.baseline),
    formatChange(result.value, result.baseline),
    result.maxRegression ?? '—',
    result.passed ? '✅ pass' : `❌ ${result.reason ?? 'fail'}`,
  ]);
  const lines = [
    verdictLine(evaluation),
    '',
    markdownTable(COLUMNS, rows),
    '',
    `Baseline: ${describeOrigin(context.baseline)}.`,
  ];
  for (const note of evaluation.unjudged) lines.push(`- Not compared: ${note}.`);
  lines.push(
    '',
    `Commit ${codeSpan(context.sha.slice(0, 7))} · [workflow run](${context.runUrl}) · ${context.evaluatedAt}`,
  );
  return lines.join('\n');
}

/** `+0.012 (+1.3%)`; `—` without both numbers. */
export function formatChange(value: number | null, base: number | null | undefined): string {
  if (value === null || base === null || base === undefined) return '—';
  const change = value - base;
  const relative = base === 0 ? '' : ` (${formatSigned((change / Math.abs(base)) * 100, 3)}%)`;
  return `${formatSigned(change)}${relative}`;
}

function describeOrigin(origin: BaselineOrigin): string {
  if (origin.spec === 'none') return 'none (thresholds only)';
  const from = [
    origin.version ? `version ${codeSpan(origin.version)}` : '',
    origin.uri ? codeSpan(origin.uri) : '',
  ].filter(Boolean);
  const where = from.length > 0 ? ` (${from.join(', ')})` : '';
  return `${codeSpan(origin.spec)}${where}${origin.found ? '' : ': no metrics found, thresholds only'}`;
}
