/**
 * The root action (`uses: <owner>/pai-actions@v1` with `command:`): runs the bundle of the named
 * action in this process, so it sees the same inputs, state and environment as if it had been
 * used directly. The post step runs the same command's bundle again (it finds its own saved
 * state); commands without a post step have nothing to do there.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as core from '@actions/core';
import { COMMANDS, COMMANDS_WITH_POST } from './commands.js';

const STATE_COMMAND = 'pai-actions-command';

async function dispatch(): Promise<void> {
  const post = core.getState(STATE_COMMAND);
  if (post && !(COMMANDS_WITH_POST as readonly string[]).includes(post)) return;
  const command = post || core.getInput('command').trim();
  if (!(COMMANDS as readonly string[]).includes(command)) {
    core.setFailed(
      `Input "command" ${command ? `has invalid value ${JSON.stringify(command)}` : 'is required'}: expected one of ${COMMANDS.join(', ')}`,
    );
    return;
  }
  if (!post) core.saveState(STATE_COMMAND, command);
  const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', command, 'index.js');
  await import(/* webpackIgnore: true */ pathToFileURL(bundle).href);
}

await dispatch();
