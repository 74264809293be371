/** eas-rollback's inputs, all checked before any API call. */
import { InputError } from '../errors.js';
import type { InputReader } from '../inputs.js';
import { EAS_NAME, EAS_NAME_EXPECTED } from './labels.js';

export interface RollbackInputs {
  group: string;
  to?: string;
  smokeBody?: string;
  waitTimeoutMs: number;
}

export function readRollbackInputs(inputs: InputReader): RollbackInputs {
  const group = inputs.string('service-name', { required: true, pattern: EAS_NAME, description: EAS_NAME_EXPECTED });
  const to = inputs.string('to', { pattern: EAS_NAME, description: EAS_NAME_EXPECTED });
  const smokeBody = inputs.string('smoke-request');
  if (smokeBody !== undefined) {
    try {
      JSON.parse(smokeBody);
    } catch (error) {
      throw new InputError('smoke-request', smokeBody, 'a JSON request body', (error as Error).message);
    }
  }
  const waitTimeoutMs = inputs.duration('wait-timeout', { min: 10_000, max: 6 * 3_600_000, default: 600_000 });
  return {
    group,
    ...(to ? { to } : {}),
    ...(smokeBody === undefined ? {} : { smokeBody }),
    waitTimeoutMs,
  };
}
