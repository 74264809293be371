/**
 * Runs a list of steps (a job's, or a composite action's): `if:`, env, `run:` scripts with bash,
 * node and composite actions with the runner's environment contract, file commands, workflow
 * commands, continue-on-error and timeouts.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { ActionDefinition } from './action-file.js';
import { UnsupportedError, WorkflowError } from './errors.js';
import { condition, interpolate, interpolateMap, interpolateText, stepStatus, type Json } from './expressions.js';
import { readFileCommand } from './file-commands.js';
import { contextsFor, type JobState, type StepScope } from './job-state.js';
import { defaultStepEnv, githubContext } from './run-context.js';
import { resolveUses } from './references.js';
import { runProcess } from './step-process.js';
import type { Outcome, StepResult } from './types.js';
import { parseWorkflowCommand } from './workflow-commands.js';
import type { StepDefinition } from './workflow-file.js';

/** The files a step's process writes its file commands to. */
interface StepFiles {
  output: string;
  env: string;
  path: string;
  state: string;
  summary: string;
  dir: string;
}

function newStepFiles(job: JobState): StepFiles {
  const dir = join(job.dir, 'steps', String(++job.stepCount));
  mkdirSync(dir, { recursive: true });
  const files = {
    dir,
    output: join(dir, 'output'),
    env: join(dir, 'env'),
    path: join(dir, 'path'),
    state: join(dir, 'state'),
    summary: join(dir, 'summary.md'),
  };
  for (const file of [files.output, files.env, files.path, files.state, files.summary]) writeFileSync(file, '');
  return files;
}

function displayName(step: StepDefinition, index: number): string {
  if (step.name) return step.name;
  if (step.uses) return `Run ${step.uses}`;
  const firstLine = (step.run ?? '').trim().split('\n')[0] ?? '';
  return firstLine ? `Run ${firstLine}` : `step ${index + 1}`;
}

/** `INPUT_<NAME>` as the runner names it: spaces become `_`, upper case; hyphens stay. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

function minutes(value: Json | undefined, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new WorkflowError(`${where}.timeout-minutes must be a positive number, got "${String(value)}"`);
  return parsed * 60_000;
}

/** The line handler for a step's output: workflow commands, masking, the live log. */
function outputHandler(job: JobState, stepName: string) {
  const { run } = job;
  const prefix = `[${job.path}] [${stepName}]`;
  let stopToken: string | undefined;
  return (stream: 'stdout' | 'stderr', line: string) => {
    const command = stream === 'stdout' ? parseWorkflowCommand(line) : undefined;
    if (stopToken !== undefined) {
      if (command?.command === stopToken.toLowerCase()) stopToken = undefined;
      else run.print(prefix, line);
      return;
    }
    if (!command) {
      run.print(prefix, line);
      run.emit({ type: 'output', job: job.path, step: stepName, line: run.masker.mask(line) });
      return;
    }
    switch (command.command) {
      case 'add-mask':
        run.masker.add(command.message);
        return;
      case 'error':
      case 'warning':
      case 'notice': {
        const annotation = {
          level: command.command,
          message: run.masker.mask(command.message),
          properties: command.properties,
          job: job.path,
          step: stepName,
        } as const;
        job.annotations.push(annotation);
        run.annotations.push(annotation);
        run.print(prefix, `${command.command[0]!.toUpperCase()}${command.command.slice(1)}: ${command.message}`);
        return;
      }
      case 'group':
        run.print(prefix, `> ${command.message}`);
        return;
      case 'endgroup':
      case 'echo':
        return;
      case 'debug':
        if (run.options.debug) run.print(prefix, `Debug: ${command.message}`);
        return;
      case 'stop-commands':
        stopToken = command.message;
        return;
      case 'set-output':
      case 'save-state':
      case 'set-env':
      case 'add-path': {
        const message = `::${command.command}:: is not supported by the local runner (deprecated on GitHub): use the GITHUB_OUTPUT / GITHUB_STATE / GITHUB_ENV / GITHUB_PATH files`;
        const annotation = { level: 'error', message, properties: {}, job: job.path, step: stepName } as const;
        job.annotations.push(annotation);
        run.annotations.push(annotation);
        run.print(prefix, `Error: ${message}`);
        return;
      }
      default:
        run.print(prefix, line);
    }
  };
}

function errorAnnotation(job: JobState, stepName: string, message: string): void {
  const annotation = {
    level: 'error',
    message: job.run.masker.mask(message),
    properties: {},
    job: job.path,
    step: stepName,
  } as const;
  job.annotations.push(annotation);
  job.run.annotations.push(annotation);
  job.run.print(`[${job.path}] [${stepName}]`, `Error: ${message}`);
}

