/**
 * What every job of one run shares: the github context, secrets and their masker, the live log,
 * annotations, loaded workflow and action files, and the cancellation signal.
 */
import { arch, platform } from 'node:os';
import type { ActionDefinition } from './action-file.js';
import type { Json } from './expressions.js';
import { Masker } from './masker.js';
import type { ReferenceRoots } from './references.js';
import type { Annotation, GithubInfo, RunEvent, RunOptions } from './types.js';
import type { WorkflowDefinition } from './workflow-file.js';

export interface RunContext {
  options: RunOptions;
  roots: ReferenceRoots;
  github: GithubInfo;
  eventName: string;
  /** The workflow file the run started from, and its name: for ID token claims. */
  topWorkflowPath: string;
  topWorkflowName: string;
  event: Record<string, Json>;
  eventPath: string;
  runDir: string;
  baseEnv: Record<string, string>;
  masker: Masker;
  annotations: Annotation[];
  /** Errors that ended a job (not a step): the run rejects with the first once every job has ended. */
  failures: Error[];
  cancelSignal: AbortSignal;
  graceMs: number;
  /** Files read during the pre-flight check, by absolute path. */
  workflows: Map<string, WorkflowDefinition>;
  actions: Map<string, ActionDefinition>;
  print(prefix: string, line: string): void;
  emit(event: RunEvent): void;
}

const HOST_ONLY = /^(GITHUB_|RUNNER_|INPUT_|STATE_|ACTIONS_)/;

/** The host's environment without what belongs to a (real or local) runner's job. */
export function hostEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !HOST_ONLY.test(entry[0]),
    ),
  );
}

export function refName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\/pull\/(\d+)\/merge$/, '$1/merge');
}

/** The `github` context of a job. */
export function githubContext(run: RunContext, job: string, workflowName: string, workspace: string): Json {
  const { github } = run;
  const pullRequest = run.event['pull_request'] as Record<string, Record<string, Json>> | undefined;
  return {
    event_name: run.eventName,
    event: run.event,
    event_path: run.eventPath,
    sha: github.sha,
    ref: github.ref,
    ref_name: refName(github.ref),
    ref_type: github.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    head_ref: run.eventName.startsWith('pull_request') ? String(pullRequest?.['head']?.['ref'] ?? '') : '',
    base_ref: run.eventName.startsWith('pull_request') ? String(pullRequest?.['base']?.['ref'] ?? '') : '',
    repository: github.repository,
    repository_owner: github.repository.split('/')[0] ?? '',
    run_id: github.runId,
    run_number: github.runNumber,
    run_attempt: github.runAttempt,
    actor: github.actor,
    triggering_actor: github.actor,
    server_url: github.serverUrl,
    api_url: github.apiUrl,
    graphql_url: `${github.apiUrl}/graphql`,
    workflow: workflowName,
    workspace,
    job,
    token: github.token,
  };
}

/** The variables the GitHub runner sets for every step (they win over workflow `env:`). */
export function defaultStepEnv(
  run: RunContext,
  job: string,
  workflowName: string,
  runnerTemp: string,
): Record<string, string> {
  const { github } = run;
  const pullRequest = run.event['pull_request'] as Record<string, Record<string, Json>> | undefined;
  const isPull = run.eventName.startsWith('pull_request');
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: run.roots.workspace,
    GITHUB_EVENT_NAME: run.eventName,
    GITHUB_EVENT_PATH: run.eventPath,
    GITHUB_SHA: github.sha,
    GITHUB_REF: github.ref,
    GITHUB_REF_NAME: refName(github.ref),
    GITHUB_REF_TYPE: github.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    GITHUB_HEAD_REF: isPull ? String(pullRequest?.['head']?.['ref'] ?? '') : '',
    GITHUB_BASE_REF: isPull ? String(pullRequest?.['base']?.['ref'] ?? '') : '',
    GITHUB_REPOSITORY: github.repository,
    GITHUB_REPOSITORY_OWNER: github.repository.split('/')[0] ?? '',
    GITHUB_RUN_ID: github.runId,
    GITHUB_RUN_NUMBER: github.runNumber,
    GITHUB_RUN_ATTEMPT: github.runAttempt,
    GITHUB_ACTOR: github.actor,
    GITHUB_TRIGGERING_ACTOR: github.actor,
    GITHUB_SERVER_URL: github.serverUrl,
    GITHUB_API_URL: github.apiUrl,
    GITHUB_GRAPHQL_URL: `${github.apiUrl}/graphql`,
    GITHUB_WORKFLOW: workflowName,
    GITHUB_JOB: job,
    RUNNER_OS: platform() === 'darwin' ? 'macOS' : platform() === 'win32' ? 'Windows' : 'Linux',
    RUNNER_ARCH: arch() === 'arm64' ? 'ARM64' : 'X64',
    RUNNER_NAME: 'pai-workflow',
    RUNNER_ENVIRONMENT: 'self-hosted',
    RUNNER_TEMP: runnerTemp,
    ...(run.options.debug ? { RUNNER_DEBUG: '1' } : {}),
  };
}

export function runnerContext(runnerTemp: string): Json {
  return {
    os: platform() === 'darwin' ? 'macOS' : platform() === 'win32' ? 'Windows' : 'Linux',
    arch: arch() === 'arm64' ? 'ARM64' : 'X64',
    name: 'pai-workflow',
    environment: 'self-hosted',
    temp: runnerTemp,
    debug: '',
  };
}
