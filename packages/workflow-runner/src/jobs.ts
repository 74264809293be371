/**
 * Runs a workflow's jobs in `needs` order (independent jobs at the same time): each job's `if:`,
 * its steps and post steps, its outputs; a job that calls a reusable workflow runs that
 * workflow's jobs under its own path with the inputs, secrets and permissions it passes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowError } from './errors.js';
import {
  condition,
  interpolate,
  interpolateMap,
  interpolateText,
  stepStatus,
  type Json,
  type Status,
} from './expressions.js';
import { contextsFor, type JobState, type StepScope, type WorkflowScope } from './job-state.js';
import { effectivePermissions, access, parsePermissions, type Permissions } from './permissions.js';
import { resolveUses } from './references.js';
import { githubContext, runnerContext, type RunContext } from './run-context.js';
import { runPostSteps, runSteps } from './steps.js';
import type { JobResult, Outcome } from './types.js';
import { isMap, type JobDefinition, type WorkflowDefinition } from './workflow-file.js';

/** A workflow being run: its scope plus the permissions ceiling set by the job that called it. */
interface WorkflowRun {
  scope: WorkflowScope;
  ceiling: Permissions | undefined;
  results: Record<string, JobResult>;
}

const jobPath = (run: WorkflowRun, id: string) => `${run.scope.prefix}${id}`;

/** Every job `id` depends on, directly or not. */
function ancestors(workflow: WorkflowDefinition, id: string, seen = new Set<string>()): Set<string> {
  for (const need of workflow.jobs[id]?.needs ?? []) {
    if (!seen.has(need)) {
      seen.add(need);
      ancestors(workflow, need, seen);
    }
  }
  return seen;
}

function needsContext(run: WorkflowRun, job: JobDefinition): Record<string, Json> {
  return Object.fromEntries(
    job.needs.map((need) => {
      const result = run.results[jobPath(run, need)]!;
      return [need, { result: result.result, outputs: result.outputs }];
    }),
  );
}

/** success() / failure() at job level: needed jobs succeeded / an ancestor failed. */
function jobConditionStatus(run: WorkflowRun, job: JobDefinition, cancelled: boolean): Status {
  const workflow = run.scope.workflow;
  const result = (id: string) => run.results[jobPath(run, id)]!.result;
  return {
    success: job.needs.every((need) => result(need) === 'success'),
    failure: [...ancestors(workflow, job.id)].some((id) => result(id) === 'failure'),
    cancelled,
  };
}

function baseContexts(context: RunContext, run: WorkflowRun, job: JobDefinition, needs: Json) {
  return {
    github: githubContext(context, job.id, run.scope.workflow.name ?? run.scope.workflow.path, context.roots.workspace),
    inputs: run.scope.inputs,
    secrets: { ...run.scope.secrets, GITHUB_TOKEN: context.github.token },
    vars: context.options.vars ?? {},
    needs,
    env: {},
    runner: runnerContext(''),
  };
}

function finished(context: RunContext, run: WorkflowRun, result: JobResult): JobResult {
  run.results[result.id] = result;
  context.emit({ type: 'job-finished', job: result.id, result: result.result });
  context.print(`[${result.id}]`, `Job ${result.result}`);
  return result;
}