/** The process environment of a step, lowest precedence first, as the runner layers it. */
function processEnv(
  job: JobState,
  env: Record<string, string>,
  files: StepFiles,
  extra: Record<string, string>,
): Record<string, string> {
  const workflowName = job.scope.workflow.name ?? job.scope.workflow.path;
  const basePath = job.run.baseEnv['PATH'] ?? process.env['PATH'] ?? '';
  return {
    ...job.run.baseEnv,
    ...env,
    ...defaultStepEnv(job.run, job.definition.id, workflowName, job.runnerTemp),
    PATH: [...job.pathPrefix, env['PATH'] ?? basePath].join(delimiter),
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    ...job.oidcEnv,
    ...extra,
  };
}

/** After a step: its env and path files feed later steps; its summary joins the job's. */
function collectFileCommands(job: JobState, files: StepFiles, stepName: string): Record<string, string> {
  Object.assign(job.fileEnv, readFileCommand(files.env, `GITHUB_ENV of "${stepName}"`));
  const added = readFileSync(files.path, 'utf8').split(/\r?\n/).filter(Boolean).reverse();
  job.pathPrefix.unshift(...added);
  const summary = readFileSync(files.summary, 'utf8');
  if (summary.trim() !== '') {
    appendFileSync(job.summaryPath, `${job.run.masker.mask(summary)}\n`);
    job.wroteSummary = true;
  }
  return readFileCommand(files.output, `GITHUB_OUTPUT of "${stepName}"`);
}

interface Execution {
  outcome: Outcome;
  outputs: Record<string, string>;
}

export const SHELLS: Record<string, (script: string) => [string, string[]]> = {
  bash: (script) => ['bash', ['--noprofile', '--norc', '-eo', 'pipefail', script]],
  sh: (script) => ['sh', ['-e', script]],
};

async function runScript(
  job: JobState,
  scope: StepScope,
  step: StepDefinition,
  script: string,
  env: Record<string, string>,
  stepName: string,
  where: string,
  timeoutMs: number | undefined,
): Promise<Execution> {
  const shellName = step.shell ?? (scope.action ? undefined : String(job.defaultsRun['shell'] ?? 'bash'));
  if (shellName === undefined)
    throw new WorkflowError(`${where}.shell is required for a run step in a composite action`);
  const shell = SHELLS[shellName];
  if (!shell)
    throw new UnsupportedError(
      `${where}.shell "${shellName}" is not supported by the local runner (supported: ${Object.keys(SHELLS).join(', ')})`,
    );
  const files = newStepFiles(job);
  const scriptPath = join(files.dir, 'script.sh');
  writeFileSync(scriptPath, script);
  const workingDirectory =
    step.workingDirectory ?? (scope.action ? undefined : (job.defaultsRun['working-directory'] as string | undefined));
  const cwd = workingDirectory
    ? isAbsolute(workingDirectory)
      ? workingDirectory
      : join(job.run.roots.workspace, workingDirectory)
    : job.run.roots.workspace;
  const [command, args] = shell(scriptPath);
  const actionEnv: Record<string, string> = scope.action ? { GITHUB_ACTION_PATH: scope.action.directory } : {};
  const end = await runProcess({
    command,
    args,
    cwd,
    env: processEnv(job, env, files, actionEnv),
    signal: job.abort.signal,
    graceMs: job.run.graceMs,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    onLine: outputHandler(job, stepName),
  });
  const outputs = collectFileCommands(job, files, stepName);
  return { outcome: processOutcome(job, end, stepName), outputs };
}

function processOutcome(
  job: JobState,
  end: { exitCode: number | null; signal: NodeJS.Signals | null; timedOut: boolean; cancelled: boolean },
  stepName: string,
): Outcome {
  if (end.cancelled) return 'cancelled';
  if (end.timedOut) {
    errorAnnotation(job, stepName, 'The step has timed out (timeout-minutes).');
    return 'failure';
  }
  if (end.exitCode === 0) return 'success';
  errorAnnotation(job, stepName, `Process completed with exit code ${end.exitCode ?? `signal ${end.signal}`}.`);
  return 'failure';
}

/** The action's inputs as INPUT_* variables: `with:` values, then the action.yml defaults. */
function actionInputs(
  job: JobState,
  action: ActionDefinition,
  withValues: Record<string, string>,
  evaluateDefault: (value: string, name: string) => string,
  stepName: string,
): { env: Record<string, string>; values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) {
    if (input.default !== undefined) values[name] = evaluateDefault(input.default, name);
  }
  const unexpected = Object.keys(withValues).filter((name) => !(name in action.inputs));
  if (unexpected.length > 0) {
    // GitHub warns and still passes them; so does this runner.
    const message = `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${Object.keys(action.inputs).join("', '")}']`;
    const annotation = { level: 'warning', message, properties: {}, job: job.path, step: stepName } as const;
    job.annotations.push(annotation);
    job.run.annotations.push(annotation);
  }
  Object.assign(values, withValues);
  return {
    env: Object.fromEntries(Object.entries(values).map(([name, value]) => [inputVariable(name), value])),
    values,
  };
}

