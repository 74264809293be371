import { AdminClient, Emulator } from '../../emulator/src/index.js';
import { emulatorOidc } from '../src/index.js';
import { removeTempDirs, run, step } from './support.js';

/** OIDC: only jobs granted `id-token: write` get the token request variables, as on GitHub. */
describe('OIDC token requests', () => {
  let emulator: Emulator;
  let admin: AdminClient;

  beforeAll(async () => {
    emulator = await Emulator.start();
    admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  });
  afterAll(async () => {
    await emulator.stop();
    removeTempDirs();
  });

  test('a job with id-token: write gets a token from the emulator issuer; a job without it cannot', async () => {
    const oidc = await admin.call<{ requestUrl: string; requestToken: string }>('POST', '/oidc/request-tokens', {
      claims: { repository: 'octo-org/models', ref: 'refs/heads/main', run_id: '7', run_attempt: '1' },
    });
    const result = await run('workflows/oidc.yml', {
      oidc: { requestUrl: oidc.requestUrl, requestToken: oidc.requestToken },
    });

    expect(result.jobs['granted']!.result).toBe('success');
    expect(result.jobs['granted']!.outputs['repository']).toBe('octo-org/models');
    // @actions/core masks the ID token it gets; the runner honours that in what it reports.
    expect(step(result, 'granted', 'claims').outputs['token']).toBe('***');
    expect(result.jobs['not-granted']!.result).toBe('failure');
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        job: 'not-granted',
        level: 'error',
        message: expect.stringContaining('ACTIONS_ID_TOKEN_REQUEST_URL'),
      }),
    );
    expect(result.log.join('\n')).not.toContain(oidc.requestToken);
  });

  test('emulatorOidc registers each job with its own claims: a job with an environment gets that subject', async () => {
    const result = await run('workflows/oidc.yml', {
      oidc: emulatorOidc(emulator.info.endpoints['admin']!, emulator.info.adminToken),
    });
    expect(result.jobs['deploy']!.outputs['sub']).toBe('repo:octo-org/models:environment:production');
    expect(result.jobs['deploy']!.environment).toEqual({ name: 'production', url: 'https://example.invalid/endpoint' });
    expect(step(result, 'granted', 'claims').outputs['sub']).toBe('repo:octo-org/models:ref:refs/heads/main');
    expect(result.jobs['not-granted']!.result).toBe('failure');
  });
});
