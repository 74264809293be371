/**
 * Reads an action's metadata (action.yml or action.yaml): its inputs with defaults, outputs, and
 * how it runs. Node actions (node20, node24) and composite actions are supported; anything else
 * (docker, `pre:`) is refused by name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UnsupportedError, WorkflowError } from './errors.js';
import type { Json } from './expressions.js';
import {
  isMap,
  onlyKeys,
  refuseUnsupportedFunctions,
  toStep,
  type JsonMap,
  type StepDefinition,
} from './workflow-file.js';

export interface ActionInput {
  default?: string;
  required: boolean;
}

export type ActionRuns =
  { using: 'node'; main: string; post?: string; postIf?: string } | { using: 'composite'; steps: StepDefinition[] };

export interface ActionDefinition {
  /** The action's directory: GITHUB_ACTION_PATH. */
  directory: string;
  name: string;
  inputs: Record<string, ActionInput>;
  /** Output name → `value` expression (composite) or undefined (node: written to GITHUB_OUTPUT). */
  outputs: Record<string, Json | undefined>;
  runs: ActionRuns;
}

const NODE_RUNTIMES = ['node20', 'node24'];

function readRuns(raw: JsonMap, file: string): ActionRuns {
  const using = String(raw['using'] ?? '');
  if (NODE_RUNTIMES.includes(using)) {
    onlyKeys(raw, ['using', 'main', 'post', 'post-if'], `${file}: runs`);
    if (typeof raw['main'] !== 'string') throw new WorkflowError(`${file}: runs.main must name the script to run`);
    const runs: ActionRuns = { using: 'node', main: raw['main'] };
    if (typeof raw['post'] === 'string') runs.post = raw['post'];
    if (raw['post-if'] !== undefined) runs.postIf = String(raw['post-if']);
    return runs;
  }
  if (using === 'composite') {
    onlyKeys(raw, ['using', 'steps'], `${file}: runs`);
    if (!Array.isArray(raw['steps'])) throw new WorkflowError(`${file}: runs.steps must be a list`);
    return { using: 'composite', steps: raw['steps'].map((step, i) => toStep(step, `${file}: runs.steps[${i}]`)) };
  }
  throw new UnsupportedError(
    `${file}: runs.using "${using}" is not supported by the local runner (supported: ${[...NODE_RUNTIMES, 'composite'].join(', ')})`,
  );
}

export function readAction(directory: string, displayName: string): ActionDefinition {
  const path = ['action.yml', 'action.yaml'].map((name) => join(directory, name)).find((p) => existsSync(p));
  if (!path) throw new WorkflowError(`${displayName}: no action.yml or action.yaml in ${directory}`);
  const file = `${displayName}/${path.slice(directory.length + 1)}`;
  const content = readFileSync(path, 'utf8');
  refuseUnsupportedFunctions(content, file);
  const raw = parseYaml(content) as Json;
  if (!isMap(raw) || !isMap(raw['runs'])) throw new WorkflowError(`${file} must be a mapping with runs:`);
  const inputs: Record<string, ActionInput> = {};
  for (const [name, spec] of Object.entries(isMap(raw['inputs']) ? raw['inputs'] : {})) {
    const input: ActionInput = { required: isMap(spec) && (spec['required'] === true || spec['required'] === 'true') };
    if (isMap(spec) && spec['default'] !== undefined && spec['default'] !== null)
      input.default = String(spec['default']);
    inputs[name] = input;
  }
  const outputs: Record<string, Json | undefined> = {};
  for (const [name, spec] of Object.entries(isMap(raw['outputs']) ? raw['outputs'] : {})) {
    outputs[name] = isMap(spec) ? spec['value'] : undefined;
  }
  return {
    directory,
    name: typeof raw['name'] === 'string' ? raw['name'] : displayName,
    inputs,
    outputs,
    runs: readRuns(raw['runs'], file),
  };
}
