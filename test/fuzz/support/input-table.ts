/**
 * For every input of every action, an arbitrary of values it must refuse (see bad-values.ts), each
 * chosen from what the input's action.yml description promises. Inputs shared by all actions come
 * first; an action's own entry wins. fuzz tests fail when an input declared in an action.yml has no
 * entry here, and when an entry names no declared input.
 */
import fc from 'fast-check';
import { DLC_JOB_TYPES } from '../../../packages/core/src/clients/dlc-types.js';
import { ENVIRONMENTS, PROCESSORS, STRATEGIES } from '../../../packages/core/src/serving/service-spec.js';
import {
  badBool,
  badDecimal,
  badDuration,
  badEasName,
  badEndpoint,
  badEnum,
  badExitCodes,
  badInt,
  badJsonOssUri,
  badKeyValueLines,
  badOssUri,
  badPercentList,
  badRamArn,
  controlChar,
  idWithForbiddenCharacter,
  inside,
  longerThan,
  notJson,
  withSpaceInside,
} from './bad-values.js';

type BadValues = fc.Arbitrary<string>;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const word = fc.stringMatching(/^[a-z][a-z_]{0,10}$/);
const blank = fc.stringMatching(/^[ \t\r\n]{0,6}$/);
const region = fc.stringMatching(/^[a-z]{2,6}-[a-z]{3,10}(-[0-9])?$/);

export const COMMON_BAD_VALUES: Record<string, BadValues> = {
  // "Alibaba Cloud region id, e.g. cn-hangzhou": lowercase words joined by hyphens.
  region: fc.oneof(
    inside(region, fc.constantFrom('A', 'Z', '_', ' ', '.', '/', '\n')),
    region.map((r) => `${r}-`),
    region.map((r) => r.toUpperCase()),
    fc.stringMatching(/^[a-z]{3,12}$/),
  ),
  'role-arn': badRamArn('role', 64),
  'oidc-provider-arn': badRamArn('oidc-provider', 128),
  // A RAM client ID: up to 128 characters, not starting with a special character.
  audience: fc.oneof(
    withSpaceInside(),
    longerThan(128),
    fc.tuple(fc.constantFrom('-', '.', '/', ':', '_'), word).map(([special, rest]) => special + rest),
  ),
  // STS RoleSessionName: 2 to 64 letters, digits and . @ - _.
  'role-session-name': fc.oneof(
    withSpaceInside(),
    longerThan(64),
    inside(fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/), fc.constantFrom('/', ':', '#', '*', '+', 'é')),
    fc.stringMatching(/^[a-z]$/),
  ),
  'role-duration-seconds': badInt({ min: 900, max: 43_200 }),
  'sts-endpoint': badEndpoint(),
  // "a duration from 1s to 10m".
  'request-timeout': badDuration({ min: 1_000, max: 10 * 60_000 }),
  'oss-endpoint': badEndpoint(),
  'eas-endpoint': badEndpoint(),
  'dlc-endpoint': badEndpoint(),
  'cms-endpoint': badEndpoint(),
};

const bucket = fc.stringMatching(/^[a-z][a-z0-9-]{2,12}[a-z0-9]$/);
const jsonOssUri = bucket.map((b) => `oss://${b}/runs/metrics.json`);
const imageReference = fc.stringMatching(/^[a-z][a-z0-9-]{1,10}\/[a-z][a-z0-9-]{1,10}:[0-9]{1,3}$/);
const ecsType = fc.stringMatching(/^ecs\.[a-z0-9]{2,8}\.[a-z0-9]{2,8}$/);
const metricName = fc.stringMatching(/^[a-z][a-z0-9_.]{2,20}$/);
const labelPair = fc.tuple(word, word).map(([k, v]) => `${k}=${v}`);

/** Names the training command gets from submit-dlc-job (its command input's description lists them). */
const RESERVED_ENVS = [
  'CHECKPOINT_DIR',
  'MODEL_DIR',
  'DATA_DIR',
  'RESUME_FROM',
  'GIT_SHA',
  'CHECKPOINT_INTERVAL_SECONDS',
];
const RESOURCE_KEYS = ['CPU', 'GPU', 'GPUType', 'Memory', 'SharedMemory'];

