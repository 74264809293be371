import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestsDue, startLoad } from '../../src/serving/load-generator.js';

let server: Server;
let url: string;
const seen: { authorization: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ authorization: req.headers.authorization, body });
      res.writeHead(seen.length % 10 === 0 ? 500 : 200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/predict/demo`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

test.each([
  [5, 0, 0],
  [5, 999, 4],
  [5, 60_000, 300],
  [0.5, 4_000, 2],
  [5, -100, 0],
])('%d rps after %d ms: %d requests due', (rps, elapsed, due) => expect(requestsDue(rps, elapsed)).toBe(due));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

test('paces on the server clock, not the local one', async () => {
  // The server's time moves only when the test says so, as a sped-up or stalled clock might.
  let serverMs = 1_000_000;
  const load = startLoad({
    url,
    token: 'tok-123',
    body: '{"instances":[[1]]}',
    rps: 2,
    serverNow: () => serverMs,
    tickMs: 5,
  });
  serverMs += 10_000;
  await until(() => seen.length >= 20);
  // Local time passing sends nothing more while the server's clock stands still.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(seen.length).toBe(20);
  serverMs += 20_000;
  await until(() => seen.length >= 60);
  const stats = await load.stop();
  expect(stats.sent).toBe(60);
  expect(stats.statuses).toEqual({ '200': 54, '500': 6 });
  expect(seen.every((request) => request.authorization === 'tok-123' && request.body === '{"instances":[[1]]}')).toBe(
    true,
  );
});
