/**
 * `npm run bench -- wait [--hours 1] [--speed 60]`
 *
 * How many status calls (GetJob) wait-and-resume spends per job-hour, and how long after each
 * status change it notices, for a simulated DLC job on a sped-up emulator clock. Baseline, in the
 * same run on an identical job: a fixed poller asking every poll-interval (15 s), the simple
 * approach. Everything is measured on the emulator's clock: the request log's times against the
 * job's StatusHistory. Targets: <= 30 status calls per job-hour, detection of the end <= 30 s.
 */
import { ServerClock } from '../packages/core/src/action/server-clock.js';
import { DlcClient } from '../packages/core/src/clients/dlc.js';
import type { GetJobResponse } from '../packages/core/src/clients/dlc-types.js';
import { OssClient } from '../packages/core/src/oss.js';
import { MemoryReporter } from '../packages/core/src/training/reporter.js';
import { waitAndResume } from '../packages/core/src/training/wait.js';
import { AdminClient, Emulator, type LoggedRequest } from '../packages/emulator/src/index.js';

const POLL_MS = 15_000;
const MAX_POLL_MS = 300_000;

interface Measured {
  statusCalls: number;
  otherCalls: number;
  jobHours: number;
  /** Seconds from each status change to the first GetJob after it. */
  delays: { status: string; seconds: number }[];
}

export default async function waitBench(args: string[]): Promise<void> {
  const hours = numberArg(args, '--hours', 1);
  // x60: a job-hour in a minute. Faster clocks blur detection: ServerClock sleeps at least 100 ms real.
  const speed = numberArg(args, '--speed', 60);
  const emulator = await Emulator.start({ speed });
  try {
    const admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
    const clock = new ServerClock();
    const options = (product: string) => ({
      credentials: emulator.info.credentials,
      region: emulator.info.region,
      endpoint: emulator.info.endpoints[product]!,
      onResponse: (headers: Record<string, string | string[] | undefined>) => clock.observe(headers['date']),
    });
    const dlc = new DlcClient(options('dlc'));
    const oss = new OssClient(options('oss'));
    const steps = Math.round(hours * 3600);
    const submit = async (name: string) =>
      (
        await dlc.createJob({
          DisplayName: name,
          JobType: 'PyTorchJob',
          JobSpecs: [{ Type: 'Worker', Image: 'bench:1', PodCount: 1, EcsSpec: 'ecs.gn6i-c4g1.xlarge' }],
          UserCommand: 'python train.py',
          Envs: {
            PAI_EMULATOR_SIMULATE: 'true',
            PAI_EMULATOR_TOTAL_STEPS: String(steps),
            PAI_EMULATOR_STEPS_PER_SECOND: '1',
            PAI_EMULATOR_LOG_EVERY: '10',
            PAI_EMULATOR_CHECKPOINT_EVERY: '600',
          },
        })
      ).JobId;

    console.log(
      `wait benchmark: a simulated ${hours} h DLC job (${steps} steps at 1 step/s), emulator clock x${speed}, ` +
        `poll-interval ${POLL_MS / 1000} s, max-poll-interval ${MAX_POLL_MS / 1000} s`,
    );
    // The clock learns its rate from answers 20 s of server time apart; until then ServerClock
    // sleeps 1 s real between looks, a minute of a x60 clock. On the cloud (x1) that costs
    // nothing, here it would blur the first status changes, so the rate is learned first.
    while (clock.rate() === undefined) {
      await dlc.listJobs({ PageSize: 1 });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [adaptiveJob, fixedJob] = await Promise.all([submit('bench-adaptive'), submit('bench-fixed')]);
    await Promise.all([
      waitAndResume(
        {
          jobId: adaptiveJob,
          resumes: 0,
          pollIntervalMs: POLL_MS,
          maxPollIntervalMs: MAX_POLL_MS,
          timeoutMs: (hours + 1) * 3_600_000,
          maxResumes: 0,
          recoverOnExitCodes: [],
          gpuUtilThreshold: 0,
        },
        { dlc, oss: async () => oss, clock, reporter: new MemoryReporter() },
      ),
      fixedPoller(dlc, fixedJob, speed),
    ]);

    const log = await admin.requests({ product: 'dlc' });
    const results: [string, Measured][] = [
      ['wait-and-resume', measure(log, await dlc.getJob(adaptiveJob), adaptiveJob)],
      [`fixed ${POLL_MS / 1000} s poll`, measure(log, await dlc.getJob(fixedJob), fixedJob)],
    ];
    for (const [name, m] of results) {
      const end = m.delays.at(-1);
      console.log(
        `${name.padEnd(18)} status calls/job-hour ${(m.statusCalls / m.jobHours).toFixed(1).padStart(6)}` +
          `  other DLC calls/job-hour ${(m.otherCalls / m.jobHours).toFixed(1).padStart(6)}` +
          `  detection: end ${end ? `${end.seconds} s` : '?'}, worst change ${Math.max(...m.delays.map((d) => d.seconds))} s` +
          `  (${m.delays.map((d) => `${d.status} ${d.seconds}s`).join(', ')})`,
      );
    }
    const [adaptive, fixed] = [results[0]![1], results[1]![1]];
    console.log(
      `ratio wait-and-resume / fixed poll: status calls ${(adaptive.statusCalls / fixed.statusCalls).toFixed(3)}, ` +
        `end detection ${((adaptive.delays.at(-1)?.seconds ?? NaN) / Math.max(1, fixed.delays.at(-1)?.seconds ?? NaN)).toFixed(2)}`,
    );
    console.log(
      `targets: <= 30 status calls per job-hour (${(adaptive.statusCalls / adaptive.jobHours).toFixed(1)}), ` +
        `end detected <= 30 s after it happened (${adaptive.delays.at(-1)?.seconds ?? '?'} s)`,
    );
  } finally {
    await emulator.stop();
  }
}

/** The baseline: GetJob every POLL_MS of emulated time (the bench knows the clock's speed) until the job ends. */
async function fixedPoller(dlc: DlcClient, jobId: string, speed: number): Promise<void> {
  for (;;) {
    const job = await dlc.getJob(jobId);
    if (['Succeeded', 'Failed', 'Stopped'].includes(job.Status ?? '')) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS / speed));
  }
}

function measure(log: LoggedRequest[], job: GetJobResponse, jobId: string): Measured {
  const mine = log.filter((r) => r.path.includes(jobId) || r.query['JobId'] === jobId);
  const statusTimes = mine.filter((r) => r.action === 'GetJob').map((r) => r.time);
  const created = Date.parse(job.GmtCreateTime!);
  const finished = Date.parse(job.GmtFinishTime!);
  const delays = (job.StatusHistory ?? []).slice(1).map((item) => {
    const changedAt = Date.parse(item.StartTime!);
    const seen = statusTimes.find((t) => t >= changedAt);
    return { status: item.Status ?? '?', seconds: seen === undefined ? NaN : Math.round((seen - changedAt) / 1000) };
  });
  return {
    statusCalls: statusTimes.length,
    otherCalls: mine.length - statusTimes.length,
    jobHours: (finished - created) / 3_600_000,
    delays,
  };
}

function numberArg(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  const value = index === -1 ? undefined : Number(args[index + 1]);
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}
