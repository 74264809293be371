import { PaiApiError } from '../errors.js';
import { collectPages, numberedPages, type ListAllOptions } from '../paging.js';
import { RoaClient, path, type RoaProduct } from './roa.js';
import type { ClientOptions } from './types.js';
import {
  DLC_IDEMPOTENCY_TAG,
  type CreateJobRequest,
  type CreateJobResponse,
  type DeleteJobResponse,
  type GetJobEventsRequest,
  type GetJobEventsResponse,
  type GetJobMetricsRequest,
  type GetJobMetricsResponse,
  type GetJobRequest,
  type GetJobResponse,
  type GetPodLogsRequest,
  type GetPodLogsResponse,
  type JobItem,
  type ListJobsRequest,
  type ListJobsResponse,
  type StopJobResponse,
} from './dlc-types.js';

export const DLC_PRODUCT: RoaProduct = {
  // PaiApiError.product: the short name the other clients ('eas', 'cms', 'oss', 'sts') and the emulator use.
  name: 'dlc',
  version: '2020-12-03',
  endpointHost: (region) => `pai-dlc.${region}.aliyuncs.com`,
};

// Defined with the types so pure modules can name it without loading the client and its SDK.
export { DLC_IDEMPOTENCY_TAG } from './dlc-types.js';

const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

export interface CreateJobOptions {
  /**
   * Same key, same job: e.g. `<repo>@<sha>#<run-id>.<attempt>`. Without one, an ambiguous failure
   * of CreateJob is reported at once instead of retried (the job may or may not exist).
   */
  idempotencyKey?: string;
}

/** Typed PAI-DLC client (API version 2020-12-03, ROA under /api/v1) on openapi-core. */
export class DlcClient {
  private readonly roa: RoaClient;

  constructor(options: ClientOptions) {
    this.roa = new RoaClient(DLC_PRODUCT, options);
  }

  /** CreateJob is not idempotent: pass `idempotencyKey` so a retried create never submits twice. */
  createJob(request: CreateJobRequest, options: CreateJobOptions = {}): Promise<CreateJobResponse> {
    const key = options.idempotencyKey;
    if (key !== undefined) checkIdempotencyKey(key);
    const body: CreateJobRequest =
      key === undefined
        ? request
        : {
            ...request,
            Settings: { ...request.Settings, Tags: { ...request.Settings?.Tags, [DLC_IDEMPOTENCY_TAG]: key } },
          };
    return this.roa.call<CreateJobResponse>({
      action: 'CreateJob',
      method: 'POST',
      pathname: '/api/v1/jobs',
      body,
      idempotent: false,
      ...(key === undefined
        ? {}
        : {
            alreadyApplied: async () => {
              const job = await this.findJobByIdempotencyKey(key, request.DisplayName);
              return job ? { JobId: job.JobId } : undefined;
            },
          }),
    });
  }

  getJob(jobId: string, request: GetJobRequest = {}): Promise<GetJobResponse> {
    return this.roa.call<GetJobResponse>({
      action: 'GetJob',
      method: 'GET',
      pathname: path`/api/v1/jobs/${jobId}`,
      query: { NeedDetail: request.NeedDetail },
      idempotent: true,
    });
  }

  listJobs(request: ListJobsRequest = {}): Promise<ListJobsResponse> {
    const { Tags, ...rest } = request;
    return this.roa.call<ListJobsResponse>({
      action: 'ListJobs',
      method: 'GET',
      pathname: '/api/v1/jobs',
      // The SDK "shrinks" the Tags map into one JSON-encoded query value.
      query: { ...rest, ...(Tags ? { Tags: JSON.stringify(Tags) } : {}) },
      idempotent: true,
    });
  }

  /** Every page of ListJobs, in the service's order (ListAllOptions.pageSize: default 100). */
  listAllJobs(
    request: Omit<ListJobsRequest, 'PageNumber' | 'PageSize'> = {},
    options: ListAllOptions = {},
  ): Promise<JobItem[]> {
    const pages = numberedPages(options.pageSize ?? 100, async (PageNumber, PageSize) => {
      const response = await this.listJobs({ ...request, PageNumber, PageSize });
      return {
        items: response.Jobs ?? [],
        ...(response.TotalCount === undefined ? {} : { totalCount: response.TotalCount }),
      };
    });
    return collectPages(pages, { ...options, product: 'dlc', action: 'ListJobs', cursorName: 'PageNumber' });
  }

