/**
 * The least-privilege harness: the per-action RAM policies of docs/policies/, loaded for one
 * emulator account, and an action run as a RAM user that holds exactly a given policy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatePolicy, type PolicyDocument } from '../../../packages/emulator/src/auth/policy.js';
import type { AdminClient, Emulator } from '../../../packages/emulator/src/index.js';
import { repoRoot, runAction, type ActionRunOptions, type ActionRunResult } from '../../actions/support/run-action.js';

export const policyPath = (action: string) => join(repoRoot, 'docs', 'policies', `${action}.json`);

/** Permissions an action can do without (it warns and goes on), each for one feature it names. */
export const optionalPolicyPath = (action: string) => join(repoRoot, 'docs', 'policies', `${action}.optional.json`);

/** The account id placeholder of docs/ram-policies.md: the documents name no real account. */
export const ACCOUNT_PLACEHOLDER = '<uid>';

/** docs/policies/<action>.json with `<uid>` made the emulator's account id; refused unless it is a valid policy. */
export function loadPolicy(action: string, accountId: string): PolicyDocument {
  return readPolicy(policyPath(action), accountId);
}

/** docs/policies/<action>.optional.json the same way; no file = no statements. */
export function loadOptionalPolicy(action: string, accountId: string): PolicyDocument {
  const path = optionalPolicyPath(action);
  return existsSync(path) ? readPolicy(path, accountId) : { Version: '1', Statement: [] };
}

function readPolicy(path: string, accountId: string): PolicyDocument {
  const text = readFileSync(path, 'utf8').replaceAll(ACCOUNT_PLACEHOLDER, accountId);
  const checked = validatePolicy(JSON.parse(text));
  if (!checked.valid) throw new Error(`${path}: ${checked.errors.join('; ')}`);
  return checked.policy;
}

/** The policy without its statement `index`. */
export function withoutStatement(policy: PolicyDocument, index: number): PolicyDocument {
  return { ...policy, Statement: policy.Statement.filter((_, i) => i !== index) };
}

export const actionsOf = (statement: PolicyDocument['Statement'][number]): string[] =>
  typeof statement.Action === 'string' ? [statement.Action] : [...statement.Action];

export const resourcesOf = (statement: PolicyDocument['Statement'][number]): string[] =>
  typeof statement.Resource === 'string' ? [statement.Resource] : [...statement.Resource];

export interface AccessKeys {
  accessKeyId: string;
  accessKeySecret: string;
}

/** A new RAM user holding only `policy`, with an access key. */
export async function userWithPolicy(admin: AdminClient, name: string, policy: PolicyDocument): Promise<AccessKeys> {
  await admin.putPolicy(name, policy);
  return admin.createUser(name, [name]);
}

/** Runs an action's bundle signed with `keys` (no demo keys, no role to assume). */
export function runAs(
  keys: AccessKeys,
  action: string,
  emulator: Emulator,
  options: Omit<ActionRunOptions, 'emulator' | 'credentials'> = {},
): Promise<ActionRunResult> {
  return runAction(action, {
    ...options,
    emulator,
    credentials: 'none',
    env: {
      ...options.env,
      ALIBABA_CLOUD_ACCESS_KEY_ID: keys.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: keys.accessKeySecret,
    },
  });
}

/** Runs `tasks` at most `limit` at a time, results in order. */
export async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
