import { AdminClient, Emulator, ROLES } from '../src/index.js';
import { registerRun } from './support/github-run.js';

test('the admin API lists every secret handed out: keys, ID tokens, STS credentials', async () => {
  const emulator = await Emulator.start();
  try {
    const { info } = emulator;
    const admin = new AdminClient(info.endpoints['admin']!, info.adminToken);
    const run = await registerRun(admin, { repository: 'octo-org/octo-repo', run_id: '5', run_attempt: '1' });
    const idToken = (
      (await (
        await fetch(`${run.requestUrl}&audience=sts.aliyuncs.com`, {
          headers: { authorization: `Bearer ${run.requestToken}` },
        })
      ).json()) as { value: string }
    ).value;
    const form = new URLSearchParams({
      Action: 'AssumeRoleWithOIDC',
      Format: 'JSON',
      Version: '2015-04-01',
      RoleArn: `acs:ram::${info.accountId}:role/${ROLES.deployer.toLowerCase()}`,
      OIDCProviderArn: `acs:ram::${info.accountId}:oidc-provider/github`,
      OIDCToken: idToken,
      RoleSessionName: 'scan-test',
    });
    const sts = (await (await fetch(`${info.endpoints['sts']}/?${form}`, { method: 'POST' })).json()) as {
      Credentials?: { AccessKeySecret: string; SecurityToken: string };
    };
    const secrets = await admin.issuedSecrets();
    expect(secrets).toEqual(expect.arrayContaining([info.credentials.accessKeySecret, info.adminToken, idToken]));
    expect(sts.Credentials).toBeDefined();
    expect(secrets).toEqual(expect.arrayContaining([sts.Credentials!.AccessKeySecret, sts.Credentials!.SecurityToken]));
  } finally {
    await emulator.stop();
  }
});
