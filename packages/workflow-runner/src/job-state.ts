/** The mutable state of one running job, and of the step list being run (the job's or a composite's). */
import type { ActionDefinition } from './action-file.js';
import type { Contexts, Json } from './expressions.js';
import { runnerContext, type RunContext } from './run-context.js';
import type { Annotation, StepResult } from './types.js';
import type { JobDefinition, JsonMap, WorkflowDefinition } from './workflow-file.js';

/** What a workflow's jobs see of the run that called them (or of the run itself, at the top). */
export interface WorkflowScope {
  workflow: WorkflowDefinition;
  /** Prefix of job paths: '' at the top, `train/` inside the workflow job `train` calls. */
  prefix: string;
  inputs: Record<string, Json>;
  secrets: Record<string, string>;
}

export interface PostStep {
  name: string;
  action: ActionDefinition;
  script: string;
  condition: string;
  env: Record<string, string>;
  stateFile: string;
}

export interface JobState {
  run: RunContext;
  scope: WorkflowScope;
  definition: JobDefinition;
  /** `train/build`. */
  path: string;
  dir: string;
  runnerTemp: string;
  summaryPath: string;
  wroteSummary: boolean;
  /** Workflow and job `env:`, evaluated at job start. */
  jobEnv: Record<string, string>;
  /** Set by steps through GITHUB_ENV. */
  fileEnv: Record<string, string>;
  /** Added by steps through GITHUB_PATH (newest first). */
  pathPrefix: string[];
  /** ACTIONS_ID_TOKEN_REQUEST_* when the job may request an OIDC token. */
  oidcEnv: Record<string, string>;
  needs: Json;
  defaultsRun: JsonMap;
  failed: boolean;
  /** The run was cancelled or the job timed out. */
  cancelled: boolean;
  /** Aborted on cancellation: stops the running step's process. */
  abort: AbortController;
  steps: StepResult[];
  annotations: Annotation[];
  posts: PostStep[];
  stepCount: number;
}

/** The step list being run: the job's, or a composite action's (with its own steps and inputs). */
export interface StepScope {
  steps: Record<string, Json>;
  inputs: Json;
  failed: boolean;
  /** A step of this list was cancelled while it ran. */
  cancelledInside?: boolean;
  /** Set inside a composite action: GITHUB_ACTION_PATH, github.action_path. */
  action?: ActionDefinition;
  /** Shown before step names: `my-composite / `. */
  namePrefix: string;
}

export function jobStatus(job: JobState): 'success' | 'failure' | 'cancelled' {
  return job.cancelled ? 'cancelled' : job.failed ? 'failure' : 'success';
}

export function contextsFor(job: JobState, scope: StepScope, env: Record<string, string>, github: Json): Contexts {
  return {
    github,
    env,
    vars: job.run.options.vars ?? {},
    secrets: { ...job.scope.secrets, GITHUB_TOKEN: job.run.github.token },
    inputs: scope.inputs,
    steps: scope.steps,
    needs: job.needs,
    job: { status: jobStatus(job) },
    runner: runnerContext(job.runnerTemp),
    strategy: null,
    matrix: null,
  };
}
