/**
 * What a workflow is called with: `workflow_call` (and `workflow_dispatch`) inputs typed and
 * defaulted as declared, and the secrets a caller passes (or `secrets: inherit`). Anything
 * undeclared, missing or of the wrong type is an error naming it, before the workflow runs.
 */
import { WorkflowError } from './errors.js';
import type { Json } from './expressions.js';
import { isMap, type JobDefinition } from './workflow-file.js';

/** The inputs of a workflow_call, typed and defaulted as declared; anything undeclared or missing is an error. */
export function callInputs(
  declared: Json,
  given: Record<string, Json>,
  where: string,
  evaluateDefault: (value: Json, name: string) => Json,
): Record<string, Json> {
  const specs = isMap(declared) ? declared : {};
  const unknown = Object.keys(given).filter((name) => !(name in specs));
  if (unknown.length > 0) {
    throw new WorkflowError(
      `${where}: input(s) ${unknown.join(', ')} not declared by the workflow (declared: ${Object.keys(specs).join(', ') || 'none'})`,
    );
  }
  const inputs: Record<string, Json> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const { type = 'string', required = false, default: fallback } = (isMap(spec) ? spec : {}) as Record<string, Json>;
    let value = given[name];
    if (value === undefined && fallback !== undefined && fallback !== null) value = evaluateDefault(fallback, name);
    if (value === undefined || value === null) {
      if (required === true) throw new WorkflowError(`${where}: required input "${name}" was not given`);
      value = type === 'boolean' ? false : type === 'number' ? 0 : '';
    }
    inputs[name] = coerceInput(value, String(type), `${where}: input "${name}"`);
  }
  return inputs;
}

function coerceInput(value: Json, type: string, where: string): Json {
  switch (type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw new WorkflowError(`${where} must be a boolean (true or false), got "${String(value)}"`);
    case 'number': {
      const number = typeof value === 'number' ? value : Number(value);
      if (typeof value === 'string' && value.trim() === '')
        throw new WorkflowError(`${where} must be a number, got ""`);
      if (!Number.isFinite(number)) throw new WorkflowError(`${where} must be a number, got "${String(value)}"`);
      return number;
    }
    case 'string':
    case 'choice':
    case 'environment':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      throw new WorkflowError(`${where}: input type "${type}" is not one of boolean, number, string`);
  }
}

export function callSecrets(
  definition: JobDefinition,
  declared: Json,
  callerSecrets: Record<string, string>,
  evaluate: (value: Json, name: string) => string,
  where: string,
): Record<string, string> {
  const specs = isMap(declared) ? declared : {};
  let secrets: Record<string, string>;
  if (definition.secrets === 'inherit') secrets = { ...callerSecrets };
  else {
    const given = definition.secrets ?? {};
    const unknown = Object.keys(given).filter((name) => !(name in specs));
    if (unknown.length > 0) {
      throw new WorkflowError(
        `${where}.secrets: ${unknown.join(', ')} not declared by the called workflow (declared: ${Object.keys(specs).join(', ') || 'none'})`,
      );
    }
    secrets = Object.fromEntries(Object.entries(given).map(([name, value]) => [name, evaluate(value, name)]));
  }
  for (const [name, spec] of Object.entries(specs)) {
    const required = isMap(spec) && spec['required'] === true;
    if (required && !secrets[name])
      throw new WorkflowError(`${where}.secrets: required secret "${name}" was not passed`);
  }
  return secrets;
}
