import {
  credentialsFromEnv,
  readCredentialOptions,
  roleSessionNameForRun,
  sanitizeRoleSessionName,
} from '../src/credentials.js';
import { InputError } from '../src/errors.js';
import { InputReader } from '../src/inputs.js';

describe('role session names', () => {
  test('name the run and attempt, and stay within STS rules', () => {
    expect(roleSessionNameForRun({ GITHUB_RUN_ID: '123456789', GITHUB_RUN_ATTEMPT: '3' })).toBe('github-123456789-3');
    expect(roleSessionNameForRun({ GITHUB_RUN_ID: '42' })).toBe('github-42-1');
    expect(roleSessionNameForRun({})).toBe('github-actions');
  });

  test('sanitising replaces what STS refuses and bounds the length', () => {
    expect(sanitizeRoleSessionName('octo org/repo#1')).toBe('octo-org-repo-1');
    expect(sanitizeRoleSessionName('x'.repeat(100))).toHaveLength(64);
    expect(sanitizeRoleSessionName('a')).toMatch(/^[a-zA-Z0-9.@_-]{2}$/);
    expect(sanitizeRoleSessionName('ünïcødé@ci.example')).toMatch(/^[a-zA-Z0-9.@_-]{2,64}$/);
  });
});

describe('credentialsFromEnv', () => {
  test('takes the first family that is set, with its token', () => {
    expect(
      credentialsFromEnv({
        ALIBABACLOUD_ACCESS_KEY_ID: 'id-2',
        ALIBABACLOUD_ACCESS_KEY_SECRET: 'secret-2',
        ALIBABACLOUD_SECURITY_TOKEN: 'token-2',
        ALICLOUD_ACCESS_KEY: 'id-3',
        ALICLOUD_SECRET_KEY: 'secret-3',
      }),
    ).toEqual({ accessKeyId: 'id-2', accessKeySecret: 'secret-2', securityToken: 'token-2' });
  });

  test('never mixes a token of one family into another', () => {
    expect(
      credentialsFromEnv({
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'id-1',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret-1',
        ALICLOUD_SECURITY_TOKEN: 'token-3',
      }),
    ).toEqual({ accessKeyId: 'id-1', accessKeySecret: 'secret-1' });
  });

  test('blank means unset; a lone secret names the missing key id without showing the secret', () => {
    expect(
      credentialsFromEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: ' ', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' }),
    ).toBeUndefined();
    expect(() => credentialsFromEnv({ ALICLOUD_SECRET_KEY: 'very-secret' })).toThrow(
      /^ALICLOUD_SECRET_KEY is set but ALICLOUD_ACCESS_KEY is not/,
    );
    expect(() => credentialsFromEnv({ ALICLOUD_SECRET_KEY: 'very-secret' })).not.toThrow(/very-secret/);
  });
});

describe('readCredentialOptions', () => {
  const reader = (inputs: Record<string, string>) => new InputReader((name) => inputs[name] ?? '');

  test('reads the credential inputs, all optional', () => {
    expect(readCredentialOptions(reader({}))).toMatchObject({ roleArn: undefined, oidcProviderArn: undefined });
    expect(
      readCredentialOptions(
        reader({
          'role-arn': 'acs:ram::1234567890:role/paideployerrole',
          'oidc-provider-arn': 'acs:ram::1234567890:oidc-provider/github',
          audience: 'github-actions',
          'role-duration-seconds': '900',
        }),
      ),
    ).toMatchObject({
      roleArn: 'acs:ram::1234567890:role/paideployerrole',
      oidcProviderArn: 'acs:ram::1234567890:oidc-provider/github',
      audience: 'github-actions',
      durationSeconds: 900,
    });
  });

  test('a malformed ARN fails with one line naming input, value and form', () => {
    expect(() => readCredentialOptions(reader({ 'role-arn': 'PaiDeployerRole' }))).toThrow(
      new InputError('role-arn', 'PaiDeployerRole', 'a RAM role ARN like acs:ram::<account id>:role/<role name>'),
    );
    expect(() => readCredentialOptions(reader({ 'role-duration-seconds': '100000' }))).toThrow(/role-duration-seconds/);
  });

  test('a malformed STS endpoint fails up front, naming the input', () => {
    expect(() => readCredentialOptions(reader({ 'sts-endpoint': 'https://sts.example.com/v1' }))).toThrow(
      new InputError('sts-endpoint', 'https://sts.example.com/v1', 'a host[:port] or an http(s):// URL without a path'),
    );
    expect(readCredentialOptions(reader({ 'sts-endpoint': 'http://127.0.0.1:9000' })).stsEndpoint).toBe(
      'http://127.0.0.1:9000',
    );
  });

  test('an audience no RAM client ID can be (a space, a control character, a leading symbol, over 128) is refused up front', () => {
    for (const audience of ['sts aliyuncs', 'sts\u0001aliyuncs', '-sts', 'a'.repeat(129)]) {
      expect(() => readCredentialOptions(reader({ audience }))).toThrow(/^Input "audience" has invalid value/);
    }
    for (const audience of ['sts.aliyuncs.com', 'github-actions', 'https://github.com/octo-org', 'a'.repeat(128)]) {
      expect(readCredentialOptions(reader({ audience })).audience).toBe(audience);
    }
  });
});
