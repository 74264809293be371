/**
 * Emulated time. Runs `speed` times faster than the wall clock and can be moved forward
 * on demand, so bake times and a 72 h retention window pass in seconds. Every product reads
 * time from here, never from Date.now().
 */
export interface ClockSnapshot {
  nowMs: number;
  speed: number;
}

export class Clock {
  private anchorEmulatedMs: number;
  private anchorRealMs: number;
  private currentSpeed: number;
  private readonly listeners = new Set<() => void>();

  constructor(
    snapshot?: Partial<ClockSnapshot>,
    private readonly realNow: () => number = Date.now,
  ) {
    this.anchorRealMs = realNow();
    this.anchorEmulatedMs = snapshot?.nowMs ?? this.anchorRealMs;
    this.currentSpeed = snapshot?.speed ?? 1;
  }

  now(): number {
    return this.anchorEmulatedMs + (this.realNow() - this.anchorRealMs) * this.currentSpeed;
  }

  date(): Date {
    return new Date(this.now());
  }

  get speed(): number {
    return this.currentSpeed;
  }

  setSpeed(speed: number): void {
    if (!(speed > 0) || !Number.isFinite(speed))
      throw new RangeError(`clock speed must be a positive number, got ${speed}`);
    this.reanchor();
    this.currentSpeed = speed;
    this.notify();
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`clock can only move forward, got ${ms} ms`);
    this.reanchor();
    this.anchorEmulatedMs += ms;
    this.notify();
  }

  /** Real milliseconds that pass while `emulatedMs` pass on this clock. */
  toRealMs(emulatedMs: number): number {
    return emulatedMs / this.currentSpeed;
  }

  /** Called after every jump or speed change, so schedulers can re-evaluate what is due. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): ClockSnapshot {
    return { nowMs: this.now(), speed: this.currentSpeed };
  }

  private reanchor(): void {
    this.anchorEmulatedMs = this.now();
    this.anchorRealMs = this.realNow();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
