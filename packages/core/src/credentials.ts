/**
 * Credentials for the actions, never a long-lived key from a workflow input: either the job's GitHub
 * OIDC token exchanged through STS AssumeRoleWithOIDC (when a role is named), or the default chain's
 * environment variables (e.g. set by aliyun/configure-aliyun-credentials-action in an earlier step).
 * Everything secret is registered with core.setSecret before anything could print it.
 */
import * as core from '@actions/core';
import { ENDPOINT_EXPECTED, parseEndpoint, resolveEndpoint } from './clients/endpoint.js';
import type { CloudCredentials } from './clients/types.js';
import { credentialsFromEnv, IncompleteEnvCredentialsError } from './credentials/env.js';
import { isValidRoleSessionName, roleSessionNameForRun } from './credentials/session-name.js';
import { assumeRoleWithOidc } from './credentials/sts-oidc.js';
import { InputError, PaiApiError } from './errors.js';
import type { InputReader } from './inputs.js';
import type { RetryInfo, RetryPolicy } from './retry.js';

export { CREDENTIAL_ENV_FAMILIES, credentialsFromEnv } from './credentials/env.js';
export { roleSessionNameForRun, sanitizeRoleSessionName } from './credentials/session-name.js';

/** The audience GitHub puts in the ID token; the RAM OIDC provider must list it as a client ID. */
export const DEFAULT_OIDC_AUDIENCE = 'sts.aliyuncs.com';
export const DEFAULT_SESSION_SECONDS = 3600;
/** Env override of the STS endpoint (the emulator, a VPC endpoint), like the other products' overrides. */
export const STS_ENDPOINT_ENV = 'ALIBABA_CLOUD_STS_ENDPOINT';

/** The workflow inputs behind each option, for error messages that name what to fix. */
export const CREDENTIAL_INPUTS = {
  roleArn: 'role-arn',
  oidcProviderArn: 'oidc-provider-arn',
  audience: 'audience',
  roleSessionName: 'role-session-name',
  durationSeconds: 'role-duration-seconds',
  stsEndpoint: 'sts-endpoint',
} as const;

export interface CredentialOptions {
  /** RAM role to assume with the job's GitHub ID token: `acs:ram::<account>:role/<name>`. */
  roleArn?: string;
  /** The RAM OIDC provider that trusts GitHub: `acs:ram::<account>:oidc-provider/<name>`. */
  oidcProviderArn?: string;
  /** Audience of the ID token; default `sts.aliyuncs.com`. */
  audience?: string;
  /** Default `github-<run id>-<attempt>`, so ActionTrail names the run behind every call. */
  roleSessionName?: string;
  /** Lifetime of the STS session, 900 up to the role's maximum; default 3600. */
  durationSeconds?: number;
  /** Picks the regional STS endpoint `sts.<region>.aliyuncs.com`. */
  region?: string;
  /** Overrides the STS endpoint (`http://127.0.0.1:port`, a host); default env ALIBABA_CLOUD_STS_ENDPOINT. */
  stsEndpoint?: string;
  retryPolicy?: RetryPolicy;
  onRetry?: (info: RetryInfo) => void;
}

export interface ResolvedCredentials extends CloudCredentials {
  /** When STS credentials stop working (ISO 8601); absent for a key pair from the environment. */
  expiration?: string;
  source: 'oidc' | 'env';
}

/** Credentials could not be had; the message says what to change, never a secret. */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
}

/** Reads the credential inputs of an action (all optional), validated up front. */
export function readCredentialOptions(inputs: InputReader): CredentialOptions {
  const options: CredentialOptions = {
    roleArn: inputs.string(CREDENTIAL_INPUTS.roleArn, { pattern: ROLE_ARN, description: ROLE_ARN_EXPECTED }),
    oidcProviderArn: inputs.string(CREDENTIAL_INPUTS.oidcProviderArn, {
      pattern: PROVIDER_ARN,
      description: PROVIDER_ARN_EXPECTED,
    }),
    audience: inputs.string(CREDENTIAL_INPUTS.audience),
    roleSessionName: inputs.string(CREDENTIAL_INPUTS.roleSessionName),
    durationSeconds: inputs.int(CREDENTIAL_INPUTS.durationSeconds, { min: 900, max: 43_200 }),
    stsEndpoint: inputs.string(CREDENTIAL_INPUTS.stsEndpoint),
  };
  checkOptions(options);
  return options;
}

