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
}
