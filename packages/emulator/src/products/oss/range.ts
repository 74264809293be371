/**
 * The `Range: bytes=…` header of GetObject, as OSS documents it: one range, inclusive ends,
 * suffix ranges (`bytes=-500`). By default a range that is malformed or reaches past the object
 * is ignored and the whole object comes back with 200. With `x-oss-range-behavior: standard`, an
 * end past the object is clamped (206) and a start at or past it is 416 InvalidRange.
 */
export type RangeDecision =
  { kind: 'whole' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

export function decideRange(header: string | undefined, size: number, standard = false): RangeDecision {
  const match = header ? /^\s*bytes=(\d*)-(\d*)\s*$/.exec(header) : null;
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'whole' };
  const whole: RangeDecision = { kind: 'whole' };
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return standard ? { kind: 'unsatisfiable' } : whole;
    if (suffix > size && !standard) return whole;
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Number(match[2]);
  if (match[2] !== '' && end < start) return whole;
  if (start >= size) return standard ? { kind: 'unsatisfiable' } : whole;
  if (end >= size && !standard) return whole;
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}
