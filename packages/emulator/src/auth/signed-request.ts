/**
 * The parts of an HTTP request a signature covers, exactly as they arrived on the wire. The server
 * builds one from node's IncomingMessage after reading the body; verifiers never see a socket.
 */
export interface SignedRequest {
  method: string;
  /** Path plus `?` plus query, byte for byte as received (`req.url`): verifiers must not see a re-encoded URL. */
  rawUrl: string;
  /** Lower-case names, as node gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Who signed a request that verified. */
export interface SignedIdentity {
  accessKeyId: string;
  /** Present when the caller signed with STS credentials: the server resolves it to the session. */
  securityToken?: string;
}

/** Looks up the secret of an AccessKey ID; undefined when the key does not exist. */
export type SecretLookup = (accessKeyId: string) => string | undefined;

export function headerValue(req: SignedRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

export function splitRawUrl(rawUrl: string): { path: string; query: string } {
  const mark = rawUrl.indexOf('?');
  return mark < 0 ? { path: rawUrl, query: '' } : { path: rawUrl.slice(0, mark), query: rawUrl.slice(mark + 1) };
}

/** Percent-decodes one URL component; `+` means space in a query. Malformed input stays as it is so it fails later as a mismatch. */
export function decodeComponent(text: string, plusIsSpace = true): string {
  const spaced = plusIsSpace ? text.replace(/\+/g, ' ') : text;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Decoded `[key, value]` pairs in wire order; a key without `=` gets the empty value. */
export function parseQuery(query: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([decodeComponent(key), decodeComponent(value)]);
  }
  return pairs;
}
