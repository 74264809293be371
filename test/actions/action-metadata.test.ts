/**
 * Every action's metadata follows one contract: node24 running its committed bundle, kebab-case
 * inputs and outputs that say what they are, and the common inputs worded exactly as
 * actions/common-inputs.yml has them, so a reader who knows one action knows all.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot, runAction } from './support/run-action.js';

interface InputSpec {
  description?: string;
  required?: boolean;
  default?: string;
}
interface ActionMetadata {
  name?: string;
  description?: string;
  inputs?: Record<string, InputSpec>;
  outputs?: Record<string, { description?: string }>;
  runs?: { using?: string; main?: string; post?: string };
}

const actionsDir = join(repoRoot, 'actions');
const actions = readdirSync(actionsDir).filter((name) => existsSync(join(actionsDir, name, 'action.yml')));
const common = parse(readFileSync(join(actionsDir, 'common-inputs.yml'), 'utf8')) as Record<string, InputSpec>;
const ALWAYS = [
  'region',
  'role-arn',
  'oidc-provider-arn',
  'audience',
  'role-session-name',
  'role-duration-seconds',
  'sts-endpoint',
  'request-timeout',
];
const metadata = (action: string) =>
  parse(readFileSync(join(actionsDir, action, 'action.yml'), 'utf8')) as ActionMetadata;

test('there are actions to check', () => {
  expect(actions.length).toBeGreaterThan(0);
});

describe.each(actions)('%s', (action) => {
  const meta = metadata(action);

  test('runs its committed bundle on node24', () => {
    expect(meta.runs?.using).toBe('node24');
    expect(meta.runs?.main).toBe(`../../dist/${action}/index.js`);
    if (meta.runs?.post) expect(meta.runs.post).toBe(`../../dist/${action}/index.js`);
    expect(existsSync(join(repoRoot, 'dist', action, 'index.js'))).toBe(true);
  });

  test('names and describes every input and output', () => {
    expect(meta.name && meta.description).toBeTruthy();
    for (const [name, spec] of [...Object.entries(meta.inputs ?? {}), ...Object.entries(meta.outputs ?? {})]) {
      expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(spec.description?.length ?? 0).toBeGreaterThan(10);
    }
  });

  test('takes the common inputs, worded as actions/common-inputs.yml has them', () => {
    const inputs = meta.inputs ?? {};
    for (const name of ALWAYS) expect({ name, spec: inputs[name] }).toEqual({ name, spec: common[name] });
    for (const [name, spec] of Object.entries(common)) {
      if (name in inputs) expect({ name, spec: inputs[name] }).toEqual({ name, spec });
    }
  });

  test('refuses to run without its required inputs, with one ::error:: line', async () => {
    const result = await runAction(action, { inputs: {} });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^Input "[a-z-]+" /);
  });
});
