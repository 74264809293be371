/**
 * The evaluate-gate action's inputs, read and checked together before any API call: which
 * metrics, which criteria, which baseline, where the verdict goes.
 */
import type { RunContext } from '../action/github-context.js';
import { InputError } from '../errors.js';
import { formatOssUri, type InputReader } from '../inputs.js';
import { parseBaseline, type BaselineSpec } from './baseline.js';
import { parseCriteria, parseThresholds, type GateCriteria } from './criteria.js';
import { checkCriteriaMetrics, parseMetricsInput, type Metrics } from './metrics.js';
import { commentMarker, type CommentTarget } from '../github/pr-comment.js';
import { readGitHubToken } from '../github/token.js';

export const GATE_INPUTS = {
  metrics: 'metrics',
  metricsUri: 'metrics-uri',
  thresholds: 'thresholds',
  maxRegression: 'max-regression',
  baseline: 'baseline',
  lineageUri: 'lineage-uri',
  comment: 'comment',
  commentKey: 'comment-key',
  githubToken: 'github-token',
  failOnMiss: 'fail-on-miss',
} as const;

export type MetricsSource =
  | { kind: 'inline'; metrics: Metrics }
  | { kind: 'uri'; uri: string }
  /** The `metrics` already recorded in the lineage (by wait-and-resume). */
  | { kind: 'lineage' };

/** Upsert the report as a PR comment; or why not. */
export type CommentPlan =
  | { kind: 'upsert'; target: CommentTarget; marker: string; token: string }
  /** `notice`: the user asked for a comment and should see why there is none. */
  | { kind: 'skip'; reason: string; notice: boolean };

export interface GateRequest {
  metrics: MetricsSource;
  criteria: GateCriteria;
  baseline: BaselineSpec;
  lineageUri?: string;
  comment: CommentPlan;
  failOnMiss: boolean;
}

const JSON_OSS_URI = 'an OSS URI of a .json object, like oss://bucket/path/metrics.json';
const COMMENT_KEY = /^[A-Za-z0-9._/:-]{1,100}$/;
const COMMENT_KEY_EXPECTED = '1-100 letters, digits or . _ / : -, without "--"';

/**
 * `env` supplies GITHUB_WORKFLOW and GITHUB_JOB for the default comment key, so two gates in one
 * repository (different workflows or jobs) keep separate comments.
 */
export function readGateInputs(
  inputs: InputReader,
  run: RunContext,
  env: NodeJS.ProcessEnv = process.env,
): GateRequest {
  const names = GATE_INPUTS;
  const inlineMetrics = inputs.string(names.metrics);
  const metricsUri = readJsonUri(inputs, names.metricsUri);
  const lineageUri = readJsonUri(inputs, names.lineageUri);
  if (inlineMetrics !== undefined && metricsUri !== undefined) {
    throw new InputError(
      names.metricsUri,
      metricsUri,
      `to be empty when "${names.metrics}" is given (one source of metrics)`,
    );
  }
  const thresholds = inputs.string(names.thresholds, {
    required: true,
    description: 'thresholds such as "accuracy >= 0.92, loss <= 0.3"',
  });
  const maxRegression = inputs.string(names.maxRegression);
  const metricInputs = { thresholds: names.thresholds, maxRegression: names.maxRegression };
  const parsedThresholds = parseThresholds(names.thresholds, thresholds);
  const parsedMetrics = inlineMetrics === undefined ? undefined : parseMetricsInput(names.metrics, inlineMetrics);
  // A misspelt threshold metric is named as such before max-regression asks for its direction.
  if (parsedMetrics)
    checkCriteriaMetrics({ thresholds: parsedThresholds, regressions: [] }, parsedMetrics, metricInputs);
  const criteria = parseCriteria(
    parsedThresholds,
    maxRegression === undefined ? undefined : { input: names.maxRegression, value: maxRegression },
  );

  let metrics: MetricsSource;
  if (parsedMetrics) {
    checkCriteriaMetrics(criteria, parsedMetrics, metricInputs);
    metrics = { kind: 'inline', metrics: parsedMetrics };
  } else if (metricsUri !== undefined) {
    metrics = { kind: 'uri', uri: metricsUri };
  } else if (lineageUri !== undefined) {
    metrics = { kind: 'lineage' };
  } else {
    throw new InputError(
      names.metrics,
      '',
      `metrics JSON, or "${names.metricsUri}", or "${names.lineageUri}" whose lineage already holds metrics`,
    );
  }

  const baselineText = inputs.string(names.baseline) ?? 'none';
  const baseline = parseBaseline(names.baseline, baselineText);
  const failOnMiss = inputs.bool(names.failOnMiss, { default: true });
  const comment = readCommentPlan(inputs, run, env);
  return { metrics, criteria, baseline, comment, failOnMiss, ...(lineageUri ? { lineageUri } : {}) };
}

function readJsonUri(inputs: InputReader, name: string): string | undefined {
  const location = inputs.ossUri(name);
  if (!location) return undefined;
  const uri = formatOssUri(location);
  if (!location.prefix.endsWith('.json')) throw new InputError(name, uri, JSON_OSS_URI);
  return uri;
}

function readCommentPlan(inputs: InputReader, run: RunContext, env: NodeJS.ProcessEnv): CommentPlan {
  const names = GATE_INPUTS;
  const enabled = inputs.bool(names.comment, { default: true });
  const key = inputs.string(names.commentKey, { pattern: COMMENT_KEY, description: COMMENT_KEY_EXPECTED });
  if (key?.includes('--')) throw new InputError(names.commentKey, key, COMMENT_KEY_EXPECTED);
  // GitHub masks its own github.token; a personal token given here is masked before anything can print it.
  const token = readGitHubToken(inputs, names.githubToken);
  if (!enabled) return { kind: 'skip', reason: `${names.comment} is false`, notice: false };
  if (run.pullRequest === undefined) {
    return { kind: 'skip', reason: `this ${run.eventName || 'run'} event belongs to no pull request`, notice: true };
  }
  if (token === undefined) {
    throw new InputError(
      names.githubToken,
      '',
      `a token allowed to write pull-request comments (permissions: pull-requests: write) when ${names.comment} is true`,
    );
  }
  const [owner = '', repo = ''] = run.repository.split('/');
  const defaultKey = `${env['GITHUB_WORKFLOW'] || 'workflow'}/${env['GITHUB_JOB'] || 'job'}`;
  return {
    kind: 'upsert',
    target: { owner, repo, issueNumber: run.pullRequest },
    marker: commentMarker('evaluate-gate', key ?? defaultKey),
    token,
  };
}