async function runAction(
  job: JobState,
  scope: StepScope,
  step: StepDefinition,
  env: Record<string, string>,
  stepName: string,
  where: string,
  timeoutMs: number | undefined,
): Promise<Execution> {
  const directory = resolveUses(step.uses!, job.run.roots);
  const action = job.run.actions.get(directory);
  if (!action) throw new WorkflowError(`${where}: action ${step.uses} was not loaded before the run`);
  const github = {
    ...(githubContext(job.run, job.definition.id, workflowName(job), job.run.roots.workspace) as object),
    action_path: action.directory,
  };
  const contexts = contextsFor(job, scope, env, github);
  const status = stepStatus(scope.failed, job.cancelled);
  const withValues = interpolateMap(step.with, contexts, status, `${where}.with`);
  const inputs = actionInputs(
    job,
    action,
    withValues,
    (value, name) => interpolateText(value, contexts, status, `${action.name}: inputs.${name}.default`),
    stepName,
  );
  if (action.runs.using === 'composite') return runComposite(job, action, inputs.values, env, stepName);

  const files = newStepFiles(job);
  const stepEnv = { ...env, ...inputs.env };
  const extra = { GITHUB_ACTION_PATH: action.directory, GITHUB_ACTION: step.id ?? `__${job.stepCount}` };
  const end = await runProcess({
    command: process.execPath,
    args: [join(action.directory, action.runs.main)],
    cwd: job.run.roots.workspace,
    env: processEnv(job, stepEnv, files, extra),
    signal: job.abort.signal,
    graceMs: job.run.graceMs,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    onLine: outputHandler(job, stepName),
  });
  const outputs = collectFileCommands(job, files, stepName);
  if (action.runs.post) {
    job.posts.push({
      name: `Post ${stepName}`,
      action,
      script: action.runs.post,
      condition: action.runs.postIf ?? 'always()',
      env: { ...stepEnv, ...extra },
      stateFile: files.state,
    });
  }
  return { outcome: processOutcome(job, end, stepName), outputs };
}

async function runComposite(
  job: JobState,
  action: ActionDefinition,
  inputs: Record<string, string>,
  env: Record<string, string>,
  stepName: string,
): Promise<Execution> {
  if (action.runs.using !== 'composite') throw new Error('not a composite action');
  const scope: StepScope = { steps: {}, inputs, failed: false, action, namePrefix: `${stepName} / ` };
  await runSteps(job, scope, action.runs.steps, `${action.name}: runs.steps`, env);
  const github = {
    ...(githubContext(job.run, job.definition.id, workflowName(job), job.run.roots.workspace) as object),
    action_path: action.directory,
  };
  const contexts = contextsFor(job, scope, env, github);
  const outputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(action.outputs)) {
    outputs[name] =
      value === undefined
        ? ''
        : interpolateText(value, contexts, stepStatus(scope.failed, job.cancelled), `${action.name}: outputs.${name}`);
  }
  const outcome: Outcome = scope.failed ? 'failure' : job.cancelled && scope.cancelledInside ? 'cancelled' : 'success';
  return { outcome, outputs };
}

function maskValues(job: JobState, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, job.run.masker.mask(value)]));
}

function workflowName(job: JobState): string {
  return job.scope.workflow.name ?? job.scope.workflow.path;
}

