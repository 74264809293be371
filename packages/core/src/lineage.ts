/**
 * lineage.json: one per model, beside it in OSS. Answers "which code made the model behind this
 * endpoint" from either end: the commit and run that trained it, the DLC job chain (resumes
 * included), the checkpoint it resumed from, its metrics and gate verdict, and every EAS
 * service that has served it. Pure updates over plain data here; reading and writing in
 * lineage-store.ts.
 */
import type { RunContext } from './action/github-context.js';

export const LINEAGE_SCHEMA = 'pai-actions/lineage@1';
export const LINEAGE_FILE = 'lineage.json';

export interface LineageJob {
  jobId: string;
  submittedAt: string;
  /** Checkpoint URI the job resumed from; absent for the first job. */
  resumeFrom?: string;
  /** Why this job was submitted: the first, or a resume after preemption or a retryable failure. */
  reason: 'initial' | 'preempted' | 'retryable-failure';
  /** Final status once known. */
  status?: string;
  endedAt?: string;
}

export interface GateMetricResult {
  metric: string;
  value: number | null;
  threshold?: string;
  baseline?: number | null;
  maxRegression?: string;
  passed: boolean;
  reason?: string;
}

export interface LineageGate {
  passed: boolean;
  evaluatedAt: string;
  runUrl: string;
  baseline?: string;
  results: GateMetricResult[];
}

export interface LineageService {
  serviceName: string;
  group: string;
  deployedAt: string;
  runUrl: string;
  endpoint?: string;
}

export interface Lineage {
  schema: typeof LINEAGE_SCHEMA;
  repository: string;
  sha: string;
  ref: string;
  runUrl: string;
  runAttempt: number;
  actor: string;
  workflow: string;
  createdAt: string;
  training: {
    workspaceId?: string;
    jobType: string;
    image: string;
    command: string;
    dataUri?: string;
    outputUri: string;
    modelUri: string;
    checkpointUri: string;
  };
  /** Every DLC job that trained this model, in submission order. */
  jobs: LineageJob[];
  metrics?: Record<string, number>;
  gate?: LineageGate;
  services: LineageService[];
}

export function newLineage(run: RunContext, training: Lineage['training'], createdAt: string): Lineage {
  return {
    schema: LINEAGE_SCHEMA,
    repository: run.repository,
    sha: run.sha,
    ref: run.ref,
    runUrl: run.runUrl,
    runAttempt: run.runAttempt,
    actor: run.actor,
    workflow: run.workflow,
    createdAt,
    training,
    jobs: [],
    services: [],
  };
}

/** Adds a job to the chain; the same job id twice (a re-run that found its job) is recorded once. */
export function appendJob(lineage: Lineage, job: LineageJob): Lineage {
  if (lineage.jobs.some((known) => known.jobId === job.jobId)) return lineage;
  return { ...lineage, jobs: [...lineage.jobs, job] };
}

export function updateJob(lineage: Lineage, jobId: string, change: Partial<LineageJob>): Lineage {
  return { ...lineage, jobs: lineage.jobs.map((job) => (job.jobId === jobId ? { ...job, ...change } : job)) };
}

export function recordMetrics(lineage: Lineage, metrics: Record<string, number>): Lineage {
  return { ...lineage, metrics: { ...lineage.metrics, ...metrics } };
}

export function recordGate(lineage: Lineage, gate: LineageGate): Lineage {
  return { ...lineage, gate };
}

/** Adds a serving record; the same service again replaces its earlier record. */
export function appendService(lineage: Lineage, service: LineageService): Lineage {
  return {
    ...lineage,
    services: [...lineage.services.filter((known) => known.serviceName !== service.serviceName), service],
  };
}

/** A parsed lineage.json, or an error naming what is wrong (an older or foreign file). */
export function parseLineage(value: unknown): Lineage {
  const candidate = value as Partial<Lineage> | null;
  if (!candidate || typeof candidate !== 'object' || candidate.schema !== LINEAGE_SCHEMA) {
    throw new Error(`not a pai-actions lineage (expected schema ${LINEAGE_SCHEMA})`);
  }
  if (typeof candidate.sha !== 'string' || !Array.isArray(candidate.jobs) || !Array.isArray(candidate.services)) {
    throw new Error('lineage is missing sha, jobs or services');
  }
  return candidate as Lineage;
}

/** `oss://b/out/<sha>/model/` → `oss://b/out/<sha>/lineage.json`: beside the model, not inside it. */
export function lineageUriForModel(modelUri: string): string {
  const trimmed = modelUri.replace(/\/+$/, '');
  return `${trimmed.slice(0, trimmed.lastIndexOf('/') + 1)}${LINEAGE_FILE}`;
}
