import { parseArgs } from 'node:util';
import { appendFileSync } from 'node:fs';
import { Emulator } from './emulator.js';
import { githubEnvLines } from './github-env.js';

/**
 * `npx pai-emulator [--data-dir DIR] [--host H] [--speed N] [--seed N] [--ports p=N,…] [--github-env FILE]`
 * Prints ONE JSON line (endpoints, demo credentials, region, admin token) and serves until
 * SIGINT/SIGTERM. `--github-env "$GITHUB_ENV"` also appends the ALIBABA_CLOUD_* variables that
 * point every action of the later steps at this emulator.
 */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    host: { type: 'string' },
    region: { type: 'string' },
    speed: { type: 'string' },
    seed: { type: 'string' },
    'admin-token': { type: 'string' },
    ports: { type: 'string' },
    'github-env': { type: 'string' },
  },
  strict: true,
});

// DLC job commands run as this user and can read /proc/<ppid>/cmdline: keep the data dir and an
// --admin-token given on the command line out of it (the title overwrites the argument vector).
process.title = 'pai-emulator';

const number = (name: string, raw: string | undefined) => {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return value;
};

const ports = Object.fromEntries(
  (values.ports ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => {
      const [name, port] = pair.split('=');
      return [name!, number(`ports ${name}`, port)!];
    }),
);

const emulator = await Emulator.start({
  ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  ...(values.host ? { host: values.host } : {}),
  ...(values.region ? { region: values.region } : {}),
  ...(values.speed ? { speed: number('speed', values.speed)! } : {}),
  ...(values.seed ? { seed: number('seed', values.seed)! } : {}),
  ...(values['admin-token'] ? { adminToken: values['admin-token'] } : {}),
  ports,
});
const shutdown = () => {
  void emulator.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
if (values['github-env']) appendFileSync(values['github-env'], githubEnvLines(emulator.info));
// Last: whoever waits for this line may signal at once, and must find the handlers in place.
process.stdout.write(`${JSON.stringify(emulator.info)}\n`);
