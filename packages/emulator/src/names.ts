/**
 * Tables keyed by names that callers choose (buckets, objects, services, groups, jobs, users,
 * policies, labels). They have no prototype, so a name like `constructor`, `toString` or
 * `__proto__` is an ordinary key: a plain object would answer `constructor` with a function,
 * and turn an assignment to `__proto__` into a prototype change that JSON never saves.
 */
export type NameTable<T> = Record<string, T>;

/**
 * A table holding `entries` (own keys only). Tables loaded from the state file come back as plain
 * objects (JSON.parse keeps `__proto__` as an own key), so every owner adopts its tables through
 * here on load.
 */
export function nameTable<T>(entries: Record<string, T> = {}): NameTable<T> {
  const table = Object.create(null) as NameTable<T>;
  for (const key of Object.keys(entries)) table[key] = entries[key]!;
  return table;
}
