// A closed-loop HTTP load generator for the benchmarks, run in a worker thread so that it does
// not share an event loop with the server under test: `concurrency` connections kept alive, each
// sending the next request as soon as the previous answer is in, for `durationMs`.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

const { url, headers, body, concurrency, durationMs } = workerData;
const target = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const payload = Buffer.from(body);
const allHeaders = { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length) };

function once() {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: allHeaders },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(payload);
  });
}

const latencies = [];
const statuses = {};
const started = performance.now();
const deadline = started + durationMs;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      const { status, ms } = await once();
      latencies.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }),
);
const elapsedMs = performance.now() - started;
agent.destroy();
parentPort.postMessage({ latencies, statuses, elapsedMs });
