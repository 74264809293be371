import { WorkflowError } from '../src/errors.js';
import type { Json } from '../src/expressions.js';
import { callInputs, callSecrets } from '../src/workflow-inputs.js';
import type { JobDefinition } from '../src/workflow-file.js';

const declared: Json = {
  'model-name': { type: 'string', required: true },
  epochs: { type: 'number', default: 3 },
  'dry-run': { type: 'boolean', default: false },
  stage: { type: 'string', default: '${{ github.ref }}' },
};
const evaluateDefault = (value: Json) => (value === '${{ github.ref }}' ? 'refs/heads/main' : value);

describe('callInputs', () => {
  test('types and defaults values as declared', () => {
    expect(
      callInputs(declared, { 'model-name': 'resnet', epochs: '5', 'dry-run': 'true' }, 'w', evaluateDefault),
    ).toEqual({
      'model-name': 'resnet',
      epochs: 5,
      'dry-run': true,
      stage: 'refs/heads/main',
    });
  });

  test.each([
    [{}, 'w: required input "model-name" was not given'],
    [{ 'model-name': 'x', epochs: 'many' }, 'w: input "epochs" must be a number, got "many"'],
    [{ 'model-name': 'x', epochs: '' }, 'w: input "epochs" must be a number, got ""'],
    [{ 'model-name': 'x', 'dry-run': 'yes' }, 'w: input "dry-run" must be a boolean (true or false), got "yes"'],
    [
      { 'model-name': 'x', epoch: 4 },
      'w: input(s) epoch not declared by the workflow (declared: model-name, epochs, dry-run, stage)',
    ],
  ])('%j is refused: %s', (given, message) => {
    expect(() => callInputs(declared, given as Record<string, Json>, 'w', evaluateDefault)).toThrow(
      new WorkflowError(message),
    );
  });
});

describe('callSecrets', () => {
  const job = (secrets: JobDefinition['secrets']): JobDefinition => ({
    id: 'train',
    needs: [],
    uses: './x.yml',
    secrets,
  });
  const evaluate = (value: Json) => String(value).replace('${{ secrets.API_KEY }}', 'k-123');

  test('a map passes the named secrets; inherit passes all the caller has', () => {
    expect(
      callSecrets(job({ API_KEY: '${{ secrets.API_KEY }}' }), { API_KEY: { required: true } }, {}, evaluate, 'w'),
    ).toEqual({ API_KEY: 'k-123' });
    expect(
      callSecrets(job('inherit'), { API_KEY: { required: true } }, { API_KEY: 'a', OTHER: 'b' }, evaluate, 'w'),
    ).toEqual({ API_KEY: 'a', OTHER: 'b' });
  });

  test('a missing required secret or an undeclared one is refused', () => {
    expect(() => callSecrets(job('inherit'), { API_KEY: { required: true } }, {}, evaluate, 'w')).toThrow(
      'w.secrets: required secret "API_KEY" was not passed',
    );
    expect(() => callSecrets(job({ TOKEN: 'x' }), { API_KEY: {} }, {}, evaluate, 'w')).toThrow(
      'w.secrets: TOKEN not declared by the called workflow (declared: API_KEY)',
    );
  });
});
