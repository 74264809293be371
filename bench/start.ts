/**
 * `npm run bench -- start [--runs 15]`
 *
 * Cold start of every action bundle: process start to its first API request, against
 * `node -e 0` (process start to exit) measured in the same run, interleaved so machine noise
 * hits both alike. Every product endpoint points at a local recorder that notes the arrival of
 * the first request and answers 503 (the action then fails; only its start is measured).
 * Target: median ≤ 3.0 × node -e 0.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { START_INPUTS } from './start-inputs.js';
import { recordResult } from './results.js';

const root = join(import.meta.dirname, '..');

export default async function startBench(args: string[]): Promise<void> {
  const runs = Number(args[args.indexOf('--runs') + 1] ?? 15) || 15;
  const actions = readdirSync(join(root, 'dist')).filter(
    (name) => existsSync(join(root, 'dist', name, 'index.js')) && START_INPUTS[name],
  );
  let firstRequest: (() => void) | undefined;
  const server = createServer((req, res) => {
    firstRequest?.();
    firstRequest = undefined;
    req.resume();
    res.writeHead(503, { 'content-type': 'application/json' }).end('{"Code":"ServiceUnavailable"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const workDir = mkdtempSync(join(tmpdir(), 'pai-bench-start-'));

  const baseline: number[] = [];
  const samples = new Map<string, number[]>(actions.map((a) => [a, []]));
  try {
    for (let i = 0; i < runs; i++) {
      baseline.push(await timeExit(['-e', '0']));
      for (const action of actions) {
        samples
          .get(action)!
          .push(await timeFirstRequest(action, endpoint, workDir, (resolve) => (firstRequest = resolve)));
      }
    }
  } finally {
    server.close();
  }
  const node = median(baseline);
  console.log(
    `action cold start: process start → first API request, median of ${runs}; node -e 0 = ${node.toFixed(1)} ms`,
  );
  for (const action of actions) {
    const ms = median(samples.get(action)!);
    const ratio = ms / node;
    const size = bundleSize(action);
    console.log(
      `  ${action.padEnd(20)} ${ms.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)} × node -e 0 (target ≤ 3.0)  ` +
        `bundle ${(size.main / 1024).toFixed(0)} KiB + ${(size.chunks / 1024).toFixed(0)} KiB lazy chunks`,
    );
    recordResult(`start.${action}`, { ms, ratio, baselineMs: node, bundleBytes: size.main, chunkBytes: size.chunks });
  }
}

function timeExit(args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - started));
  });
}

function timeFirstRequest(
  action: string,
  endpoint: string,
  workDir: string,
  arm: (resolve: () => void) => void,
): Promise<number> {
  const outputs = join(workDir, 'out');
  writeFileSync(outputs, '');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    GITHUB_OUTPUT: outputs,
    GITHUB_STATE: outputs,
    GITHUB_STEP_SUMMARY: outputs,
    GITHUB_ENV: outputs,
    GITHUB_REPOSITORY: 'octo-org/models',
    GITHUB_SHA: '4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    ALIBABA_CLOUD_ACCESS_KEY_ID: 'bench-key-id',
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'bench-key-secret',
    ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou',
  };
  for (const product of ['OSS', 'EAS', 'DLC', 'CMS', 'STS']) env[`ALIBABA_CLOUD_${product}_ENDPOINT`] = endpoint;
  for (const [name, value] of Object.entries(START_INPUTS[action]!)) env[`INPUT_${name.toUpperCase()}`] = value;
  return new Promise((resolve, reject) => {
    let arrived: number | undefined;
    const started = performance.now();
    arm(() => (arrived = performance.now() - started));
    const child = spawn(process.execPath, [join(root, 'dist', action, 'index.js')], {
      env,
      stdio: 'ignore',
      cwd: workDir,
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      if (arrived === undefined)
        reject(new Error(`${action} exited without an API request: check bench/start-inputs.ts`));
      else resolve(arrived);
    });
  });
}

function bundleSize(action: string): { main: number; chunks: number } {
  const dir = join(root, 'dist', action);
  let chunks = 0;
  for (const file of readdirSync(dir))
    if (file.endsWith('.js') && file !== 'index.js') chunks += statSync(join(dir, file)).size;
  return { main: statSync(join(dir, 'index.js')).size, chunks };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
