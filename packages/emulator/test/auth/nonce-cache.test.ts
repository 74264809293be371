import { NonceCache } from '../../src/auth/nonce-cache.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));

describe('NonceCache', () => {
  it('accepts a nonce once per caller', () => {
    const cache = new NonceCache();
    expect(cache.claim('AK1', 'n1', at(0))).toBe(true);
    expect(cache.claim('AK1', 'n1', at(1))).toBe(false);
    expect(cache.claim('AK2', 'n1', at(1))).toBe(true);
  });

  it('forgets a nonce after the retention window, when the request it signed can no longer pass the skew check', () => {
    const cache = new NonceCache({ retentionMs: 30 * 60 * 1000 });
    expect(cache.claim('AK1', 'n1', at(0))).toBe(true);
    expect(cache.claim('AK1', 'n1', at(29))).toBe(false);
    expect(cache.claim('AK1', 'n1', at(31))).toBe(true);
  });

  it('keeps its memory bounded, dropping the oldest nonces first', () => {
    const cache = new NonceCache({ maxEntries: 3 });
    for (const nonce of ['a', 'b', 'c', 'd']) expect(cache.claim('AK', nonce, at(0))).toBe(true);
    expect(cache.size).toBe(3);
    expect(cache.claim('AK', 'a', at(0))).toBe(true); // evicted, so replayable: the price of the cap
    expect(cache.claim('AK', 'd', at(0))).toBe(false);
  });

  it('sweeps expired nonces as time moves on', () => {
    const cache = new NonceCache({ retentionMs: 60 * 1000 });
    for (let i = 0; i < 100; i++) cache.claim('AK', `n${i}`, at(0));
    cache.claim('AK', 'late', at(5));
    expect(cache.size).toBe(1);
  });
});
