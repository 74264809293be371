import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { AdminClient, DEFAULT_AUDIENCE, Emulator, ROLES } from '../src/index.js';
import { idToken, ossClient, providerArn, roleArn } from './sts-support.js';

/**
 * @alicloud/credentials against the emulator's TLS listener. The SDK only speaks https to STS, and Node
 * reads NODE_EXTRA_CA_CERTS once at start-up, so each exchange runs in a child `node` with it set.
 */
const CHILD = `
import * as ns from '@alicloud/credentials';
const Credential = ns.default.default ?? ns.default;
const Config = ns.Config ?? ns.default.Config;
const credential = new Credential(new Config(JSON.parse(process.env.CREDENTIAL_CONFIG)));
const c = await credential.getCredential();
process.stdout.write(JSON.stringify({ accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken, type: c.type }));
`;

interface ChildResult {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  type: string;
}

const repoRoot = resolve(import.meta.dirname, '../../..');

function runCredentials(config: Record<string, unknown>, caCertPath: string | undefined): Promise<ChildResult> {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], CREDENTIAL_CONFIG: JSON.stringify(config) };
  if (caCertPath) env['NODE_EXTRA_CA_CERTS'] = caCertPath;
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', CHILD],
      { cwd: repoRoot, env, timeout: 20_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`credentials child failed: ${stderr.split('\n').slice(0, 5).join(' ')}`));
        else resolvePromise(JSON.parse(stdout) as ChildResult);
      },
    );
  });
}

describe('@alicloud/credentials against the emulated STS (TLS)', () => {
  let emulator: Emulator;
  let admin: AdminClient;
  let workDir: string;
  let caCertPath: string;
  let stsEndpoint: string;

  beforeAll(async () => {
    emulator = await Emulator.start();
    admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
    workDir = mkdtempSync(join(tmpdir(), 'pai-sts-credentials-'));
    caCertPath = String(emulator.info['caCertPath']);
    stsEndpoint = new URL(emulator.info.endpoints['stsTls']!).host;
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  test('the CA file holds a CA certificate only, and the TLS listener is named for 127.0.0.1', () => {
    const pem = readFileSync(caCertPath, 'utf8');
    expect(pem).not.toMatch(/PRIVATE\s+KEY/);
    expect(new X509Certificate(pem).ca).toBe(true);
    expect(emulator.info.endpoints['stsTls']).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  test('type oidc_role_arn (what configure-aliyun-credentials-action uses) gets working STS credentials', async () => {
    const tokenFile = join(workDir, 'oidc-token');
    writeFileSync(tokenFile, await idToken(admin, { repository: 'octo-org/octo-repo' }, DEFAULT_AUDIENCE), {
      mode: 0o600,
    });
    const credentials = await runCredentials(
      {
        type: 'oidc_role_arn',
        roleArn: roleArn(emulator, ROLES.trainer),
        oidcProviderArn: providerArn(emulator),
        oidcTokenFilePath: tokenFile,
        roleSessionName: 'github-action-session',
        stsEndpoint,
      },
      caCertPath,
    );
    expect(credentials).toMatchObject({ type: 'oidc_role_arn', accessKeyId: expect.stringMatching(/^STS\./) });
    const oss = ossClient(emulator, credentials);
    expect((await oss.put('models/credentials-sdk/oidc.bin', Buffer.from('o'))).res.status).toBe(200);

    const exchanges = await admin.requests({ product: 'sts', action: 'AssumeRoleWithOIDC' });
    expect(exchanges.at(-1)).toMatchObject({ status: 200, method: 'POST' });
  });

  test('type ram_role_arn (AssumeRole, legacy RPC signature) gets working STS credentials', async () => {
    const credentials = await runCredentials(
      {
        type: 'ram_role_arn',
        accessKeyId: emulator.info.credentials.accessKeyId,
        accessKeySecret: emulator.info.credentials.accessKeySecret,
        roleArn: roleArn(emulator, ROLES.deployer),
        roleSessionName: 'ram-role-arn',
        stsEndpoint,
      },
      caCertPath,
    );
    expect(credentials).toMatchObject({ type: 'ram_role_arn', accessKeyId: expect.stringMatching(/^STS\./) });
    const oss = ossClient(emulator, credentials);
    expect((await oss.put('models/credentials-sdk/ram.bin', Buffer.from('r'))).res.status).toBe(200);
  });

  test('without the CA the TLS handshake fails: the certificate is not trusted by accident', async () => {
    const tokenFile = join(workDir, 'oidc-token-2');
    writeFileSync(tokenFile, await idToken(admin, {}, DEFAULT_AUDIENCE));
    await expect(
      runCredentials(
        {
          type: 'oidc_role_arn',
          roleArn: roleArn(emulator, ROLES.trainer),
          oidcProviderArn: providerArn(emulator),
          oidcTokenFilePath: tokenFile,
          roleSessionName: 'no-ca',
          stsEndpoint,
        },
        undefined,
      ),
    ).rejects.toThrow(/certificate|self.signed|CERT/i);
  });
});
