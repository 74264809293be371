/**
 * Reads a workflow file: GitHub's parser (@actions/workflow-parser) checks it against the
 * workflow schema, then the plain YAML becomes a typed model holding only what this runner
 * executes. Any key outside that model is refused by name rather than ignored.
 */
import { readFileSync } from 'node:fs';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse as parseYaml } from 'yaml';
import { UnsupportedError, WorkflowError } from './errors.js';
import type { Json } from './expressions.js';

export type JsonMap = Record<string, Json>;

export interface StepDefinition {
  id?: string;
  name?: string;
  if?: Json;
  uses?: string;
  run?: string;
  with?: JsonMap;
  env?: JsonMap;
  shell?: string;
  workingDirectory?: string;
  continueOnError?: Json;
  timeoutMinutes?: Json;
}

export interface JobDefinition {
  id: string;
  name?: string;
  needs: string[];
  if?: Json;
  env?: JsonMap;
  permissions?: Json;
  concurrency?: Json;
  environment?: Json;
  timeoutMinutes?: Json;
  outputs?: JsonMap;
  defaultsRun?: JsonMap;
  steps?: StepDefinition[];
  /** A call of a reusable workflow (`jobs.<id>.uses`). */
  uses?: string;
  with?: JsonMap;
  secrets?: 'inherit' | JsonMap;
}

export interface WorkflowDefinition {
  path: string;
  name?: string;
  /** Events by name with their configuration (`on: push` becomes `{ push: null }`). */
  on: Record<string, Json>;
  env?: JsonMap;
  permissions?: Json;
  concurrency?: Json;
  defaultsRun?: JsonMap;
  jobs: Record<string, JobDefinition>;
}

const WORKFLOW_KEYS = ['name', 'run-name', 'on', 'permissions', 'env', 'defaults', 'concurrency', 'jobs'];
const JOB_KEYS = [
  'name',
  'needs',
  'if',
  'runs-on',
  'env',
  'permissions',
  'concurrency',
  'environment',
  'timeout-minutes',
  'outputs',
  'defaults',
  'steps',
  'uses',
  'with',
  'secrets',
];
export const STEP_KEYS = [
  'id',
  'name',
  'if',
  'uses',
  'run',
  'with',
  'env',
  'shell',
  'working-directory',
  'continue-on-error',
  'timeout-minutes',
];

export function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuses keys the runner does not execute, naming the first one found. */
export function onlyKeys(value: JsonMap, allowed: string[], where: string): void {
  const extra = Object.keys(value).find((key) => !allowed.includes(key));
  if (extra !== undefined) {
    throw new UnsupportedError(
      `${where}.${extra} is not supported by the local runner (supported: ${allowed.join(', ')})`,
    );
  }
}

function optionalMap(value: Json | undefined, where: string): JsonMap | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isMap(value)) throw new WorkflowError(`${where} must be a mapping`);
  return value;
}

function optionalString(value: Json | undefined, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new WorkflowError(`${where} must be a string`);
  return value;
}

/** `defaults.run` (shell, working-directory); other defaults do not exist on GitHub. */
function defaultsRun(value: Json | undefined, where: string): JsonMap | undefined {
  const defaults = optionalMap(value, where);
  if (!defaults) return undefined;
  onlyKeys(defaults, ['run'], where);
  const run = optionalMap(defaults['run'], `${where}.run`);
  if (run) onlyKeys(run, ['shell', 'working-directory'], `${where}.run`);
  return run;
}

export function toStep(raw: Json, where: string): StepDefinition {
  if (!isMap(raw)) throw new WorkflowError(`${where} must be a mapping`);
  onlyKeys(raw, STEP_KEYS, where);
  const step: StepDefinition = {};
  const id = optionalString(raw['id'], `${where}.id`);
  if (id !== undefined) step.id = id;
  const name = optionalString(raw['name'], `${where}.name`);
  if (name !== undefined) step.name = name;
  if (raw['if'] !== undefined) step.if = raw['if'];
  const uses = optionalString(raw['uses'], `${where}.uses`);
  const run = raw['run'] === undefined || raw['run'] === null ? undefined : String(raw['run']);
  if ((uses === undefined) === (run === undefined))
    throw new WorkflowError(`${where} needs exactly one of uses or run`);
  if (uses !== undefined) step.uses = uses;
  if (run !== undefined) step.run = run;
  const withMap = optionalMap(raw['with'], `${where}.with`);
  if (withMap) step.with = withMap;
  const env = optionalMap(raw['env'], `${where}.env`);
  if (env) step.env = env;
  const shell = optionalString(raw['shell'], `${where}.shell`);
  if (shell !== undefined) step.shell = shell;
  const workingDirectory = optionalString(raw['working-directory'], `${where}.working-directory`);
  if (workingDirectory !== undefined) step.workingDirectory = workingDirectory;
  if (raw['continue-on-error'] !== undefined) step.continueOnError = raw['continue-on-error'];
  if (raw['timeout-minutes'] !== undefined) step.timeoutMinutes = raw['timeout-minutes'];
  return step;
}

