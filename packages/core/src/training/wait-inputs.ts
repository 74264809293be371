/**
 * wait-and-resume's own inputs, all read and checked before any API call: a bad value fails with
 * one InputError naming the input. A function of its own so tests call exactly what the action does.
 */
import { InputError } from '../errors.js';
import { workflowFromRef } from '../github/workflow-dispatch.js';
import { readGitHubToken } from '../github/token.js';
import type { InputReader } from '../inputs.js';
import { readExitCodes } from './inputs.js';
import type { WaitOptions } from './wait.js';

export interface WaitInputs {
  options: WaitOptions;
  /** For a hand-off's workflow_dispatch; masked once read. */
  token?: string;
  /** The workflow a hand-off dispatches: the input, else the running one (GITHUB_WORKFLOW_REF). */
  workflow?: string;
}

export function readWaitInputs(inputs: InputReader, env: NodeJS.ProcessEnv = process.env): WaitInputs {
  const jobId = inputs.string('job-id', {
    required: true,
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/,
    description: 'a DLC job id such as dlc1a2b3c4d5e6f',
  });
  const resumes = inputs.int('resumes', { min: 0, max: 1000, default: 0 });
  const pollIntervalMs = inputs.duration('poll-interval', { min: 1_000, max: 3_600_000, default: 15_000 });
  const maxPollIntervalMs = inputs.duration('max-poll-interval', { min: 1_000, max: 6 * 3_600_000, default: 300_000 });
  if (maxPollIntervalMs < pollIntervalMs) {
    throw new InputError(
      'max-poll-interval',
      inputs.string('max-poll-interval') ?? '',
      `a duration of at least poll-interval (${inputs.string('poll-interval') ?? '15s'})`,
    );
  }
  const timeoutMs = inputs.duration('timeout', { min: 60_000, default: 72 * 3_600_000 });
  const maxResumes = inputs.int('max-resumes', { min: 0, max: 100, default: 3 });
  const recoverOnExitCodes = readExitCodes(inputs, 'recover-on-exit-codes');
  const budgetMs = inputs.duration('budget', { min: 1_000, default: 5 * 3_600_000 + 30 * 60_000 });
  const gpuUtilThreshold = inputs.int('gpu-util-threshold', { min: 0, max: 100, default: 60 });
  const token = readGitHubToken(inputs, 'github-token');
  const workflow =
    inputs.string('workflow', {
      pattern: /^([\w.-]+\.ya?ml|\d+)$/,
      description: 'a workflow file name such as train.yml, or a workflow id',
    }) ?? workflowFromRef(env['GITHUB_WORKFLOW_REF']);
  return {
    options: {
      jobId,
      resumes,
      pollIntervalMs,
      maxPollIntervalMs,
      timeoutMs,
      maxResumes,
      recoverOnExitCodes,
      budgetMs,
      gpuUtilThreshold,
    },
    ...(token === undefined ? {} : { token }),
    ...(workflow === undefined ? {} : { workflow }),
  };
}
