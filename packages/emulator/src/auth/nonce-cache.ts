import { MAX_CLOCK_SKEW_MS } from './request-time.js';

export interface NonceCacheOptions {
  /**
   * How long a nonce is remembered. A signed request stays replayable while its timestamp is within the
   * skew window of the clock, which can be up to twice the skew after the first use.
   */
  retentionMs?: number;
  /** Hard cap on remembered nonces; the oldest go first, so memory stays bounded under any load. */
  maxEntries?: number;
}

/** Remembers recently used signature nonces so a captured request cannot be sent again. */
export class NonceCache {
  private readonly retentionMs: number;
  private readonly maxEntries: number;
  /** key → expiry (ms). Insertion order is expiry order while the clock moves forward, so expired ones sit at the front. */
  private readonly expiries = new Map<string, number>();

  constructor(options: NonceCacheOptions = {}) {
    this.retentionMs = options.retentionMs ?? 2 * MAX_CLOCK_SKEW_MS;
    this.maxEntries = options.maxEntries ?? 50_000;
    if (this.maxEntries < 1) throw new RangeError('maxEntries must be at least 1');
  }

  /**
   * Records `nonce` for `scope` (the AccessKey ID: nonces only need to be unique per caller).
   * Returns false when it was already used within the retention window.
   */
  claim(scope: string, nonce: string, now: Date): boolean {
    const at = now.getTime();
    this.evictExpired(at);
    const key = `${scope}\n${nonce}`;
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > at) return false;
    this.expiries.delete(key);
    this.expiries.set(key, at + this.retentionMs);
    while (this.expiries.size > this.maxEntries) {
      const oldest = this.expiries.keys().next().value;
      if (oldest === undefined) break;
      this.expiries.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }

  private evictExpired(at: number): void {
    for (const [key, expiry] of this.expiries) {
      if (expiry > at) return;
      this.expiries.delete(key);
    }
  }
}

/** Shared by the OpenAPI verifiers when the caller does not inject its own cache. */
export const defaultNonceCache = new NonceCache();

/** Knobs of the OpenAPI verifiers; the defaults are the cloud's. */
export interface ReplayProtectionOptions {
  nonces?: NonceCache;
  maxSkewMs?: number;
}
