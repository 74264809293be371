/**
 * Before any step runs, loads every workflow the run calls and every action its steps use
 * (through composite actions too) and checks them, so a typo or an unsupported construct fails
 * the run up front instead of half-way, after earlier jobs have already changed things.
 */
import { relative } from 'node:path';
import { readAction } from './action-file.js';
import { UnsupportedError, WorkflowError } from './errors.js';
import { resolveUses, type ReferenceRoots } from './references.js';
import { SHELLS } from './steps.js';
import { readWorkflow, type StepDefinition, type WorkflowDefinition, type JsonMap } from './workflow-file.js';
import type { ActionDefinition } from './action-file.js';

export interface Loaded {
  workflows: Map<string, WorkflowDefinition>;
  actions: Map<string, ActionDefinition>;
}

function display(path: string, roots: ReferenceRoots): string {
  for (const root of [roots.workspace, roots.actionsRoot]) {
    const rel = relative(root, path);
    if (!rel.startsWith('..')) return rel;
  }
  return path;
}

function checkShell(step: StepDefinition, defaults: JsonMap | undefined, inComposite: boolean, where: string): void {
  if (step.run === undefined) return;
  if (inComposite && step.shell === undefined)
    throw new WorkflowError(`${where}.shell is required for a run step in a composite action`);
  const shell = step.shell ?? String(defaults?.['shell'] ?? 'bash');
  if (!(shell in SHELLS)) {
    throw new UnsupportedError(
      `${where}.shell "${shell}" is not supported by the local runner (supported: ${Object.keys(SHELLS).join(', ')})`,
    );
  }
}

function checkSteps(
  steps: StepDefinition[],
  defaults: JsonMap | undefined,
  inComposite: boolean,
  where: string,
  roots: ReferenceRoots,
  loaded: Loaded,
): void {
  for (const [index, step] of steps.entries()) {
    const stepWhere = `${where}[${index}]`;
    checkShell(step, defaults, inComposite, stepWhere);
    if (step.uses === undefined) continue;
    let directory: string;
    try {
      directory = resolveUses(step.uses, roots);
    } catch (error) {
      (error as Error).message = `${stepWhere}: ${(error as Error).message}`;
      throw error;
    }
    if (loaded.actions.has(directory)) continue;
    const action = readAction(directory, step.uses);
    loaded.actions.set(directory, action);
    if (action.runs.using === 'composite')
      checkSteps(action.runs.steps, undefined, true, `${step.uses}: runs.steps`, roots, loaded);
  }
}

function checkWorkflow(workflow: WorkflowDefinition, roots: ReferenceRoots, loaded: Loaded): void {
  for (const job of Object.values(workflow.jobs)) {
    const where = `${workflow.path}: jobs.${job.id}`;
    if (job.uses === undefined) {
      checkSteps(
        job.steps ?? [],
        { ...workflow.defaultsRun, ...job.defaultsRun },
        false,
        `${where}.steps`,
        roots,
        loaded,
      );
      continue;
    }
    const file = resolveUses(job.uses, roots);
    if (loaded.workflows.has(file)) continue;
    const called = readWorkflow(file, display(file, roots));
    if (!('workflow_call' in called.on))
      throw new WorkflowError(`${where}.uses: ${job.uses} is not a reusable workflow (it has no on.workflow_call)`);
    loaded.workflows.set(file, called);
    checkWorkflow(called, roots, loaded);
  }
}

/** Loads the workflow at `file` and everything it uses. */
export function preflight(file: string, roots: ReferenceRoots): { workflow: WorkflowDefinition; loaded: Loaded } {
  const loaded: Loaded = { workflows: new Map(), actions: new Map() };
  const workflow = readWorkflow(file, display(file, roots));
  loaded.workflows.set(file, workflow);
  checkWorkflow(workflow, roots, loaded);
  return { workflow, loaded };
}
