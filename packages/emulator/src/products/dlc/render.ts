import { badRequest, notFound } from '../../errors.js';
import { hasGpu, iso } from './jobs.js';
import type { JobRecord, MetricSample, PodIncarnation, PodRecord } from './model.js';

/**
 * The API's view of a job: GetJob's body and a ListJobs item with the official field names
 * (times as ISO 8601 UTC without milliseconds, like `2021-01-12T14:35:01Z`), and the queries on
 * events, logs and metrics.
 */
export function renderJob(job: JobRecord, now: number): Record<string, unknown> {
  return {
    ...renderSummary(job, now),
    Pods: job.pods.map((pod) => ({
      ...renderPod(pod, pod.current, now),
      HistoryPods: pod.history.map((h) => renderPod(pod, h, now)),
    })),
    RestartRecord: job.restartRecords.map((r) => ({
      JobRestartCount: r.JobRestartCount,
      OccurTime: iso(r.OccurTime),
      OccurPhase: r.OccurPhase,
      Reason: r.Reason,
      RestartStatus: r.RestartStatus,
      ...(r.RestartDurationInSec !== undefined ? { RestartDurationInSec: r.RestartDurationInSec } : {}),
      DetailErrorInfoList: [
        {
          ErrorCode: 'SpotInstanceReclaimed',
          ErrorMsg: 'spot instance reclaimed, pod evicted',
          ErrorSource: 'Infrastructure',
          Pod: r.Pod ?? '',
          TriggerRestart: true,
        },
      ],
    })),
  };
}

export function renderJobItem(job: JobRecord, now: number): Record<string, unknown> {
  return {
    ...renderSummary(job, now),
    // The SDK's ListJobs pod item (JobItem.Pods: PodItem) has no ResourceType or Duration.
    Pods: job.pods.map((pod) => {
      const { ResourceType: _type, Duration: _duration, ...item } = renderPod(pod, pod.current, now);
      return item;
    }),
    // Only ListJobs items carry the limit (SDK JobItem); GetJob's body has no such field.
    ...(job.JobMaxRunningTimeMinutes ? { JobMaxRunningTimeMinutes: job.JobMaxRunningTimeMinutes } : {}),
    EnablePreemptibleJob: job.JobSpecs.some((s) => s.UseSpotInstance === true),
    Username: job.username,
  };
}

function renderSummary(job: JobRecord, now: number): Record<string, unknown> {
  const times: Record<string, string> = { GmtCreateTime: iso(job.created) };
  if (job.submitted !== undefined) times['GmtSubmittedTime'] = iso(job.submitted);
  if (job.runningSince !== undefined) times['GmtRunningTime'] = iso(job.runningSince);
  if (job.finished !== undefined) {
    times['GmtFinishTime'] = iso(job.finished);
    const field = { Succeeded: 'GmtSuccessedTime', Failed: 'GmtFailedTime', Stopped: 'GmtStoppedTime' }[
      job.status as string
    ];
    if (field) times[field] = iso(job.finished);
  }
  const durationFrom = job.runningSince ?? job.created;
  return {
    JobId: job.JobId,
    DisplayName: job.DisplayName,
    JobType: job.JobType,
    Status: job.status,
    ...(job.subStatus ? { SubStatus: job.subStatus } : {}),
    ...(job.reasonCode ? { ReasonCode: job.reasonCode, ReasonMessage: job.reasonMessage ?? '' } : {}),
    StatusHistory: job.history.map((h) => ({
      Status: h.Status,
      ...(h.ReasonCode ? { ReasonCode: h.ReasonCode, ReasonMessage: h.ReasonMessage ?? '' } : {}),
      StartTime: iso(h.StartTime),
      ...(h.EndTime !== undefined ? { EndTime: iso(h.EndTime) } : {}),
    })),
    Duration: Math.max(0, Math.round(((job.finished ?? now) - durationFrom) / 1000)),
    ...times,
    JobSpecs: job.JobSpecs,
    JobReplicaStatuses: replicaStatuses(job),
    RestartTimes: `${job.restartCount}/${job.maxRestarts}`,
    Settings: job.Settings,
    Envs: job.Envs,
    DataSources: job.DataSources,
    UserCommand: job.UserCommand,
    Priority: job.Priority,
    WorkspaceId: job.WorkspaceId,
    WorkspaceName: job.WorkspaceId,
    ResourceType: 'ECS',
    ResourceLevel: 'L0',
    ...(job.ResourceId ? { ResourceId: job.ResourceId } : {}),
    Accessibility: job.Accessibility,
    ...(job.Description ? { Description: job.Description } : {}),
    ...(job.CodeSource ? { CodeSource: job.CodeSource } : {}),
    ...(job.ThirdpartyLibs ? { ThirdpartyLibs: job.ThirdpartyLibs } : {}),
    ...(job.UserVpc ? { UserVpc: renderUserVpc(job.UserVpc) } : {}),
    UserId: job.userId,
  };
}

