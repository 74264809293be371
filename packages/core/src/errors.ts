/**
 * One error type for every cloud call, whatever client made it (openapi-core, ali-oss, plain
 * Node sockets), so retry decisions and log lines never depend on a client's private shape.
 */

/** Codes that toPaiApiError gives to failures where no HTTP response arrived. */
export const NETWORK_ERROR_CODES = [
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EPIPE',
  'ECONNABORTED',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'NetworkError',
] as const;
export type NetworkErrorCode = (typeof NETWORK_ERROR_CODES)[number];

/** Code for a failure nobody could name (not an API answer, not a known socket error). */
export const UNKNOWN_ERROR_CODE = 'Unknown';
/** Code for an error answer whose body the client could not parse (typically a proxy's HTML page). */
export const INVALID_RESPONSE_CODE = 'InvalidResponse';

export interface PaiApiErrorDetails {
  /** The API's Code (`Throttling.User`, `NoSuchKey`), or a network code (`ECONNRESET`). */
  code: string;
  /** The API's own Message, without the client's decorations. */
  message: string;
  requestId?: string;
  statusCode?: number;
  product?: string;
  action?: string;
  /** How long the server asked us to wait before trying again. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class PaiApiError extends Error {
  override readonly name = 'PaiApiError';
  readonly code: string;
  readonly apiMessage: string;
  readonly requestId?: string;
  readonly statusCode?: number;
  readonly product?: string;
  readonly action?: string;
  readonly retryAfterMs?: number;

  constructor(details: PaiApiErrorDetails) {
    super(formatApiErrorMessage(details), details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.apiMessage = details.message;
    this.requestId = details.requestId;
    this.statusCode = details.statusCode;
    this.product = details.product;
    this.action = details.action;
    this.retryAfterMs = details.retryAfterMs;
  }

  details(): PaiApiErrorDetails {
    return {
      code: this.code,
      message: this.apiMessage,
      requestId: this.requestId,
      statusCode: this.statusCode,
      product: this.product,
      action: this.action,
      retryAfterMs: this.retryAfterMs,
      cause: this.cause,
    };
  }
}

/** `<product> <action> failed: <Code>: <Message> (HTTP <status>, RequestId <id>)`, omitting what is unknown. */
export function formatApiErrorMessage(details: PaiApiErrorDetails): string {
  const operation = [details.product, details.action].filter(Boolean).join(' ');
  const prefix = operation ? `${operation} failed: ` : '';
  const facts = [
    details.statusCode === undefined ? '' : `HTTP ${details.statusCode}`,
    details.requestId ? `RequestId ${details.requestId}` : '',
  ].filter(Boolean);
  const suffix = facts.length > 0 ? ` (${facts.join(', ')})` : '';
  return `${prefix}${details.code}: ${details.message}${suffix}`;
}

/** A workflow input that cannot be used; the message alone tells the user what to fix. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly input: string;
  readonly value: string;
  readonly expected: string;

  /**
   * @param expected what the input accepts, phrased to follow "expected", e.g. "an integer between 1 and 10"
   * @param reason   optional specifics about this value, e.g. "line 3 repeats key FOO"
   */
  constructor(input: string, value: string, expected: string, reason?: string) {
    const shown = value === '' ? 'is required' : `has invalid value ${quoteValue(value)}`;
    super(`Input "${input}" ${shown}: expected ${expected}${reason ? ` (${reason})` : ''}`);
    this.input = input;
    this.value = value;
    this.expected = expected;
  }
}

const MAX_SHOWN_VALUE = 200;

// JSON quoting keeps a multi-line or quote-laden value on the one line the annotation shows.
function quoteValue(value: string): string {
  const shortened = value.length > MAX_SHOWN_VALUE ? `${value.slice(0, MAX_SHOWN_VALUE)}…` : value;
  return JSON.stringify(shortened);
}

export interface ApiErrorContext {
  product: string;
  action: string;
}

/**
 * Normalises anything a client threw into a PaiApiError.
 *
 * Understands @alicloud/openapi-core errors (ClientError, ServerError, ThrottlingError: `.code`,
 * `.statusCode`, `.requestId`, `.data` = the JSON body, `.retryAfter` in ms from `x-acs-retry-after`),
 * ali-oss errors (`.code`, `.status`, `.requestId`; status -1/-2 for network failures and timeouts)
 * and Node socket errors (`.code`, also found in `.cause` or in the message). The original error
 * stays reachable as `.cause`.
 */
