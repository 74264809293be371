/**
 * How a group endpoint spreads requests over its services: smooth weighted round robin (the
 * scheme nginx uses), so a 90/10 split is 90/10 over every 100 requests, interleaved, instead of
 * only on average as a random draw would be.
 */
export interface Candidate {
  name: string;
  weight: number;
}

export class WeightedRoundRobin {
  private readonly current = new Map<string, number>();
  private signature = '';

  pick(candidates: readonly Candidate[]): string | undefined {
    const signature = candidates.map((c) => `${c.name}=${c.weight}`).join(',');
    if (signature !== this.signature) {
      // A member or a weight changed: start a fresh cycle, so no old credit skews the new split.
      this.current.clear();
      this.signature = signature;
    }
    let total = 0;
    let best: string | undefined;
    let bestValue = -Infinity;
    for (const { name, weight } of candidates) {
      if (!(weight > 0)) continue;
      const value = (this.current.get(name) ?? 0) + weight;
      this.current.set(name, value);
      total += weight;
      if (value > bestValue) {
        bestValue = value;
        best = name;
      }
    }
    if (best !== undefined) this.current.set(best, bestValue - total);
    return best;
  }
}
