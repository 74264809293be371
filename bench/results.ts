/**
 * Figures every benchmark reports, merged into bench/results.json (one key per figure), so a
 * run of all benchmarks leaves one file to compare across commits.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const file = join(import.meta.dirname, 'results.json');

export function recordResult(name: string, figures: Record<string, number | string | boolean>): void {
  const results = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  results[name] = { ...figures, measuredAt: new Date().toISOString(), node: process.version };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
