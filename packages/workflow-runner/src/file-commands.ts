/**
 * The runner's file commands: a step appends `name=value` lines, or `name<<DELIMITER` blocks for
 * multi-line values (what @actions/core writes), to GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STATE.
 */
import { existsSync, readFileSync } from 'node:fs';
import { WorkflowError } from './errors.js';

/** Parses a file command's text into name → value; a later line for a name wins, as on GitHub. */
export function parseFileCommand(text: string, fileName: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    const equals = line.indexOf('=');
    if (heredoc && (equals < 0 || equals > line.indexOf('<<'))) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new WorkflowError(`${fileName}: no closing delimiter "${delimiter}" for "${name}"`);
      values[name] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (equals > 0) {
      values[line.slice(0, equals)] = line.slice(equals + 1);
    } else {
      throw new WorkflowError(`${fileName}: invalid line ${i + 1} (expected name=value or name<<DELIMITER): "${line}"`);
    }
  }
  return values;
}

export function readFileCommand(path: string, fileName: string): Record<string, string> {
  return existsSync(path) ? parseFileCommand(readFileSync(path, 'utf8'), fileName) : {};
}
