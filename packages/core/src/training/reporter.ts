/** How the training effects speak to the run's log, so core stays testable without a runner. */
export interface Reporter {
  info(message: string): void;
  warning(message: string): void;
  /** Runs `body` inside a collapsible log group. */
  group<T>(name: string, body: () => Promise<T>): Promise<T>;
  /** Opens a group that stays open across calls (one per job phase); groups do not nest. */
  startGroup(name: string): void;
  endGroup(): void;
}

/** A Reporter that collects lines (tests, benchmarks). */
export class MemoryReporter implements Reporter {
  readonly lines: string[] = [];
  readonly warnings: string[] = [];
  info(message: string): void {
    this.lines.push(message);
  }
  warning(message: string): void {
    this.warnings.push(message);
  }
  async group<T>(name: string, body: () => Promise<T>): Promise<T> {
    this.lines.push(`## ${name}`);
    return body();
  }
  startGroup(name: string): void {
    this.lines.push(`## ${name}`);
  }
  endGroup(): void {
    this.lines.push('##');
  }
}
