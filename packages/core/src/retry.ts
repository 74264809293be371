/**
 * The one retry policy every cloud client goes through. Neither openapi-core nor ali-oss retries
 * by default, so this is the only place where a call is ever repeated.
 */
import { PaiApiError, toPaiApiError } from './errors.js';

export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  /** Backoff ceiling for the first retry; doubles with each further retry. */
  baseDelayMs: number;
  /** No single wait is longer, even when the server's Retry-After asks for more. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 20_000,
});

/**
 * - `throttled`: the server refused the request, nothing was applied.
 * - `not-sent`: the request never reached the server (connection refused, DNS lookup failed).
 * - `ambiguous`: 5xx, reset or timeout: the server may or may not have applied the request.
 * - `permanent`: any other failure; repeating the call would fail the same way.
 */
export type FailureKind = 'throttled' | 'not-sent' | 'ambiguous' | 'permanent';

// OSS names its rate limits per resource (help.aliyun.com/zh/oss/support/http-status-code-503, 429-error).
// ServiceUnavailable is not here: a POP 503 says the server failed, not that it refused, so a
// create answered 503 may have been applied; it is retried as an ambiguous 5xx.
const THROTTLING_CODES = new Set([
  'SlowDown',
  'RequestLimitExceeded',
  'TooManyRequests',
  'QpsLimitExceeded',
  'TotalQpsLimitExceeded',
  'MetaOperationQpsLimitExceeded',
  'ActiveRequestLimitExceeded',
  'DownloadTrafficRateLimitExceeded',
  'UploadTrafficRateLimitExceeded',
  'CpuLimitExceeded',
]);
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
const AMBIGUOUS_CODES = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'NetworkError',
  'InvalidResponse',
]);

export function classifyFailure(error: PaiApiError): FailureKind {
  if (error.code.startsWith('Throttling') || THROTTLING_CODES.has(error.code) || error.statusCode === 429) {
    return 'throttled';
  }
  if (NOT_SENT_CODES.has(error.code)) {
    return 'not-sent';
  }
  if ((error.statusCode !== undefined && error.statusCode >= 500) || AMBIGUOUS_CODES.has(error.code)) {
    return 'ambiguous';
  }
  return 'permanent';
}

/**
 * Whether repeating the call is safe without looking first. Throttling and requests that never left
 * are always safe; 5xx, resets and timeouts only for idempotent operations, because a create may
 * have been applied before the failure.
 */
export function isRetryable(error: PaiApiError, idempotent: boolean): boolean {
  const kind = classifyFailure(error);
  return kind === 'throttled' || kind === 'not-sent' || (kind === 'ambiguous' && idempotent);
}

/**
 * Wait before retry number `retryIndex` (0 for the first retry): exponential backoff with full
 * jitter, so clients throttled together do not come back together. A server's Retry-After is a
 * lower bound; `maxDelayMs` caps both.
 */
export function backoffDelay(
  retryIndex: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  const jittered = Math.floor(random() * ceiling);
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

export interface RetryInfo {
  /** The 1-based number of the attempt that just failed. */
  attempt: number;
  /** How long withRetry waits before the next step. */
  delayMs: number;
  error: PaiApiError;
}

export interface RetryOptions<T> {
  product: string;
  action: string;
  /** True when running the operation twice has the same effect as once (reads, deletes, puts by key). */
  idempotent: boolean;
  policy?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (info: RetryInfo) => void;
  /**
   * For non-idempotent operations: finds what an earlier, failed-looking attempt really did.
   * Called after each ambiguous failure (5xx, reset, timeout; the last attempt's too), once the
   * backoff delay has passed, so the server had time to finish what it started. Return the result the operation would have returned (e.g. the job found by its idempotency
   * tag) to finish with it, or undefined when nothing was applied, so trying again is safe.
   * Without it, an ambiguous failure of a non-idempotent operation is thrown at once.
   */
  alreadyApplied?: () => Promise<T | undefined>;
}

/**
 * Runs `operation`, retrying per the policy. Whatever fails is rethrown as a PaiApiError: the one
 * of the last attempt, or at once when the failure is not retryable.
 */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions<T>): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  assertValidPolicy(policy);
  const sleep = options.sleep ?? delay;
  const random = options.random ?? Math.random;
  const context = { product: options.product, action: options.action };

  for (let attempt = 1; ; attempt++) {
    let error: PaiApiError;
    try {
      return await operation();
    } catch (thrown) {
      error = toPaiApiError(thrown, context);
    }

    const ambiguousCreate = !options.idempotent && classifyFailure(error) === 'ambiguous';
    const findApplied = ambiguousCreate ? options.alreadyApplied : undefined;
    const lastAttempt = attempt >= policy.maxAttempts;
    if (!findApplied && (lastAttempt || !isRetryable(error, options.idempotent))) {
      throw error;
    }

    const delayMs = backoffDelay(attempt - 1, policy, random, error.retryAfterMs);
    if (!lastAttempt) {
      options.onRetry?.({ attempt, delayMs, error });
    }
    await sleep(delayMs);
    // Even after the last attempt: a create that did go through must not be reported as failed.
    if (findApplied) {
      const applied = await lookUpApplied(findApplied, error);
      if (applied !== undefined) {
        return applied;
      }
    }
    if (lastAttempt) {
      throw error;
    }
  }
}

// A failed look-up proves nothing either way, so retrying could duplicate: give up with both stories.
async function lookUpApplied<T>(alreadyApplied: () => Promise<T | undefined>, error: PaiApiError) {
  try {
    return await alreadyApplied();
  } catch (lookupError) {
    const reason = lookupError instanceof Error ? lookupError.message : String(lookupError);
    throw new PaiApiError({
      ...error.details(),
      message: `${error.apiMessage}; could not check whether it was applied: ${reason}`,
      cause: error,
    });
  }
}

function assertValidPolicy(policy: RetryPolicy): void {
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`RetryPolicy.maxAttempts must be an integer >= 1, got ${policy.maxAttempts}`);
  }
  if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= 0)) {
    throw new RangeError('RetryPolicy delays must be >= 0');
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
