/**
 * Action inputs, validated before any API call. Each parser is a pure function
 * `(input name, raw value, ...) => value` that throws one InputError naming the input, the value
 * and what is allowed; InputReader adds reading, required inputs and defaults on top.
 */
import * as core from '@actions/core';
import { InputError } from './errors.js';

// ---------------------------------------------------------------- booleans

/**
 * YAML 1.2 core-schema booleans, exactly as @actions/core's getBooleanInput accepts them, so every
 * action in a workflow reads `true`/`false` the same way. `yes`, `no`, `1`, `0` are rejected:
 * YAML 1.2 parsers (GitHub's included) treat them as strings, and a silent guess is worse than a
 * clear error.
 */
const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];

export function parseBool(input: string, value: string): boolean {
  if (TRUE_VALUES.includes(value)) {
    return true;
  }
  if (FALSE_VALUES.includes(value)) {
    return false;
  }
  throw new InputError(input, value, `one of ${[...TRUE_VALUES, ...FALSE_VALUES].join(', ')}`);
}

// ---------------------------------------------------------------- numbers

export interface RangeOptions {
  min?: number;
  max?: number;
}

export function parseInteger(input: string, value: string, range: RangeOptions = {}): number {
  const expected = `an integer${describeRange(range, String)}`;
  const parsed = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed)) {
    throw new InputError(input, value, expected);
  }
  checkRange(input, value, parsed, range, expected);
  return parsed;
}

/** A plain decimal number (`0.5`, `12`, `-3.25`); no exponents, hex or Infinity, which are typos in a workflow. */
export function parseDecimal(input: string, value: string, range: RangeOptions = {}): number {
  const expected = `a number${describeRange(range, String)}`;
  const parsed = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(parsed)) {
    throw new InputError(input, value, expected);
  }
  checkRange(input, value, parsed, range, expected);
  return parsed;
}

// ---------------------------------------------------------------- durations

const MS_PER_UNIT = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
type DurationUnit = keyof typeof MS_PER_UNIT;

// Units largest first, each at most once: `30m1h` or `1h1h` is more likely a typo than a wish.
const DURATION_PATTERN = /^(?:(?<d>\d+)d)?(?:(?<h>\d+)h)?(?:(?<m>\d+)m(?!s))?(?:(?<s>\d+)s)?(?:(?<ms>\d+)ms)?$/;
const DURATION_EXPECTED = 'a duration such as 500ms, 90s, 5m, 1h30m or 2d (units d, h, m, s, ms, largest first)';

/**
 * Parses `90s`, `5m`, `72h`, `1h30m`, `500ms`, `2d` into milliseconds. Every number needs a unit
 * (a bare `90` could mean seconds or minutes); only whole numbers (write `1h30m`, not `1.5h`).
 */
export function parseDuration(input: string, value: string, range: RangeOptions = {}): number {
  const expected = `${DURATION_EXPECTED}${describeRange(range, formatDuration)}`;
  const groups = value === '' ? undefined : DURATION_PATTERN.exec(value)?.groups;
  if (!groups) {
    const reason = /^\d+$/.test(value) ? `add a unit, e.g. ${value}s or ${value}m` : undefined;
    throw new InputError(input, value, expected, reason);
  }
  let total = 0;
  for (const unit of Object.keys(MS_PER_UNIT) as DurationUnit[]) {
    total += Number(groups[unit] ?? 0) * MS_PER_UNIT[unit];
  }
  if (!Number.isSafeInteger(total)) {
    throw new InputError(input, value, expected, 'too long');
  }
  checkRange(input, value, total, range, expected);
  return total;
}

/** The shortest text parseDuration reads back as `ms`: 5400000 → `1h30m`. */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new RangeError(`cannot format ${ms} as a duration`);
  }
  let rest = ms;
  let text = '';
  for (const unit of Object.keys(MS_PER_UNIT) as DurationUnit[]) {
    const count = Math.floor(rest / MS_PER_UNIT[unit]);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * MS_PER_UNIT[unit];
    }
  }
  return text || '0s';
}

// ---------------------------------------------------------------- traffic steps

const PERCENT_LIST_EXPECTED = 'comma-separated percentages, strictly increasing, ending at 100';

/** `10,50,100` → [10, 50, 100]: whole percentages in 1..100, strictly increasing, the last 100. */
export function parsePercentList(input: string, value: string): number[] {
  const fail = (reason?: string): never => {
    throw new InputError(input, value, PERCENT_LIST_EXPECTED, reason);
  };
  const steps: number[] = [];
  for (const part of value.split(',').map((item) => item.trim())) {
    if (!/^\d+$/.test(part) || Number(part) < 1 || Number(part) > 100) {
      fail(part === '' ? 'empty step' : `${part} is not a whole number from 1 to 100`);
    }
    const step = Number(part);
    const previous = steps.at(-1);
    if (previous !== undefined && step <= previous) {
      fail(`${step} does not exceed ${previous}`);
    }
    steps.push(step);
  }
  if (steps.at(-1) !== 100) {
    fail(`the last step is ${steps.at(-1)}`);
  }
  return steps;
}

