/**
 * Percent-encoding of Alibaba Cloud OpenAPI signatures (RFC 3986 unreserved set): encodeURIComponent
 * leaves `!'()*` alone, the signers encode them. `~` stays literal in both.
 */
export function acsPercentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}
