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
    // One connection per request: the SDK's HTTP layer (httpx) arms a read timer on the socket and
    // only clears it when it reads the body itself, which openapi-core does not; on a kept-alive
    // socket that stale timer later cancels the next request's timer, so a hung answer would never
    // time out. Unsigned (ACS3 signs host, content-type and x-acs-* headers only).
    globalParameters: new $OpenApiUtil.GlobalParameters({ headers: { connection: 'close' } }),
  });
}
