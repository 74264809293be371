/**
 * Workflow commands a step prints on stdout (`::error file=a.ts,line=3::message`), with the
 * runner's escaping: `%25` `%0D` `%0A` in messages, plus `%3A` `%2C` in properties.
 */

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

const unescapeData = (s: string) => s.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%25', '%');
const unescapeProperty = (s: string) => unescapeData(s).replaceAll('%3A', ':').replaceAll('%2C', ',');

/** The command on a line, or undefined when the line is ordinary output. */
export function parseWorkflowCommand(line: string): WorkflowCommand | undefined {
  const match = /^\s*::([A-Za-z][\w-]*)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!match) return undefined;
  const [, command, rawProperties, message] = match as unknown as [string, string, string | undefined, string];
  const properties: Record<string, string> = {};
  for (const pair of (rawProperties ?? '').split(',')) {
    const equals = pair.indexOf('=');
    if (equals > 0) properties[pair.slice(0, equals).trim()] = unescapeProperty(pair.slice(equals + 1));
  }
  return { command: command.toLowerCase(), properties, message: unescapeData(message) };
}
