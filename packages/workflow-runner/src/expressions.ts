/**
 * `${{ }}` expressions, evaluated with GitHub's own expression engine (@actions/expressions) so
 * operators, coercion and the built-in functions behave as on GitHub. This module adds what the
 * engine leaves to its host: finding expressions in template strings, the status functions, and
 * the implicit `success() &&` of an `if:`.
 */
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { UnsupportedError, WorkflowError } from './errors.js';

/** Plain JSON data: what contexts are built from and what evaluation returns. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Contexts by name (github, env, inputs, …); a context that is absent reads as null. */
export type Contexts = Record<string, Json | undefined>;

/** What the status functions report where the expression is evaluated. */
export interface Status {
  /** success(): nothing has failed (for a job's `if:`: every needed job succeeded). */
  success: boolean;
  /** failure(): a step of the job (for a job's `if:`: an ancestor job) has failed. */
  failure: boolean;
  cancelled: boolean;
}

/** The status of a job's steps: success() is "nothing failed and not cancelled". */
export function stepStatus(failed: boolean, cancelled: boolean): Status {
  return { success: !failed && !cancelled, failure: failed, cancelled };
}

const CONTEXT_NAMES = [
  'github',
  'env',
  'vars',
  'job',
  'jobs',
  'steps',
  'runner',
  'secrets',
  'strategy',
  'matrix',
  'needs',
  'inputs',
];
const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'];
/** Functions GitHub has and this runner does not: named in the error rather than "unrecognized". */
const UNSUPPORTED_FUNCTIONS = ['hashfiles'];

function statusFunctions(status: Status): Map<string, FunctionDefinition> {
  const fn = (name: string, value: () => boolean): [string, FunctionDefinition] => [
    name,
    { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value()) },
  ];
  return new Map([
    fn('success', () => status.success && !status.cancelled),
    fn('failure', () => status.failure),
    fn('always', () => true),
    fn('cancelled', () => status.cancelled),
  ]);
}

function toExpressionData(value: Json | undefined): data.ExpressionData {
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData;
}

function toJson(value: data.ExpressionData): Json {
  return JSON.parse(JSON.stringify(value, data.replacer)) as Json;
}

function parse(source: string, where: string) {
  const lowered = source.toLowerCase();
  for (const name of UNSUPPORTED_FUNCTIONS) {
    if (new RegExp(`\\b${name}\\s*\\(`).test(lowered)) {
      throw new UnsupportedError(`${where}: the function ${name}() is not supported by the local runner`);
    }
  }
  try {
    const { tokens } = new Lexer(source).lex();
    const functions = STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 }));
    return new Parser(tokens, CONTEXT_NAMES, functions).parse();
  } catch (error) {
    throw new WorkflowError(`${where}: invalid expression "${source}": ${(error as Error).message}`);
  }
}

/** Evaluates one expression (the text between `${{` and `}}`). */
export function evaluate(source: string, contexts: Contexts, status: Status, where: string): Json {
  const tree = parse(source, where);
  const dictionary = new data.Dictionary(
    ...CONTEXT_NAMES.map((key) => ({ key, value: toExpressionData(contexts[key]) })),
  );
  try {
    return toJson(new Evaluator(tree, dictionary, statusFunctions(status)).evaluate());
  } catch (error) {
    throw new WorkflowError(`${where}: evaluating "${source}" failed: ${(error as Error).message}`);
  }
}

/** Splits a template into literal text and expression sources; `}}` inside a '…' literal does not end one. */
export function splitTemplate(template: string, where: string): Array<{ literal: string } | { expression: string }> {
  const parts: Array<{ literal: string } | { expression: string }> = [];
  let rest = template;
  for (let start = rest.indexOf('${{'); start >= 0; start = rest.indexOf('${{')) {
    if (start > 0) parts.push({ literal: rest.slice(0, start) });
    let end = -1;
    let inString = false;
    for (let i = start + 3; i < rest.length; i++) {
      if (rest[i] === "'") inString = !inString;
      else if (!inString && rest.startsWith('}}', i)) {
        end = i;
        break;
      }
    }
    if (end < 0) throw new WorkflowError(`${where}: unclosed "\${{" in "${template}"`);
    parts.push({ expression: rest.slice(start + 3, end).trim() });
    rest = rest.slice(end + 2);
  }
  if (rest) parts.push({ literal: rest });
  return parts;
}

/** How GitHub turns a value into text when an expression sits inside a string. */
export function asText(value: Json): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return toExpressionData(value).coerceString();
}

/**
 * Evaluates a template. A value that is exactly one expression keeps its type (so `with:` can
 * pass a boolean or an object); anything else becomes a string.
 */
export function interpolate(template: Json, contexts: Contexts, status: Status, where: string): Json {
  if (typeof template !== 'string') return template;
  const parts = splitTemplate(template, where);
  const only = parts[0];
  if (parts.length === 1 && only && 'expression' in only) return evaluate(only.expression, contexts, status, where);
  return parts
    .map((part) => ('literal' in part ? part.literal : asText(evaluate(part.expression, contexts, status, where))))
    .join('');
}

/** interpolate, then as text: for env values, inputs, `run:` scripts. */
export function interpolateText(template: Json, contexts: Contexts, status: Status, where: string): string {
  return asText(interpolate(template, contexts, status, where));
}

/** Evaluates every string inside a mapping (e.g. `with:`, `env:`) to text. */
export function interpolateMap(
  map: Record<string, Json> | undefined,
  contexts: Contexts,
  status: Status,
  where: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map ?? {}).map(([key, value]) => [key, interpolateText(value, contexts, status, `${where}.${key}`)]),
  );
}

/**
 * An `if:` condition. As on GitHub, `${{ }}` around it is optional, and a condition that calls
 * no status function only applies while nothing has failed (`success() && (…)`).
 */
export function condition(raw: Json | undefined, contexts: Contexts, status: Status, where: string): boolean {
  const success = status.success && !status.cancelled;
  if (raw === undefined || raw === null || raw === '') return success;
  if (typeof raw === 'boolean') return raw && success;
  let source = String(raw).trim();
  const parts = splitTemplate(source, where);
  const only = parts[0];
  if (parts.length === 1 && only && 'expression' in only) source = only.expression;
  else if (source.includes('${{')) {
    // A string with text around an expression is a non-empty string: truthy, as GitHub reads it.
    source = `'${interpolateText(source, contexts, status, where).replaceAll("'", "''")}'`;
  }
  const callsStatus = new RegExp(`\\b(${STATUS_FUNCTIONS.join('|')})\\s*\\(`, 'i').test(source);
  const expression = callsStatus ? source : `success() && (${source})`;
  return truthy(toExpressionData(evaluate(expression, contexts, status, where)));
}