function renderPod(pod: PodRecord, incarnation: PodIncarnation, now: number): Record<string, unknown> {
  return {
    PodId: pod.PodId,
    PodUid: incarnation.PodUid,
    Type: pod.Type,
    Status: incarnation.Status,
    SubStatus: incarnation.SubStatus,
    Ip: incarnation.Ip,
    NodeName: incarnation.NodeName,
    ResourceType: 'Normal',
    GmtCreateTime: iso(incarnation.created),
    ...(incarnation.started !== undefined ? { GmtStartTime: iso(incarnation.started) } : {}),
    ...(incarnation.finished !== undefined ? { GmtFinishTime: iso(incarnation.finished) } : {}),
    Duration:
      incarnation.started === undefined ? 0 : Math.round(((incarnation.finished ?? now) - incarnation.started) / 1000),
  };
}

/**
 * SDK JobReplicaStatus: per pod role, how many pods are Active, Queuing and Dequeued (counts of
 * pods, not names of pods).
 */
function replicaStatuses(job: JobRecord): Record<string, unknown>[] {
  const byType = new Map<string, { Type: string; Active: number; Queuing: number; Dequeued: number }>();
  for (const pod of job.pods) {
    const entry = byType.get(pod.Type) ?? { Type: pod.Type, Active: 0, Queuing: 0, Dequeued: 0 };
    if (pod.current.Status === 'Running') entry.Active++;
    else if (pod.current.Status === 'Pending') entry.Queuing++;
    else entry.Dequeued++;
    byType.set(pod.Type, entry);
  }
  return [...byType.values()];
}

/** Requests spell `ExtendedCIDRs`; the SDK's response model (GetJobResponseBodyUserVpc) spells `ExtendedCidrs`. */
function renderUserVpc(vpc: Record<string, unknown>): Record<string, unknown> {
  const { ExtendedCIDRs, ...rest } = vpc;
  return { ...rest, ...(ExtendedCIDRs === undefined ? {} : { ExtendedCidrs: ExtendedCIDRs }) };
}

// ---- ListJobs ----

const SORTABLE: Record<string, (job: JobRecord) => number | string> = {
  GmtCreateTime: (job) => job.created,
  GmtSubmittedTime: (job) => job.submitted ?? 0,
  GmtRunningTime: (job) => job.runningSince ?? 0,
  GmtFinishTime: (job) => job.finished ?? 0,
  DisplayName: (job) => job.DisplayName,
  Status: (job) => job.status,
  Priority: (job) => job.Priority,
};

export interface ListResult {
  Jobs: Record<string, unknown>[];
  TotalCount: number;
}

/**
 * ListJobs filters. Unknown query keys are ignored, as the service ignores them. UNVERIFIED
 * details: DisplayName matches as a substring; Status accepts a comma-separated list; the
 * default window is the last 7 days of GmtCreateTime; PageSize defaults to 50, at most 100.
 */