async function runStepsJob(
  context: RunContext,
  run: WorkflowRun,
  definition: JobDefinition,
  needs: Json,
  permissions: Permissions | undefined,
): Promise<JobResult> {
  const path = jobPath(run, definition.id);
  const where = `${run.scope.workflow.path}: jobs.${definition.id}`;
  const dir = join(context.runDir, ...path.split('/'));
  const runnerTemp = join(dir, 'tmp');
  mkdirSync(runnerTemp, { recursive: true });
  const environment = environmentName(context, run, definition, needs, where);
  const oidcEnv =
    access(permissions, 'id-token') === 'write' ? await oidcVariables(context, run, path, environment) : {};
  const job: JobState = {
    run: context,
    scope: run.scope,
    definition,
    path,
    dir,
    runnerTemp,
    summaryPath: join(dir, 'summary.md'),
    wroteSummary: false,
    jobEnv: {},
    fileEnv: {},
    pathPrefix: [],
    oidcEnv,
    needs,
    defaultsRun: { ...run.scope.workflow.defaultsRun, ...definition.defaultsRun },
    failed: false,
    cancelled: context.cancelSignal.aborted,
    abort: new AbortController(),
    steps: [],
    annotations: [],
    posts: [],
    stepCount: 0,
  };
  const scope: StepScope = { steps: {}, inputs: run.scope.inputs, failed: false, namePrefix: '' };
  const cancel = () => {
    job.cancelled = true;
    job.abort.abort();
  };
  context.cancelSignal.addEventListener('abort', cancel, { once: true });
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const contexts = () =>
      contextsFor(
        job,
        scope,
        job.jobEnv,
        githubContext(
          context,
          definition.id,
          run.scope.workflow.name ?? run.scope.workflow.path,
          context.roots.workspace,
        ),
      );
    const status = () => stepStatus(job.failed, job.cancelled);
    try {
      // Workflow env first: job env may refer to it through the env context.
      Object.assign(
        job.jobEnv,
        interpolateMap(run.scope.workflow.env, contexts(), status(), `${run.scope.workflow.path}: env`),
      );
      Object.assign(job.jobEnv, interpolateMap(definition.env, contexts(), status(), `${where}.env`));
      const timeout = interpolate(definition.timeoutMinutes ?? null, contexts(), status(), `${where}.timeout-minutes`);
      if (timeout !== null) {
        const minutes = Number(timeout);
        if (!Number.isFinite(minutes) || minutes <= 0)
          throw new WorkflowError(`${where}.timeout-minutes must be a positive number, got "${String(timeout)}"`);
        timer = setTimeout(() => {
          timedOut = true;
          context.print(`[${path}]`, `Error: the job has exceeded its timeout-minutes (${minutes})`);
          cancel();
        }, minutes * 60_000);
      }
      await runSteps(job, scope, definition.steps ?? [], `${where}.steps`, job.jobEnv);
    } finally {
      if (timer) clearTimeout(timer);
      // Post steps run whatever happened, even after cancellation: they are the cleanup.
      await runPostSteps(job);
    }
    const outputs: Record<string, string> = {};
    for (const [name, value] of Object.entries(definition.outputs ?? {})) {
      const text = interpolateText(value, contexts(), status(), `${where}.outputs.${name}`);
      if (context.masker.mask(text) !== text) {
        // GitHub drops an output that contains a secret rather than pass it on.
        const message = `Skip output '${name}' since it may contain secret.`;
        const annotation = { level: 'warning', message, properties: {}, job: path } as const;
        job.annotations.push(annotation);
        context.annotations.push(annotation);
        outputs[name] = '';
      } else outputs[name] = text;
    }
    const result: Outcome =
      timedOut || (job.failed && !job.cancelled) ? 'failure' : job.cancelled ? 'cancelled' : 'success';
    return {
      id: path,
      name: definition.name ?? definition.id,
      result,
      outputs,
      steps: job.steps,
      annotations: job.annotations,
      ...(job.wroteSummary ? { summaryPath: job.summaryPath } : {}),
      ...jobRecord(definition, permissions),
    };
  } finally {
    context.cancelSignal.removeEventListener('abort', cancel);
  }
}

/** The job's `environment:` name (recorded, and a claim of its ID token; never a gate here). */
function environmentName(
  context: RunContext,
  run: WorkflowRun,
  definition: JobDefinition,
  needs: Json,
  where: string,
): string | undefined {
  const raw = isMap(definition.environment) ? definition.environment['name'] : definition.environment;
  if (raw === undefined || raw === null) return undefined;
  const status = stepStatus(false, false);
  return interpolateText(raw, baseContexts(context, run, definition, needs), status, `${where}.environment`);
}

/** ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN for a job granted id-token: write, when the run has an issuer. */
async function oidcVariables(
  context: RunContext,
  run: WorkflowRun,
  path: string,
  environment: string | undefined,
): Promise<Record<string, string>> {
  const oidc = context.options.oidc;
  if (!oidc) return {};
  const { github } = context;
  const workflowRef = `${github.repository}/${context.topWorkflowPath}@${github.ref}`;
  const claims: Record<string, string> = {
    repository: github.repository,
    repository_owner: github.repository.split('/')[0] ?? '',
    ref: github.ref,
    sha: github.sha,
    event_name: context.eventName,
    run_id: github.runId,
    run_number: github.runNumber,
    run_attempt: github.runAttempt,
    actor: github.actor,
    workflow: context.topWorkflowName,
    workflow_ref: workflowRef,
    job_workflow_ref: run.scope.prefix ? `${github.repository}/${run.scope.workflow.path}@${github.ref}` : workflowRef,
    runner_environment: 'self-hosted',
    ...(environment ? { environment } : {}),
  };
  const request = typeof oidc === 'function' ? await oidc({ job: path, claims }) : oidc;
  context.masker.add(request.requestToken);
  return { ACTIONS_ID_TOKEN_REQUEST_URL: request.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: request.requestToken };
}

function jobRecord(definition: JobDefinition, permissions: Permissions | undefined) {
  return {
    ...(permissions ? { permissions } : {}),
    ...(definition.concurrency !== undefined ? { concurrency: definition.concurrency } : {}),
    ...(definition.environment !== undefined ? { environment: definition.environment } : {}),
  };
}

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
      `${where}: input(s) ${unknown.join(', ')} not declared by the called workflow (declared: ${Object.keys(specs).join(', ') || 'none'})`,
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

async function runCallJob(
  context: RunContext,
  run: WorkflowRun,
  definition: JobDefinition,
  needs: Json,
  permissions: Permissions | undefined,
): Promise<JobResult> {
  const path = jobPath(run, definition.id);
  const where = `${run.scope.workflow.path}: jobs.${definition.id}`;
  const file = resolveUses(definition.uses!, context.roots);
  const called = context.workflows.get(file)!;
  const trigger = called.on['workflow_call'];
  const spec = isMap(trigger) ? trigger : {};
  const contexts = baseContexts(context, run, definition, needs);
  const status = stepStatus(false, context.cancelSignal.aborted);
  const given = Object.fromEntries(
    Object.entries(definition.with ?? {}).map(([name, value]) => [
      name,
      interpolate(value, contexts, status, `${where}.with.${name}`),
    ]),
  );
  const inputs = callInputs(spec['inputs'] ?? null, given, `${where}.with`, (value, name) =>
    interpolate(value, contexts, status, `${called.path}: on.workflow_call.inputs.${name}.default`),
  );
  const secrets = callSecrets(
    definition,
    spec['secrets'] ?? null,
    run.scope.secrets,
    (value, name) => interpolateText(value, contexts, status, `${where}.secrets.${name}`),
    where,
  );
  for (const value of Object.values(secrets)) context.masker.add(value);
  const inner: WorkflowRun = {
    scope: { workflow: called, prefix: `${path}/`, inputs, secrets },
    // A caller without a permissions block grants GitHub's (permissive) defaults, which never include id-token.
    ceiling: permissions ?? { '*': 'write', 'id-token': 'none' },
    results: run.results,
  };
  await runWorkflowJobs(context, inner);
  const innerResults = Object.keys(called.jobs).map((id) => run.results[jobPath(inner, id)]!);
  const jobsContext = Object.fromEntries(
    Object.keys(called.jobs).map((id) => {
      const result = run.results[jobPath(inner, id)]!;
      return [id, { result: result.result, outputs: result.outputs }];
    }),
  );
  const outputs: Record<string, string> = {};
  for (const [name, output] of Object.entries(isMap(spec['outputs']) ? spec['outputs'] : {})) {
    const value = isMap(output) ? output['value'] : undefined;
    outputs[name] =
      value === undefined
        ? ''
        : interpolateText(
            value,
            { ...contexts, jobs: jobsContext, inputs },
            status,
            `${called.path}: on.workflow_call.outputs.${name}.value`,
          );
  }
  const result: Outcome = innerResults.some((r) => r.result === 'failure')
    ? 'failure'
    : innerResults.some((r) => r.result === 'cancelled')
      ? 'cancelled'
      : 'success';
  return {
    id: path,
    name: definition.name ?? definition.id,
    result,
    outputs,
    steps: [],
    annotations: [],
    calls: definition.uses!,
    ...jobRecord(definition, permissions),
  };
}

