/**
 * The cloud's clock, as its answers tell it. Ages, retention windows and metric windows are
 * judged on the server's time, never the runner's (a runner's clock can be skewed, and the
 * emulator's clock may run faster than real time), so every client feeds the `Date` header of
 * each answer here and waits sleep until the server's time has moved on.
 */
export interface ServerClockOptions {
  /** Local time source (ms); a parameter so tests can drive it. */
  localNow?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Observation {
  serverMs: number;
  localMs: number;
}

/** Real sleeps between looks at the server's time: short until its rate is known, then longer. */
const PROBING_SLEEP_MS = 1_000;
const MAX_REAL_SLEEP_MS = 5_000;
/** A rate is trusted once the answers span this much server time (Date has 1 s resolution: ±5 %). */
const RATE_SPAN_MS = 20_000;

export class ServerClock {
  private first: Observation | undefined;
  private latest: Observation | undefined;
  private readonly localNow: () => number;
  private readonly sleepFor: (ms: number) => Promise<void>;

  constructor(options: ServerClockOptions = {}) {
    this.localNow = options.localNow ?? Date.now;
    this.sleepFor = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Records an answer's `Date` header (HTTP-date); anything unparsable is ignored. */
  observe(dateHeader: string | string[] | undefined): void {
    const text = Array.isArray(dateHeader) ? dateHeader[0] : dateHeader;
    const serverMs = text ? Date.parse(text) : Number.NaN;
    if (!Number.isFinite(serverMs)) return;
    const observation = { serverMs, localMs: this.localNow() };
    this.first ??= observation;
    this.latest = observation;
  }

  /** The server time the latest answer carried, or undefined before any answer. */
  get lastSeen(): number | undefined {
    return this.latest?.serverMs;
  }

  /** Server milliseconds per local millisecond, or undefined until the answers span enough time to tell. */
  rate(): number | undefined {
    if (!this.first || !this.latest) return undefined;
    const server = this.latest.serverMs - this.first.serverMs;
    const local = this.latest.localMs - this.first.localMs;
    if ((server < RATE_SPAN_MS && local < RATE_SPAN_MS) || server <= 0 || local <= 0) return undefined;
    return server / local;
  }

  /** The server's time now (ms since the epoch), extrapolated; the local clock until an answer has arrived. */
  now(): number {
    if (!this.latest) return this.localNow();
    return this.latest.serverMs + (this.localNow() - this.latest.localMs) * (this.rate() ?? 1);
  }

  /**
   * Sleeps until the server's clock reads `targetMs`. `look` makes a cheap call whose answer
   * refreshes the clock. Only an answer's own Date ends the wait (never an extrapolation), and
   * Date rounds down, so a fast or skewed clock can lengthen a bake time but never shorten it.
   */
  async sleepUntil(targetMs: number, look: () => Promise<void>): Promise<void> {
    for (;;) {
      await look();
      if ((this.latest?.serverMs ?? this.localNow()) >= targetMs) return;
      const rate = this.rate();
      const remaining = targetMs - this.now();
      const wait =
        rate === undefined ? Math.min(PROBING_SLEEP_MS, remaining) : Math.min(MAX_REAL_SLEEP_MS, remaining / rate);
      // Date has whole seconds: aim a little past the next second rather than just short of it.
      await this.sleepFor(Math.max(100, wait + 20));
    }
  }
}