export const ACTION_BAD_VALUES: Record<string, Record<string, BadValues>> = {
  'cleanup-versions': {
    'service-name': badEasName(),
    // Comma-separated key=value pairs: no "=", an empty pair, a key with a space inside.
    'label-selector': fc.oneof(
      word,
      fc.tuple(labelPair, labelPair).map(([a, b]) => `${a},,${b}`),
      fc
        .tuple(inside(fc.stringMatching(/^[a-z]{2,8}$/), fc.constantFrom(' ', '\t', '\n', '"')), word)
        .map(([key, value]) => `${key}=${value}`),
    ),
    retention: badDuration({ min: 0, max: 366 * DAY }),
    keep: badInt({ min: 0, max: 100 }),
    'max-deletes': badInt({ min: 1, max: 10_000 }),
    'dry-run': badBool(),
    'delete-artifacts': badBool(),
  },
  'eas-deploy': {
    'service-name': badEasName(),
    'model-uri': badOssUri(),
    processor: badEnum(PROCESSORS),
    'processor-name': idWithForbiddenCharacter(fc.stringMatching(/^[a-z][a-z0-9_.]{2,16}$/)),
    // The base deploy is torchscript: image, command and port are "refused otherwise" than custom.
    image: fc.oneof(imageReference, inside(imageReference, fc.constantFrom(' ', '\n', '\t'))),
    command: fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim() !== ''),
    port: fc.oneof(fc.integer({ min: 1, max: 65_535 }).map(String), badInt({ min: 1, max: 65_535 })),
    'instance-type': idWithForbiddenCharacter(ecsType),
    instances: badInt({ min: 1, max: 1000 }),
    'resource-group': idWithForbiddenCharacter(fc.stringMatching(/^eas-r-[a-z0-9]{4,10}$/)),
    environment: badEnum(ENVIRONMENTS),
    strategy: badEnum(STRATEGIES),
    'autoscale-min': badInt({ min: 0, max: 1000 }),
    'autoscale-max': badInt({ min: 1, max: 1000 }),
    'scale-out-qps': badInt({ min: 1 }),
    'scale-in-cooldown': badDuration({ min: 0, max: HOUR }),
    'scale-to-zero': badBool(),
    // A path naming no file in the (empty) workspace.
    'service-config': fc.stringMatching(/^[a-z]{1,8}(\/[a-z]{1,8}){0,2}\.json$/),
    'smoke-request': notJson(),
    'wait-timeout': badDuration({ min: 10 * SECOND, max: 6 * HOUR }),
    'output-token': badBool(),
  },
  'eas-rollback': {
    'service-name': badEasName(),
    to: badEasName(),
    'smoke-request': notJson(),
    'wait-timeout': badDuration({ min: 10 * SECOND, max: 6 * HOUR }),
  },
  'eas-traffic-shift': {
    'service-name': badEasName(),
    new: badEasName(),
    old: badEasName(),
    steps: badPercentList(),
    'bake-time': badDuration({ min: MINUTE, max: DAY }),
    'max-p95': badDecimal({ above: 0 }),
    'max-p95-increase': badDecimal({ min: 0 }),
    'max-error-rate': badDecimal({ min: 0, max: 100 }),
    'max-error-rate-increase': badDecimal({ min: 0, max: 100 }),
    'min-requests': badInt({ min: 1 }),
    'on-low-traffic': badEnum(['revert', 'proceed']),
    'low-traffic-wait': badDuration({ min: 0, max: DAY }),
    'final-bake': badDuration({ min: 0, max: DAY }),
    'fail-on-revert': badBool(),
    'metric-namespace': idWithForbiddenCharacter(metricName),
    'metric-requests': idWithForbiddenCharacter(metricName),
    'metric-errors': idWithForbiddenCharacter(metricName),
    'metric-p95': idWithForbiddenCharacter(metricName),
    'load-rps': badInt({ min: 0, max: 1000 }),
    'load-request': notJson(),
  },
  'evaluate-gate': {
    // A JSON object of names to numbers (the base gate's threshold names accuracy).
    metrics: fc.oneof(
      notJson(),
      fc.constantFrom('[0.9]', '0.9', '"accuracy"', 'null', 'true', '[]'),
      fc
        .oneof(
          fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
          fc.constantFrom('null', 'true', '[1]', '{}'),
        )
        .map((value) => `{"accuracy": ${value}}`),
    ),
    // Not together with metrics, which the base gate gives: even a good URI is refused.
    'metrics-uri': fc.oneof(badJsonOssUri(), jsonOssUri),
    // "<metric> <op> <number>", op one of >=, >, <=, <; every metric named must be in the metrics.
    thresholds: fc.oneof(
      fc.constantFrom('=>', '==', '=<', '!=', '=', '>>', '<>', '≥').map((op) => `accuracy ${op} 0.9`),
      word.map((number) => `accuracy >= ${number}`),
      fc.constantFrom('accuracy >=', '>= 0.9', 'accuracy', 'accuracy 0.9', 'accuracy >= 0.9 0.8', ','),
      fc
        .tuple(
          metricName.filter((m) => m !== 'accuracy'),
          fc.constantFrom('>=', '<='),
        )
        .map(([m, op]) => `accuracy >= 0.9, ${m} ${op} 0.5`),
      inside(fc.constant('accuracy >= 0.9'), fc.constantFrom('\u0001', '\u001b', '"')),
    ),
    // "<metric>: <amount>", absolute or a percentage; a metric without a threshold needs a + or - suffix.
    'max-regression': fc.oneof(
      fc.constantFrom('accuracy 0.01', 'accuracy:', ': 0.01', 'accuracy: lots', 'accuracy: 5%%', 'accuracy: %'),
      word.map((amount) => `accuracy: ${amount}`),
      metricName.filter((m) => m !== 'accuracy').map((m) => `${m}: 0.01`),
    ),
    // service:<name>, an oss:// URI of a .json object, or none.
    baseline: fc.oneof(
      badEasName().map((name) => `service:${name}`),
      badJsonOssUri().filter((uri) => uri.startsWith('oss://')),
      word.filter((w) => w !== 'none'),
      fc.constantFrom('service:', 'services:bench_service', 'svc:bench_service'),
    ),
    'lineage-uri': badJsonOssUri(),
    comment: badBool(),
    // 1-100 letters, digits or . _ / : -
    'comment-key': fc.oneof(
      longerThan(100),
      inside(
        fc.stringMatching(/^[a-z][a-z0-9/]{2,20}$/),
        fc.oneof(controlChar, fc.constantFrom(' ', '#', '@', '"', 'é')),
      ),
    ),
    'github-token': withSpaceInside(),
    'fail-on-miss': badBool(),
  },
  'submit-dlc-job': {
    'workspace-id': idWithForbiddenCharacter(),
    // Letters, digits, - and _, at most 128.
    name: fc.oneof(
      longerThan(128),
      inside(
        fc.stringMatching(/^[a-z][a-z0-9_-]{2,20}$/),
        fc.oneof(controlChar, fc.constantFrom(' ', '.', '/', ':', 'é')),
      ),
    ),
    'job-type': badEnum(DLC_JOB_TYPES),
    image: inside(imageReference, fc.oneof(controlChar, fc.constant(' '))),
    // Free text, but required: nothing but white space is no command.
    command: blank,
    workers: badInt({ min: 1, max: 1000 }),
    // ECS instance types all start with "ecs.".
    'instance-type': fc.oneof(
      idWithForbiddenCharacter(ecsType),
      fc.stringMatching(/^[a-z][a-z0-9]{1,6}\.[a-z0-9]{2,8}$/).filter((type) => !type.startsWith('ecs.')),
    ),
    'resource-group': idWithForbiddenCharacter(),
    'resource-config': fc.oneof(
      badKeyValueLines(fc.constantFrom(...RESOURCE_KEYS)),
      fc
        .tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/), word)
        .filter(([key]) => !RESOURCE_KEYS.includes(key))
        .map(([key, value]) => `${key}=${value}`),
    ),
    spot: badBool(),
    'spot-max-restarts': badInt({ min: 0, max: 100 }),
    'spot-discount-limit': badDecimal({ above: 0, max: 1 }),
    // A price: a number above 0.
    'spot-price-limit': badDecimal({ above: 0 }),
    'data-uri': badOssUri(),
    'output-uri': badOssUri(),
    'checkpoint-uri': badOssUri(),
    'checkpoint-interval': badDuration({ min: MINUTE }),
    envs: fc.oneof(
      badKeyValueLines(fc.stringMatching(/^[A-Z][A-Z0-9_]{1,10}$/)),
      fc.tuple(fc.constantFrom(...RESERVED_ENVS), word).map(([key, value]) => `${key}=${value}`),
    ),
    priority: badInt({ min: 1, max: 9 }),
    timeout: badDuration({ min: MINUTE }),
  },
  'wait-and-resume': {
    'job-id': fc.oneof(idWithForbiddenCharacter(fc.stringMatching(/^dlc[a-z0-9]{6,16}$/)), blank),
    resumes: badInt({ min: 0 }),
    'poll-interval': badDuration({ min: SECOND, max: HOUR }),
    'max-poll-interval': badDuration({ min: SECOND, max: 6 * HOUR }),
    timeout: badDuration({ min: MINUTE }),
    'max-resumes': badInt({ min: 0, max: 100 }),
    'recover-on-exit-codes': badExitCodes(),
    budget: badDuration({ min: SECOND }),
    'gpu-util-threshold': badInt({ min: 0, max: 100 }),
    'github-token': withSpaceInside(),
    // A workflow file name (not a path) or a numeric id.
    workflow: fc.oneof(
      idWithForbiddenCharacter(fc.stringMatching(/^[a-z][a-z0-9_-]{2,10}\.yml$/)),
      fc.stringMatching(/^[a-z][a-z0-9_-]{2,10}(\.json|\.txt)?$/),
      fc.stringMatching(/^[a-z][a-z0-9_-]{2,10}$/).map((file) => `.github/workflows/${file}.yml`),
    ),
  },
};

/**
 * Inputs that accept every value, each with the reason; the test fails if one is not declared.
 * Empty: every input has values its description rules out (free text like submit-dlc-job's command
 * is still required, so blank is refused; eas-deploy's command is refused unless processor is custom).
 */
export const NO_INVALID_VALUE: Record<string, Record<string, string>> = {};

/** The bad values of `input` of `action`, or undefined when the table has none. */
export function badValuesFor(action: string, input: string): BadValues | undefined {
  return ACTION_BAD_VALUES[action]?.[input] ?? COMMON_BAD_VALUES[input];
}