export function toPaiApiError(err: unknown, context: ApiErrorContext): PaiApiError {
  if (err instanceof PaiApiError) {
    return err.product && err.action ? err : new PaiApiError({ ...err.details(), ...context });
  }
  if (!isRecord(err)) {
    return new PaiApiError({ code: UNKNOWN_ERROR_CODE, message: String(err), ...context, cause: err });
  }

  const body = isRecord(err.data) ? err.data : undefined;
  const statusCode = httpStatus(err.statusCode) ?? httpStatus(err.status);
  const headers = responseHeaders(err);
  const requestId = firstText(
    err.requestId,
    body?.RequestId,
    body?.requestId,
    headers?.['x-acs-request-id'],
    headers?.['x-oss-request-id'],
  );
  const retryAfterMs = retryAfterFrom(err, headers);
  const base = { requestId, statusCode, retryAfterMs, ...context, cause: err };
  const apiMessage = firstText(body?.Message, body?.message);

  if (statusCode !== undefined) {
    const code = firstText(body?.Code, body?.code, err.code) ?? UNKNOWN_ERROR_CODE;
    // openapi-core's own message for a body without Message reads "undefined: code: 502, undefined ...".
    const message = apiMessage ?? (body ? 'the error response carried no Message' : describeThrown(err));
    return new PaiApiError({ ...base, code, message });
  }
  const networkCode = networkErrorCode(err);
  if (networkCode) {
    return new PaiApiError({ ...base, code: networkCode, message: describeThrown(err) });
  }
  if (err.name === 'SyntaxError') {
    return new PaiApiError({
      ...base,
      code: INVALID_RESPONSE_CODE,
      message: `the response could not be parsed: ${describeThrown(err)}`,
    });
  }
  const code = firstText(body?.Code, body?.code, err.code) ?? UNKNOWN_ERROR_CODE;
  return new PaiApiError({ ...base, code, message: apiMessage ?? describeThrown(err) });
}

/**
 * Reads an HTTP `Retry-After` value: delay in seconds or an HTTP-date.
 * @returns milliseconds to wait, or undefined when the value is neither
 */
export function parseRetryAfter(value: string, now: number = Date.now()): number | undefined {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  // An HTTP-date always names the weekday; this keeps Date.parse from reading "-1" as a year.
  const date = /^[A-Za-z]{3},/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null;
}

// openapi-core interpolates missing fields, so an absent RequestId arrives as the text "undefined".
function firstText(...candidates: unknown[]): string | undefined {
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && candidate !== '' && candidate !== 'undefined' && candidate !== 'null') {
      return candidate;
    }
  }
  return undefined;
}

// ali-oss reports network failures as status -1 (and timeouts as -2): not an HTTP status.
function httpStatus(value: unknown): number | undefined {
  const status = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined;
}

function responseHeaders(err: Fields): Fields | undefined {
  for (const holder of [err, err.response, err.res]) {
    if (isRecord(holder) && isRecord(holder.headers)) {
      return holder.headers;
    }
  }
  return undefined;
}

function retryAfterFrom(err: Fields, headers: Fields | undefined): number | undefined {
  if (typeof err.retryAfter === 'number' && Number.isFinite(err.retryAfter) && err.retryAfter >= 0) {
    return err.retryAfter;
  }
  const header = headers?.['retry-after'] ?? headers?.['Retry-After'];
  return typeof header === 'string' ? parseRetryAfter(header) : undefined;
}

const MAX_CAUSE_DEPTH = 4;

function networkErrorCode(err: Fields): NetworkErrorCode | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && isRecord(current); depth++) {
    const found = networkCodeOf(current);
    if (found) {
      return found;
    }
    current = current.cause;
  }
  // ali-oss marks a failed request with status -1/-2 even when its message names no socket error.
  if (err.status === -2) {
    return 'ETIMEDOUT';
  }
  return err.status === -1 ? 'NetworkError' : undefined;
}

function networkCodeOf(err: Fields): NetworkErrorCode | undefined {
  const code = typeof err.code === 'string' ? err.code : '';
  if (code === 'ESOCKETTIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return 'ETIMEDOUT';
  }
  if (code === 'UND_ERR_SOCKET') {
    return 'ECONNRESET';
  }
  if (isNetworkErrorCode(code)) {
    return code;
  }
  // Client-specific timeout errors: RequestTimeoutError (openapi-core), ResponseTimeoutError and
  // ConnectionTimeoutError (ali-oss/urllib), TimeoutError (AbortSignal.timeout).
  if (typeof err.name === 'string' && /Timeout/.test(err.name)) {
    return 'ETIMEDOUT';
  }
  const message = typeof err.message === 'string' ? err.message : '';
  if (/socket hang up/i.test(message)) {
    return 'ECONNRESET';
  }
  const mentioned = /\b(E[A-Z_]{3,})\b/.exec(message)?.[1];
  return mentioned && isNetworkErrorCode(mentioned) ? mentioned : undefined;
}

function isNetworkErrorCode(code: string): code is NetworkErrorCode {
  return (NETWORK_ERROR_CODES as readonly string[]).includes(code);
}

// Clients append request dumps (urllib adds agent statistics); keep the first, human part.
function describeThrown(err: Fields): string {
  const message = typeof err.message === 'string' && err.message !== '' ? err.message : String(err);
  const firstLine = message.split('\n', 1)[0] ?? message;
  return firstLine.replace(/\s*\(connected: .*$/, '').trim();
}
