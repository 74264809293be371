/**
 * The inputs of submit-dlc-job and wait-and-resume that need more than one InputReader call:
 * read and checked together before any API call, each error naming its input.
 */
import { InputError } from '../errors.js';
import type { InputReader } from '../inputs.js';
import type { ResourceConfig } from '../clients/dlc-types.js';
import { JOB_ENV } from './job-spec.js';

const RESOURCE_KEYS = ['CPU', 'GPU', 'GPUType', 'Memory', 'SharedMemory'] as const;

/** `resource-config`: KEY=VALUE lines with the keys of DLC's ResourceConfig. */
export function readResourceConfig(inputs: InputReader, name: string): ResourceConfig | undefined {
  const entries = inputs.keyValues(name);
  if (Object.keys(entries).length === 0) return undefined;
  const config: ResourceConfig = {};
  for (const [key, value] of Object.entries(entries)) {
    if (!(RESOURCE_KEYS as readonly string[]).includes(key)) {
      throw new InputError(name, `${key}=${value}`, `KEY=VALUE lines with keys ${RESOURCE_KEYS.join(', ')}`);
    }
    config[key as (typeof RESOURCE_KEYS)[number]] = value;
  }
  return config;
}

/** `envs`, refusing the names the action sets itself (a silent override would hide a mistake). */
export function readJobEnvs(inputs: InputReader, name: string): Record<string, string> {
  const envs = inputs.keyValues(name);
  const reserved = Object.values(JOB_ENV) as string[];
  for (const key of Object.keys(envs)) {
    if (reserved.includes(key)) {
      throw new InputError(
        name,
        `${key}=${envs[key]}`,
        `KEY=VALUE lines without the names the action sets (${reserved.join(', ')})`,
      );
    }
  }
  return envs;
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** A decimal number in (min, max]. */
export function readDecimal(
  inputs: InputReader,
  name: string,
  range: { above: number; max: number },
): number | undefined {
  const expected = `a decimal number greater than ${range.above} and at most ${range.max}`;
  const text = inputs.string(name, { pattern: DECIMAL, description: expected });
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value > range.above && value <= range.max)) throw new InputError(name, text, expected);
  return value;
}

/** `137,143` → [137, 143]: exit codes 1–255. */
export function readExitCodes(inputs: InputReader, name: string): number[] {
  const expected = 'comma-separated exit codes from 1 to 255, e.g. 137,143';
  const text = inputs.string(name);
  if (text === undefined) return [];
  return text.split(',').map((part) => {
    const code = part.trim();
    if (!/^\d{1,3}$/.test(code) || Number(code) < 1 || Number(code) > 255) throw new InputError(name, text, expected);
    return Number(code);
  });
}
