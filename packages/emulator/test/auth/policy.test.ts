import { evaluate, validatePolicy, type PolicyDocument, type Statement } from '../../src/auth/policy.js';
import type { RequestContext } from '../../src/auth/conditions.js';
import { matchesWildcard } from '../../src/auth/wildcard.js';

const doc = (...Statement: Statement[]): PolicyDocument => ({ Version: '1', Statement });
const allow = (
  Action: string | string[],
  Resource: string | string[],
  Condition?: Statement['Condition'],
): Statement => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});
const deny = (
  Action: string | string[],
  Resource: string | string[],
  Condition?: Statement['Condition'],
): Statement => ({
  ...allow(Action, Resource, Condition),
  Effect: 'Deny',
});

const BUCKET = 'acs:oss:*:1234:pai-demo';

describe('matchesWildcard', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbd', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*/models/*', 'bucket/models/x/y', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYbZ', false],
    ['ü?', 'üx', true],
    ['', '', true],
    ['', 'x', false],
  ])('%j against %j is %s', (pattern, value, expected) => {
    expect(matchesWildcard(pattern, value)).toBe(expected);
  });

  it('does not blow up on patterns that make regexes backtrack', () => {
    const started = Date.now();
    expect(matchesWildcard('*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('evaluate', () => {
  const policies = [
    doc(
      allow('eas:*', 'acs:eas:*:1234:service/demo_*'),
      allow(['oss:Get*', 'oss:PutObject'], [`${BUCKET}/models/*`, `${BUCKET}/datasets/*`]),
      allow('oss:ListObjects', BUCKET),
      deny('oss:*', `${BUCKET}/models/prod/*`),
    ),
    doc(allow('cms:DescribeMetricList', '*')),
  ];

  it.each([
    // action, resource, allowed, reason
    ['eas:CreateService', 'acs:eas:*:1234:service/demo_v2', true, 'allowed'],
    ['EAS:createservice', 'acs:eas:*:1234:service/demo_v2', true, 'allowed'], // actions ignore case
    ['eas:CreateService', 'acs:eas:*:1234:service/other', false, 'implicit-deny'],
    ['eas:CreateService', 'acs:eas:*:1234:service/DEMO_v2', false, 'implicit-deny'], // resources do not
    ['oss:GetObject', `${BUCKET}/models/a.pt`, true, 'allowed'],
    ['oss:GetObjectMeta', `${BUCKET}/datasets/x`, true, 'allowed'],
    ['oss:DeleteObject', `${BUCKET}/models/a.pt`, false, 'implicit-deny'],
    ['oss:GetObject', `${BUCKET}/models/prod/a.pt`, false, 'explicit-deny'], // Deny beats the Allow
    ['oss:ListObjects', BUCKET, true, 'allowed'],
    ['oss:ListObjects', `${BUCKET}-other`, false, 'implicit-deny'],
    ['cms:DescribeMetricList', 'acs:cms:*:1234:*', true, 'allowed'], // a second policy adds up
    ['dlc:CreateJob', '*', false, 'implicit-deny'],
  ])('%s on %s → allowed %s (%s)', (action, resource, allowed, reason) => {
    const decision = evaluate(policies, action, resource);
    expect(decision).toMatchObject({ allowed, reason });
    if (reason === 'implicit-deny') expect(decision.statement).toBeUndefined();
    else expect(decision.statement?.Effect).toBe(allowed ? 'Allow' : 'Deny');
  });

  it('denies everything with no policies at all', () => {
    expect(evaluate([], 'oss:GetObject', '*')).toEqual({ allowed: false, reason: 'implicit-deny' });
  });

  it('reports the deciding Deny statement even when an Allow came first', () => {
    const denial = deny('oss:PutObject', '*');
    const decision = evaluate([doc(allow('*', '*'), denial)], 'oss:PutObject', `${BUCKET}/x`);
    expect(decision).toEqual({ allowed: false, reason: 'explicit-deny', statement: denial });
  });

  describe('conditions', () => {
    const cases: Array<[string, Statement['Condition'], RequestContext, boolean]> = [
      ['StringEquals holds', { StringEquals: { 'acs:UserAgent': 'ci' } }, { 'acs:UserAgent': 'ci' }, true],
      ['StringEquals is case-sensitive', { StringEquals: { 'acs:UserAgent': 'ci' } }, { 'acs:UserAgent': 'CI' }, false],
      [
        'StringEquals: any listed value',
        { StringEquals: { 'oss:Prefix': ['a/', 'b/'] } },
        { 'oss:Prefix': 'b/' },
        true,
      ],
      ['a missing key fails a positive operator', { StringEquals: { 'oss:Prefix': 'a/' } }, {}, false],
      ['keys are case-insensitive', { StringEquals: { 'ACS:SOURCEVPC': 'vpc-1' } }, { 'acs:SourceVpc': 'vpc-1' }, true],
      ['StringNotEquals', { StringNotEquals: { 'oss:Prefix': 'secret/' } }, { 'oss:Prefix': 'public/' }, true],
      [
        'StringNotEquals with the value',
        { StringNotEquals: { 'oss:Prefix': 'secret/' } },
        { 'oss:Prefix': 'secret/' },
        false,
      ],
      ['StringNotEquals with the key missing', { StringNotEquals: { 'oss:Prefix': 'secret/' } }, {}, true],
      [
        'StringEqualsIgnoreCase',
        { StringEqualsIgnoreCase: { 'acs:UserAgent': 'CI' } },
        { 'acs:UserAgent': 'ci' },
        true,
      ],
      [
        'StringLike',
        { StringLike: { 'oidc:sub': 'repo:org/*:ref:refs/tags/v*' } },
        { 'oidc:sub': 'repo:org/app:ref:refs/tags/v1.2' },
        true,
      ],
      [
        'StringLike miss',
        { StringLike: { 'oidc:sub': 'repo:org/*:ref:refs/tags/v*' } },
        { 'oidc:sub': 'repo:org/app:ref:refs/heads/main' },
        false,
      ],
      ['StringNotLike', { StringNotLike: { 'oss:Prefix': 'tmp/*' } }, { 'oss:Prefix': 'models/' }, true],
      ['Bool true', { Bool: { 'acs:SecureTransport': 'true' } }, { 'acs:SecureTransport': 'TRUE' }, true],
      ['Bool false', { Bool: { 'acs:SecureTransport': 'true' } }, { 'acs:SecureTransport': 'false' }, false],
      [
        'IpAddress in CIDR',
        { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '192.168.1.1'] } },
        { 'acs:SourceIp': '10.2.3.4' },
        true,
      ],
      [
        'IpAddress exact',
        { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '192.168.1.1'] } },
        { 'acs:SourceIp': '192.168.1.1' },
        true,
      ],
      ['IpAddress outside', { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }, { 'acs:SourceIp': '11.0.0.1' }, false],
      ['IpAddress IPv6', { IpAddress: { 'acs:SourceIp': '2001:db8::/32' } }, { 'acs:SourceIp': '2001:db8::1' }, true],
      ['IpAddress garbage', { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }, { 'acs:SourceIp': 'localhost' }, false],
      ['NotIpAddress', { NotIpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }, { 'acs:SourceIp': '11.0.0.1' }, true],
      ['NumericLessThanEquals', { NumericLessThanEquals: { 'oss:max-keys': '100' } }, { 'oss:max-keys': '100' }, true],
      ['NumericLessThan', { NumericLessThan: { 'oss:max-keys': '100' } }, { 'oss:max-keys': '100' }, false],
      ['NumericEquals with text', { NumericEquals: { 'oss:max-keys': '100' } }, { 'oss:max-keys': 'abc' }, false],
      [
        'DateLessThan',
        { DateLessThan: { 'acs:CurrentTime': '2026-06-01T00:00:00Z' } },
        { 'acs:CurrentTime': '2026-05-01T00:00:00Z' },
        true,
      ],
      [
        'DateGreaterThan',
        { DateGreaterThan: { 'acs:CurrentTime': '2026-06-01T00:00:00Z' } },
        { 'acs:CurrentTime': '2026-05-01T00:00:00Z' },
        false,
      ],
      [
        'every operator and key must hold',
        { StringEquals: { 'acs:UserAgent': 'ci' }, IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } },
        { 'acs:UserAgent': 'ci', 'acs:SourceIp': '11.0.0.1' },
        false,
      ],
      [
        'a multi-valued context key matches on any value',
        { StringEquals: { 'oidc:aud': 'sts.aliyuncs.com' } },
        { 'oidc:aud': ['x', 'sts.aliyuncs.com'] },
        true,
      ],
      ['an unknown operator never holds', { StringSortOf: { k: 'v' } }, { k: 'v' }, false],
    ];

    it.each(cases)('%s', (_name, condition, context, holds) => {
      expect(evaluate([doc(allow('oss:GetObject', '*', condition))], 'oss:GetObject', 'x', context).allowed).toBe(
        holds,
      );
    });

    it('a conditional Deny only denies when its condition holds', () => {
      const policies = [doc(allow('*', '*'), deny('*', '*', { NotIpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }))];
      expect(evaluate(policies, 'oss:GetObject', 'x', { 'acs:SourceIp': '10.1.1.1' }).reason).toBe('allowed');
      expect(evaluate(policies, 'oss:GetObject', 'x', { 'acs:SourceIp': '8.8.8.8' }).reason).toBe('explicit-deny');
    });
  });
});

