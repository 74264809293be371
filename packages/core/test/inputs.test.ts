import { InputError } from '../src/errors.js';
import {
  InputReader,
  formatDuration,
  formatOssUri,
  isValidBucketName,
  parseBool,
  parseDuration,
  parseEnumeration,
  parseInteger,
  parseKeyValues,
  parseOssUri,
  parsePercentList,
  parseString,
  type OssLocation,
} from '../src/inputs.js';

/** Runs `parse` and returns its InputError's message; fails the test when nothing (or something else) is thrown. */
function messageOf(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('expected an InputError');
}

const DURATION_EXPECTED = 'a duration such as 500ms, 90s, 5m, 1h30m or 2d (units d, h, m, s, ms, largest first)';
const STEPS_EXPECTED = 'comma-separated percentages, strictly increasing, ending at 100';

describe('parseBool', () => {
  test.each<[string, boolean]>([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
  ])('%s → %p', (value, expected) => {
    expect(parseBool('spot', value)).toBe(expected);
  });

  test.each(['yes', 'no', '1', '0', 'tRUE', 'on', ' true', ''])('rejects %j', (value) => {
    const expected = 'expected one of true, True, TRUE, false, False, FALSE';
    const shown = value === '' ? 'is required' : `has invalid value ${JSON.stringify(value)}`;
    expect(messageOf(() => parseBool('spot', value))).toBe(`Input "spot" ${shown}: ${expected}`);
  });
});

describe('parseInteger', () => {
  test.each<[string, { min?: number; max?: number }, number]>([
    ['0', {}, 0],
    ['42', {}, 42],
    ['-3', {}, -3],
    ['+7', {}, 7],
    ['1', { min: 1, max: 8 }, 1],
    ['8', { min: 1, max: 8 }, 8],
    ['9007199254740991', {}, Number.MAX_SAFE_INTEGER],
  ])('%s with %j → %i', (value, range, expected) => {
    expect(parseInteger('workers', value, range)).toBe(expected);
  });

  test.each<[string, { min?: number; max?: number }, string]>([
    ['1.5', {}, 'an integer'],
    ['1e3', {}, 'an integer'],
    ['0x10', {}, 'an integer'],
    ['ten', {}, 'an integer'],
    ['9007199254740993', {}, 'an integer'],
    ['0', { min: 1, max: 8 }, 'an integer between 1 and 8'],
    ['9', { min: 1, max: 8 }, 'an integer between 1 and 8'],
    ['0', { min: 1 }, 'an integer of at least 1'],
    ['101', { max: 100 }, 'an integer of at most 100'],
  ])('rejects %s with %j', (value, range, expected) => {
    expect(messageOf(() => parseInteger('workers', value, range))).toBe(
      `Input "workers" has invalid value "${value}": expected ${expected}`,
    );
  });
});

