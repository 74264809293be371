import { validatePolicy, type PolicyDocument } from '../../auth/policy.js';
import {
  invalidDuration,
  invalidProviderArn,
  invalidRoleArn,
  invalidRoleSessionName,
  missingParameter,
  policyGrammar,
  policySize,
} from './errors.js';

/** Checks of STS request parameters, as the AssumeRole / AssumeRoleWithOIDC references state them. */

export const MIN_DURATION_SECONDS = 900;
export const DEFAULT_DURATION_SECONDS = 3600;
export const MAX_POLICY_BYTES = 2048;

export function required(input: Record<string, string>, name: string): string {
  const value = input[name];
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

/** `acs:ram::<account>:role/<name>` → its parts. */
export function parseRoleArn(arn: string): { accountId: string; roleName: string } {
  const match = /^acs:ram::(\d+):role\/([\w.@+=,-]{1,64})$/.exec(arn);
  if (!match) throw invalidRoleArn();
  return { accountId: match[1]!, roleName: match[2]! };
}

/** `acs:ram::<account>:oidc-provider/<name>` → its parts. */
export function parseOidcProviderArn(arn: string): { accountId: string; providerName: string } {
  const match = /^acs:ram::(\d+):oidc-provider\/([\w.-]{1,128})$/.exec(arn);
  if (!match) throw invalidProviderArn();
  return { accountId: match[1]!, providerName: match[2]! };
}

export function checkRoleSessionName(name: string): string {
  if (!/^[a-zA-Z0-9.@_-]{2,64}$/.test(name)) throw invalidRoleSessionName();
  return name;
}

/** DurationSeconds: 900 up to the role's maximum; 3600 (or the maximum, if lower) when omitted. */
export function durationSeconds(raw: string | undefined, roleMaxSeconds: number): number {
  if (raw === undefined || raw === '') return Math.min(DEFAULT_DURATION_SECONDS, roleMaxSeconds);
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < MIN_DURATION_SECONDS || seconds > roleMaxSeconds) {
    throw invalidDuration(roleMaxSeconds);
  }
  return seconds;
}

/** The optional session Policy: JSON within the size limit that passes the policy grammar. */
export function sessionPolicy(raw: string | undefined): PolicyDocument | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (Buffer.byteLength(raw) > MAX_POLICY_BYTES) throw policySize(MAX_POLICY_BYTES);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw policyGrammar(['not valid JSON']);
  }
  const validation = validatePolicy(parsed);
  if (!validation.valid) throw policyGrammar(validation.errors);
  return validation.policy;
}

/** Expiration as STS writes it: ISO 8601 UTC without milliseconds. */
export function stsTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
