import type { Clock } from '../../clock.js';

/**
 * Waits until the emulator clock reads `until`: the real wait is the emulated one divided by the
 * clock's speed, and a jump or a speed change re-evaluates it at once. `maxRealMs` bounds the
 * real wait whatever the clock does.
 */
export function waitForClock(clock: Clock, until: number, maxRealMs = 120_000): Promise<void> {
  if (clock.now() >= until) return Promise.resolve();
  return new Promise((resolve) => {
    const deadline = Date.now() + maxRealMs;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (timer) clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const arm = () => {
      if (timer) clearTimeout(timer);
      const remaining = until - clock.now();
      if (remaining <= 0 || Date.now() >= deadline) return finish();
      timer = setTimeout(arm, Math.min(deadline - Date.now(), Math.max(1, Math.ceil(clock.toRealMs(remaining)))));
      // A waiting request's socket keeps the process up; once the emulator has stopped, the
      // wait alone must not (up to maxRealMs: jest would report it as an open handle).
      timer.unref();
    };
    const unsubscribe = clock.onChange(arm);
    arm();
  });
}

/** A real pause standing for `emulatedMs` on this clock; sub-millisecond pauses are skipped. */
export function sleepEmulated(clock: Clock, emulatedMs: number): Promise<void> | undefined {
  const realMs = clock.toRealMs(emulatedMs);
  if (realMs < 1) return undefined;
  return new Promise((resolve) => setTimeout(resolve, realMs).unref());
}