describe('parseDuration', () => {
  test.each<[string, number]>([
    ['500ms', 500],
    ['90s', 90_000],
    ['5m', 300_000],
    ['72h', 259_200_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['1d2h3m4s5ms', 93_784_005],
    ['0s', 0],
    ['1m500ms', 60_500],
  ])('%s → %i ms', (value, expected) => {
    expect(parseDuration('bake-time', value)).toBe(expected);
  });

  test.each<[string, string]>([
    ['90', ' (add a unit, e.g. 90s or 90m)'],
    ['-5m', ''],
    ['1.5h', ''],
    ['5M', ''],
    ['5 m', ''],
    ['m', ''],
    ['h30m', ''],
    ['3w', ''],
    ['30m1h', ''],
    ['1h1h', ''],
    ['5sec', ''],
  ])('rejects %j', (value, reason) => {
    expect(messageOf(() => parseDuration('bake-time', value))).toBe(
      `Input "bake-time" has invalid value "${value}": expected ${DURATION_EXPECTED}${reason}`,
    );
  });

  test('names the range in the message when out of it', () => {
    expect(messageOf(() => parseDuration('bake-time', '30s', { min: 60_000, max: 86_400_000 }))).toBe(
      `Input "bake-time" has invalid value "30s": expected ${DURATION_EXPECTED} between 1m and 1d`,
    );
    expect(messageOf(() => parseDuration('bake-time', '2h', { max: 5_400_000 }))).toBe(
      `Input "bake-time" has invalid value "2h": expected ${DURATION_EXPECTED} of at most 1h30m`,
    );
    expect(parseDuration('bake-time', '1m', { min: 60_000 })).toBe(60_000);
  });

  test('rejects a total beyond safe integers', () => {
    expect(messageOf(() => parseDuration('bake-time', '99999999999999999d'))).toMatch(/\(too long\)$/);
  });
});

describe('formatDuration', () => {
  test.each<[number, string]>([
    [0, '0s'],
    [500, '500ms'],
    [90_000, '1m30s'],
    [5_400_000, '1h30m'],
    [259_200_000, '3d'],
    [93_784_005, '1d2h3m4s5ms'],
  ])('%i → %s, and back', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
    expect(parseDuration('x', expected)).toBe(ms);
  });

  test.each([-1, 1.5, Number.NaN])('refuses %p', (ms) => {
    expect(() => formatDuration(ms)).toThrow(RangeError);
  });
});

describe('parsePercentList', () => {
  test.each<[string, number[]]>([
    ['10,50,100', [10, 50, 100]],
    ['100', [100]],
    [' 1, 2 ,100 ', [1, 2, 100]],
    ['25,50,75,100', [25, 50, 75, 100]],
  ])('%j → %j', (value, expected) => {
    expect(parsePercentList('traffic-steps', value)).toEqual(expected);
  });

  test.each<[string, string]>([
    ['10,5,100', '5 does not exceed 10'],
    ['10,10,100', '10 does not exceed 10'],
    ['10,50', 'the last step is 50'],
    ['0,100', '0 is not a whole number from 1 to 100'],
    ['10,101', '101 is not a whole number from 1 to 100'],
    ['10,,100', 'empty step'],
    ['10,50,100,', 'empty step'],
    ['10.5,100', '10.5 is not a whole number from 1 to 100'],
    ['-10,100', '-10 is not a whole number from 1 to 100'],
    ['10%,100', '10% is not a whole number from 1 to 100'],
    ['10 50 100', '10 50 100 is not a whole number from 1 to 100'],
  ])('rejects %j', (value, reason) => {
    expect(messageOf(() => parsePercentList('traffic-steps', value))).toBe(
      `Input "traffic-steps" has invalid value "${value}": expected ${STEPS_EXPECTED} (${reason})`,
    );
  });
});

