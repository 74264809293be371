/**
 * Arbitraries of values an input must refuse, one factory per kind of input. Every value is invalid
 * by the contract the input's action.yml description states (or the public rule it points to),
 * after the runner's trimming: never a value that only happens to be refused today.
 *
 * No generator yields NUL: an environment variable (how the runner hands inputs over) cannot hold it.
 */
import fc from 'fast-check';

// ---------------------------------------------------------------- building blocks

/** ASCII control characters a single-line value cannot hold (NUL excluded, see above). */
export const controlChar = fc.constantFrom(
  '\n',
  '\r',
  '\t',
  '\v',
  '\f',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u001b',
  '\u001f',
  '\u007f',
);
const spaceOrControl = fc.oneof(fc.constant(' '), controlChar);

/** Characters no id, name or token of these APIs holds. */
const punctuation = fc.constantFrom(...'"\'`{}[]()<>|;,\\!?*$#%^&~='.split(''));

/** A valid value with `bad` inserted strictly inside it, so trimming cannot remove it. */
export function inside(valid: fc.Arbitrary<string>, bad: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      valid.filter((v) => v.length >= 2),
      bad,
      fc.nat(),
    )
    .map(([v, b, at]) => {
      const i = 1 + (at % (v.length - 1));
      return v.slice(0, i) + b + v.slice(i);
    });
}

/** What the action sees: the runner trims inputs, and an empty input is "not given". */
const given = (arb: fc.Arbitrary<string>) => arb.filter((value) => value.trim() !== '');

/** Words that are not what any numeric or boolean input means. */
const word = fc.stringMatching(/^[a-zA-Z][a-zA-Z_-]{0,11}$/);

/** A value longer than `max` characters, made of characters that would otherwise be allowed. */
export const longerThan = (max: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789') =>
  fc
    .string({ unit: fc.constantFrom(...alphabet.split('')), minLength: max + 1, maxLength: max + 40 })
    .map((text) => (/^[a-z]/.test(text) ? text : `a${text}`));

// ---------------------------------------------------------------- booleans and numbers

const BOOLEANS = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE'];

/** Anything but the YAML 1.2 core-schema booleans the descriptions call "true or false". */
export const badBool = () =>
  given(
    fc.oneof(
      fc.constantFrom('yes', 'no', 'on', 'off', '1', '0', 'y', 'n', 't', 'f', 'tRue', 'fAlse', 'truee', 'true false'),
      fc.string({ minLength: 1, maxLength: 12 }),
    ),
  ).filter((value) => !BOOLEANS.includes(value.trim()));

export interface Range {
  min?: number;
  max?: number;
}

/** Text that is no number at all: words, numbers with units or stray characters, several numbers. */
const notANumber = fc.oneof(
  word,
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '.', '-', '+', '--1', '1..2', '1.2.3', '½', '１２', '٣'),
  fc.tuple(fc.integer({ min: 0, max: 999 }), word).map(([n, unit]) => `${n}${unit}`),
  fc
    .tuple(fc.integer({ min: 0, max: 999 }), spaceOrControl, fc.integer({ min: 0, max: 999 }))
    .map(([a, gap, b]) => `${a}${gap}${b}`),
);

/** Integers outside the range (within it, nothing; an unbounded side yields none). */
function outside(range: Range): fc.Arbitrary<number>[] {
  const arbitraries: fc.Arbitrary<number>[] = [];
  if (range.min !== undefined) arbitraries.push(fc.integer({ min: range.min - 1_000_000, max: range.min - 1 }));
  if (range.max !== undefined) arbitraries.push(fc.integer({ min: range.max + 1, max: range.max + 1_000_000 }));
  return arbitraries;
}

/** For "an integer, min to max": out of range, fractions, no number at all. */
export const badInt = (range: Range) =>
  given(
    fc.oneof(
      ...outside(range).map((arb) => arb.map(String)),
      fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 99 })).map(([i, f]) => `${i}.${f}`),
      notANumber,
    ),
  );

