/**
 * Matches RAM policy patterns: `*` is any run of characters (also none), `?` exactly one.
 * Iterative with single-star backtracking, so no pattern can make it run away the way a regex could.
 */
export function matchesWildcard(pattern: string, value: string, ignoreCase = false): boolean {
  const p = Array.from(ignoreCase ? pattern.toLowerCase() : pattern);
  const v = Array.from(ignoreCase ? value.toLowerCase() : value);
  let pi = 0;
  let vi = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === v[vi])) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      starAt = pi++;
      resumeAt = vi;
    } else if (starAt >= 0) {
      // Let the last star swallow one more character and retry from there.
      pi = starAt + 1;
      vi = ++resumeAt;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
