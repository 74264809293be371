import { withSignalsDeferred, type Signal } from '../../src/action/signals.js';

test('a signal during the work is held until the work settles, then delivered once', async () => {
  const events: string[] = [];
  let finish!: () => void;
  const running = withSignalsDeferred(
    async () => {
      await new Promise<void>((resolve) => (finish = resolve));
      events.push('work done');
      return 42;
    },
    { onHeld: (signal) => events.push(`held ${signal}`), raise: (signal: Signal) => events.push(`raised ${signal}`) },
  );
  process.emit('SIGINT', 'SIGINT');
  process.emit('SIGTERM', 'SIGTERM');
  finish();
  expect(await running).toBe(42);
  expect(events).toEqual(['held SIGINT', 'work done', 'raised SIGINT']);
  expect(process.listenerCount('SIGINT')).toBe(0);
});

test('a failing work still delivers the held signal, and nothing is raised without one', async () => {
  const raised: Signal[] = [];
  await expect(
    withSignalsDeferred(
      async () => {
        process.emit('SIGTERM', 'SIGTERM');
        throw new Error('switch failed');
      },
      { raise: (signal) => raised.push(signal) },
    ),
  ).rejects.toThrow('switch failed');
  expect(raised).toEqual(['SIGTERM']);
  await withSignalsDeferred(async () => undefined, { raise: (signal) => raised.push(signal) });
  expect(raised).toEqual(['SIGTERM']);
});