/** For "a number" with bounds: out of range (with a fraction), or no number at all. */
export const badDecimal = (range: Range & { above?: number }) => {
  const low = range.above ?? range.min;
  const below =
    low === undefined
      ? []
      : [
          fc
            .double({ min: low - 1e6, max: low, noNaN: true, noDefaultInfinity: true })
            .filter((n) => (range.above !== undefined ? n <= low : n < low))
            .map((n) => n.toFixed(3))
            .filter((text) => (range.above !== undefined ? Number(text) <= low : Number(text) < low)),
        ];
  const above =
    range.max === undefined
      ? []
      : [
          fc
            .double({ min: range.max, max: range.max + 1e6, noNaN: true, noDefaultInfinity: true })
            .map((n) => n.toFixed(3))
            .filter((text) => Number(text) > range.max!),
        ];
  return given(fc.oneof(...below, ...above, notANumber));
};

// ---------------------------------------------------------------- durations

const MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** The shortest d/h/m/s/ms text of a whole number of milliseconds (as the docs write durations). */
export function durationText(ms: number): string {
  let rest = ms;
  let text = '';
  for (const [unit, size] of Object.entries(MS)) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text || '0s';
}

const DURATION_GRAMMAR = /^(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;

/** For "a duration such as 90s, 5m or 1h" with bounds: no unit, unknown units, fractions, out of range. */
export const badDuration = (range: Range) => {
  const outOfRange: fc.Arbitrary<string>[] = [];
  if (range.min !== undefined && range.min > 0) {
    outOfRange.push(fc.integer({ min: 0, max: range.min - 1 }).map(durationText));
  }
  if (range.max !== undefined) {
    outOfRange.push(fc.integer({ min: range.max + 1, max: range.max * 4 }).map(durationText));
  }
  return given(
    fc.oneof(
      fc.integer({ min: 0, max: 100_000 }).map(String),
      fc
        .tuple(
          fc.integer({ min: 1, max: 999 }),
          fc.constantFrom('w', 'y', 'M', 'H', 'S', 'sec', 'min', 'hr', 'us', 'x'),
        )
        .map(([n, unit]) => `${n}${unit}`),
      fc
        .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 9 }), fc.constantFrom('d', 'h', 'm', 's'))
        .map(([i, f, unit]) => `${i}.${f}${unit}`),
      fc.integer({ min: 1, max: 999 }).map((n) => `-${n}m`),
      fc.integer({ min: 1, max: 999 }).map((n) => `${n} m`),
      fc.tuple(fc.integer({ min: 1, max: 59 }), fc.integer({ min: 1, max: 23 })).map(([m, h]) => `${m}m${h}h`),
      fc
        .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.constantFrom('d', 'h', 'm', 's'))
        .map(([a, b, unit]) => `${a}${unit}${b}${unit}`),
      ...outOfRange,
      notANumber.filter((text) => !DURATION_GRAMMAR.test(text.trim())),
    ),
  );
};

// ---------------------------------------------------------------- choices

/** Near misses of the allowed values (case, affixes) and other words; never an allowed value. */
export const badEnum = (allowed: readonly string[]) => {
  const choice = fc.constantFrom(...allowed);
  return given(
    fc.oneof(
      choice.map((v) => v.toUpperCase()),
      choice.map((v) => v.charAt(0).toUpperCase() + v.slice(1)),
      choice.map((v) => v.toLowerCase()),
      fc.tuple(choice, fc.constantFrom('s', '-x', '_', '.', '1')).map(([v, suffix]) => v + suffix),
      inside(choice, spaceOrControl),
      word,
    ),
  ).filter((value) => !allowed.includes(value.trim()));
};

// ---------------------------------------------------------------- names and ids

/** An id-like value (letters, digits, - _ .) with a space, a control character or punctuation inside. */
export const idWithForbiddenCharacter = (valid: fc.Arbitrary<string> = fc.stringMatching(/^[a-z][a-z0-9_-]{2,20}$/)) =>
  inside(valid, fc.oneof(spaceOrControl, punctuation, fc.constant('/')));

