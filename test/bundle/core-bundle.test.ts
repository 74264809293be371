/**
 * The core library bundled the way actions ship (ncc, ESM) runs on this Node from a directory
 * with no node_modules: OIDC credentials through STS, then EAS, OSS and CloudMonitor calls
 * against the emulator. Code that passes under jest can still fail only inside a bundle
 * ("….default is not a constructor", a lazy chunk not found), so this runs the bundle itself.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import OSS from 'ali-oss';
import { AdminClient, DEMO_BUCKET, Emulator, ROLES } from '../../packages/emulator/src/index.js';
import { registerRun } from '../../packages/emulator/test/support/github-run.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

let emulator: Emulator;
let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'pai-core-bundle-'));
  const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
  await run(process.execPath, [ncc, 'build', join(import.meta.dirname, 'probe.ts'), '-o', outDir, '--minify', '-q'], {
    cwd: root,
    timeout: 300_000, // ncc type-checks the project: minutes on a loaded 2-core machine
  });
  emulator = await Emulator.start();
}, 320_000);

afterAll(async () => {
  await emulator?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

test('the bundled core exchanges a GitHub ID token and calls EAS, OSS and CloudMonitor', async () => {
  const { info } = emulator;
  const admin = new AdminClient(info.endpoints['admin']!, info.adminToken);
  const oss = new OSS({
    ...info.credentials,
    endpoint: info.endpoints['oss']!,
    bucket: DEMO_BUCKET,
    region: `oss-${info.region}`,
  });
  await oss.put('models/bundle-probe/model.json', Buffer.from('{}'));
  const github = await registerRun(admin, { repository: 'octo-org/octo-repo', run_id: '77', run_attempt: '1' });

  const { stdout } = await run(process.execPath, [join(outDir, 'index.js')], {
    cwd: outDir,
    timeout: 30_000,
    env: {
      PATH: process.env['PATH'] ?? '',
      ACTIONS_ID_TOKEN_REQUEST_URL: github.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
      ALIBABA_CLOUD_STS_ENDPOINT: info.endpoints['sts']!,
      PROBE_REGION: info.region,
      PROBE_ROLE_ARN: `acs:ram::${info.accountId}:role/${ROLES.deployer.toLowerCase()}`,
      PROBE_PROVIDER_ARN: `acs:ram::${info.accountId}:oidc-provider/github`,
      PROBE_EAS_ENDPOINT: info.endpoints['eas']!,
      PROBE_OSS_ENDPOINT: info.endpoints['oss']!,
      PROBE_CMS_ENDPOINT: info.endpoints['cms']!,
      PROBE_MODEL_URI: `oss://${DEMO_BUCKET}/models/bundle-probe/model.json`,
    },
  });

  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  expect(result).toMatchObject({ source: 'oidc', services: 0, modelExists: true });
  expect(result['metrics']).toEqual(expect.arrayContaining(['qps_total', 'rps_status_5xx', 'rt']));
  // The calls really went out with the role's temporary credentials, not the demo keys.
  const listed = await admin.requests({ product: 'eas', action: 'ListServices' });
  expect(listed.at(-1)!.accessKeyId).toMatch(/^STS\./);
});
