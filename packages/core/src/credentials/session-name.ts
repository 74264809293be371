/**
 * RoleSessionName rules of STS: 2 to 64 characters, letters, digits and `. @ - _`. The session
 * name shows up in ActionTrail as `assumed-role/<role>/<session>`, so naming it after the run
 * lets an audit trace a cloud call back to the workflow run that made it.
 */
const ALLOWED = /[^a-zA-Z0-9.@_-]/g;
const MAX_LENGTH = 64;

export function isValidRoleSessionName(name: string): boolean {
  return /^[a-zA-Z0-9.@_-]{2,64}$/.test(name);
}

/** Makes any text a valid session name: disallowed characters become `-`, then length is bounded. */
export function sanitizeRoleSessionName(raw: string): string {
  const cleaned = raw.replace(ALLOWED, '-').slice(0, MAX_LENGTH);
  return cleaned.length >= 2 ? cleaned : `${cleaned}--`.slice(0, 2);
}

/** `github-<run id>-<attempt>` for the current run; `github-actions` outside one. */
export function roleSessionNameForRun(env: Readonly<Record<string, string | undefined>>): string {
  const runId = env['GITHUB_RUN_ID']?.trim();
  if (!runId) return 'github-actions';
  const attempt = env['GITHUB_RUN_ATTEMPT']?.trim() || '1';
  return sanitizeRoleSessionName(`github-${runId}-${attempt}`);
}
