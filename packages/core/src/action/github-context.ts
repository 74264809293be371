/**
 * The run an action is part of, read from the runner's environment (GITHUB_*) rather than
 * @actions/github's context: the same facts without loading Octokit at start-up.
 */
import { readFileSync } from 'node:fs';

export interface RunContext {
  repository: string;
  sha: string;
  ref: string;
  runId: string;
  runAttempt: number;
  actor: string;
  workflow: string;
  eventName: string;
  serverUrl: string;
  apiUrl: string;
  /** `<server>/<repository>/actions/runs/<id>/attempts/<n>`. */
  runUrl: string;
  /** The pull request this run belongs to, if any (from the event payload). */
  pullRequest?: number;
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const serverUrl = (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/$/, '');
  const repository = env['GITHUB_REPOSITORY'] || 'local/unknown';
  const runId = env['GITHUB_RUN_ID'] || '0';
  const runAttempt = Number(env['GITHUB_RUN_ATTEMPT'] || '1') || 1;
  const pullRequest = pullRequestNumber(env['GITHUB_EVENT_PATH']);
  return {
    repository,
    sha: env['GITHUB_SHA'] || '0000000000000000000000000000000000000000',
    ref: env['GITHUB_REF'] || '',
    runId,
    runAttempt,
    actor: env['GITHUB_ACTOR'] || '',
    workflow: env['GITHUB_WORKFLOW'] || '',
    eventName: env['GITHUB_EVENT_NAME'] || '',
    serverUrl,
    apiUrl: (env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/$/, ''),
    runUrl: `${serverUrl}/${repository}/actions/runs/${runId}/attempts/${runAttempt}`,
    ...(pullRequest === undefined ? {} : { pullRequest }),
  };
}

function pullRequestNumber(eventPath: string | undefined): number | undefined {
  if (!eventPath) return undefined;
  try {
    const event = JSON.parse(readFileSync(eventPath, 'utf8')) as {
      pull_request?: { number?: unknown };
      issue?: { number?: unknown; pull_request?: unknown };
      number?: unknown;
    };
    const candidate = event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined);
    return typeof candidate === 'number' ? candidate : undefined;
  } catch {
    return undefined;
  }
}

/** The first 7 characters, as GitHub shows a commit. */
export const shortSha = (sha: string) => sha.slice(0, 7);
