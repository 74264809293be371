/**
 * Prints the fault matrix (rows actions, columns faults, cells pass / FAIL / n/a) after a jest
 * run that included any `fault matrix: <action>` suite. Cells come from test titles
 * (`<fault-id> — <outcome>`; a passing cell whose outcome starts "n/a" shows as n/a), so the
 * table says what ran, never what was meant to run: a cell that did not run shows as "—".
 */
const PREFIX = 'fault matrix: ';
const FAULT_IDS = [
  'throttling',
  '5xx-burst',
  'connection-reset',
  'slow-response',
  'emulator-restart',
  'cancelled',
  'concurrent',
  'preempt-checkpoint-write',
  'cms-no-data',
];
const ACTIONS = [
  'submit-dlc-job',
  'wait-and-resume',
  'evaluate-gate',
  'eas-deploy',
  'eas-traffic-shift',
  'eas-rollback',
  'cleanup-versions',
];

function mark(assertion, outcome) {
  if (assertion.status === 'passed') return outcome.startsWith('n/a') ? 'n/a' : 'pass';
  return assertion.status === 'failed' ? 'FAIL' : assertion.status;
}

export default class MatrixReporter {
  /** action → fault → mark */
  #cells = new Map();

  onTestResult(_test, result) {
    for (const assertion of result.testResults) {
      const suite = assertion.ancestorTitles.find((title) => title.startsWith(PREFIX));
      if (!suite) continue;
      const action = suite.slice(PREFIX.length);
      const [fault, outcome = ''] = assertion.title.split(' — ');
      if (!this.#cells.has(action)) this.#cells.set(action, new Map());
      this.#cells.get(action).set(fault, mark(assertion, outcome));
    }
  }

  onRunComplete() {
    if (this.#cells.size === 0) return;
    const actions = [...ACTIONS, ...[...this.#cells.keys()].filter((a) => !ACTIONS.includes(a))];
    const header = ['action', ...FAULT_IDS];
    const rows = actions.map((action) => [
      action,
      ...FAULT_IDS.map((fault) => this.#cells.get(action)?.get(fault) ?? '—'),
    ]);
    const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
    const line = (cells) => `| ${cells.map((text, i) => text.padEnd(widths[i])).join(' | ')} |`;
    const table = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
    process.stdout.write(['', 'Fault matrix (test/reliability)', ...table, ''].join('\n') + '\n');
  }
}