const EAS_NAME = /^[a-z][a-z0-9_]{2,62}$/;

/** For EAS service names: 3-63 lowercase letters, digits or underscores, starting with a letter. */
export const badEasName = () =>
  given(
    fc.oneof(
      fc.stringMatching(/^[a-z][a-z0-9]{0,1}$/),
      longerThan(63, 'abcdefghijklmnopqrstuvwxyz0123456789_'),
      fc.stringMatching(/^[0-9_][a-z0-9_]{2,20}$/),
      inside(fc.stringMatching(/^[a-z][a-z0-9_]{2,20}$/), fc.constantFrom('A', 'Z', '-', '.', ' ', '\n', '/', 'é')),
    ),
  ).filter((value) => !EAS_NAME.test(value.trim()));

// ---------------------------------------------------------------- OSS URIs and endpoints

const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/);
const prefix = fc.stringMatching(/^([a-z0-9_.-]{1,8}\/){0,3}$/);
const badBucket = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{1,2}$/),
  longerThan(63),
  bucket.map((b) => `-${b}`),
  bucket.map((b) => `${b}-`),
  inside(bucket, fc.constantFrom('A', '_', '.', ' ', '%', '\t')),
  fc.constant(''),
);

/** For "an OSS URI like oss://bucket/prefix": other schemes, bad bucket names, `a//b`, control characters. */
export const badOssUri = () =>
  given(
    fc.oneof(
      fc
        .tuple(fc.constantFrom('s3://', 'gs://', 'http://', 'https://', 'oss:/', 'oss:', 'oss//', ''), bucket, prefix)
        .map(([scheme, b, p]) => `${scheme}${b}/${p}`),
      fc.tuple(badBucket, prefix).map(([b, p]) => `oss://${b}/${p}`),
      fc.tuple(bucket, prefix, prefix).map(([b, p, q]) => `oss://${b}/${p}x//${q}y`),
      fc.tuple(bucket, inside(fc.stringMatching(/^[a-z0-9]{2,10}$/), controlChar)).map(([b, p]) => `oss://${b}/${p}/`),
      // OSS object keys are at most 1023 bytes.
      fc.tuple(bucket, longerThan(1023)).map(([b, p]) => `oss://${b}/${p}/`),
    ),
  );

/** For "OSS URI of a .json object": a bad URI, or a good one that names no .json object. */
export const badJsonOssUri = () =>
  fc.oneof(
    badOssUri(),
    fc
      .tuple(bucket, prefix, fc.constantFrom('', 'metrics', 'metrics.jso', 'metrics.json/', 'metrics.yaml', 'json'))
      .map(([b, p, file]) => `oss://${b}/${p}${file}`),
  );

/** For "host[:port] or http(s) URL": other schemes, no host, bad ports, spaces or control characters. */
export const badEndpoint = () =>
  given(
    fc.oneof(
      fc
        .tuple(fc.constantFrom('ftp://', 'ws://', 'file://', 'tcp://', 'http:/', 'https:'), fc.domain())
        .map(([scheme, host]) => `${scheme}${host}`),
      fc.constantFrom('http://', 'https://', '://', 'http:///', ':8080'),
      fc.tuple(fc.domain(), word).map(([host, port]) => `${host}:${port}`),
      fc.domain().map((host) => `${host}:`),
      fc
        .tuple(
          fc.constantFrom('', 'http://', 'https://'),
          fc.domain(),
          fc.oneof(fc.constant(0), fc.integer({ min: 65_536, max: 10_000_000 })),
        )
        .map(([scheme, host, port]) => `${scheme}${host}:${port}`),
      fc
        .tuple(fc.constantFrom('', 'http://', 'https://'), inside(fc.domain(), spaceOrControl))
        .map(([scheme, host]) => `${scheme}${host}`),
    ),
  );

// ---------------------------------------------------------------- structured text

