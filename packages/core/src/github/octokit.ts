/**
 * GitHub's REST API through @actions/github's Octokit (retries on GitHub's side aside: auth,
 * GHES base URL from GITHUB_API_URL, the runner's proxy). It loads Octokit and its plugins, so
 * it is imported only when an action actually calls GitHub: start-up is paid on every step.
 */
import type { getOctokit } from '@actions/github';

export type GitHubApi = ReturnType<typeof getOctokit>;

/** An authenticated client for `apiUrl` (GITHUB_API_URL: github.com or a GHES instance). */
export async function loadGitHubApi(token: string, apiUrl: string): Promise<GitHubApi> {
  const { getOctokit } = await import('@actions/github');
  return getOctokit(token, { baseUrl: apiUrl });
}
