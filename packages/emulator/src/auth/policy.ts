import { conditionsHold, type ConditionBlock, type RequestContext } from './conditions.js';
import {
  checkAction,
  checkCondition,
  checkDocument,
  checkEffect,
  checkKnownKeys,
  checkStringOrList,
  PolicyErrors,
} from './policy-grammar.js';
import { matchesWildcard } from './wildcard.js';

export type { ConditionBlock, RequestContext } from './conditions.js';

export type Effect = 'Allow' | 'Deny';

export interface Statement {
  Effect: Effect;
  /** `eas:CreateService`, `oss:Get*`, `*`; matched case-insensitively. */
  Action: string | string[];
  /** `acs:oss:*:*:bucket/prefix/*`; matched case-sensitively. */
  Resource: string | string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '1';
  Statement: Statement[];
}

export type DecisionReason = 'explicit-deny' | 'allowed' | 'implicit-deny';

export interface Decision<S> {
  allowed: boolean;
  reason: DecisionReason;
  /** The statement that decided: the matching Deny, or the first matching Allow. */
  statement?: S;
}

export type PolicyDecision = Decision<Statement>;

export type Validation<T> = { valid: true; policy: T } | { valid: false; errors: string[] };

/**
 * Decides whether the union of `policies` lets a caller perform `action` on `resource`, as RAM does:
 * a matching Deny wins over everything, else a matching Allow grants, else the answer is an implicit deny.
 */
export function evaluate(
  policies: readonly PolicyDocument[],
  action: string,
  resource: string,
  context: RequestContext = {},
): PolicyDecision {
  return decide(
    policies.flatMap((policy) => policy.Statement),
    (statement) =>
      anyMatches(statement.Action, action, true) &&
      anyMatches(statement.Resource, resource, false) &&
      conditionsHold(statement.Condition, context),
  );
}

/** Deny first, then Allow, over the statements that apply. Shared with trust policies. */
export function decide<S extends { Effect: Effect }>(
  statements: readonly S[],
  applies: (s: S) => boolean,
): Decision<S> {
  let allowing: S | undefined;
  for (const statement of statements) {
    if (!applies(statement)) continue;
    if (statement.Effect === 'Deny') return { allowed: false, reason: 'explicit-deny', statement };
    allowing ??= statement;
  }
  return allowing
    ? { allowed: true, reason: 'allowed', statement: allowing }
    : { allowed: false, reason: 'implicit-deny' };
}

export function anyMatches(patterns: string | readonly string[], value: string, ignoreCase: boolean): boolean {
  const list = typeof patterns === 'string' ? [patterns] : patterns;
  return list.some((pattern) => matchesWildcard(pattern, value, ignoreCase));
}

const STATEMENT_KEYS = ['Effect', 'Action', 'Resource', 'Condition'] as const;

/** Checks a permission policy (parsed JSON) and names every problem with its path. */
export function validatePolicy(doc: unknown): Validation<PolicyDocument> {
  const errors = new PolicyErrors();
  for (const { path, statement } of checkDocument(doc, errors)) {
    checkKnownKeys(statement, STATEMENT_KEYS, path, errors);
    checkEffect(statement.Effect, `${path}.Effect`, errors);
    checkStringOrList(statement.Action, `${path}.Action`, errors, (action, at) => checkAction(action, at, errors));
    checkStringOrList(statement.Resource, `${path}.Resource`, errors);
    checkCondition(statement.Condition, `${path}.Condition`, errors);
  }
  return errors.messages.length === 0
    ? { valid: true, policy: doc as PolicyDocument }
    : { valid: false, errors: errors.messages };
}
