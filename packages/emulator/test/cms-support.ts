/**
 * Shared by the CloudMonitor tests: a client on the emulator, seeded traffic, and expected values
 * computed straight from the raw samples (independently of the emulator's own aggregation code).
 */
import { CmsClient, type CmsClientOptions } from '../../core/src/clients/cms.js';
import type { Emulator } from '../src/index.js';
import type { Invocation } from '../src/metrics.js';
import { emulatorClientOptions } from './support/client-options.js';

export const MINUTE = 60_000;

export function cmsClient(emulator: Emulator, extra: Partial<CmsClientOptions> = {}): CmsClient {
  return new CmsClient({ ...emulatorClientOptions(emulator, 'cms'), ...extra });
}

/** A whole hour well in the past of the emulator clock, so every period there is complete. */
export function pastHour(emulator: Emulator, hoursAgo = 3): number {
  return Math.floor(emulator.context.clock.now() / 3_600_000) * 3_600_000 - hoursAgo * 3_600_000;
}

/** Deterministic pseudo-random numbers in [0, 1). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface TrafficShape {
  service: string;
  from: number; // epoch ms
  count: number;
  spreadMs: number; // requests are spread over [from, from + spreadMs)
  errorShare?: number; // share of 5xx
  clientErrorShare?: number; // share of 4xx
  latencyMs?: [number, number]; // uniform range
}

/** Invocations with fractional latencies and mixed statuses, as a gateway would record them. */
export function traffic(shape: TrafficShape, random: () => number): Invocation[] {
  const [low, high] = shape.latencyMs ?? [5, 250];
  return Array.from({ length: shape.count }, () => {
    const roll = random();
    const status =
      roll < (shape.errorShare ?? 0) ? 503 : roll < (shape.errorShare ?? 0) + (shape.clientErrorShare ?? 0) ? 404 : 200;
    return {
      service: shape.service,
      time: shape.from + Math.floor(random() * shape.spreadMs),
      latencyMs: Math.round((low + random() * (high - low)) * 1000) / 1000,
      status,
    };
  });
}

export function record(emulator: Emulator, invocations: Invocation[]): void {
  for (const invocation of invocations) emulator.context.invocations.record(invocation);
}

/**
 * P-th percentile by counting: the smallest observed value that at least p % of the samples do not
 * exceed (written without ranks, as a cross-check of the emulator's nearest-rank code).
 */
export function percentileByCount(samples: number[], percent: number): number {
  const candidates = [...new Set(samples)].sort((a, b) => a - b);
  const found = candidates.find((v) => samples.filter((s) => s <= v).length * 100 >= percent * samples.length);
  if (found === undefined) throw new Error('no samples');
  return found;
}

export const micros = (invocation: Invocation) => Math.round(invocation.latencyMs * 1000);

/** What every EAS metric should report for one period of samples. */
export function expectedPeriod(samples: Invocation[], periodSeconds: number) {
  const us = samples.map(micros);
  const share = (test: (s: number) => boolean) => samples.filter((i) => test(i.status)).length;
  const c2 = share((s) => s >= 200 && s < 300);
  const c4 = share((s) => s >= 400 && s < 500);
  const c5 = share((s) => s >= 500 && s < 600);
  return {
    count: samples.length,
    count5xx: c5,
    qps_total: samples.length / periodSeconds,
    rps_status_2xx: c2 / periodSeconds,
    rps_status_4xx: c4 / periodSeconds,
    rps_status_5xx: c5 / periodSeconds,
    rps_status_2xx_ratio: (100 * c2) / samples.length,
    rps_status_4xx_ratio: (100 * c4) / samples.length,
    rps_status_5xx_ratio: (100 * c5) / samples.length,
    rt: { Average: us.reduce((a, b) => a + b, 0) / us.length, Maximum: Math.max(...us), Minimum: Math.min(...us) },
    rt_tp95: percentileByCount(us, 95),
    rt_tp99: percentileByCount(us, 99),
  };
}

/** Samples grouped by the period they fall in, keyed by the period's start. */
export function byPeriod(samples: Invocation[], periodMs: number): Map<number, Invocation[]> {
  const groups = new Map<number, Invocation[]>();
  for (const s of samples) {
    const start = s.time - (s.time % periodMs);
    groups.set(start, [...(groups.get(start) ?? []), s]);
  }
  return groups;
}
