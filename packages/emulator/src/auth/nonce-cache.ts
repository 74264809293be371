import { nonceUsed, tooManyNonces } from './openapi-errors.js';
import { MAX_CLOCK_SKEW_MS } from './request-time.js';

export interface NonceCacheOptions {
  /** How far a request's timestamp may be from the clock (the skew check's window). */
  maxSkewMs?: number;
  /**
   * Nonces remembered per AccessKey ID within one skew window. A key that signs more than this
   * within the window is refused (throttled) rather than allowed to push out older nonces.
   */
  maxPerKey?: number;
}

/** What a claim found: a first use, a replay, or a key that has used up its nonces for the window. */
export type NonceClaim = 'fresh' | 'replayed' | 'full';

/**
 * Remembers used signature nonces so a captured request cannot be sent again. A nonce is kept for
 * exactly as long as its request's timestamp passes the skew check, and never evicted early: each
 * AccessKey ID has its own bounded table, so no caller, however busy or however denied, can flush
 * another caller's nonces out.
 */
export class NonceCache {
  private readonly maxSkewMs: number;
  private readonly maxPerKey: number;
  /** access key id → nonce → the moment its request's timestamp stops being accepted (ms). */
  private readonly byKey = new Map<string, Map<string, number>>();

  constructor(options: NonceCacheOptions = {}) {
    this.maxSkewMs = options.maxSkewMs ?? MAX_CLOCK_SKEW_MS;
    this.maxPerKey = options.maxPerKey ?? 100_000;
    if (!(this.maxPerKey >= 1)) throw new RangeError('maxPerKey must be at least 1');
  }

  /**
   * Records `nonce` for the key that signed (nonces only need to be unique per caller). Call only
   * once the signature holds, so a forger cannot spend a genuine caller's nonces.
   */
  claim(accessKeyId: string, nonce: string, requestTime: Date, now: Date, maxSkewMs = this.maxSkewMs): NonceClaim {
    const at = now.getTime();
    let nonces = this.byKey.get(accessKeyId);
    if (!nonces) this.byKey.set(accessKeyId, (nonces = new Map()));
    const expiry = nonces.get(nonce);
    if (expiry !== undefined && expiry > at) return 'replayed';
    if (nonces.size >= this.maxPerKey) {
      sweep(nonces, at);
      if (nonces.size >= this.maxPerKey) return 'full';
    }
    nonces.set(nonce, requestTime.getTime() + maxSkewMs + 1);
    if (nonces.size % 1024 === 0) this.sweepIdleKeys(at);
    return 'fresh';
  }

  /** Nonces remembered across all keys. */
  get size(): number {
    let total = 0;
    for (const nonces of this.byKey.values()) total += nonces.size;
    return total;
  }

  /** Every so often: expired nonces of every key go, and keys left with none. */
  private sweepIdleKeys(at: number): void {
    for (const [key, nonces] of this.byKey) {
      sweep(nonces, at);
      if (nonces.size === 0) this.byKey.delete(key);
    }
  }
}

function sweep(nonces: Map<string, number>, at: number): void {
  for (const [nonce, expiry] of nonces) if (expiry <= at) nonces.delete(nonce);
}

/** Spends a nonce of a verified request, or throws the gateway's error for a replay or a key over its budget. */
export function spendNonce(
  accessKeyId: string,
  nonce: string,
  requestTime: Date,
  now: Date,
  options: ReplayProtectionOptions,
): void {
  const cache = options.nonces ?? defaultNonceCache;
  const claim = cache.claim(accessKeyId, nonce, requestTime, now, options.maxSkewMs);
  if (claim === 'replayed') throw nonceUsed();
  if (claim === 'full') throw tooManyNonces();
}

/** Shared by the OpenAPI verifiers when the caller does not inject its own cache. */
export const defaultNonceCache = new NonceCache();

/** Knobs of the OpenAPI verifiers; the defaults are the cloud's. */
export interface ReplayProtectionOptions {
  nonces?: NonceCache;
  maxSkewMs?: number;
}
