/**
 * `npm run bench -- cleanup [--versions 1000] [--groups 10]`
 *
 * cleanup-versions over many versions: its dist bundle as a process, as GitHub runs it, against
 * an in-process emulator holding `--versions` managed versions in `--groups` groups (one serving
 * per group, the rest out of traffic for 100 h, so all of those are due). Reports the action's
 * wall time, its API calls by action, and as baseline, measured in the same run, the time one
 * listing of every version takes (the least any cleanup must do). Target: ≤ 30 s for 1,000.
 */
import { EasClient } from '../packages/core/src/clients/eas.js';
import { AdminClient, Emulator } from '../packages/emulator/src/index.js';
import { emulatorClientOptions } from '../packages/emulator/test/support/client-options.js';
import { runAction } from '../test/actions/support/run-action.js';
import { recordResult } from './results.js';

const HOUR = 3_600_000;
const SETUP_CONCURRENCY = 16;

export default async function cleanupBench(args: string[]): Promise<void> {
  const versions = numberArg(args, '--versions', 1000);
  const groups = numberArg(args, '--groups', 10);
  const emulator = await Emulator.start();
  try {
    const admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
    const eas = new EasClient(emulatorClientOptions(emulator, 'eas'));
    const setupStarted = performance.now();
    await seed(eas, (await admin.clock()).nowMs, versions, groups);
    console.log(
      `cleanup benchmark: ${versions} versions in ${groups} groups (set up in ${seconds(performance.now() - setupStarted)} s), ` +
        `node ${process.version}`,
    );

    const listStarted = performance.now();
    const listed = await new EasClient(emulatorClientOptions(emulator, 'eas')).listAllServices({
      Label: { bench: 'cleanup' },
    });
    const listMs = performance.now() - listStarted;
    if (listed.length !== versions) throw new Error(`listed ${listed.length} of ${versions} versions`);

    const since = (await admin.requests()).at(-1)?.seq ?? 0;
    const started = performance.now();
    const result = await runAction('cleanup-versions', {
      emulator,
      inputs: { 'label-selector': 'bench=cleanup', keep: '0', 'max-deletes': '10000' },
      timeoutMs: 300_000,
    });
    const actionMs = performance.now() - started;
    if (result.exitCode !== 0) throw new Error(`cleanup-versions failed: ${result.errors.join('; ') || result.stderr}`);
    const deleted = (JSON.parse(result.outputs['deleted'] ?? '[]') as unknown[]).length;
    const expectedDeletes = versions - groups;
    if (deleted !== expectedDeletes) throw new Error(`deleted ${deleted}, expected ${expectedDeletes}`);

    const calls: Record<string, number> = {};
    for (const request of await admin.requests({ sinceSeq: since })) {
      calls[`${request.product}:${request.action}`] = (calls[`${request.product}:${request.action}`] ?? 0) + 1;
    }
    const total = Object.values(calls).reduce((sum, n) => sum + n, 0);
    console.log(`  action (process start to exit)  ${seconds(actionMs).padStart(7)} s   target ≤ 30 s`);
    console.log(`  one listing of all versions     ${seconds(listMs).padStart(7)} s   (baseline)`);
    console.log(`  ratio                           ${(actionMs / listMs).toFixed(1).padStart(7)} × the listing`);
    console.log(`  deleted ${deleted}, kept ${versions - deleted}; ${total} API calls: ${JSON.stringify(calls)}`);
    recordResult('cleanup', {
      versions,
      groups,
      deleted,
      actionMs,
      baselineListMs: listMs,
      ratio: actionMs / listMs,
      apiCalls: total,
      deleteCalls: calls['eas:DeleteService'] ?? 0,
      listCalls: calls['eas:ListServices'] ?? 0,
    });
  } finally {
    await emulator.stop();
  }
}

/** `versions` managed versions in `groups` groups: the newest of each serves, the rest left traffic 100 h ago. */
async function seed(eas: EasClient, nowMs: number, versions: number, groups: number): Promise<void> {
  const ended = new Date(nowMs - 100 * HOUR).toISOString();
  let next = 0;
  await Promise.all(
    Array.from({ length: SETUP_CONCURRENCY }, async () => {
      while (next < versions) {
        const index = next++;
        const group = `bench_g${index % groups}`;
        const serving = index < groups;
        const name = `${group}_v${String(index).padStart(5, '0')}`;
        await eas.createService({
          Body: { name, model_path: 'oss://pai-demo/bench/model/', metadata: { instance: 1, group } },
          Labels: {
            bench: 'cleanup',
            'managed-by': 'pai-actions',
            'deployed-at': new Date(nowMs - (serving ? 0 : 200 * HOUR)).toISOString(),
            ...(serving ? {} : { 'traffic-ended-at': ended }),
          },
        });
        await eas.releaseService(name, { Weight: serving ? 100 : 0 });
      }
    }),
  );
}

function numberArg(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  const value = index === -1 ? fallback : Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
