/**
 * The root action: its action.yml is generated from the seven (current), its dispatcher knows
 * exactly the seven and which have post steps, and running it with `command:` runs that
 * action's bundle with the same inputs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { COMMANDS, COMMANDS_WITH_POST } from '../../dispatch/commands.js';
// @ts-expect-error a plain .mjs script without types
import { rootActionYaml } from '../../scripts/gen-root-action.mjs';
import { repoRoot, runAction } from './support/run-action.js';

const actionsDir = join(repoRoot, 'actions');
const actions = readdirSync(actionsDir).filter((name) => existsSync(join(actionsDir, name, 'action.yml')));

test('action.yml is what scripts/gen-root-action.mjs makes of actions/*/action.yml', () => {
  expect(readFileSync(join(repoRoot, 'action.yml'), 'utf8')).toBe((rootActionYaml as () => string)());
});

test('the dispatcher knows every action, and which have a post step', () => {
  expect([...COMMANDS].sort()).toEqual([...actions].sort());
  const withPost = actions.filter(
    (name) =>
      (parse(readFileSync(join(actionsDir, name, 'action.yml'), 'utf8')) as { runs: { post?: string } }).runs.post,
  );
  expect([...COMMANDS_WITH_POST].sort()).toEqual(withPost.sort());
});

test('an unknown command is refused by name, listing the seven', async () => {
  const result = await runAction('dispatch', { inputs: { command: 'deploy' } });
  expect(result.exitCode).toBe(1);
  expect(result.errors).toEqual([`Input "command" has invalid value "deploy": expected one of ${COMMANDS.join(', ')}`]);
});

test.each(COMMANDS.map((command) => [command]))(
  'command %s runs that action (it refuses its missing inputs)',
  async (command) => {
    const direct = await runAction(command, { inputs: {} });
    const dispatched = await runAction('dispatch', { inputs: { command } });
    expect(dispatched.exitCode).toBe(1);
    expect(dispatched.errors).toEqual(direct.errors);
    expect(dispatched.state['pai-actions-command']).toBe(command);
  },
);