/**
 * OIDC when `roleArn` and `oidcProviderArn` are given, else the environment's key pair (and token).
 * Reads process.env: @actions/core's getIDToken does too.
 */
export async function resolveCredentials(options: CredentialOptions = {}): Promise<ResolvedCredentials> {
  checkOptions(options);
  if (options.roleArn && options.oidcProviderArn) {
    return fromOidc(options as CredentialOptions & { roleArn: string; oidcProviderArn: string });
  }
  return fromEnvironment();
}

const ROLE_ARN = /^acs:ram::\d+:role\/[\w.@+=,-]{1,64}$/;
const ROLE_ARN_EXPECTED = 'a RAM role ARN like acs:ram::<account id>:role/<role name>';
const PROVIDER_ARN = /^acs:ram::\d+:oidc-provider\/[\w.-]{1,128}$/;
const PROVIDER_ARN_EXPECTED = 'a RAM OIDC provider ARN like acs:ram::<account id>:oidc-provider/<name>';
// RAM client IDs (AddClientIdToOIDCProvider): up to 128 characters, not starting with a special one.
// It travels in the ID token request's query and the token's aud claim: no spaces or control characters.
const AUDIENCE = /^[A-Za-z0-9][\x21-\x7e]{0,127}$/;
const AUDIENCE_EXPECTED =
  'a client ID of the OIDC provider: 1-128 printable characters without spaces, starting with a letter or digit';

function checkOptions(options: CredentialOptions): void {
  const { roleArn, oidcProviderArn, audience, roleSessionName, durationSeconds, stsEndpoint } = options;
  if (roleArn !== undefined && !ROLE_ARN.test(roleArn)) {
    throw new InputError(CREDENTIAL_INPUTS.roleArn, roleArn, ROLE_ARN_EXPECTED);
  }
  if (oidcProviderArn !== undefined && !PROVIDER_ARN.test(oidcProviderArn)) {
    throw new InputError(CREDENTIAL_INPUTS.oidcProviderArn, oidcProviderArn, PROVIDER_ARN_EXPECTED);
  }
  if (roleArn && !oidcProviderArn) {
    throw new InputError(
      CREDENTIAL_INPUTS.oidcProviderArn,
      '',
      `${PROVIDER_ARN_EXPECTED}, because role-arn is set (GitHub OIDC needs both)`,
    );
  }
  if (oidcProviderArn && !roleArn) {
    throw new InputError(
      CREDENTIAL_INPUTS.roleArn,
      '',
      `${ROLE_ARN_EXPECTED}, because oidc-provider-arn is set (GitHub OIDC needs both)`,
    );
  }
  if (audience && !AUDIENCE.test(audience)) {
    throw new InputError(CREDENTIAL_INPUTS.audience, audience, AUDIENCE_EXPECTED);
  }
  if (roleSessionName !== undefined && !isValidRoleSessionName(roleSessionName)) {
    throw new InputError(
      CREDENTIAL_INPUTS.roleSessionName,
      roleSessionName,
      '2 to 64 characters: letters, digits and . @ - _',
    );
  }
  if (stsEndpoint?.trim() && !parseEndpoint(stsEndpoint.trim())) {
    throw new InputError(CREDENTIAL_INPUTS.stsEndpoint, stsEndpoint, ENDPOINT_EXPECTED);
  }
  if (
    durationSeconds !== undefined &&
    !(Number.isInteger(durationSeconds) && durationSeconds >= 900 && durationSeconds <= 43_200)
  ) {
    throw new InputError(
      CREDENTIAL_INPUTS.durationSeconds,
      String(durationSeconds),
      'an integer between 900 and 43200',
    );
  }
}

