import { Clock } from '../src/clock.js';
import { enactFault, FaultInjector, type FaultRule } from '../src/faults.js';
import { sleepEmulated, waitForClock } from '../src/products/eas/clock-wait.js';
import { RequestLog } from '../src/request-log.js';

describe('FaultInjector', () => {
  test('a counted fault fires exactly that many times for its product and action only', () => {
    const faults = new FaultInjector();
    faults.add({ product: 'eas', action: 'CreateService', kind: 'error', count: 2 });
    expect(faults.next('eas', 'DescribeService')).toBeUndefined();
    expect(faults.next('dlc', 'CreateService')).toBeUndefined();
    expect(faults.next('eas', 'CreateService')?.kind).toBe('error');
    expect(faults.next('eas', 'CreateService')?.kind).toBe('error');
    expect(faults.next('eas', 'CreateService')).toBeUndefined();
    expect(faults.list()).toHaveLength(0);
  });

  test('the same seed replays the same probabilistic sequence', () => {
    const run = (seed: number) => {
      const faults = new FaultInjector(seed);
      faults.add({ product: 'oss', kind: 'throttle', probability: 0.3 });
      return Array.from({ length: 200 }, () => (faults.next('oss', 'GetObject') ? 1 : 0));
    };
    const first = run(7);
    expect(run(7)).toEqual(first);
    expect(run(8)).not.toEqual(first);
    const rate = first.reduce<number>((a, b) => a + b, 0) / first.length;
    expect(rate).toBeGreaterThan(0.2);
    expect(rate).toBeLessThan(0.4);
  });

  test.each([
    [{ product: 'oss', kind: 'explode' }, /kind must be one of/],
    [{ product: 'oss', kind: 'error', probability: 2 }, /probability must be within 0..1/],
    [{ product: 'oss', kind: 'error', count: 0 }, /count must be a positive integer/],
  ])('rejects %j', (spec, message) => {
    expect(() => new FaultInjector().add(spec as never)).toThrow(message);
  });
});

describe('Clock', () => {
  test('runs at its speed, jumps forward on demand and never backwards', () => {
    let real = 1_000;
    const clock = new Clock({ nowMs: 50_000, speed: 60 }, () => real);
    real += 1_000;
    expect(clock.now()).toBe(50_000 + 60_000);
    clock.advance(3_600_000);
    expect(clock.now()).toBe(50_000 + 60_000 + 3_600_000);
    clock.setSpeed(1);
    real += 500;
    expect(clock.now()).toBe(50_000 + 60_000 + 3_600_000 + 500);
    expect(() => clock.advance(-1)).toThrow(/forward/);
    expect(() => clock.setSpeed(0)).toThrow(/positive/);
    expect(clock.toRealMs(60_000)).toBe(60_000);
  });
});

describe('RequestLog', () => {
  test('keeps at least its capacity of newest entries and never grows past a tenth more', () => {
    const log = new RequestLog(100);
    const entry = {
      time: 0,
      product: 'eas',
      action: 'DescribeService',
      method: 'GET',
      path: '/',
      query: {},
      status: 200,
    };
    for (let i = 1; i <= 1_000; i++) {
      log.record({ ...entry, requestId: `R${i}` });
      expect(log.list().length).toBeLessThanOrEqual(110);
    }
    const kept = log.list();
    expect(kept.length).toBeGreaterThanOrEqual(100);
    expect(kept.at(-1)!.requestId).toBe('R1000');
    expect(kept.map((e) => e.seq)).toEqual(kept.map((_, i) => 1_000 - kept.length + 1 + i));
  });

  test('keeps field names but never credentials', () => {
    const log = new RequestLog();
    const entry = log.record({
      time: 0,
      product: 'sts',
      action: 'AssumeRoleWithOIDC',
      method: 'POST',
      path: '/',
      query: { OIDCToken: 'eyJ.secret.jwt', RoleArn: 'acs:ram::1:role/x' },
      body: { Nested: { AccessKeySecret: 's3cr3t', Keep: 'visible' } },
      status: 200,
      requestId: 'R',
    });
    expect(entry.query).toEqual({ OIDCToken: '***', RoleArn: 'acs:ram::1:role/x' });
    expect(entry.body).toEqual({ Nested: { AccessKeySecret: '***', Keep: 'visible' } });
    expect(JSON.stringify(log.list())).not.toMatch(/s3cr3t|eyJ\.secret/);
  });
});

describe('waiting on the emulator clock', () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

  test('a pending wait does not keep the process alive by itself', async () => {
    const clock = new Clock({ speed: 1 });
    const before = timers();
    const waited = waitForClock(clock, clock.now() + 60_000);
    const slept = sleepEmulated(clock, 20);
    expect(timers()).toBe(before);
    clock.advance(60_000); // re-evaluates the wait at once
    await waited;
    await slept;
  });

  test('a held (delay fault) request does not keep the process alive by itself', async () => {
    const before = timers();
    const fault: FaultRule = { id: 1, fired: 0, product: 'eas', kind: 'delay', delayMs: 20 };
    const held = enactFault(fault, { destroy: () => undefined }, { throttle: () => {}, error: () => {} });
    expect(timers()).toBe(before);
    expect(await held).toBe('proceed');
  });
});
