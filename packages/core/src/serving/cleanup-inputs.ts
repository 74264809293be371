/**
 * cleanup-versions' own inputs, read and checked before any API call. Each bad value is one
 * InputError naming the input and what it accepts.
 */
import { InputError } from '../errors.js';
import type { InputReader } from '../inputs.js';
import type { CleanupOptions } from './cleanup.js';
import { EAS_NAME, EAS_NAME_EXPECTED, LABELS } from './labels.js';

export const CLEANUP_DEFAULTS = {
  retentionMs: 72 * 3_600_000,
  keepNewest: 1,
  maxDeletes: 100,
} as const;

const SELECTOR_EXPECTED =
  'comma-separated key=value label pairs, e.g. stage=prod,team=search (keys: letters, digits, . _ / -)';
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/;

/** `stage=prod,team=search` → { stage: 'prod', team: 'search' }. */
export function parseLabelSelector(input: string, value: string): Record<string, string> {
  const selector: Record<string, string> = {};
  for (const part of value.split(',').map((p) => p.trim())) {
    const equals = part.indexOf('=');
    const key = equals === -1 ? part : part.slice(0, equals).trim();
    const labelValue = equals === -1 ? '' : part.slice(equals + 1).trim();
    if (equals === -1 || !LABEL_KEY.test(key) || labelValue === '') {
      throw new InputError(input, value, SELECTOR_EXPECTED, part === '' ? 'empty pair' : `"${part}"`);
    }
    if (key === LABELS.managedBy) {
      throw new InputError(
        input,
        value,
        SELECTOR_EXPECTED,
        `${key} is always pai-actions: cleanup selects only its own`,
      );
    }
    if (key in selector) throw new InputError(input, value, SELECTOR_EXPECTED, `${key} appears twice`);
    selector[key] = labelValue;
  }
  return selector;
}

export function readCleanupInputs(inputs: InputReader): CleanupOptions {
  const group = inputs.string('service-name', { pattern: EAS_NAME, description: EAS_NAME_EXPECTED });
  const selectorText = inputs.string('label-selector');
  const labels = selectorText === undefined ? undefined : parseLabelSelector('label-selector', selectorText);
  if (group === undefined && labels === undefined) {
    throw new InputError('service-name', '', `${EAS_NAME_EXPECTED} (or give label-selector)`);
  }
  return {
    selection: { ...(group === undefined ? {} : { group }), ...(labels === undefined ? {} : { labels }) },
    retentionMs: inputs.duration('retention', { min: 0, max: 366 * 86_400_000, default: CLEANUP_DEFAULTS.retentionMs }),
    keepNewest: inputs.int('keep', { min: 0, max: 100, default: CLEANUP_DEFAULTS.keepNewest }),
    maxDeletes: inputs.int('max-deletes', { min: 1, max: 10_000, default: CLEANUP_DEFAULTS.maxDeletes }),
    dryRun: inputs.bool('dry-run', { default: false }),
    deleteArtifacts: inputs.bool('delete-artifacts', { default: false }),
  };
}
