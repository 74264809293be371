import type { Clock } from './clock.js';
import type { FaultInjector } from './faults.js';
import type { NonceCache } from './auth/nonce-cache.js';
import type { BodyBudget } from './http/body-budget.js';
import type { InvocationRecorder } from './metrics.js';
import type { Ram } from './ram.js';
import type { RequestLog } from './request-log.js';
import type { StateStore } from './store.js';

/** What every emulated product shares: time, state, identities, faults and the request log. */
export interface EmulatorContext {
  region: string;
  clock: Clock;
  store: StateStore;
  ram: Ram;
  faults: FaultInjector;
  log: RequestLog;
  /** Request bodies held in memory, across every listener. */
  bodies: BodyBudget;
  /** Signature nonces spent, per AccessKey, for replay protection. */
  nonces: NonceCache;
  /** Requests the EAS gateway served; CloudMonitor's EAS metrics are computed from them. */
  invocations: InvocationRecorder;
  /** Base URL of every listener by product name; filled once all listeners are bound. */
  endpoints: Record<string, string>;
  /** Every secret the emulator has handed out, for tests that prove none leaks into logs. */
  secrets: IssuedSecrets;
}

/**
 * Secrets handed out (access key secrets, STS secrets and tokens, OIDC ID tokens, EAS tokens):
 * kept in memory only, so a secret scan can look for every one of them in what a step printed.
 */
export class IssuedSecrets {
  private readonly issued = new Set<string>();
  private readonly sources: (() => Iterable<string>)[] = [];

  add(...secrets: string[]): void {
    for (const secret of secrets) if (secret) this.issued.add(secret);
  }

  /** A product whose secrets live in its own state adds a reader of them. */
  addSource(source: () => Iterable<string>): void {
    this.sources.push(source);
  }

  list(): string[] {
    const all = new Set(this.issued);
    for (const source of this.sources) for (const secret of source()) if (secret) all.add(secret);
    return [...all];
  }
}
