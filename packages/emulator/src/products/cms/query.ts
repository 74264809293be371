import { createHash } from 'node:crypto';
import { nameTable } from '../../names.js';
import { invalidParameter, missingParameter } from './errors.js';

/*
 * Request parameters of DescribeMetricList / DescribeMetricLast, read as the CMS 2019-01-01
 * reference states them (cms20190101 request models):
 * - StartTime / EndTime: epoch milliseconds or "YYYY-MM-DD hh:mm:ss"; the range is left-open and
 *   right-closed, (StartTime, EndTime], and at most 31 days long.
 * - Period: seconds, a multiple of 60 for acs_learn. Length: at most 1440 per page.
 * - Dimensions: a JSON array of key/value maps (a single map is accepted too), at most 50.
 * The reference does not say which time zone "YYYY-MM-DD hh:mm:ss" is read in: the console and the
 * docs' examples use China time, so the emulator reads it as UTC+8 (no daylight saving) whatever
 * its region. Clients should send epoch milliseconds, which are unambiguous.
 */

export const CMS_TIME_ZONE_OFFSET_MS = 8 * 3_600_000;
export const MAX_RANGE_MS = 31 * 86_400_000;
export const MAX_LENGTH = 1440;
export const DEFAULT_LENGTH = 1000;
export const MAX_DIMENSIONS = 50;
export const DEFAULT_PERIOD_SECONDS = 60;
/** Range of a DescribeMetricList without StartTime (GUESS: the reference gives no default). */
export const DEFAULT_LIST_SPAN_MS = 3_600_000;

export type DimensionFilter = Record<string, string>;

/** The time range (start, end], epoch ms. */
export interface TimeRange {
  start: number;
  end: number;
}

export function required(input: Record<string, string>, name: string): string {
  const value = input[name];
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

/** Epoch milliseconds, "YYYY-MM-DD hh:mm:ss" (UTC+8) or ISO 8601 with a zone ("…Z", older docs). */
export function parseCmsTime(name: string, raw: string): number {
  const value = raw.trim();
  if (/^\d{1,15}$/.test(value)) return Number(value);
  const local = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (local) {
    const [year, month, day, hour, minute, second] = local.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const utc = Date.UTC(year, month - 1, day, hour, minute, second);
    // Date.UTC rolls 2024-02-30 over to March: a round trip catches impossible dates.
    const back = new Date(utc);
    if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
      throw invalidParameter(name, `"${raw}" is not a valid date and time`);
    }
    return utc - CMS_TIME_ZONE_OFFSET_MS;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed)) return parsed;
  }
  throw invalidParameter(name, `"${raw}" is neither epoch milliseconds nor "YYYY-MM-DD hh:mm:ss"`);
}

/** Epoch ms → "YYYY-MM-DD hh:mm:ss" as the emulator reads it (UTC+8). */
export function formatCmsTime(ms: number): string {
  return new Date(ms + CMS_TIME_ZONE_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export function parsePeriod(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PERIOD_SECONDS;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds <= 0 || seconds % 60 !== 0) {
    throw invalidParameter('Period', `"${raw}" is not a positive multiple of 60 seconds`);
  }
  return seconds;
}

export function parseLength(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_LENGTH;
  const length = Number(raw);
  if (!Number.isInteger(length) || length < 1 || length > MAX_LENGTH) {
    throw invalidParameter('Length', `"${raw}" is not an integer from 1 to ${MAX_LENGTH}`);
  }
  return length;
}

/** `[{"serviceName":"a"},{"serviceName":"b"}]` → filters; none given = every resource of the account. */
export function parseDimensions(raw: string | undefined): DimensionFilter[] {
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter('Dimensions', 'not valid JSON');
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length > MAX_DIMENSIONS)
    throw invalidParameter('Dimensions', `at most ${MAX_DIMENSIONS} dimension sets per request`);
  return list.map((entry) => {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      throw invalidParameter('Dimensions', 'each entry must be a JSON object');
    const filter: DimensionFilter = nameTable();
    for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
      if (typeof value !== 'string' && typeof value !== 'number')
        throw invalidParameter('Dimensions', `the value of "${key}" must be a string`);
      filter[key] = String(value);
    }
    return filter;
  });
}

/** (StartTime, EndTime] with the defaults of the action; `lookbackMs` fills a missing StartTime. */
export function parseRange(input: Record<string, string>, now: number, lookbackMs: number): TimeRange {
  const end = input['EndTime'] ? parseCmsTime('EndTime', input['EndTime']) : now;
  const start = input['StartTime'] ? parseCmsTime('StartTime', input['StartTime']) : end - lookbackMs;
  if (start >= end) throw invalidParameter('StartTime', 'StartTime must be earlier than EndTime');
  if (end - start > MAX_RANGE_MS)
    throw invalidParameter('EndTime', 'the range from StartTime to EndTime must not exceed 31 days');
  return { start, end };
}

/**
 * NextToken: where the next page starts, bound to the query it came from. It also carries the
 * resolved range so later pages read the same window even when EndTime defaulted to "now".
 */
interface PageCursor {
  offset: number;
  range: TimeRange;
  query: string;
}

export function queryFingerprint(input: Record<string, string>): string {
  const fields = ['Namespace', 'MetricName', 'Dimensions', 'Period', 'StartTime', 'EndTime'].map((k) => input[k] ?? '');
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 16);
}

export function encodeNextToken(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.offset, cursor.range.start, cursor.range.end, cursor.query])).toString(
    'base64url',
  );
}

export function decodeNextToken(token: string, expectedQuery: string): PageCursor {
  try {
    const [offset, start, end, query] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (query === expectedQuery && Number.isInteger(offset) && typeof start === 'number' && typeof end === 'number') {
      return { offset: offset as number, range: { start, end }, query };
    }
  } catch {
    // fall through: any token we did not issue for this query is invalid
  }
  throw invalidParameter('NextToken', 'the token does not belong to this query');
}
