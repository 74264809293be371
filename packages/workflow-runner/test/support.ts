/** Runs fixture workflows with the log captured, in a temporary run directory removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorkflow, type RunOptions, type RunningWorkflow, type WorkflowResult } from '../src/index.js';

/** The fixture repository: the workspace and the pai-actions checkout of every fixture run. */
export const FIXTURE_REPO = fileURLToPath(new URL('./fixtures/repo', import.meta.url));

export interface Captured {
  log: string[];
  runDir: string;
}

const dirs: string[] = [];

export function newTempDir(prefix = 'wf-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function start(workflow: string, options: Partial<RunOptions> = {}): RunningWorkflow & Captured {
  const log: string[] = [];
  const runDir = newTempDir();
  const running = startWorkflow({
    workflow,
    eventName: 'push',
    workspace: FIXTURE_REPO,
    actionsRoot: FIXTURE_REPO,
    runDir,
    log: (line) => log.push(line),
    cancelGraceMs: 2000,
    github: { repository: 'octo-org/models', sha: 'abc123', ref: 'refs/heads/main', token: 'ghs_fixturetoken123' },
    ...options,
  });
  return { ...running, log, runDir };
}

export async function run(workflow: string, options: Partial<RunOptions> = {}): Promise<WorkflowResult & Captured> {
  const running = start(workflow, options);
  const result = await running.result;
  return { ...result, log: running.log, runDir: running.runDir };
}

/** A step of a job by id or name. */
export function step(result: WorkflowResult, job: string, idOrName: string) {
  const found = result.jobs[job]?.steps.find((s) => s.id === idOrName || s.name === idOrName);
  if (!found)
    throw new Error(
      `no step ${idOrName} in job ${job}: ${JSON.stringify(result.jobs[job]?.steps.map((s) => s.id ?? s.name))}`,
    );
  return found;
}
