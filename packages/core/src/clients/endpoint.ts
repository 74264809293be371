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
  const host = match ? match[2]! : value;
  if (!isHostAndPort(host)) return undefined;
  return { protocol: match ? (match[1] as 'http' | 'https') : 'https', host };
}

// A host name or IPv4 address (or a bracketed IPv6 one) and an optional port a socket can use:
// no spaces or control characters in the host, no port above 65535.
function isHostAndPort(text: string): boolean {
  const parts = /^([\w.-]+|\[[\da-fA-F:.]+\])(?::(\d{1,5}))?$/.exec(text);
  if (!parts) return false;
  const port = parts[2] === undefined ? undefined : Number(parts[2]);
  return port === undefined || (port >= 1 && port <= 65_535);
}
