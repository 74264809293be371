import { AdminClient, Emulator, ROLES } from '../src/index.js';
import { apiFailure, AssumeRoleRequest, ossClient, roleArn, stsClient, type Keys } from './sts-support.js';

/** STS AssumeRole through the real @alicloud/sts20150401 client, signed with RAM keys. */
describe('STS AssumeRole', () => {
  let emulator: Emulator;
  let admin: AdminClient;
  let adminKeys: Keys;

  beforeAll(async () => {
    emulator = await Emulator.start();
    admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
    adminKeys = emulator.info.credentials;
  });
  afterAll(async () => {
    await emulator.stop();
  });

  async function assume(keys: Keys, request: ConstructorParameters<typeof AssumeRoleRequest>[0]) {
    const response = await stsClient(emulator, keys).assumeRole(new AssumeRoleRequest(request));
    return response.body!;
  }

  const sessionKeys = (body: Awaited<ReturnType<typeof assume>>): Keys => ({
    accessKeyId: body.credentials!.accessKeyId!,
    accessKeySecret: body.credentials!.accessKeySecret!,
    securityToken: body.credentials!.securityToken!,
  });

  test('issues temporary credentials that carry the role, and only the role, to OSS', async () => {
    const issuedAt = (await admin.clock()).nowMs;
    const body = await assume(adminKeys, {
      roleArn: roleArn(emulator, ROLES.trainer),
      roleSessionName: 'alice@ci',
      durationSeconds: 1800,
    });

    expect(body.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(body.assumedRoleUser!.arn).toBe(`${roleArn(emulator, ROLES.trainer)}/alice@ci`);
    expect(body.assumedRoleUser!.assumedRoleId).toMatch(/^\d+:alice@ci$/);
    expect(body.credentials!.accessKeyId).toMatch(/^STS\./);
    expect(body.credentials!.expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const lifetime = Date.parse(body.credentials!.expiration!) - issuedAt;
    expect(lifetime).toBeGreaterThan(1795_000);
    expect(lifetime).toBeLessThanOrEqual(1805_000);

    const oss = ossClient(emulator, sessionKeys(body));
    const put = await oss.put('models/assume-role/weights.bin', Buffer.from('weights'));
    expect(put.res.status).toBe(200);
    // The trainer role writes models and datasets, nothing else in the bucket.
    await expect(oss.put('elsewhere/x.txt', Buffer.from('x'))).rejects.toMatchObject({
      status: 403,
      code: 'AccessDenied',
    });
  });

  test('a session Policy narrows the role: reads allowed by both pass, writes the session policy lacks are denied', async () => {
    await ossClient(emulator, adminKeys).put('models/narrow/config.json', Buffer.from('{}'));
    const readOnly = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['oss:GetObject'], Resource: ['*'] }],
    });
    const body = await assume(adminKeys, {
      roleArn: roleArn(emulator, ROLES.trainer),
      roleSessionName: 'reader',
      policy: readOnly,
    });
    const oss = ossClient(emulator, sessionKeys(body));
    expect((await oss.get('models/narrow/config.json')).content.toString()).toBe('{}');
    await expect(oss.put('models/narrow/config.json', Buffer.from('[]'))).rejects.toMatchObject({ status: 403 });
  });

  test('an expired session is refused by OSS and STS with their expired-token errors once the clock passes its expiry', async () => {
    const body = await assume(adminKeys, {
      roleArn: roleArn(emulator, ROLES.deployer),
      roleSessionName: 'short-lived',
      durationSeconds: 900,
    });
    // Still valid: the deployer may not assume roles, so RAM answers, which proves the token was accepted.
    const stillValid = await apiFailure(
      assume(sessionKeys(body), { roleArn: roleArn(emulator, ROLES.trainer), roleSessionName: 'chain' }),
    );
    expect(stillValid.code).toBe('NoPermission');

    const oss = ossClient(emulator, sessionKeys(body));
    expect((await oss.put('models/short-lived/before.bin', Buffer.from('b'))).res.status).toBe(200);

    await admin.advanceClock(901_000);
    await expect(oss.put('models/short-lived/after.bin', Buffer.from('a'))).rejects.toMatchObject({
      status: 403,
      code: 'SecurityTokenExpired',
    });
    const expired = await apiFailure(
      assume(sessionKeys(body), { roleArn: roleArn(emulator, ROLES.trainer), roleSessionName: 'chain' }),
    );
    expect(expired).toMatchObject({ code: 'InvalidSecurityToken.Expired', statusCode: 400 });
  });

  test('a caller without sts:AssumeRole on the role gets NoPermission naming action and role', async () => {
    const keys = await admin.createUser('no-sts', ['PaiTrainerPolicy']);
    const failure = await apiFailure(
      assume(keys, { roleArn: roleArn(emulator, ROLES.trainer), roleSessionName: 'try' }),
    );
    expect(failure).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(failure.message).toContain('sts:AssumeRole');
    expect(failure.message).toContain(roleArn(emulator, ROLES.trainer));
  });

  test('a role whose trust policy does not name the caller cannot be assumed, even by an administrator', async () => {
    // The DLC job role trusts the PAI-DLC service only.
    const failure = await apiFailure(
      assume(adminKeys, { roleArn: roleArn(emulator, ROLES.dlcJob), roleSessionName: 'try' }),
    );
    expect(failure).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(failure.message).toMatch(/trust policy/);
  });

  test('a trust policy naming one user admits that user only', async () => {
    const trusted = await admin.createUser('trusted-user', ['AdministratorAccess']);
    const other = await admin.createUser('other-user', ['AdministratorAccess']);
    const { arn } = await admin.call<{ arn: string }>('POST', '/ram/roles', {
      name: 'OneUserRole',
      trust: {
        Version: '1',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { RAM: [`acs:ram::${emulator.info.accountId}:user/trusted-user`] },
          },
        ],
      },
      policies: ['PaiEasModelReaderPolicy'],
    });
    const ok = await assume(trusted, { roleArn: arn, roleSessionName: 'me' });
    expect(ok.credentials!.accessKeyId).toMatch(/^STS\./);
    expect((await apiFailure(assume(other, { roleArn: arn, roleSessionName: 'me' }))).code).toBe('NoPermission');
  });

  test.each([
    ['a duration under 15 min', { durationSeconds: 899 }, 'InvalidParameter.DurationSeconds'],
    ["a duration over the role's maximum", { durationSeconds: 3601 }, 'InvalidParameter.DurationSeconds'],
    ['a one-character session name', { roleSessionName: 'a' }, 'InvalidParameter.RoleSessionName'],
    ['a session name with a space', { roleSessionName: 'has space' }, 'InvalidParameter.RoleSessionName'],
    [
      'a policy with a bad Effect',
      { policy: '{"Version":"1","Statement":[{"Effect":"Maybe"}]}' },
      'InvalidParameter.PolicyGrammar',
    ],
    ['a policy over 2048 bytes', { policy: 'x'.repeat(2049) }, 'InvalidParameter.PolicySize'],
    ['an AWS role ARN', { roleArn: 'arn:aws:iam::1:role/x' }, 'InvalidParameter.RoleArn'],
  ])('rejects %s with %s (400)', async (_what, override, code) => {
    const failure = await apiFailure(
      assume(adminKeys, { roleArn: roleArn(emulator, ROLES.trainer), roleSessionName: 'valid', ...override }),
    );
    expect(failure).toMatchObject({ code, statusCode: 400 });
  });

  test('an unknown role is EntityNotExist.Role (404)', async () => {
    const failure = await apiFailure(
      assume(adminKeys, { roleArn: roleArn(emulator, 'NoSuchRole'), roleSessionName: 'x' }),
    );
    expect(failure).toMatchObject({ code: 'EntityNotExist.Role', statusCode: 404 });
  });

  test('a wrong secret never reaches STS: SignatureDoesNotMatch', async () => {
    const failure = await apiFailure(
      assume(
        { accessKeyId: adminKeys.accessKeyId, accessKeySecret: `${adminKeys.accessKeySecret}x` },
        { roleArn: roleArn(emulator, ROLES.trainer), roleSessionName: 'x' },
      ),
    );
    expect(failure.code).toBe('SignatureDoesNotMatch');
  });
});
