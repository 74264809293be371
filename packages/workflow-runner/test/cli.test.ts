import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FIXTURE_REPO } from './support.js';

const BIN = fileURLToPath(new URL('../bin/pai-workflow.js', import.meta.url));

function cli(args: string[], env: Record<string, string> = {}) {
  return promisify(execFile)(process.execPath, [BIN, ...args], {
    cwd: FIXTURE_REPO,
    env: { PATH: process.env['PATH']!, HOME: process.env['HOME'] ?? '/tmp', ...env },
    timeout: 60_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

describe('pai-workflow CLI', () => {
  test('runs a workflow under plain node, secrets from the environment and masked; exit 0', async () => {
    const secret = 'cli-secret-5d1e';
    const { code, stdout } = await cli(
      ['workflows/mask.yml', '--actions-root', FIXTURE_REPO, '--secret', 'API_KEY', '--repository', 'octo-org/models'],
      { API_KEY: secret },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('[secrets] [Run echo "the key is $API_KEY"] the key is ***');
    expect(stdout).toContain('Workflow success');
    expect(stdout).not.toContain(secret);
  });

  test('a failing workflow exits 1; an unsupported one or a bad option exits 2 with the reason', async () => {
    expect((await cli(['workflows/failure.yml'])).code).toBe(1);
    const unsupported = await cli(['workflows/unsupported/docker.yml']);
    expect(unsupported.code).toBe(2);
    expect(unsupported.stderr).toContain('docker actions are not supported');
    const missingSecret = await cli(['workflows/mask.yml', '--secret', 'NOT_SET_ANYWHERE']);
    expect(missingSecret.code).toBe(2);
    expect(missingSecret.stderr).toContain(
      '--secret NOT_SET_ANYWHERE: the environment variable NOT_SET_ANYWHERE is not set',
    );
  });
});
