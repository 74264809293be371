/**
 * What the runner does with each line a step prints: workflow commands on stdout are acted on
 * (masks, annotations, groups, stop-commands), everything else goes to the live log, masked.
 */
import { annotate } from './annotations.js';
import type { JobState } from './job-state.js';
import { parseWorkflowCommand } from './workflow-commands.js';

const RETIRED_COMMANDS = ['set-output', 'save-state', 'set-env', 'add-path'];

export function outputHandler(job: JobState, stepName: string): (stream: 'stdout' | 'stderr', line: string) => void {
  const { run } = job;
  const prefix = `[${job.path}] [${stepName}]`;
  const source = { job: job.path, step: stepName, annotations: job.annotations };
  let stopToken: string | undefined;
  return (stream, line) => {
    const command = stream === 'stdout' ? parseWorkflowCommand(line) : undefined;
    if (stopToken !== undefined) {
      if (command?.command === stopToken.toLowerCase()) stopToken = undefined;
      else run.print(prefix, line);
      return;
    }
    if (!command) {
      run.print(prefix, line);
      run.emit({ type: 'output', job: job.path, step: stepName, line: run.masker.mask(line) });
      return;
    }
    switch (command.command) {
      case 'add-mask':
        run.masker.add(command.message);
        return;
      case 'error':
      case 'warning':
      case 'notice':
        annotate(run, source, command.command, command.message, command.properties);
        return;
      case 'group':
        run.print(prefix, `> ${command.message}`);
        return;
      case 'endgroup':
      case 'echo':
        return;
      case 'debug':
        if (run.options.debug) run.print(prefix, `Debug: ${command.message}`);
        return;
      case 'stop-commands':
        stopToken = command.message;
        return;
      default:
        if (RETIRED_COMMANDS.includes(command.command)) {
          annotate(
            run,
            source,
            'error',
            `::${command.command}:: is not supported by the local runner (retired on GitHub): use the GITHUB_OUTPUT / GITHUB_STATE / GITHUB_ENV / GITHUB_PATH files`,
          );
        } else run.print(prefix, line);
    }
  };
}
