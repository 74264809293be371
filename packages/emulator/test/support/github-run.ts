/**
 * A GitHub Actions run as the emulator's OIDC issuer knows it: registered through the admin API,
 * it gets the token request URL and bearer token the runner hands a job.
 */
import type { AdminClient } from '../../src/index.js';

export interface RegisteredRun {
  /** ACTIONS_ID_TOKEN_REQUEST_URL: already carries a query; getIDToken appends `&audience=`. */
  requestUrl: string;
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  requestToken: string;
  /** The run's claims, completed by the issuer. */
  claims: Record<string, string>;
}

export function registerRun(admin: AdminClient, claims: Record<string, string>): Promise<RegisteredRun> {
  return admin.call<RegisteredRun>('POST', '/oidc/request-tokens', { claims });
}

/** Registers a run and puts its token request where @actions/core getIDToken looks: the job's environment. */
export async function enterRun(admin: AdminClient, claims: Record<string, string>): Promise<RegisteredRun> {
  const run = await registerRun(admin, claims);
  process.env['ACTIONS_ID_TOKEN_REQUEST_URL'] = run.requestUrl;
  process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] = run.requestToken;
  return run;
}
