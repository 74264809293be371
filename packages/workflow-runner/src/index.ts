export { startWorkflow, runWorkflow, type RunningWorkflow } from './runner.js';
export { WorkflowError, UnsupportedError } from './errors.js';
export type {
  Annotation,
  GithubInfo,
  JobResult,
  Outcome,
  RunEvent,
  RunOptions,
  StepResult,
  WorkflowResult,
} from './types.js';
export { emulatorOidc } from './emulator-oidc.js';
