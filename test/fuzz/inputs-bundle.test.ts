/**
 * Input fuzzing through the committed bundles: for every input of every action, a few generated bad
 * values (test/fuzz/support/input-table.ts), one input at a time over a valid base, run as the runner
 * does against an emulator. Each run must exit 1 with exactly one ::error:: line naming the input,
 * print no stack trace, make no request to the emulator, and leak no secret (run-action's scan).
 *
 * Spawning costs ~0.25 s of CPU, so: 2 values per input of the action's own, 1 per input every action
 * shares (the same core code, fuzzed in process at length); FUZZ_BUNDLE_RUNS=<n> raises the first.
 * Actions run concurrently, each with its own emulator so a request is blamed on the right run.
 *
 * A failure names the input and fast-check's seed and path: FC_INPUT=<action>/<input> FC_SEED=<seed>
 * FC_PATH=<path> replays it (FC_INPUT limits the run to that input).
 */
import fc from 'fast-check';
import { AdminClient, Emulator } from '../../packages/emulator/src/index.js';
import { runAction } from '../actions/support/run-action.js';
import { ACTIONS, BASE_INPUTS, declaredInputs, replayParameters } from './support/actions.js';
import { ACTION_BAD_VALUES, badValuesFor, NO_INVALID_VALUE } from './support/input-table.js';

const OWN_RUNS = Number(process.env['FUZZ_BUNDLE_RUNS'] || 2);
const SHARED_RUNS = 1;
const ONLY = process.env['FC_INPUT'];

/** A Node stack frame (`    at fn (file:1:2)`): an error shown with its stack instead of one clear line. */
const STACK_FRAME = /^\s+at\s.+(:\d+:\d+\)?|\(native\))$/m;

async function checkRefused(emulator: Emulator, action: string, input: string, value: string): Promise<void> {
  const admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  const before = (await admin.requests()).length;
  const result = await runAction(action, { emulator, inputs: { ...BASE_INPUTS[action], [input]: value } });
  const made = (await admin.requests()).slice(before);
  const problems = [
    result.exitCode === 1 ? '' : `exit code ${result.exitCode}${result.signal ? ` (${result.signal})` : ''}`,
    result.errors.length === 1 ? '' : `${result.errors.length} error lines: ${JSON.stringify(result.errors)}`,
    result.errors.every((line) => line.includes(`"${input}"`)) ? '' : `the error does not name it: ${result.errors}`,
    STACK_FRAME.test(result.stdout + result.stderr) ? 'a stack trace was printed' : '',
    made.length === 0 ? '' : `${made.length} API call(s) made, first ${JSON.stringify(made[0]).slice(0, 200)}`,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`${input}=${JSON.stringify(value)}: ${problems.join('; ')}`);
}

test.concurrent.each(ACTIONS)(
  '%s bundle: bad values of every input exit 1 with one error line naming it and make no API call',
  async (action) => {
    const inputs = declaredInputs(action).filter(
      (input) => !NO_INVALID_VALUE[action]?.[input] && (!ONLY || ONLY === `${action}/${input}`),
    );
    if (inputs.length === 0) return;
    const emulator = await Emulator.start();
    try {
      for (const input of inputs) {
        const bad = badValuesFor(action, input);
        if (!bad) throw new Error(`no bad values for ${action} ${input}`);
        const own = ACTION_BAD_VALUES[action]?.[input] !== undefined;
        await fc
          .assert(
            fc.asyncProperty(bad, (value) => checkRefused(emulator, action, input, value)),
            { numRuns: own ? OWN_RUNS : SHARED_RUNS, ...(ONLY ? replayParameters() : {}) },
          )
          .catch((error: Error) => {
            // fast-check's message has the seed, path and shrunk value; its cause says what went wrong.
            const cause = error.cause instanceof Error ? `\n${error.cause.message}` : '';
            throw new Error(`${action}/${input} (replay with FC_INPUT=${action}/${input}): ${error.message}${cause}`);
          });
      }
    } finally {
      await emulator.stop();
    }
  },
  240_000,
);
