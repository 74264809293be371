import type { PolicyDocument } from './auth/policy.js';
import type { TrustPolicyDocument } from './auth/trust.js';
import type { Ram } from './ram.js';
import type { ObjectStorage } from './products/oss/storage.js';

/**
 * A fresh account as the demo and the tests expect it: one admin user (the printed demo keys),
 * a demo bucket, GitHub as an OIDC provider, and the least-privilege roles of DESIGN.md.
 */
export const DEMO_BUCKET = 'pai-demo';
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const OIDC_PROVIDER = 'github';
export const DEFAULT_AUDIENCE = 'sts.aliyuncs.com';
export const SERVICE_GROUP = 'demo';

export const ROLES = {
  trainer: 'PaiTrainerRole',
  deployer: 'PaiDeployerRole',
  dlcJob: 'PaiDlcJobRole',
  easModelReader: 'PaiEasModelReaderRole',
} as const;

const allow = (Action: string[], Resource: string[]): PolicyDocument['Statement'][number] => ({
  Effect: 'Allow',
  Action,
  Resource,
});

function policy(...Statement: PolicyDocument['Statement']): PolicyDocument {
  return { Version: '1', Statement };
}

export function seedAccount(ram: Ram, storage: ObjectStorage): { accessKeyId: string; accessKeySecret: string } {
  const account = ram.accountId;
  const oss = (path: string) => `acs:oss:*:${account}:${DEMO_BUCKET}${path}`;
  ram.putPolicy('AdministratorAccess', policy(allow(['*'], ['*'])));
  ram.putPolicy(
    'PaiTrainerPolicy',
    policy(
      allow(['paidlc:*'], ['*']),
      // evaluate-gate's baseline: the model a service serves, found through its labels.
      allow(['eas:ListServices', 'eas:DescribeService', 'eas:DescribeGroup'], ['*']),
      allow(['oss:GetObject', 'oss:PutObject', 'oss:DeleteObject'], [oss('/models/*'), oss('/datasets/*')]),
      allow(['oss:ListObjects', 'oss:GetBucketInfo'], [oss('')]),
    ),
  );
  ram.putPolicy(
    'PaiDeployerPolicy',
    policy(
      allow(
        ['eas:*'],
        [`acs:eas:*:${account}:service/${SERVICE_GROUP}_*`, `acs:eas:*:${account}:group/${SERVICE_GROUP}`],
      ),
      allow(['eas:ListServices', 'eas:ListGroups', 'cms:DescribeMetricList', 'cms:DescribeMetricMetaList'], ['*']),
      // PutObject: lineage records the services; DeleteObject: cleanup-versions' delete-artifacts.
      allow(['oss:GetObject', 'oss:PutObject', 'oss:DeleteObject'], [oss('/models/*')]),
      allow(['oss:ListObjects'], [oss('')]),
    ),
  );
  ram.putPolicy(
    'PaiDlcJobPolicy',
    policy(
      allow(['oss:GetObject'], [oss('/datasets/*')]),
      allow(['oss:GetObject', 'oss:PutObject', 'oss:DeleteObject'], [oss('/models/*')]),
      allow(['oss:ListObjects'], [oss('')]),
    ),
  );
  ram.putPolicy(
    'PaiEasModelReaderPolicy',
    policy(allow(['oss:GetObject'], [oss('/models/*')]), allow(['oss:ListObjects'], [oss('')])),
  );

  const githubTrust: TrustPolicyDocument = {
    Version: '1',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Federated: [`acs:ram::${account}:oidc-provider/${OIDC_PROVIDER}`] },
        Condition: {
          StringEquals: { 'oidc:iss': GITHUB_ISSUER, 'oidc:aud': DEFAULT_AUDIENCE },
          StringLike: { 'oidc:sub': 'repo:*' },
        },
      },
    ],
  };
  const serviceTrust = (service: string): TrustPolicyDocument => ({
    Version: '1',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: [service] } }],
  });
  ram.putOidcProvider(OIDC_PROVIDER, GITHUB_ISSUER, [DEFAULT_AUDIENCE]);
  // CI gets the pipeline roles through GitHub OIDC; an identity of this account whose own policy allows
  // sts:AssumeRole on them (an engineer, a role-chaining step) may take on the same least privilege.
  const pipelineTrust: TrustPolicyDocument = {
    Version: '1',
    Statement: [
      ...githubTrust.Statement,
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${account}:root`] } },
    ],
  };
  ram.putRole(ROLES.trainer, pipelineTrust, ['PaiTrainerPolicy']);
  ram.putRole(ROLES.deployer, pipelineTrust, ['PaiDeployerPolicy']);
  ram.putRole(ROLES.dlcJob, serviceTrust('pai-dlc.aliyuncs.com'), ['PaiDlcJobPolicy']);
  ram.putRole(ROLES.easModelReader, serviceTrust('eas.pai.aliyuncs.com'), ['PaiEasModelReaderPolicy']);

  storage.ensureBucket(DEMO_BUCKET);
  ram.putUser('emulator-admin', ['AdministratorAccess']);
  return ram.createAccessKey('emulator-admin');
}
