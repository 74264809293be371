/**
 * Where a `uses:` points on this machine. `./path` is the workspace (the repository the workflow
 * runs in); `<owner>/pai-actions[/path]@<ref>` is this repository, whatever the owner and ref,
 * so a user's workflow runs unchanged against a local checkout; other references only when the
 * runner was given a directory for them.
 */
import { isAbsolute, join, normalize, relative } from 'node:path';
import { UnsupportedError, WorkflowError } from './errors.js';

export interface ReferenceRoots {
  /** Where `./…` resolves: the checked-out repository (GITHUB_WORKSPACE). */
  workspace: string;
  /** The pai-actions repository that `<owner>/pai-actions…@ref` means. */
  actionsRoot: string;
  /** Other `owner/repo[/path]` references (without `@ref`) → local directory. */
  actionPaths?: Record<string, string>;
}

function inside(root: string, path: string, uses: string): string {
  const resolved = normalize(join(root, path));
  const rel = relative(root, resolved);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new WorkflowError(`uses: ${uses} points outside ${root}`);
  return resolved;
}

/** Resolves a step's or job's `uses:` to a local path (a directory for actions, a file for workflows). */
export function resolveUses(uses: string, roots: ReferenceRoots): string {
  if (uses.startsWith('./')) return inside(roots.workspace, uses, uses);
  if (uses.startsWith('docker://'))
    throw new UnsupportedError(`uses: ${uses}: docker actions are not supported by the local runner`);
  const match = /^([\w.-]+)\/([\w.-]+)(\/[^@]*)?@(.+)$/.exec(uses);
  if (!match) throw new WorkflowError(`uses: "${uses}" is neither ./path nor owner/repo[/path]@ref`);
  const [, owner, repo, path = ''] = match as unknown as [string, string, string, string | undefined];
  if (repo === 'pai-actions') return inside(roots.actionsRoot, `.${path}`, uses);
  const mapped = roots.actionPaths?.[`${owner}/${repo}${path}`];
  if (mapped !== undefined) return mapped;
  throw new UnsupportedError(
    `uses: ${uses} is not available to the local runner: it runs ./… and <owner>/pai-actions…@ref; give other actions a local directory with the actionPaths option (--action ${owner}/${repo}${path}=DIR)`,
  );
}