describe('parseOssUri and formatOssUri', () => {
  test.each<[string, OssLocation]>([
    ['oss://my-bucket/models/', { bucket: 'my-bucket', prefix: 'models/' }],
    ['oss://my-bucket/models/run-1', { bucket: 'my-bucket', prefix: 'models/run-1' }],
    ['oss://abc', { bucket: 'abc', prefix: '' }],
    ['oss://abc/', { bucket: 'abc', prefix: '' }],
    ['oss://a1-b2-c3/x y/ü.bin', { bucket: 'a1-b2-c3', prefix: 'x y/ü.bin' }],
    [`oss://${'a'.repeat(63)}/p`, { bucket: 'a'.repeat(63), prefix: 'p' }],
  ])('%s → %j', (value, expected) => {
    expect(parseOssUri('model-uri', value)).toEqual(expected);
  });

  const bucketRule = '3-63 lowercase letters, digits or hyphens, not starting or ending with a hyphen';
  test.each<[string, string]>([
    ['s3://bucket/x', 'it must start with oss://'],
    ['my-bucket/x', 'it must start with oss://'],
    ['OSS://bucket/x', 'it must start with oss://'],
    ['oss://', `bucket "" must be ${bucketRule}`],
    ['oss:///x', `bucket "" must be ${bucketRule}`],
    ['oss://ab/x', `bucket "ab" must be ${bucketRule}`],
    [`oss://${'a'.repeat(64)}/x`, `bucket "${'a'.repeat(64)}" must be ${bucketRule}`],
    ['oss://My-Bucket/x', `bucket "My-Bucket" must be ${bucketRule}`],
    ['oss://-bucket/x', `bucket "-bucket" must be ${bucketRule}`],
    ['oss://bucket-/x', `bucket "bucket-" must be ${bucketRule}`],
    ['oss://my_bucket/x', `bucket "my_bucket" must be ${bucketRule}`],
    ['oss://bucket//x', 'the prefix has an empty path segment'],
    ['oss://bucket/a//b/', 'the prefix has an empty path segment'],
    ['oss://bucket/a\\b', 'the prefix has a control character or backslash'],
    ['oss://bucket/a\tb', 'the prefix has a control character or backslash'],
    [`oss://bucket/${'k'.repeat(1024)}`, 'the prefix is longer than 1023 bytes'],
  ])('rejects %j', (value, reason) => {
    const message = messageOf(() => parseOssUri('model-uri', value));
    const shown = JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
    expect(message).toBe(
      `Input "model-uri" has invalid value ${shown}: expected an OSS URI like oss://bucket/prefix (${reason})`,
    );
  });

  test.each<[OssLocation, string]>([
    [{ bucket: 'b-1', prefix: 'models/' }, 'oss://b-1/models/'],
    [{ bucket: 'b-1', prefix: '' }, 'oss://b-1/'],
    [{ bucket: 'b-1', prefix: 'a/b.bin' }, 'oss://b-1/a/b.bin'],
  ])('formats %j as %s, and parses back', (location, expected) => {
    expect(formatOssUri(location)).toBe(expected);
    expect(parseOssUri('x', expected)).toEqual(location);
  });

  test.each<[string, boolean]>([
    ['abc', true],
    ['a-b', true],
    ['0bucket9', true],
    ['ab', false],
    ['a.b.c', false],
    ['a--', false],
  ])('isValidBucketName(%j) is %p', (name, valid) => {
    expect(isValidBucketName(name)).toBe(valid);
  });
});