describe('validatePolicy', () => {
  it('accepts a well-formed policy and hands it back typed', () => {
    const policy = doc(
      allow(['oss:Get*', 'eas:*'], '*', { StringLike: { 'oidc:sub': ['repo:*'] } }),
      deny('*', 'acs:oss:*:*:b/*'),
    );
    expect(validatePolicy(JSON.parse(JSON.stringify(policy)))).toEqual({ valid: true, policy });
  });

  it.each([
    ['not an object', 'policy', 'must be a JSON object'],
    [{ Statement: [allow('*', '*')] }, 'Version', 'must be "1", got nothing'],
    [{ Version: 1, Statement: [allow('*', '*')] }, 'Version', 'must be "1", got 1'],
    [{ Version: '1', Statement: [] }, 'Statement', 'must be a non-empty array'],
    [{ Version: '1', Statement: [allow('*', '*')], Id: 'x' }, 'Id', 'is not a policy element'],
    [{ Version: '1', Statement: ['x'] }, 'Statement[0]', 'must be an object'],
    [
      { Version: '1', Statement: [{ ...allow('*', '*'), Effect: 'allow' }] },
      'Statement[0].Effect',
      'must be "Allow" or "Deny", got "allow"',
    ],
    [
      { Version: '1', Statement: [{ Effect: 'Allow', Resource: '*' }] },
      'Statement[0].Action',
      'must be a string or a non-empty array',
    ],
    [{ Version: '1', Statement: [allow([], '*')] }, 'Statement[0].Action', 'must be a string or a non-empty array'],
    [
      { Version: '1', Statement: [allow(['oss:GetObject', 'GetObject'], '*')] },
      'Statement[0].Action[1]',
      'must look like "service:Action"',
    ],
    [
      { Version: '1', Statement: [allow('oss:GetObject', ['*', ''])] },
      'Statement[0].Resource[1]',
      'must be a non-empty string',
    ],
    [
      { Version: '1', Statement: [{ ...allow('*', '*'), NotAction: 'x:y' }] },
      'Statement[0].NotAction',
      'is not supported here',
    ],
    [
      { Version: '1', Statement: [allow('*', '*', { StringEqual: { k: 'v' } })] },
      'Statement[0].Condition.StringEqual',
      'is not a condition operator',
    ],
    [
      { Version: '1', Statement: [allow('*', '*', { StringEquals: { k: 1 } } as never)] },
      'Statement[0].Condition.StringEquals.k',
      'must be a string',
    ],
  ])('rejects %j naming %s', (input, path, problem) => {
    const result = validatePolicy(input);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.errors).toContainEqual(expect.stringContaining(`${path}: ${problem}`));
  });

  it('reports every problem at once', () => {
    const result = validatePolicy({ Version: '2', Statement: [{ Effect: 'Maybe', Action: 'nope', Resource: 7 }] });
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.errors).toHaveLength(4);
  });
});
