/**
 * `npm run bench -- shift [--bake 5m] [--speed 30] [--rounds 2]`
 *
 * Overhead of a traffic shift: the eas-traffic-shift bundle runs as a process (as GitHub runs
 * it) against an emulator whose clock runs `speed` times real time, shifting a group 10 → 50 →
 * 100 with its own synthetic load. The wall time from spawn to exit is divided by the sum of
 * the three bake times in real time (3 × bake / speed), measured in the same run. Target: at
 * most 1.05. Also printed: process start to the first log line, and `node -e 0` in this run as
 * the machine's own start-up cost.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import OSS from 'ali-oss';
import { EasClient } from '../packages/core/src/clients/eas.js';
import { parseDuration } from '../packages/core/src/inputs.js';
import { versionServiceName } from '../packages/core/src/serving/labels.js';
import { AdminClient, DEMO_BUCKET, Emulator } from '../packages/emulator/src/index.js';
import { defaultRun, runAction } from '../test/actions/support/run-action.js';

interface Options {
  bake: string;
  speed: number;
  rounds: number;
}

export default async function shiftBench(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const bakeMs = parseDuration('--bake', options.bake);
  const emulator = await Emulator.start({ speed: options.speed });
  try {
    console.log(
      `traffic shift benchmark: steps 10,50,100, bake ${options.bake} at clock speed ${options.speed} ` +
        `(${(bakeMs / options.speed / 1000).toFixed(2)} s real per step), synthetic load 5 rps, ` +
        `node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)}`,
    );
    const nodeStart = timed(() => spawnSync(process.execPath, ['-e', '0']));
    for (let round = 1; round <= options.rounds; round++) {
      const group = await deployGroup(emulator, `bench_shift_${round}`);
      const started = performance.now();
      let firstLine: number | undefined;
      const result = await runAction('eas-traffic-shift', {
        emulator,
        inputs: {
          'service-name': group,
          'bake-time': options.bake,
          'min-requests': '10',
          'load-rps': '5',
          'load-request': '{"instances":[[1,2]]}',
        },
        onSpawn: (child) =>
          child.stdout?.on('data', (chunk: Buffer) => {
            firstLine ??= performance.now();
            if (process.env['SHIFT_BENCH_TRACE'])
              for (const line of chunk.toString().split('\n').filter(Boolean))
                console.log(`  +${((performance.now() - started) / 1000).toFixed(2)} s ${line.slice(0, 160)}`);
          }),
      });
      const wallMs = performance.now() - started;
      if (result.outputs['result'] !== 'promoted') {
        throw new Error(`round ${round}: the shift did not promote: ${result.errors.join('; ') || result.stdout}`);
      }
      const bakesRealMs = (3 * bakeMs) / options.speed;
      console.log(
        `round ${round}: wall ${(wallMs / 1000).toFixed(2)} s / bakes ${(bakesRealMs / 1000).toFixed(2)} s = ` +
          `${(wallMs / bakesRealMs).toFixed(3)} (target <= 1.05); spawn to first log line ` +
          `${((firstLine ?? started) - started).toFixed(0)} ms, node -e 0 ${nodeStart.toFixed(0)} ms`,
      );
    }
  } finally {
    await emulator.stop();
  }
}

/** A group as eas-deploy leaves it: the old version at weight 100, the new one at 0, both Running. */
async function deployGroup(emulator: Emulator, group: string): Promise<string> {
  const { credentials, endpoints, adminToken, region } = emulator.info;
  const oss = new OSS({ ...credentials, endpoint: endpoints['oss']!, bucket: DEMO_BUCKET, region: `oss-${region}` });
  // No emulated latency: the bench measures the shift's overhead, not a verdict on noisy samples.
  const model = {
    format: 'pai-emulator-linear/1',
    weights: [1, 1],
    bias: 0,
    behaviour: { latencyMs: { p50: 0, p95: 0 } },
  };
  await oss.put(`models/${group}/model.json`, Buffer.from(JSON.stringify(model)));
  const eas = new EasClient({ credentials, region, endpoint: endpoints['eas'] });
  const body = (name: string) => ({
    name,
    model_path: `oss://${DEMO_BUCKET}/models/${group}/`,
    metadata: { instance: 1, group },
  });
  await eas.createService({ Body: body(`${group}_0000000`) });
  await eas.updateGroup(group, { TrafficMode: 'customized' });
  await eas.releaseService(`${group}_0000000`, { Weight: 100 });
  const next = versionServiceName(group, defaultRun().sha);
  await eas.createService({ Body: body(next) });
  await eas.releaseService(next, { Weight: 0 });
  await new AdminClient(endpoints['admin']!, adminToken).advanceClock(60_000);
  return group;
}

function timed(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

function parseOptions(args: string[]): Options {
  const options: Options = { bake: '5m', speed: 30, rounds: 2 };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (flag === '--bake' && value) options.bake = value;
    else if (flag === '--speed' && Number(value) > 0) options.speed = Number(value);
    else if (flag === '--rounds' && Number(value) >= 1) options.rounds = Math.floor(Number(value));
    else throw new Error(`usage: npm run bench -- shift [--bake 5m] [--speed 30] [--rounds 2] (got ${flag} ${value})`);
  }
  return options;
}
