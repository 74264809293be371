import { NonceCache } from '../../src/auth/nonce-cache.js';

const MINUTE = 60 * 1000;
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, 0) + minutes * MINUTE);

describe('NonceCache', () => {
  it('accepts a nonce once per caller', () => {
    const cache = new NonceCache();
    expect(cache.claim('AK1', 'n1', at(0), at(0))).toBe('fresh');
    expect(cache.claim('AK1', 'n1', at(0), at(1))).toBe('replayed');
    expect(cache.claim('AK2', 'n1', at(1), at(1))).toBe('fresh');
  });

  it('refuses a nonce for exactly as long as its request timestamp passes the skew check', () => {
    const cache = new NonceCache({ maxSkewMs: 15 * MINUTE });
    // Stamped 10 minutes ahead of the clock: accepted until 25 minutes from now.
    expect(cache.claim('AK1', 'ahead', at(10), at(0))).toBe('fresh');
    expect(cache.claim('AK1', 'ahead', at(10), at(24.9))).toBe('replayed');
    // Stamped 14 minutes behind: accepted for one more minute.
    expect(cache.claim('AK1', 'behind', at(-14), at(0))).toBe('fresh');
    expect(cache.claim('AK1', 'behind', at(-14), at(0.9))).toBe('replayed');
    expect(cache.claim('AK1', 'behind', at(-14), at(1.1))).toBe('fresh');
  });

  it("cannot be flooded: another key's requests never push a nonce out while its timestamp is accepted", () => {
    const cache = new NonceCache({ maxPerKey: 100 });
    expect(cache.claim('ADMIN', 'captured', at(0), at(0))).toBe('fresh');
    const outcomes = new Set<string>();
    for (let i = 0; i < 10_000; i++) outcomes.add(cache.claim('DENIED', `flood-${i}`, at(1), at(1)));
    expect([...outcomes].sort()).toEqual(['fresh', 'full']);
    expect(cache.claim('ADMIN', 'captured', at(0), at(14))).toBe('replayed');
    expect(cache.size).toBeLessThanOrEqual(101);
  });

  it('refuses a key over its budget rather than forgetting its nonces, until they expire', () => {
    const cache = new NonceCache({ maxPerKey: 3, maxSkewMs: 15 * MINUTE });
    for (const nonce of ['a', 'b', 'c']) expect(cache.claim('AK', nonce, at(0), at(0))).toBe('fresh');
    expect(cache.claim('AK', 'd', at(0), at(1))).toBe('full');
    expect(cache.claim('AK', 'a', at(0), at(1))).toBe('replayed');
    expect(cache.claim('OTHER', 'a', at(1), at(1))).toBe('fresh');
    expect(cache.claim('AK', 'd', at(16), at(16))).toBe('fresh');
    expect(cache.size).toBeLessThanOrEqual(2);
  });
});