export function listJobs(
  jobs: JobRecord[],
  query: Record<string, string>,
  caller: { username: string },
  now: number,
): ListResult {
  const pageNumber = queryInteger(query, 'PageNumber', 1, 1, 1_000_000);
  const pageSize = queryInteger(query, 'PageSize', 50, 1, 100);
  const order = query['Order'] ?? 'desc';
  if (order !== 'desc' && order !== 'asc')
    throw badRequest('InvalidParameter', `Order must be desc or asc, got "${order}".`);
  const sortBy = query['SortBy'] || 'GmtCreateTime';
  const sortKey = SORTABLE[sortBy];
  if (!sortKey)
    throw badRequest(
      'InvalidParameter',
      `SortBy "${sortBy}" is not supported; use one of ${Object.keys(SORTABLE).join(', ')}.`,
    );
  const start = query['StartTime'] ? parseTime(query['StartTime'], 'StartTime') : now - 7 * 86_400_000;
  const end = query['EndTime'] ? parseTime(query['EndTime'], 'EndTime') : Infinity;
  const tags = parseTags(query['Tags']);
  const statuses = query['Status'] ? query['Status'].split(',').map((s) => s.trim()) : undefined;
  const jobIds = query['JobIds'] ? query['JobIds'].split(',').map((s) => s.trim()) : undefined;
  const matches = jobs.filter(
    (job) =>
      job.created >= start &&
      job.created <= end &&
      (!query['DisplayName'] || job.DisplayName.includes(query['DisplayName'])) &&
      (!query['JobId'] || job.JobId === query['JobId']) &&
      (!jobIds || jobIds.includes(job.JobId)) &&
      (!query['JobType'] || job.JobType === query['JobType']) &&
      (!statuses || statuses.includes(job.status)) &&
      (!query['WorkspaceId'] || job.WorkspaceId === query['WorkspaceId']) &&
      (!query['ResourceId'] || job.ResourceId === query['ResourceId']) &&
      (!query['Username'] || job.username === query['Username']) &&
      (query['ShowOwn'] !== 'true' || job.username === caller.username) &&
      (!query['PaymentType'] || paymentTypeOf(job) === query['PaymentType']) &&
      (!query['UserCommandSearch'] || job.UserCommand.includes(query['UserCommandSearch'])) &&
      (!query['ReasonSearch'] ||
        `${job.reasonCode ?? ''} ${job.reasonMessage ?? ''}`.includes(query['ReasonSearch'])) &&
      (!tags || Object.entries(tags).every(([k, v]) => job.Settings.Tags?.[k] === v)),
  );
  // Ties (same millisecond) keep the order of creation, so paging is stable.
  const direction = order === 'asc' ? 1 : -1;
  const position = new Map(jobs.map((job, i) => [job.JobId, i]));
  matches.sort((a, b) => {
    const x = sortKey(a);
    const y = sortKey(b);
    return (x < y ? -1 : x > y ? 1 : position.get(a.JobId)! - position.get(b.JobId)!) * direction;
  });
  const page = matches.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return { Jobs: page.map((job) => renderJobItem(job, now)), TotalCount: matches.length };
}

function paymentTypeOf(job: JobRecord): string {
  if (job.JobSpecs.some((s) => s.UseSpotInstance === true)) return 'Spot';
  return job.ResourceId ? 'PrePaid' : 'PostPaid';
}

function parseTags(raw: string | undefined): Record<string, string> | undefined {
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw badRequest('InvalidParameter', 'Tags must be a JSON object of strings, e.g. {"team":"ml"}.');
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    !Object.values(parsed).every((v) => typeof v === 'string')
  ) {
    throw badRequest('InvalidParameter', 'Tags must be a JSON object of strings, e.g. {"team":"ml"}.');
  }
  return parsed as Record<string, string>;
}

// ---- events, logs, metrics ----

export function jobEvents(job: JobRecord, query: Record<string, string>): string[] {
  const { start, end } = window(query, -Infinity, Infinity);
  const max = queryInteger(query, 'MaxEventsNum', 2000, 1, 100_000);
  return job.events
    .filter((e) => e.t >= start && e.t <= end)
    .slice(-max)
    .map((e) => e.line);
}

export function podLogs(
  job: JobRecord,
  podId: string,
  query: Record<string, string>,
): { PodId: string; PodUid: string; Logs: string[] } {
  const pod = job.pods.find((p) => p.PodId === podId);
  if (!pod) throw notFound('PodNotFound', `The pod ${podId} does not exist in job ${job.JobId}.`);
  const uid = query['PodUid'] || pod.current.PodUid;
  if (uid !== pod.current.PodUid && !pod.history.some((h) => h.PodUid === uid)) {
    throw notFound('PodNotFound', `The pod ${podId} has no incarnation with PodUid ${uid}.`);
  }
  const { start, end } = window(query, -Infinity, Infinity);
  const max = queryInteger(query, 'MaxLines', 2000, 1, 100_000);
  const lines = (job.logs[uid] ?? []).filter((l) => l.t >= start && l.t <= end).slice(-max);
  return { PodId: podId, PodUid: uid, Logs: lines.map((l) => l.line) };
}

