/**
 * `npm run bench -- gate-startup [--runs 15]`
 *
 * Start-up of the evaluate-gate bundle: from spawning `node dist/evaluate-gate/index.js` to its
 * first API request (an OSS GetObject of metrics-uri, which a loopback server timestamps on
 * arrival), against spawning `node -e 0` to its exit, measured in the same run with the two
 * alternating so machine noise hits both alike. Target: the median ratio <= 3.0.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { nearestRankPercentile } from '../packages/core/src/percentile.js';

const bundle = join(import.meta.dirname, '..', 'dist', 'evaluate-gate', 'index.js');

export default async function gateStartupBench(args: string[]): Promise<void> {
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 15;
  let firstRequest: ((at: number) => void) | undefined;
  const server = createServer((request, response) => {
    firstRequest?.(performance.now());
    firstRequest = undefined;
    request.resume();
    response.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const bare: number[] = [];
  const gate: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      bare.push(await nodeNoop());
      gate.push(await gateFirstRequest(endpoint, (resolve) => (firstRequest = resolve)));
    }
  } finally {
    server.close();
  }
  const median = (values: number[]) => nearestRankPercentile(values, 50);
  console.log(`evaluate-gate start-up, ${runs} runs each, node ${process.version}`);
  console.log(`  node -e 0 (spawn to exit):                 median ${median(bare).toFixed(0)} ms`);
  console.log(`  evaluate-gate (spawn to first API request): median ${median(gate).toFixed(0)} ms`);
  console.log(`  ratio: ${(median(gate) / median(bare)).toFixed(2)} (target <= 3.0)`);
}

function nodeNoop(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  return new Promise((resolve) => child.on('close', () => resolve(performance.now() - started)));
}

function gateFirstRequest(endpoint: string, onRequest: (resolve: (at: number) => void) => void): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [bundle], {
    stdio: 'ignore',
    env: {
      PATH: process.env['PATH'] ?? '',
      INPUT_THRESHOLDS: 'accuracy >= 0.9',
      'INPUT_METRICS-URI': 'oss://pai-demo/eval/metrics.json',
      INPUT_COMMENT: 'false',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'TESTbenchkeyid00',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'bench-secret-not-used-anywhere',
      ALIBABA_CLOUD_OSS_ENDPOINT: endpoint,
    },
  });
  return new Promise((resolve, reject) => {
    let answered = false;
    onRequest((at) => {
      answered = true;
      child.kill();
      resolve(at - started);
    });
    child.on('close', (code) => {
      if (!answered) reject(new Error(`the bundle exited (${code}) before any API request`));
    });
  });
}
