/**
 * How many request-body bytes the whole emulator holds in memory at once. Each request is capped on
 * its own, and all requests in flight share one budget, so concurrent large uploads are refused
 * with the product's error instead of growing the heap until the host runs out.
 */
export interface BodyLimits {
  /** Largest body one request may send (OSS answers EntityTooLarge above it). */
  requestBodyBytes: number;
  /** Bytes of bodies buffered across every listener at once. */
  inFlightBodyBytes: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  requestBodyBytes: 512 * 1024 * 1024,
  inFlightBodyBytes: 1024 * 1024 * 1024,
};

export class BodyBudget {
  private held = 0;

  constructor(readonly limits: BodyLimits = DEFAULT_BODY_LIMITS) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isSafeInteger(value) || value <= 0)
        throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
  }

  /** Takes `bytes` from the budget; false (and nothing taken) when that would overdraw it. */
  reserve(bytes: number): boolean {
    if (this.held + bytes > this.limits.inFlightBodyBytes) return false;
    this.held += bytes;
    return true;
  }

  release(bytes: number): void {
    this.held = Math.max(0, this.held - bytes);
  }

  /** Bytes currently held, for tests and diagnostics. */
  get inFlight(): number {
    return this.held;
  }
}
