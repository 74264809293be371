/**
 * What a model must meet: absolute thresholds (`accuracy >= 0.92, loss <= 0.3`) and how far each
 * metric may fall behind the baseline (`accuracy: 0.01, loss: 5%`). Parsed strictly: a typo in a
 * gate must stop the workflow, not quietly weaken the gate.
 */
import { InputError } from '../errors.js';

export const OPERATORS = ['>=', '>', '<=', '<'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Threshold {
  metric: string;
  operator: Operator;
  value: number;
}

export type RegressionLimit = { kind: 'absolute'; amount: number } | { kind: 'relative'; percent: number };

export interface RegressionRule {
  metric: string;
  /** From the metric's threshold operator (`>=`/`>`: higher is better) or its `+`/`-` suffix. */
  higherIsBetter: boolean;
  limit: RegressionLimit;
}

export interface GateCriteria {
  thresholds: Threshold[];
  regressions: RegressionRule[];
}

/**
 * A metric name: letters, digits, `_ . / -`, starting with a letter or underscore and not ending
 * in `-` (so `loss-` in max-regression is unambiguously "loss, lower is better").
 */
export const METRIC_NAME = /^[A-Za-z_](?:[A-Za-z0-9_./-]*[A-Za-z0-9_])?$/;
const METRIC_NAME_RULE = 'letters, digits, _ . / -, starting with a letter or _';
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export const THRESHOLDS_EXPECTED = `comma- or line-separated "<metric> <op> <number>" with op one of ${OPERATORS.join(', ')}, e.g. "accuracy >= 0.92, loss <= 0.3"`;
export const MAX_REGRESSION_EXPECTED =
  'comma- or line-separated "<metric>: <amount>" where amount is absolute (0.01) or relative to the baseline (5%); a metric without a threshold takes a direction suffix, "accuracy+" (higher is better) or "loss-" (lower is better)';

/** Items of a list input: split on commas and newlines, blanks dropped. */
function listItems(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function parseThresholds(input: string, value: string): Threshold[] {
  const thresholds: Threshold[] = [];
  for (const item of listItems(value)) {
    const match = /^(\S+?)\s*([<>=!]+)\s*(\S+)$/.exec(item);
    if (!match) throw new InputError(input, item, THRESHOLDS_EXPECTED);
    const [, metric = '', operator = '', number = ''] = match;
    if (!METRIC_NAME.test(metric)) {
      throw new InputError(input, item, THRESHOLDS_EXPECTED, `metric "${metric}" must be ${METRIC_NAME_RULE}`);
    }
    if (!isOperator(operator)) {
      throw new InputError(
        input,
        item,
        THRESHOLDS_EXPECTED,
        `unknown operator "${operator}"; allowed: ${OPERATORS.join(', ')}`,
      );
    }
    if (!NUMBER.test(number) || !Number.isFinite(Number(number))) {
      throw new InputError(input, item, THRESHOLDS_EXPECTED, `"${number}" is not a number`);
    }
    if (thresholds.some((known) => known.metric === metric)) {
      throw new InputError(input, item, THRESHOLDS_EXPECTED, `metric "${metric}" has a threshold already`);
    }
    thresholds.push({ metric, operator, value: Number(number) });
  }
  if (thresholds.length === 0) throw new InputError(input, value, THRESHOLDS_EXPECTED, 'no threshold given');
  return thresholds;
}

interface RegressionEntry {
  metric: string;
  direction?: '+' | '-';
  limit: RegressionLimit;
  item: string;
}

function parseRegressionEntries(input: string, value: string): RegressionEntry[] {
  const entries: RegressionEntry[] = [];
  for (const item of listItems(value)) {
    const match = /^(.+?)\s*:\s*(.+)$/.exec(item);
    if (!match) throw new InputError(input, item, MAX_REGRESSION_EXPECTED);
    const [, rawName = '', rawAmount = ''] = match;
    const suffix = /[+-]$/.exec(rawName)?.[0] as '+' | '-' | undefined;
    const metric = suffix ? rawName.slice(0, -1) : rawName;
    if (!METRIC_NAME.test(metric)) {
      throw new InputError(input, item, MAX_REGRESSION_EXPECTED, `metric "${metric}" must be ${METRIC_NAME_RULE}`);
    }
    const percent = rawAmount.endsWith('%');
    const number = percent ? rawAmount.slice(0, -1).trim() : rawAmount;
    if (!NUMBER.test(number) || Number(number) < 0 || !Number.isFinite(Number(number))) {
      throw new InputError(
        input,
        item,
        MAX_REGRESSION_EXPECTED,
        `"${rawAmount}" is not a non-negative number or percentage`,
      );
    }
    if (entries.some((known) => known.metric === metric)) {
      throw new InputError(input, item, MAX_REGRESSION_EXPECTED, `metric "${metric}" is listed twice`);
    }
    const limit: RegressionLimit = percent
      ? { kind: 'relative', percent: Number(number) }
      : { kind: 'absolute', amount: Number(number) };
    entries.push({ metric, limit, item, ...(suffix ? { direction: suffix } : {}) });
  }
  return entries;
}

/**
 * Reads both inputs together, because a regression's direction comes from the metric's threshold:
 * `accuracy >= 0.9` means a lower accuracy is worse. A metric with no threshold must say its
 * direction with a suffix; a suffix that contradicts the threshold is refused.
 */
export function parseCriteria(
  parsedThresholds: Threshold[],
  maxRegression: { input: string; value: string } | undefined,
): GateCriteria {
  const entries = maxRegression ? parseRegressionEntries(maxRegression.input, maxRegression.value) : [];
  const regressions = entries.map((entry): RegressionRule => {
    const threshold = parsedThresholds.find((known) => known.metric === entry.metric);
    const fromThreshold = threshold ? higherIsBetter(threshold.operator) : undefined;
    const fromSuffix = entry.direction === undefined ? undefined : entry.direction === '+';
    if (fromThreshold === undefined && fromSuffix === undefined) {
      throw new InputError(
        maxRegression!.input,
        entry.item,
        MAX_REGRESSION_EXPECTED,
        `"${entry.metric}" has no threshold to tell which way is worse: write ${entry.metric}+ or ${entry.metric}-`,
      );
    }
    if (fromThreshold !== undefined && fromSuffix !== undefined && fromThreshold !== fromSuffix) {
      throw new InputError(
        maxRegression!.input,
        entry.item,
        MAX_REGRESSION_EXPECTED,
        `the suffix "${entry.direction}" contradicts the threshold ${formatThreshold(threshold!)}`,
      );
    }
    return { metric: entry.metric, higherIsBetter: (fromThreshold ?? fromSuffix)!, limit: entry.limit };
  });
  return { thresholds: parsedThresholds, regressions };
}

export function higherIsBetter(operator: Operator): boolean {
  return operator === '>=' || operator === '>';
}

export function meetsThreshold(value: number, threshold: Threshold): boolean {
  switch (threshold.operator) {
    case '>=':
      return value >= threshold.value;
    case '>':
      return value > threshold.value;
    case '<=':
      return value <= threshold.value;
    case '<':
      return value < threshold.value;
  }
}

/** The metrics the criteria name, thresholds first, each once. */
export function criteriaMetrics(criteria: GateCriteria): string[] {
  return [...new Set([...criteria.thresholds.map((t) => t.metric), ...criteria.regressions.map((r) => r.metric)])];
}

export const formatThreshold = (threshold: Threshold) => `${threshold.operator} ${threshold.value}`;

export const formatLimit = (limit: RegressionLimit) =>
  limit.kind === 'relative' ? `${limit.percent}%` : String(limit.amount);

function isOperator(text: string): text is Operator {
  return (OPERATORS as readonly string[]).includes(text);
}
