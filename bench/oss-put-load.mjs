// OSS PUT load for the durability benchmark, run as a child process so that the client (ali-oss,
// which signs every request) shares neither an event loop nor the CPU count with the emulator:
// `concurrency` loops, each putting the next object as soon as the previous answer is in, until
// `count` objects are written or `durationMs` is over. Keys are `<prefix><n>`, never reused, and so is the content.
import { performance } from 'node:perf_hooks';
import OSS from 'ali-oss';

const { endpoint, credentials, bucket, region, prefix, size, concurrency, count, durationMs } = JSON.parse(
  process.argv[2],
);
const client = new OSS({ ...credentials, endpoint, bucket, region, timeout: 30_000 });

const latencies = [];
let failed = 0;
let firstError;
let issued = 0;
const started = performance.now();
const deadline = durationMs === undefined ? Infinity : started + durationMs;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline && (count === undefined || issued < count)) {
      const key = `${prefix}${issued++}`;
      const body = Buffer.alloc(size, 'x');
      body.write(key); // distinct content: blobs are content-addressed, equal bodies would share one
      const t = performance.now();
      try {
        await client.put(key, body);
        latencies.push(performance.now() - t);
      } catch (error) {
        failed++;
        firstError ??= String(error);
      }
    }
  }),
);
process.send({ latencies, failed, firstError, elapsedMs: performance.now() - started }, () => process.exit(0));