/**
 * The documented MetricTypes, plus two emulator-only ones (`StepsPerSecond`, `Loss`, from the
 * job's progress lines) that the real API does not have. Units (UNVERIFIED): usages in percent
 * 0–100; rates in bytes/s. GPU metrics are empty for a job without GPUs.
 */
const METRICS: Record<string, (s: MetricSample, previous: MetricSample | undefined) => number | undefined> = {
  GpuCoreUsage: (s) => s.gpu,
  GpuMemoryUsage: (s) => s.gpuMemory,
  CpuCoreUsage: (s) => s.cpu,
  MemoryUsage: (s) => s.memory,
  NetworkInputRate: () => 1_048_576,
  NetworkOutputRate: () => 262_144,
  DiskReadRate: () => 524_288,
  DiskWriteRate: () => 131_072,
  Loss: (s) => s.loss,
  StepsPerSecond: (s, p) =>
    s.step !== undefined && p?.step !== undefined && s.t > p.t && s.step >= p.step
      ? ((s.step - p.step) * 1000) / (s.t - p.t)
      : undefined,
};

export function jobMetrics(
  job: JobRecord,
  query: Record<string, string>,
  now: number,
): { PodMetrics: { PodId: string; Metrics: { Time: number; Value: number }[] }[] } {
  const type = query['MetricType'];
  if (!type) throw badRequest('InvalidParameter', 'MetricType is required.');
  const read = METRICS[type];
  if (!read)
    throw badRequest(
      'InvalidParameter',
      `MetricType "${type}" is not supported; valid values: ${Object.keys(METRICS).join(', ')}.`,
    );
  const { start, end } = window(query, now - 3_600_000, now);
  const stepMs = query['TimeStep'] ? parseStep(query['TimeStep']) : undefined;
  const gpuMetric = type.startsWith('Gpu');
  return {
    PodMetrics: job.pods.map((pod) => {
      if (gpuMetric && !hasGpu(job)) return { PodId: pod.PodId, Metrics: [] };
      const samples = [...pod.history, pod.current]
        .flatMap((inc) => job.samples[inc.PodUid] ?? [])
        .sort((a, b) => a.t - b.t);
      const points: { Time: number; Value: number }[] = [];
      samples.forEach((sample, i) => {
        if (sample.t < start || sample.t > end) return;
        const value = read(sample, samples[i - 1]);
        if (value !== undefined && Number.isFinite(value)) points.push({ Time: sample.t, Value: value });
      });
      return { PodId: pod.PodId, Metrics: stepMs ? bucket(points, stepMs) : points };
    }),
  };
}

function bucket(points: { Time: number; Value: number }[], stepMs: number): { Time: number; Value: number }[] {
  const sums = new Map<number, { sum: number; n: number }>();
  for (const p of points) {
    const key = Math.floor(p.Time / stepMs) * stepMs;
    const entry = sums.get(key) ?? { sum: 0, n: 0 };
    entry.sum += p.Value;
    entry.n++;
    sums.set(key, entry);
  }
  return [...sums.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([Time, { sum, n }]) => ({ Time, Value: Math.round((sum / n) * 100) / 100 }));
}

function window(
  query: Record<string, string>,
  defaultStart: number,
  defaultEnd: number,
): { start: number; end: number } {
  return {
    start: query['StartTime'] ? parseTime(query['StartTime'], 'StartTime') : defaultStart,
    end: query['EndTime'] ? parseTime(query['EndTime'], 'EndTime') : defaultEnd,
  };
}

/** ISO 8601, or epoch milliseconds / seconds as digits. */
export function parseTime(value: string, field: string): number {
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    return n < 1e12 ? n * 1000 : n;
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw badRequest(
      'InvalidParameter',
      `${field} must be an ISO 8601 time such as 2026-01-01T00:00:00Z, got "${value}".`,
    );
  return ms;
}

function parseStep(value: string): number {
  const match = /^(\d+)([smh])$/.exec(value);
  if (!match || Number(match[1]) === 0)
    throw badRequest('InvalidParameter', `TimeStep must look like 30s, 5m or 1h, got "${value}".`);
  return Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 's' | 'm' | 'h'];
}

function queryInteger(query: Record<string, string>, name: string, fallback: number, min: number, max: number): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badRequest('InvalidParameter', `${name} must be an integer from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}
