import { conditionsHold, type ConditionBlock, type RequestContext } from './conditions.js';
import {
  checkAction,
  checkCondition,
  checkDocument,
  checkEffect,
  checkKnownKeys,
  checkStringOrList,
  isRecord,
  PolicyErrors,
} from './policy-grammar.js';
import { anyMatches, decide, type Decision, type Effect, type Validation } from './policy.js';

/** Who may assume a role: RAM identities by ARN, OIDC/SAML providers by ARN, cloud services by name. */
export interface TrustPrincipal {
  RAM?: string | string[];
  Federated?: string | string[];
  Service?: string | string[];
}

export interface TrustStatement {
  Effect: Effect;
  /** `sts:AssumeRole`, also for OIDC federation (the RAM documentation's trust policies use it). */
  Action: string | string[];
  Principal: TrustPrincipal;
  Condition?: ConditionBlock;
}

export interface TrustPolicyDocument {
  Version: '1';
  Statement: TrustStatement[];
}

export type TrustDecision = Decision<TrustStatement>;

/** A RAM identity calling AssumeRole. `arn` is `acs:ram::<uid>:user/<name>`, `…:role/<name>` or `…:root`. */
export interface RamCaller {
  accountId: string;
  arn: string;
}

/** Claims of a verified OIDC token; `aud` may be a list, as JWTs allow. */
export interface OidcClaims {
  iss: string;
  aud: string | readonly string[];
  sub: string;
}

const ASSUME_ROLE = 'sts:AssumeRole';

/**
 * Does the role's trust policy let this RAM identity assume it? `acs:ram::<uid>:root` trusts every identity
 * of account <uid> (its own permission policy must still allow sts:AssumeRole on the role: check that with
 * evaluate()); any other ARN trusts exactly that identity.
 */
export function evaluateRamTrust(
  doc: TrustPolicyDocument,
  caller: RamCaller,
  context: RequestContext = {},
): TrustDecision {
  const accountRoot = `acs:ram::${caller.accountId}:root`;
  return decide(
    doc.Statement,
    (statement) =>
      anyMatches(statement.Action, ASSUME_ROLE, true) &&
      principals(statement.Principal.RAM).some((arn) => arn === caller.arn || arn === accountRoot) &&
      conditionsHold(statement.Condition, context),
  );
}

/**
 * Does the role's trust policy let a token from `providerArn` (`acs:ram::<uid>:oidc-provider/<name>`) assume
 * it? The token's iss, aud and sub are the condition keys `oidc:iss`, `oidc:aud`, `oidc:sub`.
 */
export function evaluateOidcTrust(
  doc: TrustPolicyDocument,
  providerArn: string,
  claims: OidcClaims,
  context: RequestContext = {},
): TrustDecision {
  const oidcContext: RequestContext = {
    ...context,
    'oidc:iss': claims.iss,
    'oidc:aud': claims.aud,
    'oidc:sub': claims.sub,
  };
  return decide(
    doc.Statement,
    (statement) =>
      anyMatches(statement.Action, ASSUME_ROLE, true) &&
      principals(statement.Principal.Federated).includes(providerArn) &&
      conditionsHold(statement.Condition, oidcContext),
  );
}

function principals(value: string | string[] | undefined): readonly string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

const STATEMENT_KEYS = ['Effect', 'Action', 'Principal', 'Condition'] as const;
const PRINCIPAL_KEYS = ['RAM', 'Federated', 'Service'] as const;

/** Checks a trust policy (parsed JSON) and names every problem with its path. */
export function validateTrustPolicy(doc: unknown): Validation<TrustPolicyDocument> {
  const errors = new PolicyErrors();
  for (const { path, statement } of checkDocument(doc, errors)) {
    checkKnownKeys(statement, STATEMENT_KEYS, path, errors);
    checkEffect(statement.Effect, `${path}.Effect`, errors);
    checkStringOrList(statement.Action, `${path}.Action`, errors, (action, at) => checkAction(action, at, errors));
    const principal = statement.Principal;
    if (!isRecord(principal) || Object.keys(principal).length === 0) {
      errors.add(`${path}.Principal`, `must name at least one of ${PRINCIPAL_KEYS.join(', ')}`);
    } else {
      checkKnownKeys(principal, PRINCIPAL_KEYS, `${path}.Principal`, errors);
      for (const key of PRINCIPAL_KEYS) {
        if (principal[key] !== undefined) checkStringOrList(principal[key], `${path}.Principal.${key}`, errors);
      }
    }
    checkCondition(statement.Condition, `${path}.Condition`, errors);
  }
  return errors.messages.length === 0
    ? { valid: true, policy: doc as TrustPolicyDocument }
    : { valid: false, errors: errors.messages };
}
