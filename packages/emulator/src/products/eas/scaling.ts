import type { EmulatorContext } from '../../context.js';
import { decideReplicas } from './autoscaler.js';
import { newInstances } from './lifecycle.js';
import type { EasRegistry } from './registry.js';
import type { ServiceRecord } from './records.js';

/**
 * Instance counts over time: the autoscaler, evaluated on a timer that runs on the emulator
 * clock (and right after every clock jump), and the cold start of a service scaled to zero.
 */

/** Adds or removes instances of the current version; new ones are ready after `startMs`. */
export function resize(service: ServiceRecord, replicas: number, now: number, startMs: number): boolean {
  const mine = service.instances.filter((i) => i.version === service.currentVersion);
  if (replicas > mine.length) {
    const readyAt = Math.max(now + startMs, service.transition?.until ?? 0);
    service.instances.push(...newInstances(service, replicas - mine.length, now, readyAt));
    return true;
  }
  if (replicas < mine.length) {
    // Scale in the youngest first: starting instances before serving ones.
    const drop = new Set([...mine].sort((a, b) => b.readyAt - a.readyAt).slice(0, mine.length - replicas));
    service.instances = service.instances.filter((i) => !drop.has(i));
    return true;
  }
  return false;
}

export class AutoscalerLoop {
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly lastRequest = new Map<string, number>();
  private readonly startedAt: number;

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly registry: EasRegistry,
  ) {
    this.startedAt = ctx.clock.now();
  }

  start(): void {
    this.unsubscribe = this.ctx.clock.onChange(() => this.tick());
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
  }

  noteRequest(service: string, now: number): void {
    this.lastRequest.set(service, now);
  }

  /**
   * A request found no instance: start `scaleUpActivationReplicas` of them (cold start). The
   * recommendation keeps the autoscaler from undoing it before the scale-in cooldown.
   */
  activate(service: ServiceRecord, now: number): void {
    const a = service.autoscaler;
    if (!a || service.instances.some((i) => i.version === service.currentVersion)) return;
    const replicas = Math.max(1, Math.min(a.activationReplicas, a.max));
    resize(service, replicas, now, this.registry.timings.instanceStartMs);
    a.recommendations.push({ at: now, replicas });
    this.registry.changed(service);
  }

  /** One evaluation of every autoscaled service; also settles transitions whose time is up. */
  tick(): void {
    const now = this.ctx.clock.now();
    const { qpsWindowMs, instanceStartMs } = this.registry.timings;
    for (const service of this.registry.all(now)) {
      const a = service.autoscaler;
      if (!a || service.transition || service.settled.status !== 'Running') continue;
      const served = this.ctx.invocations.between(service.name, now - qpsWindowMs, now).length;
      const qps = served / (qpsWindowMs / 1000);
      const current = service.instances.filter((i) => i.version === service.currentVersion).length;
      const lastRequestAt = this.lastRequest.get(service.name) ?? Math.max(this.startedAt, service.settled.since);
      const decision = decideReplicas({ now, current, qps, lastRequestAt, autoscaler: a });
      const before = JSON.stringify([a.recommendations, a.lastQps]);
      a.recommendations = decision.recommendations;
      a.lastQps = qps;
      const resized = resize(service, decision.replicas, now, instanceStartMs);
      // Most ticks change nothing; only a change is worth a write.
      if (resized || JSON.stringify([a.recommendations, a.lastQps]) !== before) this.registry.changed(service);
    }
  }

  private schedule(): void {
    const interval = this.registry.timings.autoscalerIntervalMs;
    const realMs = Math.min(interval, Math.max(20, this.ctx.clock.toRealMs(interval)));
    this.timer = setTimeout(() => {
      this.tick();
      this.schedule();
    }, realMs);
    this.timer.unref();
  }
}
