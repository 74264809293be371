import { CONDITION_OPERATORS, isConditionOperator } from './conditions.js';

/**
 * Checks shared by permission and trust policies. Each records readable errors at a JSON path
 * (`Statement[1].Action[0]`) instead of stopping at the first, so one run shows every mistake.
 */
export class PolicyErrors {
  readonly messages: string[] = [];

  add(path: string, problem: string): void {
    this.messages.push(`${path}: ${problem}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** `Version: "1"` and a non-empty `Statement` array; returns the statements that are objects. */
export function checkDocument(
  doc: unknown,
  errors: PolicyErrors,
): Array<{ path: string; statement: Record<string, unknown> }> {
  if (!isRecord(doc)) {
    errors.add('policy', `must be a JSON object, got ${describe(doc)}`);
    return [];
  }
  if (doc.Version !== '1') errors.add('Version', `must be "1", got ${describe(doc.Version)}`);
  for (const key of Object.keys(doc)) {
    if (key !== 'Version' && key !== 'Statement')
      errors.add(key, 'is not a policy element (expected Version and Statement)');
  }
  if (!Array.isArray(doc.Statement) || doc.Statement.length === 0) {
    errors.add('Statement', `must be a non-empty array, got ${describe(doc.Statement)}`);
    return [];
  }
  const statements: Array<{ path: string; statement: Record<string, unknown> }> = [];
  doc.Statement.forEach((statement: unknown, i: number) => {
    const path = `Statement[${i}]`;
    if (isRecord(statement)) statements.push({ path, statement });
    else errors.add(path, `must be an object, got ${describe(statement)}`);
  });
  return statements;
}

export function checkKnownKeys(
  statement: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  errors: PolicyErrors,
): void {
  for (const key of Object.keys(statement)) {
    if (!allowed.includes(key)) {
      errors.add(`${path}.${key}`, `is not supported here (allowed: ${allowed.join(', ')})`);
    }
  }
}

export function checkEffect(value: unknown, path: string, errors: PolicyErrors): void {
  if (value !== 'Allow' && value !== 'Deny') errors.add(path, `must be "Allow" or "Deny", got ${describe(value)}`);
}

/** A string or a non-empty array of non-empty strings; `check` vets each entry. */
export function checkStringOrList(
  value: unknown,
  path: string,
  errors: PolicyErrors,
  check: (entry: string, entryPath: string) => void = () => undefined,
): void {
  if (typeof value === 'string') {
    if (value === '') errors.add(path, 'must not be empty');
    else check(value, path);
    return;
  }
  if (!Array.isArray(value) || value.length === 0) {
    errors.add(path, `must be a string or a non-empty array of strings, got ${describe(value)}`);
    return;
  }
  value.forEach((entry: unknown, i: number) => {
    const entryPath = `${path}[${i}]`;
    if (typeof entry !== 'string' || entry === '')
      errors.add(entryPath, `must be a non-empty string, got ${describe(entry)}`);
    else check(entry, entryPath);
  });
}

/** `<ram-code>:<action>` (wildcards allowed) or `*`. */
export function checkAction(action: string, path: string, errors: PolicyErrors): void {
  if (action !== '*' && !/^[A-Za-z0-9-]+:[A-Za-z0-9*?_-]+$/.test(action)) {
    errors.add(path, `must look like "service:Action" (wildcards * and ? allowed) or "*", got ${describe(action)}`);
  }
}

export function checkCondition(value: unknown, path: string, errors: PolicyErrors): void {
  if (value === undefined) return;
  if (!isRecord(value)) {
    errors.add(path, `must be an object of operators, got ${describe(value)}`);
    return;
  }
  for (const [operator, keys] of Object.entries(value)) {
    const operatorPath = `${path}.${operator}`;
    if (!isConditionOperator(operator)) {
      errors.add(operatorPath, `is not a condition operator (known: ${CONDITION_OPERATORS.join(', ')})`);
      continue;
    }
    if (!isRecord(keys) || Object.keys(keys).length === 0) {
      errors.add(operatorPath, `must map condition keys to values, got ${describe(keys)}`);
      continue;
    }
    for (const [key, expected] of Object.entries(keys)) checkStringOrList(expected, `${operatorPath}.${key}`, errors);
  }
}
