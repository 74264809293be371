/**
 * What every product received and answered, in order. Conformance tests assert on it (the
 * client sent exactly the documented method, path and fields) and the admin API serves it.
 */
export interface LoggedRequest {
  seq: number;
  time: number; // emulator clock, ms
  product: string;
  action: string;
  method: string;
  path: string; // raw path, as on the wire
  query: Record<string, string>; // decoded
  body?: unknown; // parsed JSON or form, else a short text preview
  status: number;
  code?: string;
  accessKeyId?: string;
  requestId: string;
}

export class RequestLog {
  private readonly entries: LoggedRequest[] = [];
  private nextSeq = 1;

  constructor(private readonly capacity = 50_000) {}

  record(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
    const logged = { seq: this.nextSeq++, ...entry, query: redact(entry.query), body: redact(entry.body) };
    this.entries.push(logged);
    // Trim a tenth at a time: dropping one entry per request would shift the whole array each time.
    if (this.entries.length > this.capacity * 1.1) this.entries.splice(0, this.entries.length - this.capacity);
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

  clear(): void {
    this.entries.length = 0;
  }
}

// The log is served over the admin API and printed by tests: keep credentials out of it while
// keeping the field names, which conformance tests assert on.
const SECRET_FIELD = /secret|password|signature|authorization|securitytoken|oidctoken|accesstoken|idtoken/i;

function redact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(redact) as T;
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, SECRET_FIELD.test(key) ? '***' : redact(inner)]),
  ) as T;
}
