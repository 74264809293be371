/**
 * Invocation records from the EAS gateway, the source CloudMonitor's EAS metrics are computed
 * from (QPS, response-time percentiles, status classes per service per period).
 */
export interface Invocation {
  service: string;
  time: number; // emulator clock, ms, when the request arrived
  latencyMs: number; // emulated response time
  status: number; // HTTP status the gateway answered
}

export class InvocationRecorder {
  private readonly byService = new Map<string, Invocation[]>();

  constructor(private readonly retentionMs = 7 * 86_400_000) {}

  record(invocation: Invocation): void {
    let list = this.byService.get(invocation.service);
    if (!list) this.byService.set(invocation.service, (list = []));
    list.push(invocation);
    if (list.length > 1000 && list[0]!.time < invocation.time - this.retentionMs) {
      const keepFrom = list.findIndex((i) => i.time >= invocation.time - this.retentionMs);
      list.splice(0, keepFrom);
    }
  }

  /** Invocations of a service with start <= time < end. */
  between(service: string, start: number, end: number): Invocation[] {
    return (this.byService.get(service) ?? []).filter((i) => i.time >= start && i.time < end);
  }

  services(): string[] {
    return [...this.byService.keys()];
  }
}
