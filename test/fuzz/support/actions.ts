/**
 * What the fuzz tests need to know of each action: its declared inputs (read from action.yml, so
 * a new input cannot be forgotten), a valid base to change one input of, and the reading its
 * main.ts does before the first API call, in the same order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { START_INPUTS } from '../../../bench/start-inputs.js';
import { readConnection } from '../../../packages/core/src/action/connection.js';
import { readRunContext } from '../../../packages/core/src/action/github-context.js';
import { readGateInputs } from '../../../packages/core/src/gate/inputs.js';
import { InputReader } from '../../../packages/core/src/inputs.js';
import { readCleanupInputs } from '../../../packages/core/src/serving/cleanup-inputs.js';
import { readDeployInputs } from '../../../packages/core/src/serving/deploy-inputs.js';
import { readRollbackInputs } from '../../../packages/core/src/serving/rollback-inputs.js';
import { readShiftInputs } from '../../../packages/core/src/serving/shift-inputs.js';
import { readSubmitInputs } from '../../../packages/core/src/training/submit-inputs.js';
import { readWaitInputs } from '../../../packages/core/src/training/wait-inputs.js';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');

export const ACTIONS = readdirSync(join(repoRoot, 'actions'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

export function declaredInputs(action: string): string[] {
  const metadata = parse(readFileSync(join(repoRoot, 'actions', action, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, unknown>;
  };
  return Object.keys(metadata.inputs ?? {});
}

/** The fewest valid inputs that take each action to its first API request (shared with the start bench). */
export const BASE_INPUTS: Record<string, Record<string, string>> = START_INPUTS;

/**
 * Each action's reading before its first API call, as its main.ts does it (the bundle-level test
 * checks the bundles themselves agree). `env` stands for process.env's GITHUB_* and ALIBABA_CLOUD_*.
 */
export const READ_ALL_INPUTS: Record<
  string,
  (inputs: InputReader, env: NodeJS.ProcessEnv, readFile: (path: string) => string) => void
> = {
  'cleanup-versions': (inputs, env) => {
    readCleanupInputs(inputs);
    readConnection(inputs, ['eas', 'oss'], env);
  },
  'eas-deploy': (inputs, env, readFile) => {
    readDeployInputs(inputs, readFile);
    readConnection(inputs, ['eas', 'oss'], env);
  },
  'eas-rollback': (inputs, env) => {
    readRollbackInputs(inputs);
    readConnection(inputs, ['eas'], env);
  },
  'eas-traffic-shift': (inputs, env) => {
    readShiftInputs(inputs, readRunContext(env).sha);
    readConnection(inputs, ['eas', 'cms'], env);
  },
  'evaluate-gate': (inputs, env) => {
    readGateInputs(inputs, readRunContext(env), env);
    readConnection(inputs, ['oss', 'eas'], env);
  },
  'submit-dlc-job': (inputs, env) => {
    readSubmitInputs(inputs, readRunContext(env));
    readConnection(inputs, ['dlc', 'oss'], env);
  },
  'wait-and-resume': (inputs, env) => {
    readWaitInputs(inputs, env);
    readConnection(inputs, ['dlc', 'oss'], env);
  },
};

/** FC_SEED and FC_PATH (as fast-check prints them on a failure) replay that failure. */
export function replayParameters(): { seed?: number; path?: string } {
  const seed = process.env['FC_SEED'];
  if (!seed) return {};
  const path = process.env['FC_PATH'];
  return { seed: Number(seed), ...(path ? { path } : {}) };
}
