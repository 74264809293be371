/**
 * DLC jobs stay in their sandbox: object keys with `..` segments under a job's data, checkpoint or
 * resume prefix are skipped (with a job event) instead of written outside the work directory; a
 * job's processes, those that left its process group included, end with the job or the emulator;
 * what a killed emulator left running is reaped at the next start; and a job learns nothing of the
 * data directory or the admin token.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DlcClient } from '../../core/src/clients/dlc.js';
import { AdminClient, DEMO_BUCKET, Emulator } from '../src/index.js';
import { WORK_ROOT } from '../src/products/dlc/job-processes.js';
import { allLogs, bucketUri, FAST_PHASES, jobRequest, pollUntil, startDlc, waitForStatus } from './dlc-support.js';
import { sendRaw, signOssV1 } from './support/raw-http.js';

/** Alive and not a zombie (an orphan's zombie lingers where nothing reaps it). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

function killQuietly(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

async function pidsFromLogs(dlc: DlcClient, jobId: string, count = 2): Promise<number[]> {
  const job = await waitForStatus(dlc, jobId, ['Running']);
  const lines = await pollUntil(
    () => allLogs(dlc, job),
    (logs) => logs.filter((l) => l.startsWith('pid=')).length >= count,
  );
  return lines.filter((l) => l.startsWith('pid=')).map((l) => Number(l.slice(4)));
}

/** Puts an object under any key, `..` segments included, as any OSS client may. */
async function putRawKey(emulator: Emulator, key: string, body: string): Promise<void> {
  const oss = emulator.info.endpoints['oss']!;
  const path = `/${DEMO_BUCKET}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const request = signOssV1(
    { method: 'PUT', path, headers: {}, body: Buffer.from(body) },
    emulator.info.credentials,
    new URL(oss).host,
  );
  expect((await sendRaw(oss, request)).status).toBe(200);
}

// A command that leaves its process group (setsid) and one that stays, printing both pids.
const ESCAPING_COMMAND = 'setsid sleep 300 & echo "pid=$!"; sleep 300 & echo "pid=$!"; wait';

describe('with a running emulator', () => {
  let world: Awaited<ReturnType<typeof startDlc>>;
  beforeAll(async () => {
    world = await startDlc();
  });
  afterAll(async () => {
    await world?.emulator.stop();
  });

  test('keys that would leave the work directory are skipped with a job event; the others arrive', async () => {
    const tag = randomUUID().slice(0, 8);
    // Where the job's role may read: datasets/ for data, models/ for checkpoints. Each `..` chain
    // climbs from its local directory to the temp dir.
    const dirs = {
      data: `datasets/sandbox-${tag}`,
      ckpt: `models/sandbox-${tag}/ckpt`,
      resume: `models/sandbox-${tag}/step-1`,
    };
    const escapes = {
      data: `${dirs.data}/../../../../escape-data-${tag}`,
      ckpt: `${dirs.ckpt}/../../../escape-ckpt-${tag}`,
      resume: `${dirs.resume}/../../../../escape-resume-${tag}`,
    };
    for (const key of Object.values(escapes)) await putRawKey(world.emulator, key, 'escaped');
    for (const [name, dir] of Object.entries(dirs)) await putRawKey(world.emulator, `${dir}/ok.txt`, name);

    const { JobId } = await world.dlc.createJob(
      jobRequest(
        'sandbox',
        'cat "$DATA_DIR/ok.txt" "$CHECKPOINT_DIR/ok.txt" "$RESUME_FROM/ok.txt"; echo',
        { PAI_CHECKPOINT_URI: bucketUri(`${dirs.ckpt}/`), RESUME_FROM: bucketUri(`${dirs.resume}/`) },
        { DataSources: [{ Uri: bucketUri(`${dirs.data}/`) }] },
      ),
    );
    const job = await waitForStatus(world.dlc, JobId, ['Succeeded', 'Failed']);
    expect(job.Status).toBe('Succeeded');
    expect((await allLogs(world.dlc, job)).join('')).toBe('datackptresume');

    const events = (await world.dlc.getJobEvents(JobId)).Events ?? [];
    for (const key of Object.values(escapes)) {
      expect(events.some((e) => e.includes('UnsafeObjectKey') && e.includes(key))).toBe(true);
    }
    // Nowhere the `..` segments could have led: the temp dir they aim at, or a level either side.
    const written = [WORK_ROOT, tmpdir(), join(tmpdir(), '..')].flatMap((dir) =>
      Object.keys(escapes).map((kind) => join(dir, `escape-${kind}-${tag}`)),
    );
    expect(written.filter(existsSync)).toEqual([]);
  }, 30_000);

  test('StopJob ends the processes that left the job’s process group too', async () => {
    const { JobId } = await world.dlc.createJob(jobRequest('escaper', ESCAPING_COMMAND));
    const pids = await pidsFromLogs(world.dlc, JobId);
    try {
      expect(pids.every(isAlive)).toBe(true);
      await world.dlc.stopJob(JobId);
      await waitForStatus(world.dlc, JobId, ['Stopped', 'Failed']);
      expect(await eventually(() => !pids.some(isAlive))).toBe(true);
    } finally {
      killQuietly(pids);
    }
  }, 30_000);
});

test('stopping the emulator (as on SIGTERM) ends every job process, those that left the group included', async () => {
  const world = await startDlc();
  let pids: number[] = [];
  try {
    const { JobId } = await world.dlc.createJob(jobRequest('escaper', ESCAPING_COMMAND));
    pids = await pidsFromLogs(world.dlc, JobId);
    expect(pids.every(isAlive)).toBe(true);
  } finally {
    await world.emulator.stop();
  }
  try {
    expect(await eventually(() => !pids.some(isAlive))).toBe(true);
  } finally {
    killQuietly(pids);
  }
}, 30_000);

test('after kill -9 of the emulator, the next start with its data dir reaps the jobs it left running and their work directories', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'dlc-reap-'));
  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let pids: number[] = [];
  try {
    const info = JSON.parse(await startUpLine(child)) as Emulator['info'];
    const admin = new AdminClient(info.endpoints['admin']!, info.adminToken);
    await admin.call('POST', '/dlc/config', { phaseMs: FAST_PHASES });
    const dlc = new DlcClient({
      credentials: info.credentials,
      region: info.region,
      endpoint: info.endpoints['dlc'],
      retryPolicy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    });
    // It also looks for the emulator's secrets where a job could: its environment, its parent's command line.
    const nosy = 'env; tr "\\000" " " < /proc/$PPID/cmdline; echo';
    const { JobId } = await dlc.createJob(
      jobRequest('orphan', `${nosy}; ${ESCAPING_COMMAND.replace('; wait', '')}; echo "dir=$PWD"; wait`),
    );
    pids = await pidsFromLogs(dlc, JobId);
    const workDir = (await pollUntil(
      async () => (await allLogs(dlc, await dlc.getJob(JobId, { NeedDetail: true }))).find((l) => l.startsWith('dir=')),
      (line) => line !== undefined,
    ))!.slice(4);
    const seen = (await allLogs(dlc, await dlc.getJob(JobId, { NeedDetail: true }))).join('\n');
    expect(seen).toContain('PAI_JOB_ID=');
    expect(seen).toMatch(/^pai-emulator\s*$/m); // the parent's command line was read, and is just the title
    expect(seen).not.toContain(dataDir);
    expect(seen).not.toContain(info.adminToken);
    // The state must list the job's processes before the crash.
    await admin.call('POST', '/state/flush');

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(pids.every(isAlive)).toBe(true);
    expect(existsSync(workDir)).toBe(true);

    const next = await Emulator.start({ dataDir });
    try {
      expect(await eventually(() => !pids.some(isAlive))).toBe(true);
      expect(await eventually(() => !existsSync(workDir))).toBe(true);
      expect((await readdir(WORK_ROOT)).some((name) => name.startsWith(`${JobId}-`))).toBe(false);
    } finally {
      await next.stop();
    }
  } finally {
    child.kill('SIGKILL');
    killQuietly(pids);
    await rm(dataDir, { recursive: true, force: true });
  }
}, 60_000);

const BIN = join(import.meta.dirname, '..', 'bin', 'pai-emulator.js');

function startUpLine(child: ChildProcessByStdio<null, Readable, Readable>): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no start-up line within 20 s; got ${out}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
}
