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
    const logged = { seq: this.nextSeq++, ...entry };
    this.entries.push(logged);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
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