function callSecrets(
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

async function runJob(context: RunContext, run: WorkflowRun, definition: JobDefinition): Promise<JobResult> {
  const path = jobPath(run, definition.id);
  const where = `${run.scope.workflow.path}: jobs.${definition.id}`;
  const needs = needsContext(run, definition);
  const cancelled = context.cancelSignal.aborted;
  let shouldRun: boolean;
  let own: Permissions | undefined;
  try {
    shouldRun = condition(
      definition.if,
      baseContexts(context, run, definition, needs),
      jobConditionStatus(run, definition, cancelled),
      `${where}.if`,
    );
    own = parsePermissions(definition.permissions ?? run.scope.workflow.permissions, where);
  } catch (error) {
    context.failures.push(error as Error);
    return finished(context, run, {
      id: path,
      name: definition.name ?? definition.id,
      result: 'failure',
      outputs: {},
      steps: [],
      annotations: [],
    });
  }
  const permissions = effectivePermissions(own, run.ceiling);
  if (!shouldRun) {
    return finished(context, run, {
      id: path,
      name: definition.name ?? definition.id,
      result: cancelled ? 'cancelled' : 'skipped',
      outputs: {},
      steps: [],
      annotations: [],
    });
  }
  context.emit({ type: 'job-started', job: path });
  context.print(
    `[${path}]`,
    `Job "${definition.name ?? definition.id}" started${definition.environment !== undefined ? ` (environment: ${JSON.stringify(definition.environment)})` : ''}`,
  );
  try {
    const result =
      definition.uses !== undefined
        ? await runCallJob(context, run, definition, needs, permissions)
        : await runStepsJob(context, run, definition, needs, permissions);
    return finished(context, run, result);
  } catch (error) {
    // The other jobs keep running to their end; the run reports this error once they have.
    context.failures.push(error as Error);
    const annotation = {
      level: 'error',
      message: context.masker.mask((error as Error).message),
      properties: {},
      job: path,
    } as const;
    context.annotations.push(annotation);
    context.print(`[${path}]`, `Error: ${annotation.message}`);
    return finished(context, run, {
      id: path,
      name: definition.name ?? definition.id,
      result: 'failure',
      outputs: {},
      steps: [],
      annotations: [annotation],
    });
  }
}

/** Runs every job of a workflow once its needs have finished. */
export async function runWorkflowJobs(context: RunContext, run: WorkflowRun): Promise<void> {
  const jobs = Object.values(run.scope.workflow.jobs);
  const started = new Set<string>();
  const running = new Map<string, Promise<JobResult>>();
  while (started.size < jobs.length || running.size > 0) {
    const done = (id: string) => jobPath(run, id) in run.results;
    for (const job of jobs) {
      if (!started.has(job.id) && job.needs.every(done)) {
        started.add(job.id);
        running.set(job.id, runJob(context, run, job));
      }
    }
    if (running.size === 0) {
      const stuck = jobs.filter((job) => !started.has(job.id)).map((job) => job.id);
      throw new WorkflowError(`${run.scope.workflow.path}: jobs ${stuck.join(', ')} can never start (circular needs)`);
    }
    const finishedId = await Promise.race([...running].map(([id, promise]) => promise.then(() => id)));
    running.delete(finishedId);
  }
}

export function topLevelRun(scope: WorkflowScope): WorkflowRun {
  return { scope, ceiling: undefined, results: {} };
}