/** Text JSON.parse refuses: truncated, single-quoted, trailing commas, bare words. */
export const notJson = () =>
  given(
    fc.oneof(
      fc.json().map((text) => text.slice(0, -1)),
      fc.json().map((text) => `${text},`),
      fc.constantFrom("{'a': 1}", '{a: 1}', '{"a": 1,}', '[1, 2,]', 'undefined', 'NaN', '{"a": }', '{'),
      fc.string({ maxLength: 20 }),
      word,
    ),
  ).filter((text) => {
    try {
      JSON.parse(text.trim());
      return false;
    } catch {
      return true;
    }
  });

/** For "comma-separated percentages, strictly increasing, ending at 100". */
export const badPercentList = () =>
  given(
    fc.oneof(
      fc
        .uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 4 })
        .map((steps) => steps.sort((a, b) => a - b).join(',')),
      fc
        .uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 2, maxLength: 4 })
        .map((steps) => [...steps.sort((a, b) => b - a), 100].join(',')),
      fc.integer({ min: 1, max: 99 }).map((n) => `${n},${n},100`),
      fc.integer({ min: 101, max: 1000 }).map((n) => `10,${n}`),
      fc.constantFrom('0,100', '10,,100', '10,50,100,', '10.5,100', '-10,100', '10;50;100', '10 50 100', '100%'),
      word,
    ),
  );

/** For "KEY=VALUE lines" with names of letters, digits and underscores: missing "=", bad or repeated keys. */
export const badKeyValueLines = (validKey: fc.Arbitrary<string>) =>
  given(
    fc.oneof(
      fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/),
      fc.tuple(fc.stringMatching(/^[0-9][A-Za-z0-9_]{0,8}$/), word).map(([key, value]) => `${key}=${value}`),
      fc
        .tuple(inside(fc.stringMatching(/^[A-Z][A-Z0-9_]{1,8}$/), fc.constantFrom('-', '.', ' ', '$')), word)
        .map(([key, value]) => `${key}=${value}`),
      fc.tuple(validKey, word, word).map(([key, a, b]) => `${key}=${a}\n${key}=${b}`),
      word.map((value) => `=${value}`),
    ),
  );

/** For "comma-separated exit codes from 1 to 255". */
export const badExitCodes = () =>
  given(
    fc.oneof(
      fc.integer({ min: 256, max: 100_000 }).map(String),
      fc.constantFrom('0', '-1', '137,,143', '137;143', '1.5', '137,', ',137'),
      fc.tuple(fc.integer({ min: 1, max: 255 }), word).map(([code, w]) => `${code},${w}`),
    ),
  );

// ---------------------------------------------------------------- credentials

const account = fc.stringMatching(/^[0-9]{6,16}$/);
const ramName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,20}$/);

/** For `acs:ram::<account>:<type>/<name>` ARNs of `type`: other clouds and types, bad accounts and names. */
export const badRamArn = (type: 'role' | 'oidc-provider', maxName: number) =>
  given(
    fc.oneof(
      fc.tuple(account, ramName).map(([a, n]) => `arn:aws:iam::${a}:${type}/${n}`),
      fc
        .tuple(
          account,
          fc.constantFrom(...['role', 'oidc-provider', 'user', 'group', 'saml-provider'].filter((t) => t !== type)),
          ramName,
        )
        .map(([a, t, n]) => `acs:ram::${a}:${t}/${n}`),
      fc.tuple(word, ramName).map(([a, n]) => `acs:ram::${a}:${type}/${n}`),
      account.map((a) => `acs:ram::${a}:${type}/`),
      fc
        .tuple(account, inside(ramName, fc.oneof(spaceOrControl, fc.constantFrom('/', '"', '*'))))
        .map(([a, n]) => `acs:ram::${a}:${type}/${n}`),
      fc.tuple(account, longerThan(maxName)).map(([a, n]) => `acs:ram::${a}:${type}/${n}`),
      ramName,
    ),
  );

/** A token or client id with a space or control character inside, as no header or claim can carry. */
export const withSpaceInside = () => inside(fc.stringMatching(/^[A-Za-z0-9_]{4,40}$/), spaceOrControl);
