import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import OSS from 'ali-oss';
import { isLoopback } from '../src/emulator.js';
import { AdminClient, DEMO_BUCKET, Emulator, type EmulatorInfo } from '../src/index.js';

function oss(info: EmulatorInfo): OSS {
  return new OSS({
    ...info.credentials,
    endpoint: info.endpoints['oss']!,
    bucket: DEMO_BUCKET,
    region: `oss-${info.region}`,
    timeout: 5_000,
  });
}

test('only loopback addresses count as loopback (anything else gets the loud warning)', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', 'localhost'])
    expect(isLoopback(host)).toBe(true);
  for (const host of ['0.0.0.0', '::', '10.0.0.1', '127.0.0.1.nip.io', '127.example.com', 'example.com'])
    expect(isLoopback(host)).toBe(false);
});

describe('emulator lifecycle', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pai-emulator-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('binds every product to loopback and answers admin calls only with the admin token', async () => {
    const emulator = await Emulator.start();
    try {
      for (const product of ['oss', 'sts', 'oidc', 'eas', 'gateway', 'dlc', 'cms', 'admin']) {
        expect(emulator.info.endpoints[product]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      }
      const wrong = new AdminClient(emulator.info.endpoints['admin']!, 'not-the-token');
      await expect(wrong.clock()).rejects.toThrow(/401/);
      const admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
      const before = await admin.clock();
      const after = await admin.advanceClock(72 * 3_600_000);
      expect(after.nowMs - before.nowMs).toBeGreaterThanOrEqual(72 * 3_600_000);
      expect(after.nowMs - before.nowMs).toBeLessThan(72 * 3_600_000 + 5_000);
    } finally {
      await emulator.stop();
    }
  });

  test('the admin API refuses a caller without the token before reading its body', async () => {
    const emulator = await Emulator.start();
    try {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const req = request(`${emulator.info.endpoints['admin']!}/admin/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024) },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode);
          req.destroy();
        });
        req.on('error', reject);
        req.write('{"product":'); // and never the other 64 MiB
      });
      expect(status).toBe(401);
    } finally {
      await emulator.stop();
    }
  });

  test('objects, keys and the clock survive a restart from the same data dir', async () => {
    const first = await Emulator.start({ dataDir });
    const { credentials, accountId, adminToken } = first.info;
    const admin = new AdminClient(first.info.endpoints['admin']!, adminToken);
    const advanced = await admin.advanceClock(10 * 86_400_000);
    const user = await admin.createUser('survivor', ['AdministratorAccess']);
    await oss(first.info).put('models/restart/model.json', Buffer.from('{"v":1}'), {
      meta: { sha: 'abc123' },
    } as never);
    await first.stop();

    const second = await Emulator.start({ dataDir });
    try {
      expect(second.info.accountId).toBe(accountId);
      expect(second.info.credentials).toEqual(credentials);
      expect(second.info.adminToken).toBe(adminToken);
      expect(second.context.ram.secretFor(user.accessKeyId)).toBe(user.accessKeySecret);
      expect(second.context.clock.now()).toBeGreaterThanOrEqual(advanced.nowMs);
      const client = oss(second.info);
      expect((await client.get('models/restart/model.json')).content.toString()).toBe('{"v":1}');
      expect((await client.head('models/restart/model.json')).meta).toEqual({ sha: 'abc123' });
    } finally {
      await second.stop();
    }
  });

  test('emulated time does not run backwards across a restart, also after the clock was moved', async () => {
    const first = await Emulator.start({ dataDir, speed: 1_000 });
    await new AdminClient(first.info.endpoints['admin']!, first.info.adminToken).advanceClock(3_600_000);
    await new Promise((resolve) => setTimeout(resolve, 200)); // ~200 emulated seconds after the jump
    const beforeStop = first.context.clock.now();
    await first.stop();

    const second = await Emulator.start({ dataDir });
    try {
      expect(second.context.clock.now()).toBeGreaterThanOrEqual(beforeStop);
    } finally {
      await second.stop();
    }
  });

  test('a stopped emulator no longer saves: late work cannot overwrite the next one in the same data dir', async () => {
    const first = await Emulator.start({ dataDir });
    await first.stop();
    // What a job process settling after shutdown would do: change state in the stopped emulator.
    first.context.ram.putUser('too-late', []);
    await new Promise((resolve) => setTimeout(resolve, 100));
    first.context.store.flush();

    const second = await Emulator.start({ dataDir });
    try {
      expect(second.context.ram.state.users['too-late']).toBeUndefined();
    } finally {
      await second.stop();
    }
  });

  test('the state files, which hold secrets and private keys, are readable by their owner only', async () => {
    const emulator = await Emulator.start({ dataDir });
    await emulator.stop();
    for (const file of ['state.mdb', 'state.mdb-lock']) expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
  });

  test('a fresh data dir gets a fresh account', async () => {
    const a = await Emulator.start({ dataDir });
    const b = await Emulator.start();
    try {
      expect(a.info.accountId).not.toBe(b.info.accountId);
      expect(a.info.credentials.accessKeyId).not.toBe(b.info.credentials.accessKeyId);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('`pai-emulator` prints exactly one JSON line with endpoints, demo keys and region', async () => {
    const child = spawn(process.execPath, [bin, '--data-dir', dataDir, '--speed', '60'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await startUpLine(child);
      expect(line.trim().split('\n')).toHaveLength(1);
      const info = JSON.parse(line) as {
        region: string;
        endpoints: Record<string, string>;
        credentials: { accessKeyId: string };
      };
      expect(info.region).toBe('cn-shanghai');
      expect(info.credentials.accessKeyId).toMatch(/^LTEMU/);
      const admin = new AdminClient(info.endpoints['admin']!, (info as unknown as { adminToken: string }).adminToken);
      expect((await admin.clock()).speed).toBe(60);
    } finally {
      await terminate(child);
    }
  });

  test('`pai-emulator` stops cleanly on a SIGTERM sent the moment its start-up line appears', async () => {
    const child = spawn(process.execPath, [bin], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await startUpLine(child);
      await terminate(child);
      // Killed by the signal itself would mean no stop(): no flush, job process groups left running.
      expect({ code: child.exitCode, signal: child.signalCode }).toEqual({ code: 0, signal: null });
    } finally {
      await terminate(child);
    }
  });

  test('in-memory emulators remove the temp CA certificate file when the last one using it stops', async () => {
    const a = await Emulator.start();
    const b = await Emulator.start();
    const caCertPath = String(a.info['caCertPath']);
    expect(b.info['caCertPath']).toBe(caCertPath); // one CA per process: key generation is the slow part
    await a.stop();
    expect(existsSync(caCertPath)).toBe(true);
    await b.stop();
    expect(existsSync(caCertPath)).toBe(false);
  });
});

const bin = join(import.meta.dirname, '..', 'bin', 'pai-emulator.js');

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

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
