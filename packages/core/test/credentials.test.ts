import { jest } from '@jest/globals';
import { AdminClient, DEFAULT_AUDIENCE, Emulator, ROLES } from '../../emulator/src/index.js';
import { enterRun } from '../../emulator/test/support/github-run.js';
import { ossClient, providerArn, roleArn, type Keys } from '../../emulator/test/sts-support.js';
import { CredentialsError, resolveCredentials, type CredentialOptions } from '../src/credentials.js';
import { InputError } from '../src/errors.js';

/**
 * resolveCredentials end to end: GitHub OIDC through the emulator's issuer and STS (the real
 * @actions/core and @alicloud/sts20150401), and the environment chain; the credentials are then
 * proven against emulated OSS, and masking is read from what @actions/core writes to stdout.
 */
describe('resolveCredentials', () => {
  let emulator: Emulator;
  let admin: AdminClient;
  let stdout: string;
  const savedEnv = { ...process.env };
  const fastRetries = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

  beforeAll(async () => {
    emulator = await Emulator.start();
    admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    process.env = { ...savedEnv };
    for (const name of Object.keys(process.env)) {
      if (/^(ALIBABA_?CLOUD|ALICLOUD|ACTIONS_ID_TOKEN|GITHUB_)/.test(name)) delete process.env[name];
    }
    stdout = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += chunk.toString();
      return true;
    });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    process.env = { ...savedEnv };
    await admin.clearFaults();
  });

  async function inGitHubJob(claims: Record<string, string>): Promise<void> {
    await enterRun(admin, claims);
    process.env['GITHUB_RUN_ID'] = claims['run_id'] ?? '1';
    process.env['GITHUB_RUN_ATTEMPT'] = claims['run_attempt'] ?? '1';
    process.env['ALIBABA_CLOUD_STS_ENDPOINT'] = emulator.info.endpoints['sts'];
  }

  const oss = (credentials: Keys) => ossClient(emulator, credentials);

  /** The secret is masked, and every stdout line that shows it is the mask command itself. */
  function expectMaskedOnly(secret: string): void {
    const lines = stdout.split('\n').filter((line) => line.includes(secret));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line === `::add-mask::${secret}`)).toBe(true);
  }

  const oidcOptions = (): CredentialOptions => ({
    roleArn: roleArn(emulator, ROLES.trainer),
    oidcProviderArn: providerArn(emulator, 'github'),
    region: emulator.info.region,
    retryPolicy: fastRetries,
  });

  test('OIDC: the job token becomes STS credentials of the role that work on OSS, every secret masked first', async () => {
    await inGitHubJob({ repository: 'octo-org/octo-repo', run_id: '555', run_attempt: '2' });
    const credentials = await resolveCredentials(oidcOptions());

    expect(credentials.source).toBe('oidc');
    expect(credentials.accessKeyId).toMatch(/^STS\./);
    expect(Date.parse(credentials.expiration!)).toBeGreaterThan((await admin.clock()).nowMs + 3_500_000);

    const [exchange] = await admin.requests({ product: 'sts', action: 'AssumeRoleWithOIDC' });
    expect(exchange!.query).toMatchObject({ RoleSessionName: 'github-555-2', DurationSeconds: '3600' });
    expect(exchange!.query['OIDCToken']).toBe('***'); // the emulator's log never holds credentials
    const masked = stdout.split('\n').filter((line) => line.startsWith('::add-mask::eyJ'));
    const idToken = masked[0]!.slice('::add-mask::'.length);
    expect(JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString())).toMatchObject({
      aud: DEFAULT_AUDIENCE,
    });
    expectMaskedOnly(idToken);
    expectMaskedOnly(credentials.accessKeySecret);
    expectMaskedOnly(credentials.securityToken!);

    const put = await oss(credentials).put('models/resolve-credentials/oidc.bin', Buffer.from('o'));
    expect(put.res.status).toBe(200);
  });

  test('OIDC: a transient STS failure is retried through the shared policy', async () => {
    await inGitHubJob({ run_id: '9' });
    await admin.injectFault({ product: 'sts', action: 'AssumeRoleWithOIDC', kind: 'error', status: 503, count: 1 });
    const retries: string[] = [];
    const credentials = await resolveCredentials({
      ...oidcOptions(),
      onRetry: (info) => retries.push(info.error.code),
    });
    expect(credentials.source).toBe('oidc');
    expect(retries).toEqual(['ServiceUnavailable']);
  });

  test("OIDC: a trust policy that refuses the token fails once, naming the token's subject", async () => {
    await inGitHubJob({ repository: 'someone/else', ref: 'refs/heads/dev' });
    const retries: unknown[] = [];
    const failure = resolveCredentials({
      ...oidcOptions(),
      roleArn: roleArn(emulator, ROLES.dlcJob),
      onRetry: (info) => retries.push(info),
    });
    await expect(failure).rejects.toThrow(CredentialsError);
    await expect(failure).rejects.toThrow(/AuthenticationFail\.NoPermission.*repo:someone\/else:ref:refs\/heads\/dev/);
    expect(retries).toHaveLength(0);
  });

  test('OIDC: a wrong audience is explained in terms of the provider client IDs', async () => {
    await inGitHubJob({});
    await expect(resolveCredentials({ ...oidcOptions(), audience: 'github-actions' })).rejects.toThrow(
      /AudienceNotMatch.*"github-actions" must be one of the OIDC provider's client IDs/,
    );
  });

  test('OIDC without id-token permission says how to grant it, before calling anything', async () => {
    const calls = async () =>
      (await admin.requests({ product: 'oidc' })).length + (await admin.requests({ product: 'sts' })).length;
    const before = await calls();
    await expect(resolveCredentials(oidcOptions())).rejects.toThrow(/permissions: id-token: write/);
    expect(await calls()).toBe(before);
  });

  test.each([
    [{ roleArn: 'acs:ram::123:role/x' }, /Input "oidc-provider-arn" is required/],
    [{ oidcProviderArn: 'acs:ram::123:oidc-provider/github' }, /Input "role-arn" is required/],
    [
      { roleArn: 'arn:aws:iam::123:role/x', oidcProviderArn: 'acs:ram::123:oidc-provider/g' },
      /Input "role-arn" has invalid value/,
    ],
    [
      { roleArn: 'acs:ram::1:role/x', oidcProviderArn: 'acs:ram::1:oidc-provider/g', roleSessionName: 'a b' },
      /role-session-name/,
    ],
    [
      { roleArn: 'acs:ram::1:role/x', oidcProviderArn: 'acs:ram::1:oidc-provider/g', durationSeconds: 60 },
      /role-duration-seconds/,
    ],
  ])('%j is refused up front as an input error', async (options, message) => {
    const before = (await admin.requests({ product: 'sts' })).length;
    const failure = resolveCredentials(options);
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(message);
    expect(await admin.requests({ product: 'sts' })).toHaveLength(before);
  });

  test('environment: STS credentials exported by an earlier step are used and masked', async () => {
    const { accessKeyId, accessKeySecret } = emulator.info.credentials;
    const session = emulator.context.ram.createSession(
      ROLES.deployer,
      'earlier-step',
      900,
      emulator.context.clock.now(),
    );
    process.env['ALIBABA_CLOUD_ACCESS_KEY_ID'] = session.accessKeyId;
    process.env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'] = session.secret;
    process.env['ALIBABA_CLOUD_SECURITY_TOKEN'] = session.securityToken;
    // A lower-priority family is ignored while the first one is set.
    process.env['ALICLOUD_ACCESS_KEY'] = accessKeyId;
    process.env['ALICLOUD_SECRET_KEY'] = accessKeySecret;

    const credentials = await resolveCredentials();
    expect(credentials).toEqual({
      source: 'env',
      accessKeyId: session.accessKeyId,
      accessKeySecret: session.secret,
      securityToken: session.securityToken,
    });
    expectMaskedOnly(session.secret);
    expectMaskedOnly(session.securityToken);
    expect((await oss(credentials).put('models/resolve-credentials/env.bin', Buffer.from('e'))).res.status).toBe(200);
  });

  test('environment: the Terraform family works, blanked variables count as unset, a key warns in a workflow', async () => {
    process.env['ALIBABA_CLOUD_ACCESS_KEY_ID'] = '';
    process.env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'] = '';
    process.env['ALICLOUD_ACCESS_KEY'] = emulator.info.credentials.accessKeyId;
    process.env['ALICLOUD_SECRET_KEY'] = emulator.info.credentials.accessKeySecret;
    process.env['GITHUB_ACTIONS'] = 'true';

    const credentials = await resolveCredentials();
    expect(credentials).toEqual({ source: 'env', ...emulator.info.credentials });
    expect(stdout).toMatch(/^::warning::Using a long-lived AccessKey/m);
    expectMaskedOnly(emulator.info.credentials.accessKeySecret);
  });

  test('environment: half a key pair names the missing variable; nothing at all explains both ways', async () => {
    process.env['ALIBABACLOUD_ACCESS_KEY_ID'] = 'TESTexample';
    await expect(resolveCredentials()).rejects.toThrow(
      'ALIBABACLOUD_ACCESS_KEY_ID is set but ALIBABACLOUD_ACCESS_KEY_SECRET is not',
    );
    delete process.env['ALIBABACLOUD_ACCESS_KEY_ID'];
    await expect(resolveCredentials()).rejects.toThrow(/role-arn and oidc-provider-arn.*ALIBABA_CLOUD_ACCESS_KEY_ID/);
  });
});