async function fromOidc(
  options: CredentialOptions & { roleArn: string; oidcProviderArn: string },
): Promise<ResolvedCredentials> {
  if (!process.env['ACTIONS_ID_TOKEN_REQUEST_URL'] || !process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
    throw new CredentialsError(
      'role-arn is set, so this step needs a GitHub OIDC token, but ACTIONS_ID_TOKEN_REQUEST_URL is not set: ' +
        'add `permissions: id-token: write` to the job (workflows run for pull requests from forks never get one).',
    );
  }
  const audience = options.audience || DEFAULT_OIDC_AUDIENCE;
  let idToken: string;
  try {
    idToken = await core.getIDToken(audience);
  } catch (error) {
    throw new CredentialsError(`Could not get a GitHub OIDC token for audience "${audience}": ${messageOf(error)}`, {
      cause: error,
    });
  }
  core.setSecret(idToken);

  const region = options.region || 'cn-hangzhou';
  const endpoint = resolveEndpoint(
    options.stsEndpoint || process.env[STS_ENDPOINT_ENV],
    options.region ? `sts.${options.region}.aliyuncs.com` : 'sts.aliyuncs.com',
  );
  let issued;
  try {
    issued = await assumeRoleWithOidc({
      endpoint,
      region,
      roleArn: options.roleArn,
      oidcProviderArn: options.oidcProviderArn,
      idToken,
      roleSessionName: options.roleSessionName ?? roleSessionNameForRun(process.env),
      durationSeconds: options.durationSeconds ?? DEFAULT_SESSION_SECONDS,
      ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    });
  } catch (error) {
    throw explainStsFailure(error, { audience, roleArn: options.roleArn, subject: subjectOf(idToken) });
  }
  core.setSecret(issued.accessKeySecret);
  core.setSecret(issued.securityToken);
  return { ...issued, source: 'oidc' };
}

function fromEnvironment(): ResolvedCredentials {
  let found: CloudCredentials | undefined;
  try {
    found = credentialsFromEnv(process.env);
  } catch (error) {
    if (error instanceof IncompleteEnvCredentialsError) throw new CredentialsError(error.message);
    throw error;
  }
  if (!found) {
    throw new CredentialsError(
      'No Alibaba Cloud credentials: set role-arn and oidc-provider-arn to use GitHub OIDC (recommended; the job needs ' +
        '`permissions: id-token: write`), or provide ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET ' +
        '(and ALIBABA_CLOUD_SECURITY_TOKEN for STS credentials) in the environment.',
    );
  }
  core.setSecret(found.accessKeySecret);
  if (found.securityToken) core.setSecret(found.securityToken);
  if (!found.securityToken && process.env['GITHUB_ACTIONS'] === 'true') {
    core.warning(
      'Using a long-lived AccessKey from the environment. Prefer GitHub OIDC (role-arn and oidc-provider-arn): ' +
        'short-lived credentials and no key stored in GitHub.',
    );
  }
  return { ...found, source: 'env' };
}

/** Adds what to check to the STS errors a misconfigured trust produces; other failures pass through. */
function explainStsFailure(
  error: unknown,
  context: { audience: string; roleArn: string; subject: string | undefined },
): unknown {
  if (!(error instanceof PaiApiError)) return error;
  const hints: Record<string, string> = {
    'AuthenticationFail.NoPermission': `check that the OIDC provider exists and that the trust policy of ${context.roleArn} allows this token${
      context.subject ? ` (sub "${context.subject}")` : ''
    }`,
    'AuthenticationFail.OIDCToken.AudienceNotMatch': `the audience "${context.audience}" must be one of the OIDC provider's client IDs`,
    'AuthenticationFail.OIDCToken.IssuerNotMatch':
      "the OIDC provider's issuer URL must be https://token.actions.githubusercontent.com",
    'EntityNotExist.Role': `the role ${context.roleArn} does not exist in that account`,
  };
  const hint = hints[error.code];
  return hint ? new CredentialsError(`${error.message}; ${hint}`, { cause: error }) : error;
}

// The subject is no secret (it names repository and ref) and is what a trust condition is written against.
function subjectOf(jwt: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof payload.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
