/**
 * `npm run bench -- gateway [--seconds 5] [--rounds 3] [--concurrency 16] [--warmup 2]`
 *
 * Throughput and latency of the emulated EAS gateway (token check, model predictions, invocation
 * recording) against a bare node:http server that answers the same bytes, measured in the same
 * run with the same load generator (a worker thread, so client and server do not share an event
 * loop) and the same number of keep-alive connections. Rounds alternate between the two targets
 * so that machine noise hits both alike. The model's latency is 0: this measures the gateway's
 * own cost. Targets: >= 2,000 req/s and P95 <= 1.5x the bare server's.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import OSS from 'ali-oss';
import { EasClient } from '../packages/core/src/clients/eas.js';
import { AdminClient, DEMO_BUCKET, Emulator } from '../packages/emulator/src/index.js';
import { recordResult } from './results.js';

interface Options {
  seconds: number;
  rounds: number;
  concurrency: number;
  warmup: number;
}

interface Sample {
  latencies: number[];
  statuses: Record<string, number>;
  elapsedMs: number;
}

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

const REQUEST = JSON.stringify({ instances: [[0.5, 1.5, -2, 3]] });

export default async function gatewayBench(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const emulator = await Emulator.start();
  let bare: Server | undefined;
  try {
    const gateway = await deployBenchService(emulator);
    const probe = await fetch(gateway.url, { method: 'POST', headers: gateway.headers, body: REQUEST });
    const answer = await probe.text();
    if (probe.status !== 200) throw new Error(`gateway probe answered ${probe.status}: ${answer}`);
    bare = await bareServer(answer);
    const targets: Target[] = [
      gateway,
      { name: 'bare node:http', url: `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`, headers: {} },
    ];

    console.log(
      `EAS gateway benchmark: POST ${REQUEST.length}-byte predict request, ${options.concurrency} keep-alive connections, ` +
        `${options.rounds} rounds x ${options.seconds} s per target (after ${options.warmup} s warm-up), ` +
        `node ${process.version}, ${availableParallelism()} CPUs`,
    );
    for (const target of targets) await load(target, options.concurrency, options.warmup * 1000);
    const samples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
        samples.get(target.name)!.push(await load(target, options.concurrency, options.seconds * 1000));
      }
    }
    report(targets.map((t) => summarise(t.name, samples.get(t.name)!)));
  } finally {
    await new Promise<void>((resolve) => (bare ? bare.close(() => resolve()) : resolve()));
    await emulator.stop();
  }
}

async function deployBenchService(emulator: Emulator): Promise<Target> {
  const { credentials, endpoints, adminToken, region } = emulator.info;
  const oss = new OSS({ ...credentials, endpoint: endpoints['oss']!, bucket: DEMO_BUCKET, region: `oss-${region}` });
  const model = {
    format: 'pai-emulator-linear/1',
    weights: [0.1, -0.2, 0.3, 0.4],
    bias: 1,
    behaviour: { latencyMs: { p50: 0, p95: 0 } },
  };
  await oss.put('models/bench/model.json', Buffer.from(JSON.stringify(model)));
  const eas = new EasClient({ credentials, region, endpoint: endpoints['eas'] });
  await eas.createService({
    Body: { name: 'bench_svc', model_path: `oss://${DEMO_BUCKET}/models/bench/`, metadata: { instance: 1 } },
  });
  await new AdminClient(endpoints['admin']!, adminToken).advanceClock(60_000);
  const service = await eas.describeService('bench_svc');
  if (service.Status !== 'Running') throw new Error(`bench_svc is ${service.Status}, not Running`);
  return { name: 'EAS gateway', url: service.InternetEndpoint!, headers: { authorization: service.AccessToken! } };
}

/** Answers every request with the gateway's own answer, after reading the body as the gateway does. */
async function bareServer(answer: string): Promise<Server> {
  const body = Buffer.from(answer);
  const server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function load(target: Target, concurrency: number, durationMs: number): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-generator.mjs', import.meta.url), {
      workerData: { url: target.url, headers: target.headers, body: REQUEST, concurrency, durationMs },
    });
    worker.once('message', (sample: Sample) => resolve(sample));
    worker.once('error', reject);
  });
}

interface Summary {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  failed: number;
}

function summarise(name: string, samples: Sample[]): Summary {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const elapsedMs = samples.reduce((sum, s) => sum + s.elapsedMs, 0);
  const failed = samples.reduce(
    (sum, s) => sum + Object.entries(s.statuses).reduce((n, [code, c]) => n + (code === '200' ? 0 : c), 0),
    0,
  );
  const at = (p: number) => latencies[Math.max(0, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
  return {
    name,
    requests: latencies.length,
    rps: latencies.length / (elapsedMs / 1000),
    p50: at(50),
    p95: at(95),
    p99: at(99),
    failed,
  };
}

function report([gateway, bare]: Summary[]): void {
  const row = (s: Summary) =>
    `${s.name.padEnd(16)}${s.rps.toFixed(0).padStart(10)}${s.p50.toFixed(2).padStart(10)}${s.p95.toFixed(2).padStart(10)}${s.p99.toFixed(2).padStart(10)}${String(s.requests).padStart(10)}${String(s.failed).padStart(9)}`;
  console.log(
    `${'target'.padEnd(16)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'requests'.padStart(10)}${'non-200'.padStart(9)}`,
  );
  console.log(row(gateway!));
  console.log(row(bare!));
  const throughputRatio = gateway!.rps / bare!.rps;
  const p95Ratio = gateway!.p95 / bare!.p95;
  console.log(`gateway / bare: throughput ${throughputRatio.toFixed(2)}x, P95 ${p95Ratio.toFixed(2)}x`);
  console.log(`target >= 2000 req/s: ${gateway!.rps >= 2000 ? 'met' : 'MISSED'} (${gateway!.rps.toFixed(0)} req/s)`);
  console.log(`target P95 <= 1.5x bare: ${p95Ratio <= 1.5 ? 'met' : 'MISSED'} (${p95Ratio.toFixed(2)}x)`);
  recordResult('gateway', {
    gatewayRps: gateway!.rps,
    bareRps: bare!.rps,
    throughputRatio,
    gatewayP95Ms: gateway!.p95,
    bareP95Ms: bare!.p95,
    p95Ratio,
  });
  if (gateway!.failed > 0) console.log(`WARNING: ${gateway!.failed} gateway requests did not answer 200`);
}

function parseOptions(args: string[]): Options {
  const options: Options = { seconds: 5, rounds: 3, concurrency: 16, warmup: 2 };
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i]?.replace(/^--/, '') as keyof Options;
    const value = Number(args[i + 1]);
    if (!(key in options) || !(value > 0)) {
      throw new Error(
        `unknown option ${args[i]} ${args[i + 1] ?? ''}; use --seconds, --rounds, --concurrency, --warmup with a positive number`,
      );
    }
    options[key] = value;
  }
  return options;
}
