/**
 * Input fuzzing, in process: for every input of every action, generated values its description
 * rules out (test/fuzz/support/input-table.ts), set as INPUT_* one input at a time over a valid
 * base, make the action's reading (what its main.ts runs before any API call) throw one InputError
 * that names that input, on one line. Cheap, so many runs per input; inputs-bundle.test.ts checks
 * the same through the committed bundles with few runs.
 *
 * A failure prints fast-check's seed and path: FC_SEED=<seed> FC_PATH=<path> replays it.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failureMessage } from '../../packages/core/src/action/run.js';
import { InputError } from '../../packages/core/src/errors.js';
import { InputReader } from '../../packages/core/src/inputs.js';
import { ACTIONS, BASE_INPUTS, declaredInputs, READ_ALL_INPUTS, replayParameters } from './support/actions.js';
import { ACTION_BAD_VALUES, badValuesFor, COMMON_BAD_VALUES, NO_INVALID_VALUE } from './support/input-table.js';

const RUNS_PER_INPUT = 150;

/** The run's GITHUB_* (no ALIBABA_CLOUD_*: the region and endpoints come from the inputs or defaults). */
const ENV: NodeJS.ProcessEnv = {
  GITHUB_REPOSITORY: 'octo-org/models',
  GITHUB_SHA: '4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b',
  GITHUB_RUN_ID: '1001',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_WORKFLOW_REF: 'octo-org/models/.github/workflows/train.yml@refs/heads/main',
};
/** eas-deploy reads service-config from the workspace: an empty one here. */
const workspace = mkdtempSync(join(tmpdir(), 'fuzz-workspace-'));
const readWorkspaceFile = (path: string) => readFileSync(join(workspace, path), 'utf8');

const inputEnv = (name: string) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

/**
 * Runs the action's reading with these inputs in INPUT_* (as the runner sets them; @actions/core's
 * getInput reads and trims them) and returns what it threw, or undefined.
 */
function readingError(action: string, inputs: Record<string, string>): unknown {
  const write = process.stdout.write;
  for (const [name, value] of Object.entries(inputs)) process.env[inputEnv(name)] = value;
  // @actions/core prints ::add-mask:: for tokens; the runs would flood the test log.
  process.stdout.write = () => true;
  try {
    READ_ALL_INPUTS[action]!(new InputReader(), ENV, readWorkspaceFile);
    return undefined;
  } catch (error) {
    return error;
  } finally {
    process.stdout.write = write;
    for (const name of Object.keys(inputs)) delete process.env[inputEnv(name)];
  }
}

/** Why this error is not one clear refusal of `input`, or undefined when it is. */
function refusalProblem(error: unknown, input: string): string | undefined {
  if (error === undefined) return 'accepted';
  if (!(error instanceof InputError)) return `threw ${String(error)} instead of an InputError`;
  if (error.input !== input) return `blamed input "${error.input}": ${error.message}`;
  const line = failureMessage(error);
  if (!line.includes(`"${input}"`)) return `the message does not name it: ${line}`;
  if (/[\r\n]/.test(line)) return `the message is not one line: ${line}`;
  return undefined;
}

beforeAll(() => {
  for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name];
});

test('every input declared in an action.yml has bad values, or is listed with a reason for having none', () => {
  const missing = ACTIONS.flatMap((action) =>
    declaredInputs(action)
      .filter((input) => !badValuesFor(action, input) && !NO_INVALID_VALUE[action]?.[input])
      .map((input) => `${action}: ${input}`),
  );
  expect(missing).toEqual([]);
});

test('the tables name only inputs some action.yml declares', () => {
  const declared = new Set(ACTIONS.flatMap((action) => declaredInputs(action).map((input) => `${action}: ${input}`)));
  const anyAction = new Set(ACTIONS.flatMap(declaredInputs));
  const named = [
    ...Object.entries({ ...ACTION_BAD_VALUES, ...NO_INVALID_VALUE }).flatMap(([action, inputs]) =>
      Object.keys(inputs).map((input) => `${action}: ${input}`),
    ),
  ];
  expect(named.filter((entry) => !declared.has(entry))).toEqual([]);
  expect(Object.keys(COMMON_BAD_VALUES).filter((input) => !anyAction.has(input))).toEqual([]);
  expect(Object.keys(READ_ALL_INPUTS).sort()).toEqual(ACTIONS);
});

test.each(ACTIONS)('%s: the base inputs are valid', (action) => {
  expect(readingError(action, BASE_INPUTS[action]!)).toBeUndefined();
});

const cases = ACTIONS.flatMap((action) =>
  declaredInputs(action)
    .filter((input) => !NO_INVALID_VALUE[action]?.[input])
    .map((input) => [action, input] as const),
);

test.each(cases)('%s: every bad %s is refused with one error line naming it', (action, input) => {
  const bad = badValuesFor(action, input);
  if (!bad) throw new Error(`no bad values for ${action} ${input}`);
  fc.assert(
    fc.property(bad, (value) => {
      const problem = refusalProblem(readingError(action, { ...BASE_INPUTS[action], [input]: value }), input);
      if (problem) throw new Error(`${input}=${JSON.stringify(value)} ${problem}`);
    }),
    { numRuns: RUNS_PER_INPUT, ...replayParameters() },
  );
});
