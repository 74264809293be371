/**
 * The evaluate-gate step: load the metrics and the baseline, judge, record the verdict in the
 * lineage, upsert the PR comment. Effects only; every decision is in the pure modules beside it.
 */
import type { RunContext } from '../action/github-context.js';
import type { EasClient } from '../clients/eas.js';
import { recordGate, recordMetrics } from '../lineage.js';
import { readLineage, updateLineage } from '../lineage-store.js';
import type { OssClient } from '../oss.js';
import { LABELS, labelRecord } from '../serving/labels.js';
import type { GitHubApi } from '../github/octokit.js';
import { upsertComment, type UpsertedComment } from '../github/pr-comment.js';
import { describeBaseline, servingVersion, type BaselineSpec } from './baseline.js';
import { evaluateGate, type GateEvaluation } from './evaluate.js';
import type { GateRequest } from './inputs.js';
import { GATE_INPUTS } from './inputs.js';
import { checkCriteriaMetrics, metricsFromDocument, type Metrics } from './metrics.js';
import { gateReportJson, gateReportMarkdown, type BaselineOrigin, type GateReportJson } from './report.js';

export interface GateLog {
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
  /** Hands a secret to the runner's masking before it could be printed. */
  mask(secret: string): void;
}

export interface GateDeps {
  oss: () => Promise<OssClient>;
  eas: () => Promise<EasClient>;
  github: (token: string) => Promise<GitHubApi>;
  /** The cloud's time (ms). */
  now: () => number;
  run: RunContext;
  log: GateLog;
}

export interface GateOutcome {
  evaluation: GateEvaluation;
  metrics: Metrics;
  report: string;
  reportJson: GateReportJson;
  comment?: UpsertedComment;
}

export async function runGate(request: GateRequest, deps: GateDeps): Promise<GateOutcome> {
  const metrics = await loadMetrics(request, deps);
  checkCriteriaMetrics(request.criteria, metrics, {
    thresholds: GATE_INPUTS.thresholds,
    maxRegression: GATE_INPUTS.maxRegression,
  });
  const { metrics: baselineMetrics, origin } = await loadBaseline(request.baseline, deps);
  const evaluation = evaluateGate(metrics, request.criteria, baselineMetrics);
  for (const note of evaluation.unjudged) deps.log.notice(`Not compared with the baseline: ${note}.`);

  const context = {
    evaluatedAt: new Date(deps.now()).toISOString(),
    sha: deps.run.sha,
    runUrl: deps.run.runUrl,
    baseline: origin,
  };
  const report = gateReportMarkdown(evaluation, context);
  const reportJson = gateReportJson(evaluation, context);

  if (request.lineageUri) {
    await updateLineage(await deps.oss(), request.lineageUri, (lineage) =>
      recordGate(recordMetrics(lineage, metrics), {
        passed: evaluation.passed,
        evaluatedAt: context.evaluatedAt,
        runUrl: deps.run.runUrl,
        baseline: describeBaseline(request.baseline),
        results: evaluation.results,
      }),
    );
    deps.log.info(`Recorded the verdict in ${request.lineageUri}`);
  }

  const comment = await commentOnPullRequest(request, report, deps);
  return { evaluation, metrics, report, reportJson, ...(comment ? { comment } : {}) };
}

async function loadMetrics(request: GateRequest, deps: GateDeps): Promise<Metrics> {
  const source = request.metrics;
  if (source.kind === 'inline') return source.metrics;
  const uri = source.kind === 'uri' ? source.uri : request.lineageUri!;
  const metrics = await readMetricsDocument(await deps.oss(), uri);
  if (!metrics)
    throw new Error(`${uri} holds no metrics yet: give "${GATE_INPUTS.metrics}" or "${GATE_INPUTS.metricsUri}"`);
  deps.log.info(`Read ${Object.keys(metrics).length} metrics from ${uri}`);
  return metrics;
}

/** The metrics of a metrics.json or lineage.json in OSS; undefined for a lineage that has none yet. */
async function readMetricsDocument(oss: OssClient, uri: string): Promise<Metrics | undefined> {
  const document = await oss.getJson<unknown>(uri);
  try {
    return metricsFromDocument(document);
  } catch (error) {
    throw new Error(`${uri}: ${(error as Error).message}`, { cause: error });
  }
}

interface LoadedBaseline {
  metrics?: Metrics;
  origin: BaselineOrigin;
}

/**
 * A service with nothing to compare (no version serving yet, no lineage label, a lineage without
 * metrics) is the first deployment, not an error: thresholds alone judge it, with a notice. A
 * label pointing at a lineage that cannot be read is an error: the records are broken.
 */
async function loadBaseline(spec: BaselineSpec, deps: GateDeps): Promise<LoadedBaseline> {
  const name = describeBaseline(spec);
  if (spec.kind === 'none') return { origin: { spec: name, found: false } };
  if (spec.kind === 'uri') {
    const metrics = await readMetricsDocument(await deps.oss(), spec.uri);
    if (!metrics) deps.log.notice(`Baseline ${spec.uri} holds no metrics: judging by thresholds only.`);
    return { ...(metrics ? { metrics } : {}), origin: { spec: name, uri: spec.uri, found: metrics !== undefined } };
  }

  const versions = await (await deps.eas()).listAllServices({ GroupName: spec.service });
  // ListServices answers each version's access token: mask them the moment they are read.
  for (const version of versions) if (version.AccessToken) deps.log.mask(version.AccessToken);
  const serving = servingVersion(versions);
  if (!serving) {
    deps.log.notice(`Baseline ${name}: no version of the service serves traffic; judging by thresholds only.`);
    return { origin: { spec: name, found: false } };
  }
  const lineageUri = labelRecord(serving.Labels)[LABELS.lineageUri];
  if (!lineageUri) {
    deps.log.notice(
      `Baseline ${name}: version ${serving.ServiceName} has no ${LABELS.lineageUri} label; judging by thresholds only.`,
    );
    return { origin: { spec: name, version: serving.ServiceName, found: false } };
  }
  let metrics: Metrics | undefined;
  try {
    const lineage = await readLineage(await deps.oss(), lineageUri);
    metrics = lineage.metrics === undefined ? undefined : metricsFromDocument(lineage.metrics);
  } catch (error) {
    throw new Error(
      `Baseline ${name}: the lineage of version ${serving.ServiceName} cannot be read: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const origin = { spec: name, version: serving.ServiceName, uri: lineageUri, found: metrics !== undefined };
  if (!metrics) {
    deps.log.notice(`Baseline ${name}: ${lineageUri} records no metrics; judging by thresholds only.`);
    return { origin };
  }
  deps.log.info(`Baseline: ${serving.ServiceName}, metrics from ${lineageUri}`);
  return { metrics, origin };
}

/**
 * A comment that cannot be written (a fork's read-only token, a missing permission) is a warning:
 * the verdict, not the comment, decides the step.
 */
async function commentOnPullRequest(
  request: GateRequest,
  report: string,
  deps: GateDeps,
): Promise<UpsertedComment | undefined> {
  const plan = request.comment;
  if (plan.kind === 'skip') {
    (plan.notice ? deps.log.notice : deps.log.info)(`No PR comment: ${plan.reason}.`);
    return undefined;
  }
  try {
    const comment = await upsertComment(await deps.github(plan.token), plan.target, plan.marker, report);
    deps.log.info(`PR comment ${comment.action}: ${comment.url}`);
    return comment;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    deps.log.warning(
      `Could not comment on pull request #${plan.target.issueNumber}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${(error as Error).message}. The token needs permissions: pull-requests: write.`,
    );
    return undefined;
  }
}
