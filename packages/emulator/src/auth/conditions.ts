import { BlockList, isIP } from 'node:net';
import { matchesWildcard } from './wildcard.js';

/** `{ "StringEquals": { "oidc:aud": ["sts.aliyuncs.com"] } }`: operator → condition key → allowed values. */
export type ConditionBlock = Record<string, Record<string, string | string[]>>;

/** Facts about the request (`acs:SourceIp`, `oidc:sub`…); a key can carry several values (an `aud` list). */
export type RequestContext = Readonly<Record<string, string | readonly string[] | undefined>>;

type ValueTest = (actual: string, expected: string) => boolean;

interface Operator {
  test: ValueTest;
  /** A Not* operator: holds when no value matches, including when the key is absent (as in AWS IAM; RAM does not say). */
  negated: boolean;
}

const stringEquals: ValueTest = (a, e) => a === e;
const stringEqualsIgnoreCase: ValueTest = (a, e) => a.toLowerCase() === e.toLowerCase();
const stringLike: ValueTest = (a, e) => matchesWildcard(e, a);
const bool: ValueTest = (a, e) => a.toLowerCase() === e.toLowerCase();

function numeric(compare: (a: number, e: number) => boolean): ValueTest {
  return (a, e) => {
    const [x, y] = [Number(a), Number(e)];
    return a.trim() !== '' && e.trim() !== '' && !Number.isNaN(x) && !Number.isNaN(y) && compare(x, y);
  };
}

function date(compare: (a: number, e: number) => boolean): ValueTest {
  return (a, e) => {
    const [x, y] = [Date.parse(a), Date.parse(e)];
    return !Number.isNaN(x) && !Number.isNaN(y) && compare(x, y);
  };
}

const ipAddress: ValueTest = (a, e) => {
  const family = isIP(a);
  const [base = '', prefix] = e.split('/');
  const baseFamily = isIP(base);
  if (family === 0 || baseFamily === 0) return false;
  const type = baseFamily === 4 ? 'ipv4' : 'ipv6';
  const bits = prefix === undefined ? (baseFamily === 4 ? 32 : 128) : Number(prefix);
  if (!Number.isInteger(bits) || bits < 0 || bits > (baseFamily === 4 ? 32 : 128)) return false;
  const list = new BlockList();
  list.addSubnet(base, bits, type);
  return list.check(a, family === 4 ? 'ipv4' : 'ipv6');
};

const positive = (test: ValueTest): Operator => ({ test, negated: false });
const negative = (test: ValueTest): Operator => ({ test, negated: true });

/** The condition operators of RAM policies. */
const OPERATORS: Readonly<Record<string, Operator>> = {
  StringEquals: positive(stringEquals),
  StringNotEquals: negative(stringEquals),
  StringEqualsIgnoreCase: positive(stringEqualsIgnoreCase),
  StringNotEqualsIgnoreCase: negative(stringEqualsIgnoreCase),
  StringLike: positive(stringLike),
  StringNotLike: negative(stringLike),
  NumericEquals: positive(numeric((a, e) => a === e)),
  NumericNotEquals: negative(numeric((a, e) => a === e)),
  NumericLessThan: positive(numeric((a, e) => a < e)),
  NumericLessThanEquals: positive(numeric((a, e) => a <= e)),
  NumericGreaterThan: positive(numeric((a, e) => a > e)),
  NumericGreaterThanEquals: positive(numeric((a, e) => a >= e)),
  DateEquals: positive(date((a, e) => a === e)),
  DateNotEquals: negative(date((a, e) => a === e)),
  DateLessThan: positive(date((a, e) => a < e)),
  DateLessThanEquals: positive(date((a, e) => a <= e)),
  DateGreaterThan: positive(date((a, e) => a > e)),
  DateGreaterThanEquals: positive(date((a, e) => a >= e)),
  Bool: positive(bool),
  IpAddress: positive(ipAddress),
  NotIpAddress: negative(ipAddress),
};

export const CONDITION_OPERATORS: readonly string[] = Object.keys(OPERATORS);

export function isConditionOperator(name: string): boolean {
  return Object.hasOwn(OPERATORS, name);
}

/**
 * All operators and all keys must hold (AND); a key holds when any of its values matches (OR).
 * An unknown operator never holds: validatePolicy reports it before it gets here.
 */
export function conditionsHold(block: ConditionBlock | undefined, context: RequestContext): boolean {
  if (block === undefined) return true;
  return Object.entries(block).every(([operatorName, keys]) => {
    const operator = OPERATORS[operatorName];
    if (operator === undefined) return false;
    return Object.entries(keys).every(([key, expected]) => {
      const actual = contextValues(context, key);
      const wanted = typeof expected === 'string' ? [expected] : expected;
      const anyMatch = actual.some((a) => wanted.some((e) => operator.test(a, e)));
      return operator.negated ? !anyMatch : anyMatch;
    });
  });
}

/** Condition keys are case-insensitive. */
function contextValues(context: RequestContext, key: string): readonly string[] {
  const wanted = key.toLowerCase();
  for (const [name, value] of Object.entries(context)) {
    if (name.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? [value] : value;
  }
  return [];
}
