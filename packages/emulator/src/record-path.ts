/**
 * Where a persisted record lives in the state: a path of names from a slice down to the record,
 * like `['oss', 'buckets', 'pai-demo', 'objects', 'models/a.json']`. Paths are stored as byte keys
 * whose order puts every record right after its ancestors, so a load can rebuild the state
 * top-down in one ordered scan.
 */
export type RecordPath = readonly string[];

/** NUL separates names; a name's own NUL and SOH are escaped, so no name can fake a separator. */
const SEPARATOR = '\u0000';
const ESCAPE = '\u0001';
const ESCAPED_ESCAPE = '\u0001\u0002';
const ESCAPED_SEPARATOR = '\u0001\u0001';

function escapeName(name: string): string {
  if (!name.includes(SEPARATOR) && !name.includes(ESCAPE)) return name; // nearly every name: no copy
  return name.split(ESCAPE).join(ESCAPED_ESCAPE).split(SEPARATOR).join(ESCAPED_SEPARATOR);
}

function unescapeName(escaped: string): string {
  return escaped
    .split(ESCAPED_SEPARATOR)
    .map((part) => part.split(ESCAPED_ESCAPE).join(ESCAPE))
    .join(SEPARATOR);
}

/** The path as one string, unique per path: the in-memory identity of a record. */
export function recordId(path: RecordPath): string {
  return path.map(escapeName).join(SEPARATOR);
}

export function encodeRecordPath(path: RecordPath): Buffer {
  return Buffer.from(recordId(path), 'utf8');
}

export function decodeRecordPath(key: Uint8Array): string[] {
  return Buffer.from(key).toString('utf8').split(SEPARATOR).map(unescapeName);
}

/** The value at `path` inside `root`; undefined when any step is missing. */
export function valueAt(root: unknown, path: RecordPath): unknown {
  let node = root;
  for (const name of path) {
    if (!isContainer(node) || !Object.hasOwn(node, name)) return undefined;
    node = node[name];
  }
  return node;
}

/** Puts `value` at `path` inside `root`, making the objects on the way. */
export function assignAt(root: Record<string, unknown>, path: RecordPath, value: unknown): void {
  if (path.length === 0) throw new Error('a record path names at least a slice');
  let node: Record<string, unknown> = root;
  for (const name of path.slice(0, -1)) {
    const next = Object.hasOwn(node, name) ? node[name] : undefined;
    node = isContainer(next) ? next : setOwn(node, name, {});
  }
  setOwn(node, path[path.length - 1]!, value);
}

/** Removes what is at `path` inside `root`, if anything. */
export function removeAt(root: Record<string, unknown>, path: RecordPath): void {
  const parent = valueAt(root, path.slice(0, -1));
  if (isContainer(parent)) delete parent[path[path.length - 1]!];
}

/** Defines rather than assigns: a record named `__proto__` must not replace a prototype. */
function setOwn<T>(node: Record<string, unknown>, name: string, value: T): T {
  Object.defineProperty(node, name, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

function isContainer(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
