import { InputReader } from '../../src/inputs.js';
import { parseLabelSelector, readCleanupInputs } from '../../src/serving/cleanup-inputs.js';

const reader = (values: Record<string, string>) => new InputReader((name) => values[name] ?? '');

test('defaults: 72 h retention, keep 1, at most 100 deletes, not a dry run, models left alone', () => {
  expect(readCleanupInputs(reader({ 'service-name': 'shop' }))).toEqual({
    selection: { group: 'shop' },
    retentionMs: 72 * 3_600_000,
    keepNewest: 1,
    maxDeletes: 100,
    dryRun: false,
    deleteArtifacts: false,
  });
});

test('every input read', () => {
  const options = readCleanupInputs(
    reader({
      'label-selector': 'stage=prod, team=search',
      retention: '1d12h',
      keep: '0',
      'max-deletes': '5',
      'dry-run': 'true',
      'delete-artifacts': 'true',
    }),
  );
  expect(options).toEqual({
    selection: { labels: { stage: 'prod', team: 'search' } },
    retentionMs: 36 * 3_600_000,
    keepNewest: 0,
    maxDeletes: 5,
    dryRun: true,
    deleteArtifacts: true,
  });
});

test.each([
  ['service-name', 'Shop'],
  ['retention', '3 days'],
  ['retention', '400d'],
  ['keep', '101'],
  ['max-deletes', '0'],
  ['dry-run', '1'],
  ['delete-artifacts', 'on'],
  ['label-selector', 'stage'],
])('%s=%s is refused by name', (input, value) => {
  expect(() => readCleanupInputs(reader({ 'service-name': 'shop', [input]: value }))).toThrow(
    new RegExp(`^Input "${input}" has invalid value`),
  );
});

test('one of service-name and label-selector is required', () => {
  expect(() => readCleanupInputs(reader({}))).toThrow(/^Input "service-name" is required: .*label-selector/);
});

describe('parseLabelSelector', () => {
  test.each([
    ['stage=prod', { stage: 'prod' }],
    ['a.b/c-d=x=y', { 'a.b/c-d': 'x=y' }],
  ])('%s', (text, expected) => {
    expect(parseLabelSelector('label-selector', text)).toEqual(expected);
  });

  test.each([
    ['stage', /"stage"/],
    ['stage=', /"stage="/],
    ['stage=prod,,team=a', /empty pair/],
    ['stage=a,stage=b', /stage appears twice/],
    ['managed-by=someone', /managed-by is always pai-actions/],
    ['-x=1', /"-x=1"/],
  ])('%s is refused', (text, reason) => {
    expect(() => parseLabelSelector('label-selector', text)).toThrow(reason);
  });
});
