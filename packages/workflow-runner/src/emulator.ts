/**
 * Pointing a run at the local emulator: token requests from its GitHub OIDC issuer, one per job
 * with that job's claims (repository, ref, environment, job_workflow_ref…), so a RAM role's trust
 * conditions are judged against the job as GitHub would describe it; and its endpoints.
 */
import { WorkflowError } from './errors.js';
import { hostEnv } from './run-context.js';
import type { OidcJob, OidcRequest, RunOptions } from './types.js';

/** The part of the line pai-emulator prints that a run needs. */
export interface EmulatorEndpoints {
  endpoints: Record<string, string>;
  adminToken: string;
  region?: string;
}

const PRODUCTS = ['oss', 'eas', 'dlc', 'cms', 'sts'];

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

/**
 * Run options that point a workflow at a running emulator: per-job OIDC token requests from its
 * issuer, and its endpoints in ALIBABA_CLOUD_<PRODUCT>_ENDPOINT (and the region) for every step.
 */
export function emulatorRunOptions(info: EmulatorEndpoints, baseEnv = hostEnv()): Pick<RunOptions, 'oidc' | 'env'> {
  const admin = info.endpoints['admin'];
  if (!admin || !info.adminToken)
    throw new WorkflowError('emulator: no admin endpoint or admin token in its start-up line');
  const env: Record<string, string> = { ...baseEnv };
  for (const product of PRODUCTS) {
    const endpoint = info.endpoints[product];
    if (endpoint) env[`ALIBABA_CLOUD_${product.toUpperCase()}_ENDPOINT`] = endpoint;
  }
  if (info.region) env['ALIBABA_CLOUD_REGION'] = info.region;
  return { oidc: emulatorOidc(admin, info.adminToken), env };
}
