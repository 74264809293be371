/**
 * Where a product's API lives. The default is the cloud's regional host; an override (the
 * emulator, a VPC endpoint) may carry a scheme, which openapi-core wants split off.
 */
export interface ResolvedEndpoint {
  host: string; // host[:port], no scheme
  protocol: 'http' | 'https';
}

export function resolveEndpoint(override: string | undefined, defaultHost: string): ResolvedEndpoint {
  const value = override?.trim();
  if (!value) return { host: defaultHost, protocol: 'https' };
  const match = /^(https?):\/\/([^/]+)\/?$/.exec(value);
  if (match) return { protocol: match[1] as 'http' | 'https', host: match[2]! };
  if (/^[\w.-]+(:\d+)?$/.test(value)) return { host: value, protocol: 'https' };
  throw new Error(`endpoint "${value}" is not a host[:port] or an http(s):// URL without a path`);
}
