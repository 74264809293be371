import { describe, expect, test } from '@jest/globals';
import { decideLock, formatLock, heldMessage, parseLock, type FoundLock } from '../../src/serving/lock.js';

const NOW = Date.parse('2026-12-02T10:00:00Z');
const found = (value: string, service = 'demo_1111111'): FoundLock => ({ service, value, lock: parseLock(value) });
const me = { runId: '500', runAttempt: 2 };

test('a lock reads back as written', () => {
  const lock = { runId: '123456', runAttempt: 3, expiresAt: Date.parse('2026-12-02T10:30:00.000Z') };
  expect(formatLock(lock)).toBe('123456.3@2026-12-02T10:30:00.000Z');
  expect(parseLock(formatLock(lock))).toEqual(lock);
});

test.each(['', 'locked', '123@2026-12-02T10:30:00Z', '1.2@tomorrow', '1.2@2026-12-02T10:30:00+08:00'])(
  '%j is not a lock',
  (value) => expect(parseLock(value)).toBeUndefined(),
);

describe('decideLock', () => {
  test.each<[string, FoundLock[], string, string?]>([
    ['no label: free', [], 'free'],
    ['another run, unexpired: held', [found('777.1@2026-12-02T10:05:00Z')], 'held'],
    ['another run, expired: taken over', [found('777.1@2026-12-02T09:59:59Z')], 'take-over', 'expired'],
    ['expiring right now: taken over', [found('777.1@2026-12-02T10:00:00Z')], 'take-over', 'expired'],
    [
      'an earlier attempt of this run: taken over',
      [found('500.1@2026-12-02T11:00:00Z')],
      'take-over',
      'earlier-attempt',
    ],
    ['a later attempt of this run is not ours: held', [found('500.3@2026-12-02T11:00:00Z')], 'held'],
    ['ours already', [found('500.2@2026-12-02T11:00:00Z')], 'take-over', 'ours'],
    ['a value no shift writes: taken over', [found('someone')], 'take-over', 'unreadable'],
    [
      'one held lock among stale ones refuses',
      [found('777.1@2026-12-02T09:00:00Z'), found('888.1@2026-12-02T10:30:00Z', 'demo_2222222')],
      'held',
    ],
  ])('%s', (_name, locks, kind, ...why) => {
    const decision = decideLock(locks, me, NOW);
    expect(decision.kind).toBe(kind);
    if (decision.kind === 'take-over') expect(decision.why).toBe(why[0]);
  });
});

test('the refusal names the group, the holding run and its expiry', () => {
  const message = heldMessage(
    'demo',
    found('777.1@2026-12-02T10:05:00Z'),
    (id, n) => `https://gh/runs/${id}/attempts/${n}`,
  );
  expect(message).toBe(
    'Another traffic shift holds the lock on group "demo": run 777 attempt 1 (https://gh/runs/777/attempts/1), ' +
      'label shift-lock on demo_1111111, until 2026-12-02T10:05:00.000Z. Wait for it to finish, or cancel it; an expired lock is taken over.',
  );
});
