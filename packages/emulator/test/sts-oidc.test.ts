import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { AdminClient, DEFAULT_AUDIENCE, Emulator, GITHUB_ISSUER, ROLES } from '../src/index.js';
import {
  apiFailure,
  AssumeRoleWithOIDCRequest,
  idToken,
  ossClient,
  providerArn,
  roleArn,
  stsClient,
} from './sts-support.js';

/** STS AssumeRoleWithOIDC through the real @alicloud/sts20150401 client (anonymous), with GitHub ID tokens. */
describe('STS AssumeRoleWithOIDC', () => {
  let emulator: Emulator;
  let admin: AdminClient;
  const mainBranch = { repository: 'octo-org/octo-repo', ref: 'refs/heads/main', run_id: '77', run_attempt: '1' };

  beforeAll(async () => {
    emulator = await Emulator.start();
    admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  });
  afterAll(async () => {
    await emulator.stop();
  });

  function exchange(token: string, overrides: { role?: string; provider?: string; durationSeconds?: number } = {}) {
    return stsClient(emulator).assumeRoleWithOIDC(
      new AssumeRoleWithOIDCRequest({
        OIDCProviderArn: overrides.provider ?? providerArn(emulator),
        OIDCToken: token,
        roleArn: overrides.role ?? roleArn(emulator, ROLES.trainer),
        roleSessionName: 'github-77-1',
        ...(overrides.durationSeconds ? { durationSeconds: overrides.durationSeconds } : {}),
      }),
    );
  }

  test('exchanges a GitHub ID token for credentials of the role that work against OSS', async () => {
    const token = await idToken(admin, mainBranch, DEFAULT_AUDIENCE);
    const body = (await exchange(token, { durationSeconds: 900 })).body!;

    expect(body.assumedRoleUser!.arn).toBe(`${roleArn(emulator, ROLES.trainer)}/github-77-1`);
    expect(body.OIDCTokenInfo).toMatchObject({
      subject: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      issuer: GITHUB_ISSUER,
      clientIds: DEFAULT_AUDIENCE,
    });
    const claims = decodeJwt(token);
    expect(body.OIDCTokenInfo!.expirationTime).toBe(new Date(claims.exp! * 1000).toISOString().replace('.000Z', 'Z'));
    const oss = ossClient(emulator, {
      accessKeyId: body.credentials!.accessKeyId!,
      accessKeySecret: body.credentials!.accessKeySecret!,
      securityToken: body.credentials!.securityToken!,
    });
    expect((await oss.put('models/oidc/model.pt', Buffer.from('m'))).res.status).toBe(200);
  });

  test('a token signed by another key is AuthenticationFail.OIDCToken.Invalid', async () => {
    const genuine = await idToken(admin, mainBranch, DEFAULT_AUDIENCE);
    const { privateKey } = await generateKeyPair('RS256');
    // Same header (kid included) and claims as a genuine token: only the signature differs.
    const forged = await new SignJWT(decodeJwt(genuine))
      .setProtectedHeader(decodeProtectedHeader(genuine) as { alg: string })
      .sign(privateKey);
    const failure = await apiFailure(exchange(forged));
    expect(failure).toMatchObject({ code: 'AuthenticationFail.OIDCToken.Invalid', statusCode: 401 });
  });

  test('a token for another audience is AuthenticationFail.OIDCToken.AudienceNotMatch', async () => {
    const token = await idToken(admin, mainBranch, 'api://AzureADTokenExchange');
    const failure = await apiFailure(exchange(token));
    expect(failure).toMatchObject({ code: 'AuthenticationFail.OIDCToken.AudienceNotMatch', statusCode: 401 });
  });

  test('a token past its five minutes on the emulator clock is AuthenticationFail.OIDCToken.Expired', async () => {
    const token = await idToken(admin, mainBranch, DEFAULT_AUDIENCE);
    await admin.advanceClock(301_000);
    const failure = await apiFailure(exchange(token));
    expect(failure).toMatchObject({ code: 'AuthenticationFail.OIDCToken.Expired', statusCode: 401 });
  });

  test("a subject the role's trust condition does not match is AuthenticationFail.NoPermission", async () => {
    const { arn } = await admin.call<{ arn: string }>('POST', '/ram/roles', {
      name: 'MainBranchOnly',
      trust: {
        Version: '1',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { Federated: [providerArn(emulator)] },
            Condition: {
              StringEquals: {
                'oidc:iss': GITHUB_ISSUER,
                'oidc:aud': DEFAULT_AUDIENCE,
                'oidc:sub': 'repo:octo-org/octo-repo:ref:refs/heads/main',
              },
            },
          },
        ],
      },
      policies: ['PaiEasModelReaderPolicy'],
    });
    const fromMain = await idToken(admin, mainBranch, DEFAULT_AUDIENCE);
    expect((await exchange(fromMain, { role: arn })).body!.credentials!.accessKeyId).toMatch(/^STS\./);

    const fromPullRequest = await idToken(admin, { ...mainBranch, event_name: 'pull_request' }, DEFAULT_AUDIENCE);
    const failure = await apiFailure(exchange(fromPullRequest, { role: arn }));
    expect(failure).toMatchObject({ code: 'AuthenticationFail.NoPermission', statusCode: 403 });
    expect(failure.message).toContain('repo:octo-org/octo-repo:pull_request');
  });

  test('an unknown provider is AuthenticationFail.NoPermission; a role that trusts only services refuses tokens', async () => {
    const token = await idToken(admin, mainBranch, DEFAULT_AUDIENCE);
    const unknown = await apiFailure(exchange(token, { provider: providerArn(emulator, 'not-registered') }));
    expect(unknown).toMatchObject({ code: 'AuthenticationFail.NoPermission', statusCode: 403 });
    expect(unknown.message).toMatch(/No such OIDC Provider/);

    const serviceRole = await apiFailure(exchange(token, { role: roleArn(emulator, ROLES.dlcJob) }));
    expect(serviceRole.code).toBe('AuthenticationFail.NoPermission');
  });

  test('a provider registered for another issuer is AuthenticationFail.OIDCToken.IssuerNotMatch', async () => {
    const { arn } = await admin.call<{ arn: string }>('POST', '/ram/oidc-providers', {
      name: 'gitlab',
      issuerUrl: 'https://gitlab.com',
      clientIds: [DEFAULT_AUDIENCE],
    });
    const token = await idToken(admin, mainBranch, DEFAULT_AUDIENCE);
    const failure = await apiFailure(exchange(token, { provider: arn }));
    expect(failure).toMatchObject({ code: 'AuthenticationFail.OIDCToken.IssuerNotMatch', statusCode: 401 });
  });

  test('missing parameters and garbage tokens get 400 MissingParameter / 401 Invalid', async () => {
    const missing = await apiFailure(exchange(''));
    expect(missing).toMatchObject({ code: 'MissingParameter.OIDCToken', statusCode: 400 });
    const garbage = await apiFailure(exchange('not.a.jwt'));
    expect(garbage).toMatchObject({ code: 'AuthenticationFail.OIDCToken.Invalid', statusCode: 401 });
  });
});
