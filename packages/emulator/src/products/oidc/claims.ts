/**
 * The claims of a GitHub Actions ID token for one workflow run, as GitHub documents them
 * ("About security hardening with OpenID Connect"): everything but iss/aud/iat/nbf/exp/jti, which
 * the issuer adds per token. Callers give what matters to them; the rest gets plausible defaults.
 */
export type RunClaims = Record<string, string>;

const DEFAULTS: RunClaims = {
  repository: 'octo-org/octo-repo',
  ref: 'refs/heads/main',
  sha: '0000000000000000000000000000000000000000',
  workflow: 'CI',
  run_id: '1',
  run_number: '1',
  run_attempt: '1',
  actor: 'octocat',
  event_name: 'push',
  repository_visibility: 'private',
  runner_environment: 'github-hosted',
};

/** Claims a caller may not set: the issuer owns them. */
const RESERVED = new Set(['iss', 'aud', 'iat', 'nbf', 'exp', 'jti']);

export function completeRunClaims(given: Record<string, unknown>): RunClaims {
  for (const [name, value] of Object.entries(given)) {
    if (RESERVED.has(name)) throw new Error(`claim "${name}" is set by the issuer, not by the run context`);
    if (typeof value !== 'string') throw new Error(`claim "${name}" must be a string, got ${typeof value}`);
  }
  const claims: RunClaims = { ...DEFAULTS, ...(given as RunClaims) };
  const repository = claims['repository']!;
  const ref = claims['ref']!;
  claims['repository_owner'] ??= repository.split('/')[0]!;
  claims['ref_type'] ??= ref.startsWith('refs/tags/') ? 'tag' : 'branch';
  claims['workflow_ref'] ??= `${repository}/.github/workflows/ci.yml@${ref}`;
  claims['job_workflow_ref'] ??= claims['workflow_ref']!;
  claims['sub'] ??= githubSubject(claims);
  return claims;
}

/**
 * GitHub's default subject: the environment when the job has one, `pull_request` for pull request
 * events, else the ref (`repo:octo-org/octo-repo:ref:refs/heads/main`).
 */
export function githubSubject(claims: RunClaims): string {
  const prefix = `repo:${claims['repository']}`;
  if (claims['environment']) return `${prefix}:environment:${claims['environment']}`;
  if (claims['event_name'] === 'pull_request' || claims['event_name'] === 'pull_request_target') {
    return `${prefix}:pull_request`;
  }
  return `${prefix}:ref:${claims['ref']}`;
}

/** GitHub's audience when the caller names none: the URL of the repository owner. */
export function defaultAudience(claims: RunClaims): string {
  return `https://github.com/${claims['repository_owner']}`;
}
