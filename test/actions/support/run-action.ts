/**
 * Runs an action the way GitHub does: its committed dist bundle as a Node process, with the
 * runner's environment contract (INPUT_*, GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY,
 * GITHUB_ENV, GITHUB_EVENT_PATH) and the emulator's endpoints in ALIBABA_CLOUD_*_ENDPOINT.
 * `post: true` runs the post step with the state the main step saved.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminClient, type Emulator } from '../../../packages/emulator/src/index.js';
import { findLeaks, type LeakSurface } from './secrets.js';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');

export interface GitHubRun {
  repository: string;
  sha: string;
  ref: string;
  runId: string;
  runAttempt: string;
  actor: string;
  eventName: string;
  event: Record<string, unknown>;
}

export const defaultRun = (overrides: Partial<GitHubRun> = {}): GitHubRun => ({
  repository: 'octo-org/models',
  sha: '4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b',
  ref: 'refs/heads/main',
  runId: '1001',
  runAttempt: '1',
  actor: 'octocat',
  eventName: 'push',
  event: {},
  ...overrides,
});

export interface ActionRunOptions {
  inputs?: Record<string, string>;
  /** Extra environment (wins over what is set here). */
  env?: Record<string, string | undefined>;
  /** Where the emulator's endpoints and (unless `credentials: 'none'`) demo keys come from. */
  emulator?: Emulator;
  credentials?: 'demo' | 'none';
  run?: GitHubRun;
  /** A working directory shared by main and post (their GITHUB_STATE); made if not given. */
  workDir?: string;
  post?: boolean;
  /** Kills the process after this many ms (default 120 s): a hung action fails the test, never the suite. */
  timeoutMs?: number;
  /**
   * With an emulator, every run ends with a secret scan: any secret the emulator issued found in
   * stdout, stderr, outputs, summary or exported env fails the run. Name surfaces a test expects a
   * secret in (an `output-token: true` output) to leave them out.
   */
  allowSecretsIn?: readonly LeakSurface[];
  /** Called with the child once spawned (e.g. to signal it mid-run). */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
}

export interface ActionRunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** Environment the step exported through GITHUB_ENV. */
  exportedEnv: Record<string, string>;
  errors: string[];
  warnings: string[];
  notices: string[];
  workDir: string;
  files: { output: string; state: string; summary: string; env: string };
}

/** The bundle of an action as committed: `dist/<name>/index.js`. */
export const bundlePath = (action: string) => join(repoRoot, 'dist', action, 'index.js');

export async function runAction(action: string, options: ActionRunOptions = {}): Promise<ActionRunResult> {
  const bundle = bundlePath(action);
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run package`);
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), `pai-${action}-`));
  const phase = options.post ? 'post' : 'main';
  const files = {
    output: join(workDir, `${phase}.output`),
    state: join(workDir, 'state'),
    summary: join(workDir, `${phase}.summary.md`),
    env: join(workDir, `${phase}.env`),
  };
  for (const file of [files.output, files.summary, files.env]) writeFileSync(file, '');
  if (!options.post) writeFileSync(files.state, '');
  const run = options.run ?? defaultRun();
  const eventPath = join(workDir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(run.event));
  const workspace = join(workDir, 'workspace');
  mkdirSync(workspace, { recursive: true });

  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? workDir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_EVENT_NAME: run.eventName,
    GITHUB_REPOSITORY: run.repository,
    GITHUB_REPOSITORY_OWNER: run.repository.split('/')[0]!,
    GITHUB_SHA: run.sha,
    GITHUB_REF: run.ref,
    GITHUB_RUN_ID: run.runId,
    GITHUB_RUN_ATTEMPT: run.runAttempt,
    GITHUB_ACTOR: run.actor,
    GITHUB_WORKFLOW: 'test',
    GITHUB_WORKSPACE: workspace,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    RUNNER_TEMP: workDir,
    ...emulatorEnv(options.emulator, options.credentials ?? 'demo'),
    ...(options.post ? stateEnv(readFileSync(files.state, 'utf8')) : {}),
  };
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }

  const child = spawn(process.execPath, [bundle], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, sig) => resolve([code, sig])),
  );
  clearTimeout(timer);

  const result: ActionRunResult = {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs: parseFileCommand(readFileSync(files.output, 'utf8')),
    state: parseFileCommand(readFileSync(files.state, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    exportedEnv: parseFileCommand(readFileSync(files.env, 'utf8')),
    errors: workflowCommands(stdout, 'error'),
    warnings: workflowCommands(stdout, 'warning'),
    notices: workflowCommands(stdout, 'notice'),
    workDir,
    files,
  };
  if (options.emulator) {
    const admin = new AdminClient(options.emulator.info.endpoints['admin']!, options.emulator.info.adminToken);
    const leaks = findLeaks(result, await issuedSecrets(admin), options.allowSecretsIn);
    if (leaks.length > 0) throw new Error(`${action} leaked secrets: ${leaks.join('; ')}\n${stdout}`);
  }
  return result;
}

/**
 * The secrets the emulator issued. A fault test may restart the emulator while the step runs, so
 * the step can end while it is down: ask again for a while before giving up.
 */
async function issuedSecrets(admin: AdminClient, patienceMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    try {
      return await admin.issuedSecrets();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** ALIBABA_CLOUD_* endpoint overrides (and the demo keys) for a step run against the emulator. */
export function emulatorEnv(emulator: Emulator | undefined, credentials: 'demo' | 'none'): Record<string, string> {
  if (!emulator) return {};
  const { endpoints, region, credentials: keys } = emulator.info;
  return {
    ALIBABA_CLOUD_REGION_ID: region,
    ALIBABA_CLOUD_OSS_ENDPOINT: endpoints['oss']!,
    ALIBABA_CLOUD_EAS_ENDPOINT: endpoints['eas']!,
    ALIBABA_CLOUD_DLC_ENDPOINT: endpoints['dlc']!,
    ALIBABA_CLOUD_CMS_ENDPOINT: endpoints['cms']!,
    ALIBABA_CLOUD_STS_ENDPOINT: endpoints['sts']!,
    ...(credentials === 'demo'
      ? { ALIBABA_CLOUD_ACCESS_KEY_ID: keys.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: keys.accessKeySecret }
      : {}),
  };
}

/** `name=value` lines and `name<<DELIM` … `DELIM` blocks, as @actions/core writes file commands. */
export function parseFileCommand(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) body.push(lines[i]!);
      values[name!] = body.join('\n');
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}

function stateEnv(stateFile: string): Record<string, string> {
  return Object.fromEntries(Object.entries(parseFileCommand(stateFile)).map(([k, v]) => [`STATE_${k}`, v]));
}

/** The messages of `::<kind> …::message` lines on stdout. */
export function workflowCommands(stdout: string, kind: 'error' | 'warning' | 'notice'): string[] {
  const pattern = new RegExp(`^::${kind}(?: [^:]*)?::(.*)$`);
  return stdout
    .split('\n')
    .map((line) => pattern.exec(line)?.[1])
    .filter((message): message is string => message !== undefined)
    .map((message) => message.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'));
}
