/**
 * Where a product's API lives. The default is the cloud's regional host; an override (the
 * emulator, a VPC endpoint) may carry a scheme, which openapi-core wants split off.
 */
export interface ResolvedEndpoint {
  host: string; // host[:port], no scheme
  protocol: 'http' | 'https';
}

/** What an endpoint override may look like, phrased to follow "expected" or "is not". */
export const ENDPOINT_EXPECTED = 'a host[:port] or an http(s):// URL without a path';

export function resolveEndpoint(override: string | undefined, defaultHost: string): ResolvedEndpoint {
  const value = override?.trim();
  if (!value) return { host: defaultHost, protocol: 'https' };
  const endpoint = parseEndpoint(value);
  if (!endpoint) throw new Error(`endpoint "${value}" is not ${ENDPOINT_EXPECTED}`);
  return endpoint;
}

/** An override as written (`https://host`, `http://127.0.0.1:8080`, a bare host), or undefined. */
export function parseEndpoint(value: string): ResolvedEndpoint | undefined {
  const match = /^(https?):\/\/([^/]+)\/?$/.exec(value);
  if (match) return { protocol: match[1] as 'http' | 'https', host: match[2]! };
  if (/^[\w.-]+(:\d+)?$/.test(value)) return { host: value, protocol: 'https' };
  return undefined;
}
