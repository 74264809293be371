/**
 * GitHub's REST API through @actions/github's Octokit (auth, the GHES base URL, pagination). It
 * loads Octokit and its plugins, so it is imported only when an action actually calls GitHub:
 * start-up is paid on every step.
 */
import type { getOctokit } from '@actions/github';

export type GitHubApi = ReturnType<typeof getOctokit>;

/**
 * An authenticated client for `apiUrl` (GITHUB_API_URL: github.com or a GHES instance). Requests
 * go through Node's own fetch unless the runner has a proxy for that URL: @actions/github's
 * default fetch is a separate copy of undici that standard interceptors (nock, msw) cannot see,
 * and it only earns its place when it has a proxy to honour.
 */
export async function loadGitHubApi(token: string, apiUrl: string): Promise<GitHubApi> {
  const [{ getOctokit }, { getProxyUrl }] = await Promise.all([
    import('@actions/github'),
    import('@actions/http-client'),
  ]);
  const proxied = getProxyUrl(apiUrl) !== '';
  return getOctokit(token, { baseUrl: apiUrl, ...(proxied ? {} : { request: { fetch: globalThis.fetch } }) });
}
