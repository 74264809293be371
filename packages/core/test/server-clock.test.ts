import { ServerClock } from '../src/action/server-clock.js';

/** A local clock the test moves, and a server whose clock runs `speed` times as fast from `startMs`. */
function world(speed: number, startMs = Date.parse('2026-01-01T00:00:00Z')) {
  let local = 1_000_000;
  const serverNow = () => startMs + (local - 1_000_000) * speed;
  const clock = new ServerClock({ localNow: () => local, sleep: async (ms) => void (local += ms) });
  // Date headers carry whole seconds, rounded down, like HTTP-date.
  const look = async () => clock.observe(new Date(Math.floor(serverNow() / 1000) * 1000).toUTCString());
  return { clock, look, serverNow, advance: (ms: number) => void (local += ms) };
}

test.each([1, 60, 0.5])('sleepUntil never ends before the server reaches the target (speed %p)', async (speed) => {
  const { clock, look, serverNow } = world(speed);
  await look();
  const target = serverNow() + 90_000;
  let looks = 0;
  await clock.sleepUntil(target, async () => {
    looks++;
    await look();
  });
  expect(serverNow()).toBeGreaterThanOrEqual(target);
  // ...and not much after it: at most two seconds of server time past the target, plus one probe.
  expect(serverNow() - target).toBeLessThanOrEqual(2_000 + 1_020 * speed);
  expect(looks).toBeLessThan(60);
});

test('now() follows the server, not the local clock, once answers have arrived', async () => {
  const { clock, look, serverNow, advance } = world(60);
  expect(clock.lastSeen).toBeUndefined();
  await look();
  advance(1_000);
  await look();
  expect(clock.rate()).toBeCloseTo(60, 0);
  advance(500);
  expect(Math.abs(clock.now() - serverNow())).toBeLessThanOrEqual(1_000);
});

test('an unparsable Date is ignored', () => {
  const clock = new ServerClock({ localNow: () => 42 });
  clock.observe('not a date');
  clock.observe(undefined);
  expect(clock.lastSeen).toBeUndefined();
  expect(clock.now()).toBe(42);
});
