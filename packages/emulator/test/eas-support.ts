/**
 * Shared by the EAS tests: an emulator with the real clients (EasClient on openapi-core, ali-oss
 * for model artefacts, plain fetch for the gateway) and linear models whose predictions the tests
 * compute themselves.
 */
import OSS from 'ali-oss';
import { EasClient } from '../../core/src/clients/eas.js';
import type { ClientOptions } from '../../core/src/clients/types.js';
import { AdminClient, DEMO_BUCKET, Emulator } from '../src/index.js';
import { emulatorClientOptions } from './support/client-options.js';

export interface EasWorld {
  emulator: Emulator;
  admin: AdminClient;
  eas: EasClient;
  oss: OSS;
  gateway: string;
}

export async function startEas(): Promise<EasWorld> {
  const emulator = await Emulator.start();
  const { credentials, endpoints, adminToken } = emulator.info;
  return {
    emulator,
    admin: new AdminClient(endpoints['admin']!, adminToken),
    eas: easClient(emulator),
    oss: new OSS({
      ...credentials,
      endpoint: endpoints['oss']!,
      bucket: DEMO_BUCKET,
      region: 'oss-cn-shanghai',
      timeout: 10_000,
    }),
    gateway: endpoints['gateway']!,
  };
}

export function easClient(emulator: Emulator, extra: Partial<ClientOptions> = {}): EasClient {
  return new EasClient({ ...emulatorClientOptions(emulator, 'eas'), ...extra });
}

export interface Linear {
  weights: number[];
  bias: number;
  behaviour?: { latencyMs?: { p50: number; p95: number }; errorRate?: number };
}

/** Uploads a model artefact (docs/emulator-model-format.md) and returns its oss:// directory. */
export async function putModel(oss: OSS, dir: string, model: Linear): Promise<string> {
  await oss.put(`${dir}/model.json`, Buffer.from(JSON.stringify({ format: 'pai-emulator-linear/1', ...model })));
  return `oss://${DEMO_BUCKET}/${dir}/`;
}

/** What the model must answer, computed here from its weights. */
export function expected(model: Linear, rows: number[][]): number[] {
  return rows.map((row) => row.reduce((sum, x, i) => sum + x * model.weights[i]!, model.bias));
}

export interface Answer {
  status: number;
  body: { predictions?: number[]; error?: string };
  ms: number;
}

export async function predict(url: string, token: string | undefined, body: unknown): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: token }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Answer['body'], ms: performance.now() - started };
}

/** Moves the emulator clock past a create/update/start (20 s default timings, with margin). */
export async function letTimePass(admin: AdminClient, ms = 25_000): Promise<void> {
  await admin.advanceClock(ms);
}

/** Runs `count` calls, `concurrency` at a time. */
export async function inParallel<T>(count: number, concurrency: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await call(i);
      }
    }),
  );
  return results;
}

/** What a client measured, by the definition CloudMonitor's TP metrics use. */
export { nearestRankPercentile as percentile } from '../../core/src/percentile.js';
