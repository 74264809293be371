import * as OpenApiNs from '@alicloud/openapi-core';
import { resolveEndpoint } from './endpoint.js';
import type { ClientOptions } from './types.js';

const { $OpenApiUtil } = OpenApiNs;

/**
 * The openapi-core Config of a signed client, whether our ROA clients or an official SDK (CMS):
 * the caller's credentials, the product's regional host unless overridden, and one timeout policy.
 */
export function openApiConfig(options: ClientOptions, defaultHost: string): OpenApiNs.$OpenApiUtil.Config {
  const endpoint = resolveEndpoint(options.endpoint, defaultHost);
  return new $OpenApiUtil.Config({
    accessKeyId: options.credentials.accessKeyId,
    accessKeySecret: options.credentials.accessKeySecret,
    ...(options.credentials.securityToken ? { securityToken: options.credentials.securityToken } : {}),
    endpoint: endpoint.host,
    protocol: endpoint.protocol,
    regionId: options.region,
    readTimeout: options.timeoutMs ?? 30_000,
    connectTimeout: 10_000,
  });
}
