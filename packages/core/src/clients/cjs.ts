/**
 * The class a TypeScript-compiled CommonJS package exports as `default`. Node puts it at
 * `ns.default.default`, an ncc bundle at `ns.default` (toolchain.md): look in both places.
 */
export function defaultExport<T>(namespace: unknown, packageName: string): T {
  let candidate: unknown = (namespace as { default?: unknown }).default ?? namespace;
  if (typeof candidate !== 'function') candidate = (candidate as { default?: unknown } | undefined)?.default;
  if (typeof candidate !== 'function') throw new Error(`${packageName} has no default export class`);
  return candidate as T;
}
