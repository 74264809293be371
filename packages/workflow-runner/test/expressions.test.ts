import { condition, interpolate, splitTemplate, stepStatus, type Contexts } from '../src/expressions.js';
import { UnsupportedError, WorkflowError } from '../src/errors.js';

const contexts: Contexts = {
  github: { ref: 'refs/tags/v1', event_name: 'push', event: { pull_request: { number: 7 } } },
  inputs: { 'dry-run': false, epochs: 3, name: 'resnet' },
  steps: { build: { outputs: { uri: 'oss://b/m' }, outcome: 'success' } },
  env: { STAGE: 'prod' },
};
const ok = stepStatus(false, false);
const failed = stepStatus(true, false);
const cancelled = stepStatus(false, true);

describe('interpolate', () => {
  test.each([
    ['${{ inputs.epochs }}', 3],
    ['${{ inputs.dry-run }}', false],
    ['epochs=${{ inputs.epochs }} dry=${{ inputs.dry-run }}', 'epochs=3 dry=false'],
    ["${{ format('{0}/{1}', steps.build.outputs.uri, inputs.name) }}", 'oss://b/m/resnet'],
    ['${{ github.event.pull_request.number }}', 7],
    ['${{ steps.missing.outputs.x }}', null],
    ['a ${{ steps.missing.outputs.x }}b', 'a b'],
    ["${{ '}}' }} and ${{ 'x' }}", '}} and x'],
    ['${{ toJSON(inputs) }}', JSON.stringify({ 'dry-run': false, epochs: 3, name: 'resnet' }, null, 2)],
    ["${{ fromJSON('[1,2]')[1] }}", 2],
    ['no expression', 'no expression'],
  ])('%s → %j', (template, expected) => {
    expect(interpolate(template, contexts, ok, 'test')).toEqual(expected);
  });

  test('an unclosed expression and an unknown context are errors naming where', () => {
    expect(() => interpolate('${{ inputs.name', contexts, ok, 'jobs.a.steps[0].run')).toThrow(
      'jobs.a.steps[0].run: unclosed',
    );
    expect(() => interpolate('${{ nope.x }}', contexts, ok, 'jobs.a.env.X')).toThrow(WorkflowError);
  });

  test('hashFiles is refused by name', () => {
    expect(() => interpolate("${{ hashFiles('x') }}", contexts, ok, 'w')).toThrow(UnsupportedError);
  });

  test('splitTemplate keeps literal text', () => {
    expect(splitTemplate('a${{ x }}b', 'w')).toEqual([{ literal: 'a' }, { expression: 'x' }, { literal: 'b' }]);
  });
});

describe('condition', () => {
  test.each([
    [undefined, ok, true],
    [undefined, failed, false],
    ['', cancelled, false],
    ["startsWith(github.ref, 'refs/tags/')", ok, true],
    ["${{ startsWith(github.ref, 'refs/tags/') }}", ok, true],
    // Without a status function a condition only holds while nothing failed.
    ["startsWith(github.ref, 'refs/tags/')", failed, false],
    ['failure()', failed, true],
    ['failure()', ok, false],
    ['always()', failed, true],
    ['always()', cancelled, true],
    ['cancelled()', cancelled, true],
    ['success()', cancelled, false],
    ["steps.build.outcome == 'SUCCESS'", ok, true],
    ['inputs.dry-run', ok, false],
    ['!inputs.dry-run', ok, true],
    [true, ok, true],
    [false, ok, false],
    ["env.STAGE == 'prod' && inputs.epochs > 2", ok, true],
  ] as const)('%j with %j → %s', (raw, status, expected) => {
    expect(condition(raw, contexts, status, 'if')).toBe(expected);
  });

  test('job-level status: success() needs every needed job to succeed, failure() any ancestor to fail', () => {
    const skippedNeed = { success: false, failure: false, cancelled: false };
    expect(condition(undefined, {}, skippedNeed, 'if')).toBe(false);
    expect(condition('failure()', {}, skippedNeed, 'if')).toBe(false);
    expect(condition('always()', {}, skippedNeed, 'if')).toBe(true);
  });
});
