/**
 * Token requests from the local emulator's GitHub OIDC issuer, one per job with that job's
 * claims (repository, ref, environment, job_workflow_ref…), so a RAM role's trust conditions are
 * judged against the job as GitHub would describe it.
 */
import type { OidcJob, OidcRequest } from './types.js';

/** `oidc` for RunOptions: registers each job with the emulator's admin API (`/admin/oidc/request-tokens`). */
export function emulatorOidc(adminUrl: string, adminToken: string): (job: OidcJob) => Promise<OidcRequest> {
  const register = (claims: Record<string, string>) =>
    fetch(`${adminUrl}/admin/oidc/request-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ claims }),
      signal: AbortSignal.timeout(30_000),
    });
  return async ({ job, claims }) => {
    // A kept-alive connection the emulator has just closed fails with a reset before the request
    // is read; asking once more is safe (an unused request token is harmless).
    const response = await register(claims).catch(() => register(claims));
    const body = (await response.json()) as Partial<OidcRequest> & { error?: string };
    if (!response.ok || !body.requestUrl || !body.requestToken) {
      throw new Error(
        `emulator OIDC issuer refused a token request for job ${job}: ${response.status} ${body.error ?? ''}`,
      );
    }
    return { requestUrl: body.requestUrl, requestToken: body.requestToken };
  };
}
