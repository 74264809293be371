import {
  evaluateOidcTrust,
  evaluateRamTrust,
  validateTrustPolicy,
  type OidcClaims,
  type TrustPolicyDocument,
} from '../../src/auth/trust.js';

const ACCOUNT = '1234567890';
const PROVIDER = `acs:ram::${ACCOUNT}:oidc-provider/github`;
const ISSUER = 'https://token.actions.githubusercontent.com';

/** The shape the RAM documentation gives for a role trusted by an OIDC provider. */
const githubRole: TrustPolicyDocument = {
  Version: '1',
  Statement: [
    {
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { Federated: [PROVIDER] },
      Condition: {
        StringEquals: { 'oidc:iss': ISSUER, 'oidc:aud': 'sts.aliyuncs.com' },
        StringLike: { 'oidc:sub': 'repo:acme/models:*' },
      },
    },
    {
      Effect: 'Deny',
      Action: 'sts:AssumeRole',
      Principal: { Federated: PROVIDER },
      Condition: { StringLike: { 'oidc:sub': 'repo:acme/models:pull_request' } },
    },
  ],
};

const claims = (overrides: Partial<OidcClaims> = {}): OidcClaims => ({
  iss: ISSUER,
  aud: 'sts.aliyuncs.com',
  sub: 'repo:acme/models:ref:refs/heads/main',
  ...overrides,
});

describe('evaluateOidcTrust', () => {
  it.each([
    ['a token from the repository', claims(), PROVIDER, true, 'allowed'],
    [
      'an audience list that contains the audience',
      claims({ aud: ['other', 'sts.aliyuncs.com'] }),
      PROVIDER,
      true,
      'allowed',
    ],
    ['another repository', claims({ sub: 'repo:evil/models:ref:refs/heads/main' }), PROVIDER, false, 'implicit-deny'],
    ['another audience', claims({ aud: 'https://github.com/acme' }), PROVIDER, false, 'implicit-deny'],
    ['another issuer', claims({ iss: 'https://evil.example' }), PROVIDER, false, 'implicit-deny'],
    ['another provider', claims(), `acs:ram::${ACCOUNT}:oidc-provider/gitlab`, false, 'implicit-deny'],
    [
      'a pull request, denied explicitly',
      claims({ sub: 'repo:acme/models:pull_request' }),
      PROVIDER,
      false,
      'explicit-deny',
    ],
  ])('%s → %s', (_name, token, provider, allowed, reason) => {
    expect(evaluateOidcTrust(githubRole, provider, token)).toMatchObject({ allowed, reason });
  });

  it('does not let a RAM principal statement admit an OIDC token', () => {
    const ramOnly: TrustPolicyDocument = {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ACCOUNT}:root`] } }],
    };
    expect(evaluateOidcTrust(ramOnly, PROVIDER, claims()).allowed).toBe(false);
  });

  it('requires the statement to grant sts:AssumeRole', () => {
    const wrongAction: TrustPolicyDocument = {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Principal: { Federated: PROVIDER } }],
    };
    expect(evaluateOidcTrust(wrongAction, PROVIDER, claims()).allowed).toBe(false);
  });
});

describe('evaluateRamTrust', () => {
  const role: TrustPolicyDocument = {
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ACCOUNT}:root`] } },
      { Effect: 'Allow', Action: 'sts:*', Principal: { RAM: 'acs:ram::999:user/partner' } },
      { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { RAM: `acs:ram::${ACCOUNT}:user/intern` } },
    ],
  };

  it.each([
    ['a user of the trusted account', { accountId: ACCOUNT, arn: `acs:ram::${ACCOUNT}:user/alice` }, true, 'allowed'],
    ['a role of the trusted account', { accountId: ACCOUNT, arn: `acs:ram::${ACCOUNT}:role/ci` }, true, 'allowed'],
    ['the one named user of another account', { accountId: '999', arn: 'acs:ram::999:user/partner' }, true, 'allowed'],
    ['another user of that account', { accountId: '999', arn: 'acs:ram::999:user/other' }, false, 'implicit-deny'],
    [
      'a denied user of the trusted account',
      { accountId: ACCOUNT, arn: `acs:ram::${ACCOUNT}:user/intern` },
      false,
      'explicit-deny',
    ],
  ])('%s → %s', (_name, caller, allowed, reason) => {
    expect(evaluateRamTrust(role, caller)).toMatchObject({ allowed, reason });
  });

  it('applies conditions against the request context', () => {
    const fromVpc: TrustPolicyDocument = {
      Version: '1',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { RAM: `acs:ram::${ACCOUNT}:root` },
          Condition: { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } },
        },
      ],
    };
    const caller = { accountId: ACCOUNT, arn: `acs:ram::${ACCOUNT}:user/alice` };
    expect(evaluateRamTrust(fromVpc, caller, { 'acs:SourceIp': '10.0.0.7' }).allowed).toBe(true);
    expect(evaluateRamTrust(fromVpc, caller, { 'acs:SourceIp': '8.8.8.8' }).allowed).toBe(false);
  });
});

describe('validateTrustPolicy', () => {
  it('accepts the documented OIDC and RAM shapes', () => {
    expect(validateTrustPolicy(JSON.parse(JSON.stringify(githubRole)))).toEqual({ valid: true, policy: githubRole });
  });

  it.each([
    [
      { Effect: 'Allow', Action: 'sts:AssumeRole' },
      'Statement[0].Principal: must name at least one of RAM, Federated, Service',
    ],
    [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'x' } },
      'Statement[0].Principal.AWS: is not supported here',
    ],
    [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Federated: [] } },
      'Statement[0].Principal.Federated: must be a string or a non-empty array',
    ],
    [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: '*' }, Resource: '*' },
      'Statement[0].Resource: is not supported here',
    ],
  ])('rejects %j', (statement, message) => {
    const result = validateTrustPolicy({ Version: '1', Statement: [statement] });
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.errors).toContainEqual(expect.stringContaining(message));
  });
});
