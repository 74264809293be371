/**
 * Waiting for an EAS service to run, on the cloud's clock, with a progress line whenever its
 * status or instance count changes (not on every poll: a long create stays readable).
 */
import type { EasClient, Service } from '../clients/eas.js';
import type { ServerClock } from '../action/server-clock.js';

/** What the serving functions tell the user; @actions/core in an action, a recorder in tests. */
export interface Reporter {
  info(message: string): void;
  warning(message: string): void;
  /** Hands a secret to the runner to mask before anything could print it. */
  mask(secret: string): void;
}

/** Server-time gap between looks at the service. */
const POLL_MS = 5_000;

export class WaitTimeout extends Error {
  override readonly name = 'WaitTimeout';
}

export interface WaitOptions {
  /** Server-time budget (ms). */
  timeoutMs: number;
  reporter: Reporter;
  /** Fail when EAS reports the version reached is not this one (an in-place update). */
  version?: number;
}

/**
 * Resolves with the service once it is Running (with `version` when given); fails at once when it
 * settles as Failed or Stopped (with EAS's Reason and Message), or when the budget is spent.
 */
export async function waitForRunning(
  eas: EasClient,
  clock: ServerClock,
  serviceName: string,
  options: WaitOptions,
): Promise<Service> {
  // Imported here, not at the top: the module holds the SDK, which the caller has loaded by now.
  const { serviceStatusPhase } = await import('../clients/eas.js');
  let service = await eas.describeService(serviceName);
  const started = clock.now();
  const deadline = started + options.timeoutMs;
  let shown = '';
  for (;;) {
    const progress = describeProgress(service);
    if (progress !== shown) {
      options.reporter.info(`${serviceName}: ${progress} (${Math.round((clock.now() - started) / 1000)} s)`);
      shown = progress;
    }
    const phase = serviceStatusPhase(service.Status);
    const versionReached = options.version === undefined || service.CurrentVersion === options.version;
    if (phase === 'running' && versionReached) return service;
    if (phase === 'failed' || phase === 'stopped') {
      throw new Error(`${serviceName} is ${service.Status}: ${service.Reason ?? ''} ${service.Message ?? ''}`.trim());
    }
    if (clock.now() >= deadline) {
      throw new WaitTimeout(
        `${serviceName} is still ${service.Status} after ${Math.round(options.timeoutMs / 1000)} s (wait-timeout)`,
      );
    }
    await clock.sleepUntil(Math.min(deadline, clock.now() + POLL_MS), async () => {
      service = await eas.describeService(serviceName);
    });
  }
}

function describeProgress(service: Service): string {
  const instances =
    service.TotalInstance === undefined
      ? ''
      : `, ${service.RunningInstance ?? 0}/${service.TotalInstance} instances running`;
  return `${service.Status}${instances}`;
}
