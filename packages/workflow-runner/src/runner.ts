/** The programmatic API: start a workflow run, cancel it, await its result. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkflowError } from './errors.js';
import { type Json } from './expressions.js';
import { callInputs, runWorkflowJobs, topLevelRun } from './jobs.js';
import { Masker } from './masker.js';
import { preflight } from './preflight.js';
import { hostEnv, type RunContext } from './run-context.js';
import type { GithubInfo, JobResult, Outcome, RunOptions, WorkflowResult } from './types.js';
import { isMap } from './workflow-file.js';
import { interpolate } from './expressions.js';

export interface RunningWorkflow {
  result: Promise<WorkflowResult>;
  /** Cancels the run as GitHub does: the running steps get SIGINT, then post steps run. */
  cancel(): void;
}

/** The pai-actions checkout this runner is part of (packages/workflow-runner/src → root). */
const OWN_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const DEFAULT_GITHUB: GithubInfo = {
  sha: '0000000000000000000000000000000000000000',
  ref: 'refs/heads/main',
  repository: 'local/repository',
  runId: '1',
  runNumber: '1',
  runAttempt: '1',
  actor: 'local',
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  token: '',
};

function conclusion(jobs: JobResult[]): Outcome {
  if (jobs.some((job) => job.result === 'failure')) return 'failure';
  if (jobs.some((job) => job.result === 'cancelled')) return 'cancelled';
  return 'success';
}

function readEvent(options: RunOptions): Record<string, Json> {
  if (options.event) return options.event;
  if (!options.eventPath) return {};
  let event: Json;
  try {
    event = JSON.parse(readFileSync(options.eventPath, 'utf8')) as Json;
  } catch (error) {
    throw new WorkflowError(`eventPath ${options.eventPath}: ${(error as Error).message}`);
  }
  if (!isMap(event)) throw new WorkflowError(`eventPath ${options.eventPath} must hold a JSON object`);
  return event;
}

/** Starts a run. Invalid options, workflows or actions reject `result` before any step runs. */
export function startWorkflow(options: RunOptions): RunningWorkflow {
  const controller = new AbortController();
  const result = run(options, controller.signal);
  return { result, cancel: () => controller.abort() };
}

export function runWorkflow(options: RunOptions): Promise<WorkflowResult> {
  return startWorkflow(options).result;
}

async function run(options: RunOptions, cancelSignal: AbortSignal): Promise<WorkflowResult> {
  const roots = {
    workspace: resolve(options.workspace ?? process.cwd()),
    actionsRoot: resolve(options.actionsRoot ?? OWN_ROOT),
    ...(options.actionPaths ? { actionPaths: options.actionPaths } : {}),
  };
  const file = resolve(roots.workspace, options.workflow);
  const { workflow, loaded } = preflight(file, roots);
  if (!(options.eventName in workflow.on)) {
    throw new WorkflowError(
      `${workflow.path} is not triggered by "${options.eventName}" (on: ${Object.keys(workflow.on).join(', ')})`,
    );
  }
  const github: GithubInfo = { ...DEFAULT_GITHUB, ...options.github };
  const event = readEvent(options);
  const trigger = workflow.on[options.eventName];
  const declaresInputs = ['workflow_dispatch', 'workflow_call'].includes(options.eventName);
  if (!declaresInputs && options.inputs && Object.keys(options.inputs).length > 0) {
    throw new WorkflowError(
      `inputs: only workflow_dispatch and workflow_call runs take inputs, not "${options.eventName}"`,
    );
  }
  const githubForDefaults = {
    event_name: options.eventName,
    event,
    sha: github.sha,
    ref: github.ref,
    repository: github.repository,
    actor: github.actor,
  };
  const inputs = declaresInputs
    ? callInputs(
        isMap(trigger) ? (trigger['inputs'] ?? null) : null,
        options.inputs ?? {},
        `${workflow.path}: inputs`,
        (value, name) =>
          interpolate(
            value,
            { github: githubForDefaults },
            { success: true, failure: false, cancelled: false },
            `${workflow.path}: inputs.${name}.default`,
          ),
      )
    : {};

  const runDir = resolve(options.runDir ?? mkdtempSync(join(tmpdir(), 'pai-workflow-')));
  mkdirSync(runDir, { recursive: true });
  const eventPath = join(runDir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event, null, 2));

  const masker = new Masker();
  const staticOidcToken = typeof options.oidc === 'object' ? options.oidc.requestToken : '';
  for (const secret of [...Object.values(options.secrets ?? {}), github.token, staticOidcToken]) {
    if (secret) masker.add(secret);
  }
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const context: RunContext = {
    options,
    roots,
    github,
    eventName: options.eventName,
    topWorkflowPath: workflow.path,
    topWorkflowName: workflow.name ?? workflow.path,
    event,
    eventPath,
    runDir,
    baseEnv: options.env ?? hostEnv(),
    masker,
    annotations: [],
    failures: [],
    cancelSignal,
    graceMs: options.cancelGraceMs ?? 7500,
    workflows: loaded.workflows,
    actions: loaded.actions,
    print: (prefix, line) => log(masker.mask(`${prefix} ${line}`)),
    emit: (runEvent) => options.onEvent?.(runEvent),
  };
  const top = topLevelRun({ workflow, prefix: '', inputs, secrets: options.secrets ?? {} });
  await runWorkflowJobs(context, top);
  if (context.failures.length > 0) throw context.failures[0];
  const topJobs = Object.keys(workflow.jobs).map((id) => top.results[id]!);
  return { conclusion: conclusion(topJobs), jobs: top.results, annotations: context.annotations, runDir };
}