/** Runs steps in order; a failed step (after continue-on-error) makes later default steps skip. */
export async function runSteps(
  job: JobState,
  scope: StepScope,
  steps: StepDefinition[],
  where: string,
  inheritedEnv: Record<string, string>,
): Promise<void> {
  for (const [index, step] of steps.entries()) {
    const stepWhere = `${where}[${index}]`;
    const stepName = `${scope.namePrefix}${displayName(step, index)}`;
    const github = githubContext(job.run, job.definition.id, workflowName(job), job.run.roots.workspace);
    // Precedence: job env < GITHUB_ENV < step env; a composite's steps start from the env of the step that called it.
    const baseEnv = scope.action ? { ...job.fileEnv, ...inheritedEnv } : { ...inheritedEnv, ...job.fileEnv };
    let result: StepResult;
    try {
      const baseContexts = contextsFor(job, scope, baseEnv, github);
      const status = stepStatus(scope.failed, job.cancelled);
      if (!condition(step.if, baseContexts, status, `${stepWhere}.if`)) {
        result = { name: stepName, outcome: 'skipped', conclusion: 'skipped', outputs: {}, post: false };
      } else {
        job.run.emit({ type: 'step-started', job: job.path, step: stepName });
        job.run.print(`[${job.path}]`, `--- ${stepName}`);
        const env = { ...baseEnv, ...interpolateMap(step.env, baseContexts, status, `${stepWhere}.env`) };
        const contexts = contextsFor(job, scope, env, github);
        const continueOnError =
          step.continueOnError === undefined
            ? false
            : Boolean(interpolate(step.continueOnError, contexts, status, `${stepWhere}.continue-on-error`));
        const timeoutMs = minutes(interpolate(step.timeoutMinutes ?? null, contexts, status, stepWhere), stepWhere);
        let execution: Execution;
        try {
          execution =
            step.run !== undefined
              ? await runScript(
                  job,
                  scope,
                  step,
                  interpolateText(step.run, contexts, status, `${stepWhere}.run`),
                  env,
                  stepName,
                  stepWhere,
                  timeoutMs,
                )
              : await runAction(job, scope, step, env, stepName, stepWhere, timeoutMs);
        } catch (error) {
          if (error instanceof UnsupportedError) throw error;
          errorAnnotation(job, stepName, (error as Error).message);
          execution = { outcome: 'failure', outputs: {} };
        }
        const conclusion = execution.outcome === 'failure' && continueOnError ? 'success' : execution.outcome;
        result = { name: stepName, outcome: execution.outcome, conclusion, outputs: execution.outputs, post: false };
        job.run.emit({ type: 'step-finished', job: job.path, step: stepName, outcome: execution.outcome });
      }
    } catch (error) {
      if (error instanceof UnsupportedError) throw error;
      // An expression that cannot be evaluated fails the step, as on GitHub.
      errorAnnotation(job, stepName, (error as Error).message);
      result = { name: stepName, outcome: 'failure', conclusion: 'failure', outputs: {}, post: false };
    }
    if (step.id !== undefined) result.id = step.id;
    if (result.conclusion === 'failure') {
      scope.failed = true;
      if (!scope.action) job.failed = true;
    }
    if (result.outcome === 'cancelled') scope.cancelledInside = true;
    if (step.id !== undefined) {
      scope.steps[step.id] = { outputs: result.outputs, outcome: result.outcome, conclusion: result.conclusion };
    }
    // Later steps read the real values; what the run reports is masked.
    job.steps.push({ ...result, outputs: maskValues(job, result.outputs) });
  }
}

/** Runs the post steps of the job's actions, last registered first, each under its post-if. */
export async function runPostSteps(job: JobState): Promise<void> {
  for (const post of [...job.posts].reverse()) {
    const scope: StepScope = { steps: {}, inputs: {}, failed: job.failed, namePrefix: '' };
    const github = githubContext(job.run, job.definition.id, workflowName(job), job.run.roots.workspace);
    const contexts = contextsFor(job, scope, post.env, github);
    let result: StepResult;
    try {
      if (
        !condition(post.condition, contexts, stepStatus(job.failed, job.cancelled), `${post.action.name}: runs.post-if`)
      ) {
        result = { name: post.name, outcome: 'skipped', conclusion: 'skipped', outputs: {}, post: true };
      } else {
        job.run.emit({ type: 'step-started', job: job.path, step: post.name });
        job.run.print(`[${job.path}]`, `--- ${post.name}`);
        const state = readFileCommand(post.stateFile, `GITHUB_STATE of "${post.name}"`);
        const stateEnv = Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value]));
        const files = newStepFiles(job);
        const end = await runProcess({
          command: process.execPath,
          args: [join(post.action.directory, post.script)],
          cwd: job.run.roots.workspace,
          env: processEnv(job, { ...post.env, ...job.fileEnv }, files, stateEnv),
          // A post step runs to its end even in a cancelled job: it is what cleans up.
          signal: new AbortController().signal,
          graceMs: job.run.graceMs,
          onLine: outputHandler(job, post.name),
        });
        collectFileCommands(job, files, post.name);
        const outcome = processOutcome(job, end, post.name);
        result = { name: post.name, outcome, conclusion: outcome, outputs: {}, post: true };
        job.run.emit({ type: 'step-finished', job: job.path, step: post.name, outcome });
      }
    } catch (error) {
      errorAnnotation(job, post.name, (error as Error).message);
      result = { name: post.name, outcome: 'failure', conclusion: 'failure', outputs: {}, post: true };
    }
    if (result.conclusion === 'failure') job.failed = true;
    job.steps.push(result);
  }
}