describe('parseKeyValues', () => {
  test.each<[string, Record<string, string>]>([
    ['', {}],
    ['A=1', { A: '1' }],
    ['A=1\nB_2=two words\n_C=', { A: '1', B_2: 'two words', _C: '' }],
    ['# comment\n\n  KEY = value  \n\r\nURL=https://x/?a=b&c=d', { KEY: 'value', URL: 'https://x/?a=b&c=d' }],
    ['A=1\r\nB=2', { A: '1', B: '2' }],
    ['HASH=a#b', { HASH: 'a#b' }],
  ])('%j → %j', (value, expected) => {
    expect(parseKeyValues('envs', value)).toEqual(expected);
  });

  test('a key named __proto__ is an ordinary entry', () => {
    const parsed = parseKeyValues('envs', '__proto__=x');
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  const expected = 'KEY=VALUE lines whose keys are letters, digits and underscores, not starting with a digit';
  test.each<[string, string, string]>([
    ['A=1\nB', 'B', 'line 2 has no "="'],
    ['=value', '=value', 'line 1 has key ""'],
    ['1A=x', '1A=x', 'line 1 has key "1A"'],
    ['MY-KEY=x', 'MY-KEY=x', 'line 1 has key "MY-KEY"'],
    ['A B=x', 'A B=x', 'line 1 has key "A B"'],
    ['A=1\n# c\nA=2', 'A=2', 'line 3 repeats key A from line 1'],
  ])('rejects %j', (value, shownLine, reason) => {
    expect(messageOf(() => parseKeyValues('envs', value))).toBe(
      `Input "envs" has invalid value ${JSON.stringify(shownLine)}: expected ${expected} (${reason})`,
    );
  });
});

describe('parseEnumeration and parseString', () => {
  const jobTypes = ['PyTorchJob', 'TFJob', 'XGBoostJob'] as const;

  test.each(jobTypes)('accepts %s', (value) => {
    expect(parseEnumeration('job-type', value, jobTypes)).toBe(value);
  });

  test.each(['pytorchjob', 'MPIJob', ' TFJob'])('rejects %j', (value) => {
    expect(messageOf(() => parseEnumeration('job-type', value, jobTypes))).toBe(
      `Input "job-type" has invalid value ${JSON.stringify(value)}: expected one of PyTorchJob, TFJob, XGBoostJob`,
    );
  });

  test.each<[string, RegExp | undefined, string | undefined, string | undefined]>([
    ['cn-hangzhou', /^[a-z]+-[a-z0-9-]+$/, 'a region id like cn-hangzhou', undefined],
    ['anything at all', undefined, undefined, undefined],
    ['CN_HZ', /^[a-z]+-[a-z0-9-]+$/, 'a region id like cn-hangzhou', 'a region id like cn-hangzhou'],
    ['CN_HZ', /^[a-z]+$/, undefined, 'a value matching /^[a-z]+$/'],
  ])('parseString(%j, %p)', (value, pattern, description, expected) => {
    if (expected === undefined) {
      expect(parseString('region', value, { pattern, description })).toBe(value);
    } else {
      expect(messageOf(() => parseString('region', value, { pattern, description }))).toBe(
        `Input "region" has invalid value ${JSON.stringify(value)}: expected ${expected}`,
      );
    }
  });
});

describe('InputReader', () => {
  const readerOf = (inputs: Record<string, string>) => new InputReader((name) => inputs[name] ?? '');

  test('reads and trims each kind', () => {
    const reader = readerOf({
      region: ' cn-shanghai ',
      spot: 'TRUE',
      workers: ' 4',
      'bake-time': '5m ',
      'traffic-steps': '20, 100',
      'model-uri': 'oss://models/prod/',
      envs: '\nA=1\n',
      processor: 'onnx',
    });
    expect(reader.string('region', { pattern: /^[a-z]+-[a-z]+$/ })).toBe('cn-shanghai');
    expect(reader.bool('spot')).toBe(true);
    expect(reader.int('workers', { min: 1 })).toBe(4);
    expect(reader.duration('bake-time')).toBe(300_000);
    expect(reader.percentList('traffic-steps')).toEqual([20, 100]);
    expect(reader.ossUri('model-uri')).toEqual({ bucket: 'models', prefix: 'prod/' });
    expect(reader.keyValues('envs')).toEqual({ A: '1' });
    expect(reader.enumeration('processor', ['onnx', 'tensorflow', 'pytorch'] as const)).toBe('onnx');
  });

  test('an empty input gives the default', () => {
    const reader = readerOf({ 'traffic-steps': '   ' });
    const defaultSteps = [10, 50, 100] as const;
    expect(reader.string('region', { default: 'cn-hangzhou' })).toBe('cn-hangzhou');
    expect(reader.bool('spot', { default: false })).toBe(false);
    expect(reader.int('workers', { default: 1 })).toBe(1);
    expect(reader.duration('bake-time', { default: 600_000 })).toBe(600_000);
    const steps = reader.percentList('traffic-steps', { default: defaultSteps });
    expect(steps).toEqual([10, 50, 100]);
    steps.push(1);
    expect(defaultSteps).toEqual([10, 50, 100]);
    expect(reader.ossUri('model-uri', { default: { bucket: 'b-1', prefix: '' } })).toEqual({
      bucket: 'b-1',
      prefix: '',
    });
    expect(reader.keyValues('envs')).toEqual({});
    expect(reader.enumeration('mode', ['a', 'b'] as const, { default: 'b' })).toBe('b');
  });

  test('an empty optional input without a default is undefined', () => {
    const reader = readerOf({});
    expect(reader.string('region')).toBeUndefined();
    expect(reader.bool('spot')).toBeUndefined();
    expect(reader.int('workers')).toBeUndefined();
    expect(reader.duration('bake-time')).toBeUndefined();
    expect(reader.percentList('traffic-steps')).toBeUndefined();
    expect(reader.ossUri('model-uri')).toBeUndefined();
    expect(reader.enumeration('mode', ['a', 'b'] as const)).toBeUndefined();
  });

  test.each<[string, (reader: InputReader) => unknown, string]>([
    ['string', (r) => r.string('region', { required: true }), 'Input "region" is required: expected a value'],
    [
      'string with a description',
      (r) => r.string('region', { required: true, pattern: /./, description: 'a region id' }),
      'Input "region" is required: expected a region id',
    ],
    ['bool', (r) => r.bool('spot', { required: true }), 'Input "spot" is required: expected true or false'],
    [
      'int',
      (r) => r.int('workers', { required: true, min: 1, max: 8 }),
      'Input "workers" is required: expected an integer between 1 and 8',
    ],
    [
      'duration',
      (r) => r.duration('bake-time', { required: true }),
      `Input "bake-time" is required: expected ${DURATION_EXPECTED}`,
    ],
    [
      'percentList',
      (r) => r.percentList('steps', { required: true }),
      `Input "steps" is required: expected ${STEPS_EXPECTED}`,
    ],
    [
      'ossUri',
      (r) => r.ossUri('model-uri', { required: true }),
      'Input "model-uri" is required: expected an OSS URI like oss://bucket/prefix',
    ],
    [
      'enumeration',
      (r) => r.enumeration('mode', ['a', 'b'], { required: true }),
      'Input "mode" is required: expected one of a, b',
    ],
  ])('a missing required %s names the input and what is allowed', (_kind, read, expected) => {
    expect(messageOf(() => read(readerOf({})))).toBe(expected);
  });

  test.each<[string, (reader: InputReader) => unknown, string]>([
    [
      'region',
      (r) => r.string('region', { pattern: /^[a-z-]+$/, default: 'cn-hangzhou' }),
      'a value matching /^[a-z-]+$/',
    ],
    ['spot', (r) => r.bool('spot', { default: false }), 'one of true, True, TRUE, false, False, FALSE'],
    ['workers', (r) => r.int('workers', { min: 1, default: 1 }), 'an integer of at least 1'],
    ['bake-time', (r) => r.duration('bake-time', { default: 1000 }), DURATION_EXPECTED],
    ['steps', (r) => r.percentList('steps', { default: [100] }), STEPS_EXPECTED],
    ['model-uri', (r) => r.ossUri('model-uri'), 'an OSS URI like oss://bucket/prefix'],
    ['mode', (r) => r.enumeration('mode', ['a', 'b'], { default: 'a' }), 'one of a, b'],
  ])('a bad %s is refused even with a default', (name, read, expected) => {
    const message = messageOf(() => read(readerOf({ [name]: 'BAD_0' })));
    expect(message.startsWith(`Input "${name}" has invalid value "BAD_0": expected ${expected}`)).toBe(true);
  });

  test('reads INPUT_* variables through @actions/core by default', () => {
    process.env['INPUT_TRAFFIC-STEPS'] = '10,50,100';
    process.env['INPUT_BAKE-TIME'] = 'soon';
    try {
      const reader = new InputReader();
      expect(reader.percentList('traffic-steps')).toEqual([10, 50, 100]);
      expect(messageOf(() => reader.duration('bake-time'))).toBe(
        `Input "bake-time" has invalid value "soon": expected ${DURATION_EXPECTED}`,
      );
    } finally {
      delete process.env['INPUT_TRAFFIC-STEPS'];
      delete process.env['INPUT_BAKE-TIME'];
    }
  });
});
