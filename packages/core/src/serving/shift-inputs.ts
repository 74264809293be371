/**
 * The inputs of eas-traffic-shift, read and checked before any API call: each bad value fails
 * with one InputError naming the input and what it accepts.
 */
import { DEFAULT_EAS_METRICS, DEFAULT_EAS_NAMESPACE, type EasMetricNames } from '../clients/cms-metric-names.js';
import { InputError } from '../errors.js';
import type { InputReader } from '../inputs.js';
import { EAS_NAME, EAS_NAME_EXPECTED, versionServiceName } from './labels.js';
import type { LowTrafficPolicy, ShiftPlan } from './shift-plan.js';

export interface ShiftInputs {
  group: string;
  new: string;
  old?: string;
  plan: ShiftPlan;
  metrics: { namespace: string; names: EasMetricNames; periodSeconds: number };
  load?: { rps: number; body: string };
  failOnRevert: boolean;
}

/** CloudMonitor's finest period for EAS metrics (acs_learn wants multiples of 60 s). */
export const METRIC_PERIOD_SECONDS = 60;
const DAY_MS = 86_400_000;
const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_.]{0,127}$/;
const METRIC_EXPECTED = 'a CloudMonitor metric or namespace id: letters, digits, underscores and dots';

export function readShiftInputs(inputs: InputReader, sha: string): ShiftInputs {
  const name = { pattern: EAS_NAME, description: EAS_NAME_EXPECTED };
  const group = inputs.string('service-name', { required: true, ...name });
  const next = inputs.string('new', { ...name, default: versionServiceName(group, sha) });
  const old = inputs.string('old', name);
  const steps = inputs.percentList('steps', { default: [10, 50, 100] });
  const bakeMs = inputs.duration('bake-time', { min: 60_000, max: DAY_MS, default: 5 * 60_000 });
  const maxP95Ms = inputs.decimal('max-p95', { min: 0.001 });
  const maxP95IncreasePercent = inputs.decimal('max-p95-increase', { min: 0, default: 50 });
  const maxErrorRatePercent = inputs.decimal('max-error-rate', { min: 0, max: 100, default: 1 });
  const maxErrorRateIncreasePoints = inputs.decimal('max-error-rate-increase', { min: 0, max: 100, default: 1 });
  const minRequests = inputs.int('min-requests', { min: 1, default: 100 });
  const onLowTraffic = inputs.enumeration<LowTrafficPolicy>('on-low-traffic', ['revert', 'proceed'], {
    default: 'revert',
  });
  const lowTrafficWaitMs = inputs.duration('low-traffic-wait', { min: 0, max: DAY_MS, default: bakeMs });
  const finalBakeMs = inputs.duration('final-bake', { min: 0, max: DAY_MS, default: 0 });
  const failOnRevert = inputs.bool('fail-on-revert', { default: true });
  const metric = { pattern: METRIC_NAME, description: METRIC_EXPECTED };
  const namespace = inputs.string('metric-namespace', { ...metric, default: DEFAULT_EAS_NAMESPACE });
  const names: EasMetricNames = {
    requests: inputs.string('metric-requests', { ...metric, default: DEFAULT_EAS_METRICS.requests }),
    serverErrors: inputs.string('metric-errors', { ...metric, default: DEFAULT_EAS_METRICS.serverErrors }),
    p95Latency: inputs.string('metric-p95', { ...metric, default: DEFAULT_EAS_METRICS.p95Latency }),
  };
  const rps = inputs.int('load-rps', { min: 0, max: 1000, default: 0 });
  const body = inputs.string('load-request');
  if (body !== undefined) checkJson('load-request', body);
  if (rps > 0 && body === undefined) {
    throw new InputError('load-request', '', 'a JSON request body when load-rps is above 0');
  }
  return {
    group,
    new: next,
    ...(old === undefined ? {} : { old }),
    plan: {
      steps,
      bakeMs,
      finalBakeMs,
      minRequests,
      onLowTraffic,
      lowTrafficWaitMs,
      extendByMs: METRIC_PERIOD_SECONDS * 1000,
      limits: {
        ...(maxP95Ms === undefined ? {} : { maxP95Ms }),
        maxP95IncreasePercent,
        maxErrorRatePercent,
        maxErrorRateIncreasePoints,
      },
    },
    metrics: { namespace, names, periodSeconds: METRIC_PERIOD_SECONDS },
    ...(rps > 0 && body !== undefined ? { load: { rps, body } } : {}),
    failOnRevert,
  };
}

function checkJson(input: string, value: string): void {
  try {
    JSON.parse(value);
  } catch (error) {
    throw new InputError(input, value, 'a JSON request body, e.g. {"instances":[[1,2,3]]}', (error as Error).message);
  }
}
