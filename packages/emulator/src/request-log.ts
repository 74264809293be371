/**
 * What every product received and answered, in order. Conformance tests assert on it (the
 * client sent exactly the documented method, path and fields) and the admin API serves it.
 * It keeps metadata and a bounded excerpt of each body, never the body itself, and its whole
 * size is capped, so a stream of large requests cannot grow the heap.
 */
export interface LoggedRequest {
  seq: number;
  time: number; // emulator clock, ms
  product: string;
  action: string;
  method: string;
  path: string; // raw path, as on the wire (cut at MAX_TEXT)
  query: Record<string, string>; // decoded
  body?: unknown; // excerpt of the parsed JSON or form (field names first), else a short text preview
  status: number;
  code?: string;
  accessKeyId?: string;
  requestId: string;
}

export interface RequestLogLimits {
  /** Entries kept. */
  capacity: number;
  /** Approximate bytes kept, across all entries (their JSON size). */
  maxBytes: number;
}

const DEFAULT_LIMITS: RequestLogLimits = { capacity: 50_000, maxBytes: 32 * 1024 * 1024 };

export class RequestLog {
  private readonly entries: LoggedRequest[] = [];
  private readonly sizes: number[] = [];
  private bytes = 0;
  private nextSeq = 1;
  private readonly limits: RequestLogLimits;

  constructor(limits: Partial<RequestLogLimits> | number = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...(typeof limits === 'number' ? { capacity: limits } : limits) };
  }

  record(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
    const logged: LoggedRequest = {
      seq: this.nextSeq++,
      ...entry,
      path: cut(entry.path),
      query: excerpt(entry.query) as Record<string, string>,
      body: excerpt(entry.body),
    };
    const size = JSON.stringify(logged).length;
    this.entries.push(logged);
    this.sizes.push(size);
    this.bytes += size;
    // Trim a tenth at a time: dropping one entry per request would shift the whole array each time.
    const { capacity, maxBytes } = this.limits;
    if (this.entries.length > capacity * 1.1 || this.bytes > maxBytes * 1.1) this.trimTo(capacity, maxBytes);
    return logged;
  }

  list(filter: { product?: string; action?: string; sinceSeq?: number } = {}): LoggedRequest[] {
    return this.entries.filter(
      (e) =>
        (!filter.product || e.product === filter.product) &&
        (!filter.action || e.action === filter.action) &&
        (!filter.sinceSeq || e.seq > filter.sinceSeq),
    );
  }

  /** Sequence number of the newest entry, so a test can ask for "everything after this". */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Approximate size of what the log holds (the JSON of its entries). */
  get size(): number {
    return this.bytes;
  }

  clear(): void {
    this.entries.length = 0;
    this.sizes.length = 0;
    this.bytes = 0;
  }

  private trimTo(capacity: number, maxBytes: number): void {
    let drop = Math.max(0, this.entries.length - capacity);
    let bytes = this.bytes;
    for (let i = 0; i < drop; i++) bytes -= this.sizes[i]!;
    while (drop < this.entries.length - 1 && bytes > maxBytes) bytes -= this.sizes[drop++]!;
    this.entries.splice(0, drop);
    this.sizes.splice(0, drop);
    this.bytes = bytes;
  }
}

// The log is served over the admin API and printed by tests: keep credentials out of it while
// keeping the field names, which conformance tests assert on.
const SECRET_FIELD = /secret|password|signature|authorization|securitytoken|oidctoken|accesstoken|idtoken/i;

/** Longest text kept of one string, path or key. */
const MAX_TEXT = 256;
/** Values (fields, items, scalars) kept of one body. */
const MAX_VALUES = 256;
/** Nesting kept; deeper values are summarised. */
const MAX_DEPTH = 8;

function cut(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT)}…(${text.length} chars)`;
}

/**
 * A redacted, bounded copy of a parsed body: breadth-first, so the top-level field names survive
 * whatever the nesting, iteratively, so no body can exhaust the stack; long strings are cut and
 * whatever exceeds the value budget is summarised as a count.
 */
export function excerpt(value: unknown): unknown {
  const root = { value: undefined as unknown };
  const queue: Array<{ from: unknown; put: (copy: unknown) => void; depth: number }> = [
    { from: value, put: (copy) => (root.value = copy), depth: 0 },
  ];
  let budget = MAX_VALUES;
  for (let i = 0; i < queue.length; i++) {
    const { from, put, depth } = queue[i]!;
    if (typeof from === 'string') {
      put(cut(from));
    } else if (!from || typeof from !== 'object') {
      put(from);
    } else if (depth >= MAX_DEPTH) {
      put(Array.isArray(from) ? `[${from.length} items]` : '{…}');
    } else if (Array.isArray(from)) {
      const copy: unknown[] = [];
      put(copy);
      const kept = Math.min(from.length, Math.max(0, budget));
      budget -= kept;
      for (let j = 0; j < kept; j++) queue.push({ from: from[j], put: (item) => (copy[j] = item), depth: depth + 1 });
      if (kept < from.length) copy[kept] = `…${from.length - kept} more items`;
    } else {
      const copy = Object.create(null) as Record<string, unknown>;
      put(copy);
      const keys = Object.keys(from);
      const kept = Math.min(keys.length, Math.max(0, budget));
      budget -= kept;
      for (const key of keys.slice(0, kept)) {
        const name = cut(key);
        if (SECRET_FIELD.test(key)) copy[name] = '***';
        else
          queue.push({
            from: (from as Record<string, unknown>)[key],
            put: (field) => (copy[name] = field),
            depth: depth + 1,
          });
      }
      if (kept < keys.length) copy['…'] = `${keys.length - kept} more fields`;
    }
  }
  return root.value;
}
