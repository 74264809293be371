import { badRequest } from '../../errors.js';
import type { ServiceConfig } from './records.js';

/**
 * The service JSON of CreateService/UpdateService: validation, the merge of UpdateService, and
 * the few fields the emulator acts on (name, model_path, metadata.instance, metadata.group).
 */

/**
 * Lower-case letters, digits and underscores, starting with a letter, 3..63 characters. From a
 * secondary source (a PAI-EAS deploy skill's config reference), not the API reference: UNVERIFIED.
 */
export const SERVICE_NAME = /^[a-z][a-z0-9_]{2,62}$/;

export function checkServiceName(name: unknown): string {
  if (typeof name !== 'string' || !SERVICE_NAME.test(name)) {
    throw badRequest(
      'InvalidParameter',
      `Invalid service name ${JSON.stringify(name)}: use 3 to 63 lower-case letters, digits and underscores, starting with a letter.`,
    );
  }
  return name;
}

/** The request body as a JSON object, or 400. */
export function readConfig(body: unknown): ServiceConfig {
  if (!isRecord(body)) throw badRequest('InvalidParameter', 'The request body must be the service JSON object.');
  const metadata = body['metadata'];
  if (metadata !== undefined && !isRecord(metadata))
    throw badRequest('InvalidParameter', '"metadata" must be an object.');
  if (isRecord(metadata)) {
    const instance = metadata['instance'];
    if (
      instance !== undefined &&
      !(Number.isInteger(instance) && (instance as number) >= 0 && (instance as number) <= 1000)
    ) {
      throw badRequest('InvalidParameter', '"metadata.instance" must be an integer between 0 and 1000.');
    }
    const group = metadata['group'];
    if (group !== undefined && (typeof group !== 'string' || !SERVICE_NAME.test(group))) {
      throw badRequest('InvalidParameter', `Invalid group name ${JSON.stringify(group)}.`);
    }
  }
  return body;
}

/** UpdateType=merge: objects merge key by key, anything else (arrays included) is replaced. */
export function mergeConfig(base: ServiceConfig, patch: ServiceConfig): ServiceConfig {
  const out: ServiceConfig = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isRecord(current) && isRecord(value) ? mergeConfig(current, value) : value;
  }
  return out;
}

export function metadataOf(config: ServiceConfig): Record<string, unknown> {
  const metadata = config['metadata'];
  return isRecord(metadata) ? metadata : {};
}

export function replicasOf(config: ServiceConfig): number {
  const instance = metadataOf(config)['instance'];
  return typeof instance === 'number' ? instance : 1;
}

/** Services without metadata.group form a group of their own, named after the service (UNVERIFIED). */
export function groupOf(config: ServiceConfig, serviceName: string): string {
  const group = metadataOf(config)['group'];
  return typeof group === 'string' && group !== '' ? group : serviceName;
}

export function numberField(config: ServiceConfig, field: string): number | undefined {
  const value = metadataOf(config)[field];
  return typeof value === 'number' ? value : undefined;
}

/** A JSON-encoded `{"key": "value"}` query parameter (Labels, Label). */
export function readLabelMap(raw: string | undefined, name: string): Record<string, string> | undefined {
  if (raw === undefined || raw === '') return undefined;
  const parsed = parseJson(raw);
  if (!isRecord(parsed) || !Object.values(parsed).every((v) => typeof v === 'string')) {
    throw badRequest('InvalidParameter', `${name} must be a JSON object of strings, got ${truncate(raw)}.`);
  }
  return parsed as Record<string, string>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export function truncate(text: string, max = 100): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
