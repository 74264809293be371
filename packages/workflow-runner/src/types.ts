/** What a run is given and what it reports. */
import type { Json } from './expressions.js';
import type { Permissions } from './permissions.js';

export type Outcome = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  /** `file`, `line`, `title`, … as the command gave them. */
  properties: Record<string, string>;
  job: string;
  step?: string;
}

export interface StepResult {
  id?: string;
  name: string;
  outcome: Outcome;
  /** The outcome after continue-on-error: what `steps.<id>.conclusion` reads. */
  conclusion: Outcome;
  outputs: Record<string, string>;
  /** A post step (run at job end). */
  post: boolean;
}

export interface JobResult {
  /** The job's path: `build`, or `train/build` for a job of a called workflow. */
  id: string;
  name: string;
  result: Outcome;
  outputs: Record<string, string>;
  steps: StepResult[];
  annotations: Annotation[];
  /** The job's step summaries, concatenated; absent when no step wrote one. */
  summaryPath?: string;
  permissions?: Permissions;
  concurrency?: Json;
  environment?: Json;
  /** Set for a job that called a reusable workflow. */
  calls?: string;
}

export interface WorkflowResult {
  conclusion: Outcome;
  /** Every job by path, including the jobs of called workflows. */
  jobs: Record<string, JobResult>;
  annotations: Annotation[];
  /** Where per-job files and summaries were written. */
  runDir: string;
}

export type RunEvent =
  | { type: 'job-started'; job: string }
  | { type: 'job-finished'; job: string; result: Outcome }
  | { type: 'step-started'; job: string; step: string }
  | { type: 'step-finished'; job: string; step: string; outcome: Outcome }
  | { type: 'output'; job: string; step: string; line: string };

export interface GithubInfo {
  sha: string;
  ref: string;
  repository: string;
  runId: string;
  runNumber: string;
  runAttempt: string;
  actor: string;
  serverUrl: string;
  apiUrl: string;
  /** github.token and secrets.GITHUB_TOKEN; masked. */
  token: string;
}

export interface OidcRequest {
  requestUrl: string;
  requestToken: string;
}

/** A job that may request an ID token, with the claims GitHub would put in it. */
export interface OidcJob {
  job: string;
  claims: Record<string, string>;
}

export interface RunOptions {
  /** The workflow file to run. */
  workflow: string;
  /** The event that triggers it (`push`, `pull_request`, `workflow_dispatch`, …). */
  eventName: string;
  /** The event payload (github.event, GITHUB_EVENT_PATH); or give eventPath. */
  event?: Record<string, Json>;
  eventPath?: string;
  /** The checked-out repository: GITHUB_WORKSPACE, where `./…` resolves. Default: the current directory. */
  workspace?: string;
  /** The pai-actions checkout that `<owner>/pai-actions…@ref` means. Default: the one this runner is in. */
  actionsRoot?: string;
  /** Other `owner/repo[/path]` (no `@ref`) → local action directory. */
  actionPaths?: Record<string, string>;
  github?: Partial<GithubInfo>;
  /** workflow_dispatch / workflow_call inputs of the workflow run. */
  inputs?: Record<string, Json>;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  /**
   * Given to jobs granted `id-token: write` as ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN: one request
   * URL and token for every job, or a function asked once per job with that job's claims (see
   * emulatorOidc).
   */
  oidc?: OidcRequest | ((job: OidcJob) => Promise<OidcRequest>);
  /** The environment step processes start from. Default: this process's, without GITHUB_*, RUNNER_*, INPUT_*, STATE_*, ACTIONS_*. */
  env?: Record<string, string>;
  /** Directory for per-job files and summaries. Default: a new temporary directory. */
  runDir?: string;
  /** Receives each line of the live log (masked). Default: stdout. */
  log?: (line: string) => void;
  onEvent?: (event: RunEvent) => void;
  /** Time between SIGINT, SIGTERM and SIGKILL when a step is cancelled. Default 7500 ms, as GitHub. */
  cancelGraceMs?: number;
  /** Print `::debug::` lines. */
  debug?: boolean;
}
