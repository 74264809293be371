import type { ClientOptions } from '../../../core/src/clients/types.js';
import type { Emulator } from '../../src/index.js';

/**
 * What the tests give a core client of `product` on the emulator: the demo credentials, the
 * product's local endpoint, quick retries and a bounded timeout.
 */
export function emulatorClientOptions(emulator: Emulator, product: string): ClientOptions {
  const { credentials, region, endpoints } = emulator.info;
  return {
    credentials,
    region,
    endpoint: endpoints[product],
    retryPolicy: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 10_000,
  };
}
