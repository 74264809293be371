/**
 * The training step summary: a table of what the run measured and a Mermaid xychart of the loss
 * trajectory. Pure Markdown from plain data.
 */

export interface TrainingReport {
  status: string;
  jobs: { jobId: string; reason: string; status?: string; resumeFrom?: string }[];
  stepsPerSecond?: number;
  finalStep?: number;
  totalSteps?: number;
  finalLoss?: number;
  gpuUtilMean?: number;
  gpuUtilThreshold: number;
  /** (step, loss) points, in step order. */
  loss: { step: number; loss: number }[];
  modelUri?: string;
}

/** At most this many points in the chart: Mermaid's x axis gets unreadable past it. */
const MAX_CHART_POINTS = 40;

export function renderTrainingSummary(report: TrainingReport): string {
  const rows: [string, string][] = [
    ['Status', report.status],
    [
      'Jobs',
      report.jobs.map((job) => `\`${job.jobId}\` (${job.reason}${job.status ? `, ${job.status}` : ''})`).join(' → '),
    ],
    ['Resumes', String(Math.max(0, report.jobs.length - 1))],
  ];
  if (report.finalStep !== undefined)
    rows.push(['Steps', report.totalSteps ? `${report.finalStep} / ${report.totalSteps}` : String(report.finalStep)]);
  if (report.stepsPerSecond !== undefined) rows.push(['Steps/s', report.stepsPerSecond.toFixed(2)]);
  if (report.finalLoss !== undefined) rows.push(['Final loss', formatNumber(report.finalLoss)]);
  if (report.gpuUtilMean !== undefined) {
    const low = report.gpuUtilMean < report.gpuUtilThreshold;
    rows.push([
      'GPU utilisation (mean)',
      `${report.gpuUtilMean.toFixed(1)} %${low ? ` ⚠ below ${report.gpuUtilThreshold} %` : ''}`,
    ]);
  }
  if (report.modelUri) rows.push(['Model', `\`${report.modelUri}\``]);
  const table = ['| | |', '| --- | --- |', ...rows.map(([name, value]) => `| ${name} | ${escapeCell(value)} |`)].join(
    '\n',
  );
  const chart = lossChart(report.loss);
  return `## Training\n\n${table}\n${chart ? `\n### Loss\n\n${chart}\n` : ''}`;
}

/** A Mermaid xychart-beta line of loss over steps, thinned to at most MAX_CHART_POINTS. */
export function lossChart(points: readonly { step: number; loss: number }[]): string | undefined {
  if (points.length < 2) return undefined;
  const thinned = thin(points, MAX_CHART_POINTS);
  const max = Math.max(...thinned.map((p) => p.loss));
  return [
    '```mermaid',
    'xychart-beta',
    '  title "Training loss"',
    `  x-axis "step" [${thinned.map((p) => p.step).join(', ')}]`,
    `  y-axis "loss" 0 --> ${formatNumber(max * 1.05 || 1)}`,
    `  line [${thinned.map((p) => formatNumber(p.loss)).join(', ')}]`,
    '```',
  ].join('\n');
}

function thin<T>(points: readonly T[], limit: number): T[] {
  if (points.length <= limit) return [...points];
  const picked: T[] = [];
  for (let i = 0; i < limit; i++) picked.push(points[Math.round((i * (points.length - 1)) / (limit - 1))]!);
  return picked;
}

function formatNumber(value: number): string {
  return Number(value.toPrecision(4)).toString();
}

function escapeCell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
