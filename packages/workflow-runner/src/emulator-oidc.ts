/**
 * Token requests from the local emulator's GitHub OIDC issuer, one per job with that job's
 * claims (repository, ref, environment, job_workflow_ref…), so a RAM role's trust conditions are
 * judged against the job as GitHub would describe it.
 */
import type { OidcJob, OidcRequest } from './types.js';

/** `oidc` for RunOptions: registers each job with the emulator's admin API (`/admin/oidc/request-tokens`). */
export function emulatorOidc(adminUrl: string, adminToken: string): (job: OidcJob) => Promise<OidcRequest> {
  return async ({ job, claims }) => {
    const response = await fetch(`${adminUrl}/admin/oidc/request-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ claims }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as Partial<OidcRequest> & { error?: string };
    if (!response.ok || !body.requestUrl || !body.requestToken) {
      throw new Error(
        `emulator OIDC issuer refused a token request for job ${job}: ${response.status} ${body.error ?? ''}`,
      );
    }
    return { requestUrl: body.requestUrl, requestToken: body.requestToken };
  };
}
