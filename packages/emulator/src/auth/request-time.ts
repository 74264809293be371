/** The cloud rejects a request whose timestamp is more than 15 minutes from its clock (OpenAPI and OSS alike). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const ISO_8601_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** `2026-01-31T12:00:00Z` as the OpenAPI SDKs send it (x-acs-date, Timestamp); undefined when not in that form. */
export function parseIsoUtc(text: string): Date | undefined {
  if (!ISO_8601_UTC.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** An HTTP date (`Wed, 25 Nov 2026 15:59:45 GMT`) as ali-oss sends it in x-oss-date. */
export function parseHttpDate(text: string): Date | undefined {
  const date = new Date(text);
  return text.trim() === '' || Number.isNaN(date.getTime()) ? undefined : date;
}

export function isSkewed(requestTime: Date, now: Date, maxSkewMs: number = MAX_CLOCK_SKEW_MS): boolean {
  return Math.abs(requestTime.getTime() - now.getTime()) > maxSkewMs;
}
