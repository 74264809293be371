import { expect, test } from '@jest/globals';
import type { ShiftReport, StepReport } from '../../src/serving/shift.js';
import { shiftChart, shiftSummaryMarkdown } from '../../src/serving/shift-summary.js';

const step = (
  label: string,
  newWeight: number,
  p95New: number,
  verdict: StepReport['verdict'] = 'pass',
): StepReport => ({
  label,
  weights: { new: newWeight, old: 100 - newWeight },
  window: { start: '2026-12-02T10:00:00.000Z', end: '2026-12-02T10:06:00.000Z' },
  new: { requests: 120, errors: 0, errorRate: 0, p95LatencyMs: p95New },
  old: { requests: 1080, errors: 3, errorRate: 3 / 1080, p95LatencyMs: 50 },
  verdict,
  detail: verdict === 'breach' ? 'P95 150 ms > limit 75 ms (old 50 ms + 50 %, max-p95-increase)' : 'within limits',
  decision: verdict === 'breach' ? 'revert' : 'advance',
  extendedMs: 0,
});

const base: Omit<ShiftReport, 'result' | 'steps'> = {
  group: 'demo',
  old: 'demo_aaaaaaa',
  new: 'demo_bbbbbbb',
  breaches: [],
  weights: {},
  startedAt: '2026-12-02T10:00:00.000Z',
  endedAt: '2026-12-02T10:20:00.000Z',
};

test('a revert opens the summary with its reason, then one row per step and the chart', () => {
  const markdown = shiftSummaryMarkdown({
    ...base,
    result: 'reverted',
    reason: 'step 1/3 (10 %): P95 150 ms > limit 75 ms (old 50 ms + 50 %, max-p95-increase)',
    steps: [step('step 1/3 (10 %)', 10, 150, 'breach')],
  });
  const lines = markdown.split('\n');
  expect(lines[0]).toBe('## ❌ Traffic shift reverted: demo_aaaaaaa holds all traffic again');
  expect(lines[2]).toBe('**Why:** step 1/3 (10 %): P95 150 ms > limit 75 ms (old 50 ms + 50 %, max-p95-increase)');
  expect(markdown).toContain(
    '| step 1/3 (10 %) | 10 / 90 | 120 / 1080 | 150 ms / 50 ms | 0 % / 0.28 % | **breach**: P95 150 ms > limit 75 ms (old 50 ms + 50 %, max-p95-increase) |',
  );
  expect(markdown).not.toContain('promoted');
});

test('the chart has the new weight as bars and both P95s as lines, one point per step', () => {
  expect(shiftChart([step('step 1/2 (10 %)', 10, 48), step('step 2/2 (100 %)', 100, 130.04)])).toBe(
    [
      '```mermaid',
      'xychart-beta',
      '  title "New version: weight % (bars), P95 ms new and old (lines)"',
      '  x-axis ["step 1/2 (10 %)", "step 2/2 (100 %)"]',
      '  y-axis "weight % / P95 ms" 0 --> 143',
      '  bar [10, 100]',
      '  line [48, 130]',
      '  line [50, 50]',
      '```',
    ].join('\n'),
  );
});

test('a promotion says so first; a cell cannot break the table', () => {
  const markdown = shiftSummaryMarkdown({
    ...base,
    result: 'promoted',
    steps: [{ ...step('step 1/1 (100 %)', 100, 40), verdict: 'inconclusive', detail: 'a | b' }],
  });
  expect(markdown.startsWith('## ✅ Traffic shift promoted: demo_bbbbbbb takes all traffic')).toBe(true);
  expect(markdown).toContain('**inconclusive**: a \\| b |');
});
