import type { CloudCredentials } from '../clients/types.js';

/**
 * The environment variable families that carry credentials, in the order they are read. The first is
 * the Alibaba Cloud SDKs' default chain; all three are what aliyun/configure-aliyun-credentials-action
 * exports (the last one for Terraform), so a step after it works whichever family a tool reads.
 */
export const CREDENTIAL_ENV_FAMILIES = [
  {
    accessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
    accessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    securityToken: 'ALIBABA_CLOUD_SECURITY_TOKEN',
  },
  {
    accessKeyId: 'ALIBABACLOUD_ACCESS_KEY_ID',
    accessKeySecret: 'ALIBABACLOUD_ACCESS_KEY_SECRET',
    securityToken: 'ALIBABACLOUD_SECURITY_TOKEN',
  },
  {
    accessKeyId: 'ALICLOUD_ACCESS_KEY',
    accessKeySecret: 'ALICLOUD_SECRET_KEY',
    securityToken: 'ALICLOUD_SECURITY_TOKEN',
  },
] as const;

/** A family that is half set; the message names the variable that is missing, never a value. */
export class IncompleteEnvCredentialsError extends Error {
  override readonly name = 'IncompleteEnvCredentialsError';
  constructor(
    readonly present: string,
    readonly missing: string,
  ) {
    super(`${present} is set but ${missing} is not: set both, or neither`);
  }
}

/**
 * Credentials from the first family whose key ID or secret is set, or undefined when none is.
 * An empty value counts as unset (the official action's post step blanks them). Throws
 * IncompleteEnvCredentialsError when a family has one half of the key pair only.
 */
export function credentialsFromEnv(env: Readonly<Record<string, string | undefined>>): CloudCredentials | undefined {
  const read = (name: string) => env[name]?.trim() || undefined;
  for (const family of CREDENTIAL_ENV_FAMILIES) {
    const accessKeyId = read(family.accessKeyId);
    const accessKeySecret = read(family.accessKeySecret);
    if (!accessKeyId && !accessKeySecret) continue;
    if (!accessKeyId) throw new IncompleteEnvCredentialsError(family.accessKeySecret, family.accessKeyId);
    if (!accessKeySecret) throw new IncompleteEnvCredentialsError(family.accessKeyId, family.accessKeySecret);
    const securityToken = read(family.securityToken);
    return securityToken ? { accessKeyId, accessKeySecret, securityToken } : { accessKeyId, accessKeySecret };
  }
  return undefined;
}