// ---------------------------------------------------------------- OSS locations

export interface OssLocation {
  bucket: string;
  /** Object key prefix without a leading slash; '' for the whole bucket. */
  prefix: string;
}

const OSS_URI_EXPECTED = 'an OSS URI like oss://bucket/prefix';
const BUCKET_RULE = '3-63 lowercase letters, digits or hyphens, not starting or ending with a hyphen';

export function isValidBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(name);
}

/**
 * `oss://bucket/some/prefix/` → { bucket, prefix: 'some/prefix/' }. The prefix is kept as written
 * (a trailing slash matters to OSS listings); empty path segments (`a//b`) are refused because they
 * are almost always a join mistake.
 */
export function parseOssUri(input: string, value: string): OssLocation {
  const fail = (reason: string): never => {
    throw new InputError(input, value, OSS_URI_EXPECTED, reason);
  };
  if (!value.startsWith('oss://')) {
    fail('it must start with oss://');
  }
  const rest = value.slice('oss://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const prefix = slash === -1 ? '' : rest.slice(slash + 1);
  if (!isValidBucketName(bucket)) {
    fail(`bucket "${bucket}" must be ${BUCKET_RULE}`);
  }
  if (prefix.split('/').slice(0, -1).includes('')) {
    fail('the prefix has an empty path segment');
  }
  // OSS object keys are at most 1023 bytes and may not hold control characters.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(prefix)) {
    fail('the prefix has a control character or backslash');
  }
  if (Buffer.byteLength(prefix) > 1023) {
    fail('the prefix is longer than 1023 bytes');
  }
  return { bucket, prefix };
}

export function formatOssUri(location: OssLocation): string {
  return `oss://${location.bucket}/${location.prefix}`;
}

// ---------------------------------------------------------------- KEY=VALUE lists

const KEY_VALUES_EXPECTED = 'KEY=VALUE lines whose keys are letters, digits and underscores, not starting with a digit';

/**
 * Multi-line `KEY=VALUE` (environment variables for a job). Blank lines and lines starting with `#`
 * are skipped; key and value are trimmed; the value may itself contain `=`. The InputError's value
 * is the offending line, its reason the line number.
 */
export function parseKeyValues(input: string, value: string): Record<string, string> {
  const entries = new Map<string, { value: string; line: number }>();
  value.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    const lineNumber = index + 1;
    if (line === '' || line.startsWith('#')) {
      return;
    }
    const equals = line.indexOf('=');
    if (equals === -1) {
      throw new InputError(input, line, KEY_VALUES_EXPECTED, `line ${lineNumber} has no "="`);
    }
    const key = line.slice(0, equals).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new InputError(input, line, KEY_VALUES_EXPECTED, `line ${lineNumber} has key "${key}"`);
    }
    const earlier = entries.get(key);
    if (earlier) {
      throw new InputError(
        input,
        line,
        KEY_VALUES_EXPECTED,
        `line ${lineNumber} repeats key ${key} from line ${earlier.line}`,
      );
    }
    entries.set(key, { value: line.slice(equals + 1).trim(), line: lineNumber });
  });
  // fromEntries defines own properties, so a key like __proto__ stays an ordinary entry.
  return Object.fromEntries([...entries].map(([key, entry]) => [key, entry.value]));
}

// ---------------------------------------------------------------- strings and choices

/** Exact, case-sensitive match against the allowed values. */
export function parseEnumeration<T extends string>(input: string, value: string, allowed: readonly T[]): T {
  const match = allowed.find((choice) => choice === value);
  if (match === undefined) {
    throw new InputError(input, value, `one of ${allowed.join(', ')}`);
  }
  return match;
}

export interface StringRule {
  pattern?: RegExp;
  /** What a valid value looks like, for the error message; defaults to the pattern itself. */
  description?: string;
}

export function parseString(input: string, value: string, rule: StringRule = {}): string {
  if (rule.pattern && !rule.pattern.test(value)) {
    throw new InputError(input, value, describeString(rule));
  }
  return value;
}

function describeString(rule: StringRule): string {
  if (rule.description) {
    return rule.description;
  }
  return rule.pattern ? `a value matching ${rule.pattern}` : 'a value';
}

// ---------------------------------------------------------------- range helpers

function describeRange(range: RangeOptions, show: (n: number) => string): string {
  if (range.min !== undefined && range.max !== undefined) {
    return ` between ${show(range.min)} and ${show(range.max)}`;
  }
  if (range.min !== undefined) {
    return ` of at least ${show(range.min)}`;
  }
  return range.max !== undefined ? ` of at most ${show(range.max)}` : '';
}