  stopJob(jobId: string): Promise<StopJobResponse> {
    return this.roa.call<StopJobResponse>({
      action: 'StopJob',
      method: 'POST',
      pathname: path`/api/v1/jobs/${jobId}/stop`,
      idempotent: true,
    });
  }

  /**
   * DeleteJob answers "not found" when repeated after it was applied, so after an ambiguous
   * failure the job is looked up instead of deleting blindly again.
   */
  deleteJob(jobId: string): Promise<DeleteJobResponse> {
    return this.roa.call<DeleteJobResponse>({
      action: 'DeleteJob',
      method: 'DELETE',
      pathname: path`/api/v1/jobs/${jobId}`,
      idempotent: false,
      alreadyApplied: async () => {
        try {
          await this.getJob(jobId);
          return undefined;
        } catch (error) {
          if (error instanceof PaiApiError && error.statusCode === 404) return { JobId: jobId };
          throw error;
        }
      },
    });
  }

  getJobEvents(jobId: string, request: GetJobEventsRequest = {}): Promise<GetJobEventsResponse> {
    return this.roa.call<GetJobEventsResponse>({
      action: 'GetJobEvents',
      method: 'GET',
      pathname: path`/api/v1/jobs/${jobId}/events`,
      query: { StartTime: request.StartTime, EndTime: request.EndTime, MaxEventsNum: request.MaxEventsNum },
      idempotent: true,
    });
  }

  getPodLogs(jobId: string, podId: string, request: GetPodLogsRequest = {}): Promise<GetPodLogsResponse> {
    return this.roa.call<GetPodLogsResponse>({
      action: 'GetPodLogs',
      method: 'GET',
      pathname: path`/api/v1/jobs/${jobId}/pods/${podId}/logs`,
      query: {
        PodUid: request.PodUid,
        StartTime: request.StartTime,
        EndTime: request.EndTime,
        MaxLines: request.MaxLines,
        DownloadToFile: request.DownloadToFile,
      },
      idempotent: true,
    });
  }

  getJobMetrics(jobId: string, request: GetJobMetricsRequest): Promise<GetJobMetricsResponse> {
    return this.roa.call<GetJobMetricsResponse>({
      action: 'GetJobMetrics',
      method: 'GET',
      pathname: path`/api/v1/jobs/${jobId}/metrics`,
      query: {
        MetricType: request.MetricType,
        StartTime: request.StartTime,
        EndTime: request.EndTime,
        TimeStep: request.TimeStep,
        Token: request.Token,
      },
      idempotent: true,
    });
  }

  /**
   * The job created with this idempotency key, if any (newest first when there are several).
   * The Tags filter narrows the search; the tag itself is checked here too, so a service that
   * ignores the filter cannot make an unrelated job look like ours.
   */
  async findJobByIdempotencyKey(key: string, displayName?: string): Promise<JobItem | undefined> {
    return (await this.listJobsByIdempotencyKey(key, displayName))[0];
  }

  /** Every job created with this idempotency key, newest first (steps that raced can make two). */
  async listJobsByIdempotencyKey(key: string, displayName?: string): Promise<JobItem[]> {
    const candidates = await this.listAllJobs(
      {
        ...(displayName ? { DisplayName: displayName } : {}),
        Tags: { [DLC_IDEMPOTENCY_TAG]: key },
        SortBy: 'GmtCreateTime',
        Order: 'desc',
      },
      // A bounded look-up: the job, if it exists, is among the newest.
      { pageSize: 100, maxPages: 5, whenCapped: 'stop' },
    );
    const keyed: JobItem[] = [];
    for (const job of candidates) {
      const tags = job.Settings?.Tags ?? (await this.getJob(job.JobId)).Settings?.Tags;
      if (tags?.[DLC_IDEMPOTENCY_TAG] === key) keyed.push(job);
    }
    return keyed;
  }
}

function checkIdempotencyKey(key: string): void {
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new RangeError(`DLC idempotency key must be 1..${MAX_IDEMPOTENCY_KEY_LENGTH} characters, got ${key.length}`);
  }
}
