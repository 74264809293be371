/**
 * Starting a workflow run through GitHub's REST API (`POST /repos/{owner}/{repo}/actions/workflows/{workflow}/dispatches`,
 * docs.github.com "Create a workflow dispatch event"): how wait-and-resume hands a long job to a
 * later run. The token needs `actions: write`. Plain fetch: Octokit would cost start-up for one call.
 */

export interface WorkflowDispatch {
  apiUrl: string;
  token: string;
  /** `owner/repo`. */
  repository: string;
  /** Workflow file name (`train.yml`) or numeric id. */
  workflow: string;
  /** Branch or tag the new run uses. */
  ref: string;
  inputs: Record<string, string>;
}

export async function dispatchWorkflow(dispatch: WorkflowDispatch, fetchImpl: typeof fetch = fetch): Promise<void> {
  const [owner, repo] = dispatch.repository.split('/');
  const url = `${dispatch.apiUrl.replace(/\/$/, '')}/repos/${encodeURIComponent(owner ?? '')}/${encodeURIComponent(repo ?? '')}/actions/workflows/${encodeURIComponent(dispatch.workflow)}/dispatches`;
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${dispatch.token}`,
      'content-type': 'application/json',
      'user-agent': 'pai-actions',
      'x-github-api-version': '2022-11-28',
    },
    body: JSON.stringify({ ref: dispatch.ref, inputs: dispatch.inputs }),
  });
  if (response.status !== 204 && response.status !== 200) {
    const text = (await response.text()).slice(0, 300);
    const hint =
      response.status === 403 || response.status === 404
        ? ' (the token needs permissions: actions: write, and the workflow must have a workflow_dispatch trigger)'
        : '';
    throw new Error(
      `workflow_dispatch of ${dispatch.workflow} on ${dispatch.repository} failed: HTTP ${response.status} ${text}${hint}`,
    );
  }
}

/**
 * The workflow file of the running workflow from GITHUB_WORKFLOW_REF
 * (`owner/repo/.github/workflows/train.yml@refs/heads/main` → `train.yml`).
 */
export function workflowFromRef(workflowRef: string | undefined): string | undefined {
  const path = workflowRef?.split('@')[0];
  const file = path?.match(/\.github\/workflows\/([^/]+\.ya?ml)$/)?.[1];
  return file;
}

/** The ref a dispatched run should use: a pull request's head branch, else the run's ref. */
export function dispatchRef(env: NodeJS.ProcessEnv): string {
  return env['GITHUB_HEAD_REF'] || env['GITHUB_REF'] || '';
}
