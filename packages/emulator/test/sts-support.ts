/** The real STS and OSS clients pointed at an emulator, and a GitHub ID token from its issuer. */
import * as OpenApiNs from '@alicloud/openapi-core';
import * as StsNs from '@alicloud/sts20150401';
import OSS from 'ali-oss';
import type { AdminClient, Emulator } from '../src/index.js';
import { DEMO_BUCKET, OIDC_PROVIDER } from '../src/index.js';
import { registerRun } from './support/github-run.js';

// Node puts a TypeScript-compiled CommonJS class at ns.default.default, bundlers at ns.default.
type StsClientClass = typeof StsNs.default.default;
const stsDefault = (StsNs as unknown as { default: StsClientClass | { default: StsClientClass } }).default;
const StsClient: StsClientClass = typeof stsDefault === 'function' ? stsDefault : stsDefault.default;
export const { AssumeRoleRequest, AssumeRoleWithOIDCRequest } = StsNs;

export interface Keys {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

function hostOf(url: string): string {
  return new URL(url).host;
}

/** A signed client (AssumeRole), or an anonymous one (AssumeRoleWithOIDC) when no keys are given. */
export function stsClient(emulator: Emulator, keys?: Keys): InstanceType<StsClientClass> {
  return new StsClient(
    new OpenApiNs.$OpenApiUtil.Config({
      ...(keys ?? { type: 'anonymous' }),
      endpoint: hostOf(emulator.info.endpoints['sts']!),
      protocol: 'http',
      regionId: emulator.info.region,
      readTimeout: 5000,
      connectTimeout: 5000,
    }),
  );
}

export function ossClient(emulator: Emulator, keys: Keys): OSS {
  return new OSS({
    accessKeyId: keys.accessKeyId,
    accessKeySecret: keys.accessKeySecret,
    ...(keys.securityToken
      ? {
          stsToken: keys.securityToken,
          // These credentials are fixed for the test; saying so keeps ali-oss from warning about refresh.
          refreshSTSToken: async () => ({ ...keys, stsToken: keys.securityToken! }),
          refreshSTSTokenInterval: 3_600_000,
        }
      : {}),
    endpoint: emulator.info.endpoints['oss']!,
    bucket: DEMO_BUCKET,
    region: `oss-${emulator.info.region}`,
    timeout: 5000,
  });
}

export function roleArn(emulator: Emulator, role: string): string {
  return `acs:ram::${emulator.info.accountId}:role/${role.toLowerCase()}`;
}

export function providerArn(emulator: Emulator, name = OIDC_PROVIDER): string {
  return `acs:ram::${emulator.info.accountId}:oidc-provider/${name}`;
}

/** Registers a run and fetches its ID token exactly as @actions/core getIDToken does (GET url&audience=, Bearer). */
export async function idToken(admin: AdminClient, claims: Record<string, string>, audience?: string): Promise<string> {
  const { requestUrl, requestToken } = await registerRun(admin, claims);
  const url = audience === undefined ? requestUrl : `${requestUrl}&audience=${encodeURIComponent(audience)}`;
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json' },
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  return ((await response.json()) as { value: string }).value;
}

/** The error an openapi-core client threw, reduced to what the cloud answered. */
export async function apiFailure(
  promise: Promise<unknown>,
): Promise<{ code: string; statusCode: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: string; statusCode?: number; data?: { Message?: string } };
    return { code: String(e.code), statusCode: Number(e.statusCode), message: String(e.data?.Message ?? '') };
  }
  throw new Error('expected the call to fail, it succeeded');
}