function toJob(id: string, raw: Json, where: string): JobDefinition {
  if (!isMap(raw)) throw new WorkflowError(`${where} must be a mapping`);
  onlyKeys(raw, JOB_KEYS, where);
  const needs = raw['needs'] === undefined ? [] : Array.isArray(raw['needs']) ? raw['needs'] : [raw['needs']];
  const job: JobDefinition = { id, needs: needs.map(String) };
  const name = optionalString(raw['name'], `${where}.name`);
  if (name !== undefined) job.name = name;
  for (const [key, field] of [
    ['if', 'if'],
    ['permissions', 'permissions'],
    ['concurrency', 'concurrency'],
    ['environment', 'environment'],
    ['timeout-minutes', 'timeoutMinutes'],
  ] as const) {
    if (raw[key] !== undefined) job[field] = raw[key];
  }
  const env = optionalMap(raw['env'], `${where}.env`);
  if (env) job.env = env;
  const outputs = optionalMap(raw['outputs'], `${where}.outputs`);
  if (outputs) job.outputs = outputs;
  const defaults = defaultsRun(raw['defaults'], `${where}.defaults`);
  if (defaults) job.defaultsRun = defaults;
  const uses = optionalString(raw['uses'], `${where}.uses`);
  if (uses !== undefined) {
    job.uses = uses;
    const withMap = optionalMap(raw['with'], `${where}.with`);
    if (withMap) job.with = withMap;
    const secrets = raw['secrets'];
    if (secrets === 'inherit') job.secrets = 'inherit';
    else {
      const map = optionalMap(secrets, `${where}.secrets`);
      if (map) job.secrets = map;
    }
  } else {
    const steps = raw['steps'];
    if (!Array.isArray(steps) || steps.length === 0) throw new WorkflowError(`${where}.steps must be a non-empty list`);
    job.steps = steps.map((step, index) => toStep(step, `${where}.steps[${index}]`));
  }
  return job;
}

function toEvents(raw: Json | undefined, where: string): Record<string, Json> {
  if (typeof raw === 'string') return { [raw]: null };
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((event) => [String(event), null]));
  if (isMap(raw)) return raw;
  throw new WorkflowError(`${where}.on must name at least one event`);
}

/** Refuses expression functions this runner does not have before anything runs, with the line. */
export function refuseUnsupportedFunctions(content: string, file: string): void {
  const lines = content.split('\n');
  const index = lines.findIndex((line) => /\bhashFiles\s*\(/i.test(line));
  if (index >= 0) throw new UnsupportedError(`${file}:${index + 1}: hashFiles() is not supported by the local runner`);
}

/** Parses and checks a workflow's text; `path` names the file in every error. */
export function parseWorkflowText(content: string, path: string): WorkflowDefinition {
  refuseUnsupportedFunctions(content, path);
  const checked = parseWorkflow({ name: path, content }, new NoOperationTraceWriter());
  const errors = checked.context.errors.getErrors();
  if (errors.length > 0) {
    throw new WorkflowError(
      `${path} is not a valid workflow:\n${errors.map((error) => `  ${error.message}`).join('\n')}`,
    );
  }
  const raw = parseYaml(content) as Json;
  if (!isMap(raw)) throw new WorkflowError(`${path} must be a mapping`);
  onlyKeys(raw, WORKFLOW_KEYS, path);
  const jobsRaw = optionalMap(raw['jobs'], `${path}.jobs`) ?? {};
  const jobs = Object.fromEntries(
    Object.entries(jobsRaw).map(([id, job]) => [id, toJob(id, job, `${path}: jobs.${id}`)]),
  );
  for (const job of Object.values(jobs)) {
    const unknown = job.needs.find((need) => !(need in jobs));
    if (unknown !== undefined) throw new WorkflowError(`${path}: jobs.${job.id}.needs names unknown job "${unknown}"`);
  }
  const workflow: WorkflowDefinition = { path, on: toEvents(raw['on'], path), jobs };
  const name = optionalString(raw['name'], `${path}.name`);
  if (name !== undefined) workflow.name = name;
  const env = optionalMap(raw['env'], `${path}.env`);
  if (env) workflow.env = env;
  if (raw['permissions'] !== undefined) workflow.permissions = raw['permissions'];
  if (raw['concurrency'] !== undefined) workflow.concurrency = raw['concurrency'];
  const defaults = defaultsRun(raw['defaults'], `${path}.defaults`);
  if (defaults) workflow.defaultsRun = defaults;
  return workflow;
}

export function readWorkflow(path: string, displayPath = path): WorkflowDefinition {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new WorkflowError(`cannot read workflow ${displayPath}: ${(error as Error).message}`);
  }
  return parseWorkflowText(content, displayPath);
}
