/**
 * Synthetic load for a shift on a quiet service: `rps` requests per second of the cloud's time
 * (so CloudMonitor counts `rps` per second whatever the clock's speed) to the group endpoint,
 * with the group's token, during the bakes. Open loop: requests are sent on schedule, whether
 * or not earlier ones have answered, up to a cap on requests in flight, so a slow version gets
 * the same number of samples as a fast one.
 */

export interface LoadOptions {
  url: string;
  /** Sent as Authorization; never logged. */
  token: string;
  body: string;
  /** Requests per second of server time. */
  rps: number;
  /** The server's time now (ms). */
  serverNow: () => number;
  /** Most requests in flight at once (default 64); beyond it the schedule slips. */
  maxInFlight?: number;
  /** Real ms between pacing ticks (default 25). */
  tickMs?: number;
  /** Real ms a request may take (default 30 s). */
  timeoutMs?: number;
}

export interface LoadStats {
  sent: number;
  /** Answers by HTTP status; 0 = no answer (connection failed, timed out). */
  statuses: Record<string, number>;
}

export interface RunningLoad {
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<LoadStats>;
}

/** How many requests are due `elapsedMs` after the start at `rps` (pure). */
export const requestsDue = (rps: number, elapsedMs: number): number =>
  Math.max(0, Math.floor((rps * elapsedMs) / 1000));

export function startLoad(options: LoadOptions): RunningLoad {
  const maxInFlight = options.maxInFlight ?? 64;
  const started = options.serverNow();
  const stats: LoadStats = { sent: 0, statuses: {} };
  const inFlight = new Set<Promise<void>>();
  const controller = new AbortController();
  const headers = { authorization: options.token, 'content-type': 'application/json' };

  const send = () => {
    stats.sent++;
    const request = fetch(options.url, {
      method: 'POST',
      headers,
      body: options.body,
      signal: AbortSignal.any([controller.signal, AbortSignal.timeout(options.timeoutMs ?? 30_000)]),
    })
      .then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      })
      .catch(() => 0)
      .then((status) => {
        stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
        inFlight.delete(request);
      });
    inFlight.add(request);
  };

  const tick = () => {
    const due = requestsDue(options.rps, options.serverNow() - started);
    while (stats.sent < due && inFlight.size < maxInFlight) send();
  };
  const timer = setInterval(tick, options.tickMs ?? 25);
  tick();

  return {
    async stop() {
      clearInterval(timer);
      // Let the last answers come in briefly, then give up on them: stopping must not hang a revert.
      const settled = Promise.all([...inFlight]);
      const grace = new Promise((resolve) => setTimeout(resolve, 2_000).unref());
      await Promise.race([settled, grace]);
      controller.abort();
      await settled;
      return stats;
    },
  };
}
