/**
 * Least privilege, proven: each action runs, as a RAM user holding exactly its policy from
 * docs/policies/<action>.json, through a scenario that uses every permission its normal success
 * path needs, and succeeds. Then, for each statement, a fresh emulator and the same scenario with
 * that statement removed: the action must fail with the emulator's denial naming the statement's
 * action. A statement whose removal leaves the run green is not needed, and the test names it.
 * Statements in docs/policies/<action>.optional.json are the opposite: without one the action
 * still succeeds and warns naming it (the feature it serves is skipped); with it, no warning.
 * Each per-action policy must also be covered by the seeded role a workflow runs the action with.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { evaluate, type PolicyDocument } from '../../packages/emulator/src/auth/policy.js';
import { Emulator, ROLES } from '../../packages/emulator/src/index.js';
import type { ActionRunResult } from '../actions/support/run-action.js';
import {
  actionsOf,
  inBatches,
  loadOptionalPolicy,
  loadPolicy,
  resourcesOf,
  userWithPolicy,
  withoutStatement,
} from './support/least-privilege.js';
import { SCENARIOS, type Scenario } from './support/scenarios.js';

/** Denial codes as the emulator sends them: OSS's XML errors, and RAM's for the POP products. */
const deniedCode = (ramAction: string) => (ramAction.startsWith('oss:') ? 'AccessDenied' : 'Forbidden.RAM');

/** One scenario on a fresh emulator, signed by a user holding `policyFor(accountId)`. */
async function attempt(
  scenario: Scenario,
  policyFor: (accountId: string) => PolicyDocument,
  verify: boolean,
): Promise<ActionRunResult> {
  const stage = await scenario.prepare();
  try {
    const keys = await userWithPolicy(stage.admin, 'least-privilege', policyFor(stage.emulator.info.accountId));
    const result = await stage.run(keys);
    if (verify && result.exitCode === 0) await stage.verify(result);
    return result;
  } finally {
    await stage.stop();
  }
}

/** Required and optional statements in one document: the run that uses every feature. */
function wholePolicy(action: string, accountId: string): PolicyDocument {
  const required = loadPolicy(action, accountId);
  return { ...required, Statement: [...required.Statement, ...loadOptionalPolicy(action, accountId).Statement] };
}

const operation = (ramAction: string) => ramAction.slice(ramAction.indexOf(':') + 1);

/** What is wrong with a run made without `statement`: nothing when it failed on that statement's denial. */
function withoutProblem(index: number, statement: PolicyDocument['Statement'][number], result: ActionRunResult) {
  const actions = actionsOf(statement);
  const named = `statement ${index} (${actions.join(', ')})`;
  if (result.exitCode === 0) return `not minimal: the action succeeds without ${named}`;
  const denial = result.errors.length === 1 ? result.errors[0]! : '';
  const explained = actions.some(
    (action) => denial.includes(deniedCode(action)) && denial.toLowerCase().includes(action.toLowerCase()),
  );
  return explained
    ? undefined
    : `without ${named} the action failed, but not with one error line naming its denial: ${JSON.stringify(result.errors)}`;
}

/** What is wrong with a run made without an optional `statement`: nothing when it succeeded and warned naming it. */
function withoutOptionalProblem(statement: PolicyDocument['Statement'][number], result: ActionRunResult) {
  const actions = actionsOf(statement);
  if (result.exitCode !== 0)
    return `optional ${actions.join(', ')}: the action failed without it: ${JSON.stringify(result.errors)}`;
  const warned = result.warnings.some((warning) =>
    actions.some((action) => warning.includes(operation(action)) && warning.includes(deniedCode(action))),
  );
  return warned
    ? undefined
    : `optional ${actions.join(', ')}: no warning named its denial: ${JSON.stringify(result.warnings)}`;
}

// Most of a run is process start-up and waiting on the emulator's clock: four at a time keeps two cores busy.
const CONCURRENCY = 4;
const SCENARIO_MS = 240_000;

describe.each(SCENARIOS.map((scenario) => [scenario.action, scenario] as const))('%s', (action, scenario) => {
  test(
    `succeeds with exactly docs/policies/${action}.json and fails with the denial without any one statement`,
    async () => {
      const full = await attempt(scenario, (accountId) => wholePolicy(action, accountId), true);
      expect(full.errors).toEqual([]);
      expect(full.exitCode).toBe(0);
      // Every feature ran: no permission was missed and skipped with a warning.
      expect(full.warnings.filter((warning) => /Forbidden|AccessDenied|NoPermission/.test(warning))).toEqual([]);

      const { Statement: statements } = wholePolicy(action, '0');
      const required = loadPolicy(action, '0').Statement.length;
      const withoutEach = await inBatches(
        statements.map(
          (_, index) => () =>
            attempt(scenario, (accountId) => withoutStatement(wholePolicy(action, accountId), index), false),
        ),
        CONCURRENCY,
      );
      const problems = withoutEach.map((result, index) =>
        index < required
          ? withoutProblem(index, statements[index]!, result)
          : withoutOptionalProblem(statements[index]!, result),
      );
      expect(problems.filter(Boolean)).toEqual([]);
    },
    SCENARIO_MS,
  );
});

describe('the seeded roles cover the per-action policies', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await Emulator.start();
  });
  afterAll(() => emulator?.stop());

  test.each(SCENARIOS.map((scenario) => [scenario.action, scenario.role] as const))(
    '%s: the %s role allows every statement',
    (action, role) => {
      const { state, accountId } = emulator.context.ram;
      const roleName = role === 'trainer' ? ROLES.trainer : ROLES.deployer;
      const rolePolicies = state.roles[roleName]!.policies.map((name) => state.policies[name]!);
      // A statement's resource pattern, as a resource, is allowed only by a role pattern at least as wide.
      const refused = wholePolicy(action, accountId).Statement.flatMap((statement) =>
        actionsOf(statement).flatMap((ramAction) =>
          resourcesOf(statement)
            .filter((resource) => !evaluate(rolePolicies, ramAction, resource).allowed)
            .map((resource) => `${ramAction} on ${resource}`),
        ),
      );
      expect(refused).toEqual([]);
    },
  );
});
