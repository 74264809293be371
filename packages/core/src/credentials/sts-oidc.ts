import type * as StsNs from '@alicloud/sts20150401';
import { defaultExport } from '../clients/cjs.js';
import type { ResolvedEndpoint } from '../clients/endpoint.js';
import type { CloudCredentials } from '../clients/types.js';
import { PaiApiError } from '../errors.js';
import { withRetry, type RetryInfo, type RetryPolicy } from '../retry.js';

export interface OidcExchange {
  endpoint: ResolvedEndpoint;
  region: string;
  roleArn: string;
  oidcProviderArn: string;
  idToken: string;
  roleSessionName: string;
  durationSeconds: number;
  retryPolicy?: RetryPolicy;
  onRetry?: (info: RetryInfo) => void;
}

export interface StsCredentials extends CloudCredentials {
  securityToken: string;
  /** ISO 8601, as STS writes it. */
  expiration: string;
}

type StsModule = typeof StsNs;
type StsClient = InstanceType<StsModule['default']['default']>;

/**
 * STS AssumeRoleWithOIDC with the anonymous @alicloud/sts20150401 client: the ID token is the proof,
 * so nothing is signed. Repeating the call only issues another session, so every failure the retry
 * policy deems transient is retried.
 */
export async function assumeRoleWithOidc(exchange: OidcExchange): Promise<StsCredentials> {
  // Loaded on first use: the STS SDK is large, and only the OIDC path needs it.
  const [sts, openApi] = await Promise.all([import('@alicloud/sts20150401'), import('@alicloud/openapi-core')]);
  const Client = defaultExport<StsModule['default']['default']>(sts, '@alicloud/sts20150401');
  const Request = modelClass(sts, 'AssumeRoleWithOIDCRequest');
  const client: StsClient = new Client(
    new openApi.$OpenApiUtil.Config({
      type: 'anonymous',
      endpoint: exchange.endpoint.host,
      protocol: exchange.endpoint.protocol,
      regionId: exchange.region,
      readTimeout: 10_000,
      connectTimeout: 5_000,
    }),
  );
  const request = new Request({
    roleArn: exchange.roleArn,
    OIDCProviderArn: exchange.oidcProviderArn,
    OIDCToken: exchange.idToken,
    roleSessionName: exchange.roleSessionName,
    durationSeconds: exchange.durationSeconds,
  });

  const response = await withRetry(() => client.assumeRoleWithOIDC(request), {
    product: 'sts',
    action: 'AssumeRoleWithOIDC',
    idempotent: true,
    ...(exchange.retryPolicy ? { policy: exchange.retryPolicy } : {}),
    ...(exchange.onRetry ? { onRetry: exchange.onRetry } : {}),
  });
  const body = response.body;
  const issued = body?.credentials;
  if (!issued?.accessKeyId || !issued.accessKeySecret || !issued.securityToken || !issued.expiration) {
    throw new PaiApiError({
      code: 'InvalidResponse',
      message: 'the reply carries no complete Credentials',
      product: 'sts',
      action: 'AssumeRoleWithOIDC',
      ...(body?.requestId ? { requestId: body.requestId } : {}),
    });
  }
  return {
    accessKeyId: issued.accessKeyId,
    accessKeySecret: issued.accessKeySecret,
    securityToken: issued.securityToken,
    expiration: issued.expiration,
  };
}

// Model classes are named exports under Node, but sit under `default` in an ncc bundle.
function modelClass<K extends 'AssumeRoleWithOIDCRequest'>(sts: unknown, name: K): StsModule[K] {
  const holder = sts as Partial<StsModule> & { default?: Partial<StsModule> };
  const found = holder[name] ?? holder.default?.[name];
  if (typeof found !== 'function') throw new Error(`@alicloud/sts20150401 has no ${name}`);
  return found as StsModule[K];
}
