import type { EmulatorContext } from '../../context.js';
import { openApiHandler, popFailure, type ApiCall, type ApiRoute, type OpenApiProduct } from '../../openapi.js';
import type { AdminRoute, ProductModule } from '../../product.js';
import type { ObjectStorage } from '../oss/storage.js';
import { DlcJobs, type Caller } from './jobs.js';
import type { DlcConfig } from './model.js';
import { jobEvents, jobMetrics, listJobs, podLogs, renderJob } from './render.js';
import { validateCreateJob } from './validate.js';

/**
 * PAI-DLC 2020-12-03 (ROA under /api/v1): jobs with the real lifecycle, events, pod logs and
 * metrics; a job's command really runs (or is simulated) — see docs/emulator-dlc.md. Every call
 * goes through the signed, RAM-checked pipeline, so nothing runs for a caller whose policy does
 * not allow `paidlc:CreateJob`.
 */
export function createDlc(ctx: EmulatorContext, deps: { storage: ObjectStorage }): ProductModule {
  const jobs = new DlcJobs(ctx, deps.storage);
  const jobArn = (jobId: string) => `acs:paidlc:${ctx.region}:${ctx.ram.accountId}:job/${jobId}`;
  const ofJob = (call: ApiCall) => jobArn(call.params['JobId'] ?? '*');

  const routes: ApiRoute[] = [
    {
      action: 'CreateJob',
      method: 'POST',
      path: '/api/v1/jobs',
      resource: () => jobArn('*'),
      handle: (call) => ({ JobId: jobs.create(validateCreateJob(call.body), callerOf(call, ctx)).JobId }),
    },
    {
      action: 'ListJobs',
      method: 'GET',
      path: '/api/v1/jobs',
      resource: () => jobArn('*'),
      handle: (call) => listJobs(jobs.all(), call.input, callerOf(call, ctx), call.now),
    },
    {
      action: 'GetJob',
      method: 'GET',
      path: '/api/v1/jobs/{JobId}',
      resource: ofJob,
      handle: (call) => renderJob(jobs.get(call.params['JobId']!), call.now),
    },
    {
      action: 'StopJob',
      method: 'POST',
      path: '/api/v1/jobs/{JobId}/stop',
      resource: ofJob,
      handle: (call) => ({ JobId: jobs.stop(call.params['JobId']!).JobId }),
    },
    {
      action: 'DeleteJob',
      method: 'DELETE',
      path: '/api/v1/jobs/{JobId}',
      resource: ofJob,
      handle: (call) => {
        jobs.delete(call.params['JobId']!);
        return { JobId: call.params['JobId'] };
      },
    },
    {
      action: 'GetJobEvents',
      method: 'GET',
      path: '/api/v1/jobs/{JobId}/events',
      resource: ofJob,
      handle: (call) => ({
        JobId: call.params['JobId'],
        Events: jobEvents(jobs.get(call.params['JobId']!), call.input),
      }),
    },
    {
      action: 'GetPodLogs',
      method: 'GET',
      path: '/api/v1/jobs/{JobId}/pods/{PodId}/logs',
      resource: ofJob,
      handle: (call) => ({
        JobId: call.params['JobId'],
        ...podLogs(jobs.get(call.params['JobId']!), call.params['PodId']!, call.input),
      }),
    },
    {
      action: 'GetJobMetrics',
      method: 'GET',
      path: '/api/v1/jobs/{JobId}/metrics',
      resource: ofJob,
      handle: (call) => ({
        JobId: call.params['JobId'],
        ...jobMetrics(jobs.get(call.params['JobId']!), call.input, call.now),
      }),
    },
  ];
  const spec: OpenApiProduct = { product: 'dlc', version: '2020-12-03', style: 'ROA', ramPrefix: 'paidlc', routes };

  const adminRoutes: AdminRoute[] = [
    {
      method: 'POST',
      path: '/dlc/jobs/{JobId}/preempt',
      handle: ({ params, body }) => {
        const job = jobs.schedulePreemption(params['JobId']!, {
          ...(body['afterSeconds'] !== undefined ? { afterSeconds: Number(body['afterSeconds']) } : {}),
          ...(body['afterSteps'] !== undefined ? { afterSteps: Number(body['afterSteps']) } : {}),
        });
        return { JobId: job.JobId, Status: job.status, preemption: job.preemption ?? { fired: true } };
      },
    },
    { method: 'GET', path: '/dlc/config', handle: () => jobs.config },
    { method: 'POST', path: '/dlc/config', handle: ({ body }) => jobs.configure(body as Partial<DlcConfig>) },
  ];

  return {
    name: 'dlc',
    handler: openApiHandler(spec, ctx),
    failure: popFailure,
    adminRoutes,
    start: () => jobs.start(),
    stop: () => jobs.shutdown(),
  };
}

function callerOf(call: ApiCall, ctx: EmulatorContext): Caller {
  return { userId: ctx.ram.accountId, username: call.principal?.name ?? 'anonymous' };
}