function checkRange(input: string, value: string, parsed: number, range: RangeOptions, expected: string): void {
  if ((range.min !== undefined && parsed < range.min) || (range.max !== undefined && parsed > range.max)) {
    throw new InputError(input, value, expected);
  }
}

// ---------------------------------------------------------------- reader

/** Present in every reader method: `required` fails on an empty input, `default` stands in for one. */
export interface PresenceOptions<T> {
  required?: boolean;
  default?: T;
}
/** Options under which a method always returns a value. */
type Guaranteed<T> = { required: true } | { default: T };

/**
 * Reads inputs through `getInput` (by default @actions/core's, which reads `INPUT_<NAME>` and trims).
 * An empty input is "not given": methods return the default, fail when `required`, else return
 * undefined; their overloads say which.
 */
export class InputReader {
  constructor(private readonly getInput: (name: string) => string = (name) => core.getInput(name)) {}

  string(name: string, options: StringRule & PresenceOptions<string> & Guaranteed<string>): string;
  string(name: string, options?: StringRule & PresenceOptions<string>): string | undefined;
  string(name: string, options: StringRule & PresenceOptions<string> = {}): string | undefined {
    return this.read(name, options, describeString(options), (value) => parseString(name, value, options));
  }

  bool(name: string, options: PresenceOptions<boolean> & Guaranteed<boolean>): boolean;
  bool(name: string, options?: PresenceOptions<boolean>): boolean | undefined;
  bool(name: string, options: PresenceOptions<boolean> = {}): boolean | undefined {
    return this.read(name, options, 'true or false', (value) => parseBool(name, value));
  }

  int(name: string, options: RangeOptions & PresenceOptions<number> & Guaranteed<number>): number;
  int(name: string, options?: RangeOptions & PresenceOptions<number>): number | undefined;
  int(name: string, options: RangeOptions & PresenceOptions<number> = {}): number | undefined {
    return this.read(name, options, `an integer${describeRange(options, String)}`, (value) =>
      parseInteger(name, value, options),
    );
  }

  /** A decimal number; see parseDecimal. */
  decimal(name: string, options: RangeOptions & PresenceOptions<number> & Guaranteed<number>): number;
  decimal(name: string, options?: RangeOptions & PresenceOptions<number>): number | undefined;
  decimal(name: string, options: RangeOptions & PresenceOptions<number> = {}): number | undefined {
    return this.read(name, options, `a number${describeRange(options, String)}`, (value) =>
      parseDecimal(name, value, options),
    );
  }

  /** Milliseconds; see parseDuration for the accepted forms. */
  duration(name: string, options: RangeOptions & PresenceOptions<number> & Guaranteed<number>): number;
  duration(name: string, options?: RangeOptions & PresenceOptions<number>): number | undefined;
  duration(name: string, options: RangeOptions & PresenceOptions<number> = {}): number | undefined {
    return this.read(name, options, DURATION_EXPECTED, (value) => parseDuration(name, value, options));
  }

  percentList(name: string, options: PresenceOptions<readonly number[]> & Guaranteed<readonly number[]>): number[];
  percentList(name: string, options?: PresenceOptions<readonly number[]>): number[] | undefined;
  percentList(name: string, options: PresenceOptions<readonly number[]> = {}): number[] | undefined {
    const steps = this.read(name, options, PERCENT_LIST_EXPECTED, (value) => parsePercentList(name, value));
    return steps && [...steps];
  }

  ossUri(name: string, options: PresenceOptions<OssLocation> & Guaranteed<OssLocation>): OssLocation;
  ossUri(name: string, options?: PresenceOptions<OssLocation>): OssLocation | undefined;
  ossUri(name: string, options: PresenceOptions<OssLocation> = {}): OssLocation | undefined {
    return this.read(name, options, OSS_URI_EXPECTED, (value) => parseOssUri(name, value));
  }

  /** An empty input gives an empty record. */
  keyValues(name: string): Record<string, string> {
    return parseKeyValues(name, this.getInput(name).trim());
  }

  enumeration<T extends string>(name: string, allowed: readonly T[], options: PresenceOptions<T> & Guaranteed<T>): T;
  enumeration<T extends string>(name: string, allowed: readonly T[], options?: PresenceOptions<T>): T | undefined;
  enumeration<T extends string>(name: string, allowed: readonly T[], options: PresenceOptions<T> = {}): T | undefined {
    return this.read(name, options, `one of ${allowed.join(', ')}`, (value) => parseEnumeration(name, value, allowed));
  }

  private read<T>(
    name: string,
    options: PresenceOptions<T>,
    expected: string,
    parse: (value: string) => T,
  ): T | undefined {
    const value = this.getInput(name).trim();
    if (value !== '') {
      return parse(value);
    }
    if (options.default !== undefined) {
      return options.default;
    }
    if (options.required) {
      throw new InputError(name, '', expected);
    }
    return undefined;
  }
}
