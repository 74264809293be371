/**
 * Faults injected on demand through the admin API: throttling, server errors, connection
 * resets and slow answers, per product and action, by count or seeded probability, so retry
 * and rollback paths are exercised deterministically.
 */
export type FaultKind = 'throttle' | 'error' | 'reset' | 'delay';

export interface FaultSpec {
  product: string;
  action?: string; // omitted or '*' = every action of the product
  kind: FaultKind;
  count?: number; // fire this many times, then retire; omitted = unlimited
  probability?: number; // 0..1 per matching request; omitted = always
  status?: number; // for 'error' (default 503) and 'throttle' (default 429)
  code?: string; // API error code (default per kind)
  delayMs?: number; // real milliseconds, for 'delay'
  retryAfterSeconds?: number; // with 'throttle': how long the client is told to wait (see retryAfterHeaders)
  afterHandler?: boolean; // 'error'/'reset' once the request has been applied (the work is done, the answer is lost)
}

export interface FaultRule extends FaultSpec {
  id: number;
  fired: number;
}

const KINDS: readonly FaultKind[] = ['throttle', 'error', 'reset', 'delay'];

export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;
  private random: () => number;

  constructor(seed = 1) {
    this.random = mulberry32(seed);
  }

  reseed(seed: number): void {
    this.random = mulberry32(seed);
  }

  add(spec: FaultSpec): FaultRule {
    if (!KINDS.includes(spec.kind))
      throw new Error(`fault kind must be one of ${KINDS.join(', ')}, got "${spec.kind}"`);
    if (typeof spec.product !== 'string' || !spec.product)
      throw new Error('fault product is required (a product name or "*")');
    if (spec.action !== undefined && typeof spec.action !== 'string')
      throw new Error(`fault action must be an action name or "*", got ${JSON.stringify(spec.action)}`);
    if (spec.status !== undefined && !(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599))
      throw new Error(`fault status must be an HTTP error status (400..599), got ${JSON.stringify(spec.status)}`);
    if (spec.code !== undefined && !(typeof spec.code === 'string' && /^[\w.]{1,128}$/.test(spec.code)))
      throw new Error(
        `fault code must be an error code (letters, digits, "." and "_"), got ${JSON.stringify(spec.code)}`,
      );
    if (
      spec.delayMs !== undefined &&
      !(typeof spec.delayMs === 'number' && spec.delayMs >= 0 && spec.delayMs <= 600_000)
    )
      throw new Error(`fault delayMs must be a number of ms within 0..600000, got ${JSON.stringify(spec.delayMs)}`);
    if (spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1))
      throw new Error(`fault probability must be within 0..1, got ${spec.probability}`);
    if (spec.count !== undefined && !(Number.isInteger(spec.count) && spec.count > 0))
      throw new Error(`fault count must be a positive integer, got ${spec.count}`);
    if (
      spec.retryAfterSeconds !== undefined &&
      !(typeof spec.retryAfterSeconds === 'number' && spec.retryAfterSeconds >= 0 && spec.retryAfterSeconds <= 86_400)
    )
      throw new Error(`fault retryAfterSeconds must be a number within 0..86400, got ${spec.retryAfterSeconds}`);
    const rule = { ...spec, id: this.nextId++, fired: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault to apply to this request, if any; consumes one use of a counted rule. */
  next(product: string, action: string): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.product !== product && rule.product !== '*') continue;
      if (rule.action && rule.action !== '*' && rule.action !== action) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.fired++;
      if (rule.count !== undefined && rule.fired >= rule.count) this.rules = this.rules.filter((r) => r !== rule);
      return { ...rule };
    }
    return undefined;
  }
}

/**
 * How a product words the faults that stand in for its answer, as its cloud words throttling and
 * server errors: throw the product's error, or answer the request itself.
 */
export interface FaultAnswers {
  throttle(fault: FaultRule): void;
  error(fault: FaultRule): void;
}

/**
 * `dropped`: the connection was reset, no answer is to follow; `answered`: the product answered;
 * `proceed`: serve the request.
 */
export type FaultOutcome = 'dropped' | 'answered' | 'proceed';

/**
 * Enacts a fault the same way in every product: a reset drops the connection, a delay holds the
 * request (real milliseconds), throttling and errors go to the product for its own wording.
 */
export async function enactFault(
  fault: FaultRule,
  connection: { destroy(): void },
  answers: FaultAnswers,
): Promise<FaultOutcome> {
  switch (fault.kind) {
    case 'reset':
      connection.destroy();
      return 'dropped';
    case 'delay':
      // Unref'd: the held request's socket keeps the process up; a stopped emulator's delay must not.
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1000).unref());
      return 'proceed';
    case 'throttle':
      answers.throttle(fault);
      return 'answered';
    case 'error':
      answers.error(fault);
      return 'answered';
  }
}

/**
 * How a throttled answer says when to come back, in every dialect a client may read: the standard
 * `Retry-After` (whole seconds); `x-acs-retry-after` (ms), which openapi-core 1.0.x turns into
 * ThrottlingError.retryAfter; and the gateway's `x-ratelimit-user-api` quota line, whose `TimeLeft`
 * (ms) the other darabonba runtimes (Go, Java, Python) read.
 */
export function retryAfterHeaders(seconds: number): Record<string, string> {
  const ms = String(Math.round(seconds * 1000));
  return {
    'retry-after': String(Math.ceil(seconds)),
    'x-acs-retry-after': ms,
    'x-ratelimit-user-api': `Remain:0,TimeLeft:${ms}`,
  };
}

/** Small seeded PRNG: the same seed replays the same fault sequence. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
