import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { emulatorOidc } from './emulator-oidc.js';
import { WorkflowError } from './errors.js';
import { hostEnv } from './run-context.js';
import { startWorkflow } from './runner.js';
import type { GithubInfo, RunOptions, WorkflowResult } from './types.js';

const USAGE = `Usage: pai-workflow <workflow.yml> [options]

Runs a GitHub Actions workflow locally: jobs in needs order, reusable workflows, node and
composite actions (./… and <owner>/pai-actions…@ref from this checkout), run: steps with bash.

  --event NAME            event that triggers the run (default: push)
  --event-path FILE       event payload (JSON) for github.event
  --input NAME=VALUE      workflow_dispatch / workflow_call input (repeatable)
  --secret NAME           secret, its value read from the environment variable NAME (repeatable)
  --var NAME=VALUE        configuration variable (vars context; repeatable)
  --workspace DIR         the repository the workflow runs in (default: current directory)
  --actions-root DIR      the pai-actions checkout for <owner>/pai-actions…@ref (default: this one)
  --action OWNER/REPO[/PATH]=DIR  run another action from a local directory (repeatable)
  --sha, --ref, --repository, --actor, --run-id, --run-attempt   the github context
  --emulator FILE         the JSON line pai-emulator printed: jobs granted id-token: write get
                          token requests from its OIDC issuer, steps get its endpoints
                          (ALIBABA_CLOUD_<PRODUCT>_ENDPOINT)
  --run-dir DIR           where job files and step summaries go (default: a temporary directory)
  --json                  print the result as JSON at the end
  --debug                 show ::debug:: lines

Ctrl-C cancels the run as GitHub does: running steps get SIGINT, then post steps run.
Exit status: 0 when the run succeeded, 1 when it failed or was cancelled, 2 on a usage or workflow error.`;

const PRODUCTS = ['oss', 'eas', 'dlc', 'cms', 'sts'];

function pairs(values: string[] | undefined, option: string): Record<string, string> {
  return Object.fromEntries(
    (values ?? []).map((pair) => {
      const equals = pair.indexOf('=');
      if (equals <= 0) throw new WorkflowError(`--${option} must be NAME=VALUE, got "${pair}"`);
      return [pair.slice(0, equals), pair.slice(equals + 1)];
    }),
  );
}

function emulatorOptions(file: string): Pick<RunOptions, 'oidc' | 'env'> {
  let info: { endpoints?: Record<string, string>; adminToken?: string; region?: string };
  try {
    info = JSON.parse(readFileSync(file, 'utf8')) as typeof info;
  } catch (error) {
    throw new WorkflowError(`--emulator ${file}: not the JSON line pai-emulator prints (${(error as Error).message})`);
  }
  const endpoints = info.endpoints ?? {};
  if (!endpoints['admin'] || !info.adminToken)
    throw new WorkflowError(`--emulator ${file}: no admin endpoint or admin token`);
  const env: Record<string, string> = { ...hostEnv() };
  for (const product of PRODUCTS) {
    if (endpoints[product]) env[`ALIBABA_CLOUD_${product.toUpperCase()}_ENDPOINT`] = endpoints[product];
  }
  if (info.region) env['ALIBABA_CLOUD_REGION'] = info.region;
  return { oidc: emulatorOidc(endpoints['admin'], info.adminToken), env };
}

function summary(result: WorkflowResult): string[] {
  const lines = [`Workflow ${result.conclusion}`];
  for (const job of Object.values(result.jobs)) {
    lines.push(`  ${job.id}: ${job.result}${job.summaryPath ? ` (summary: ${job.summaryPath})` : ''}`);
  }
  return lines;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    strict: true,
    options: {
      event: { type: 'string', default: 'push' },
      'event-path': { type: 'string' },
      input: { type: 'string', multiple: true },
      secret: { type: 'string', multiple: true },
      var: { type: 'string', multiple: true },
      workspace: { type: 'string' },
      'actions-root': { type: 'string' },
      action: { type: 'string', multiple: true },
      sha: { type: 'string' },
      ref: { type: 'string' },
      repository: { type: 'string' },
      actor: { type: 'string' },
      'run-id': { type: 'string' },
      'run-attempt': { type: 'string' },
      emulator: { type: 'string' },
      'run-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new WorkflowError(`give exactly one workflow file\n\n${USAGE}`);
  const secrets: Record<string, string> = {};
  for (const name of values.secret ?? []) {
    const value = process.env[name];
    // Values on the command line would show in the process list: they come from the environment.
    if (value === undefined) throw new WorkflowError(`--secret ${name}: the environment variable ${name} is not set`);
    secrets[name] = value;
  }
  const github: Partial<GithubInfo> = {};
  for (const [option, field] of [
    ['sha', 'sha'],
    ['ref', 'ref'],
    ['repository', 'repository'],
    ['actor', 'actor'],
    ['run-id', 'runId'],
    ['run-attempt', 'runAttempt'],
  ] as const) {
    const value = values[option];
    if (value !== undefined) github[field] = value;
  }
  if (process.env['GITHUB_TOKEN']) github.token = process.env['GITHUB_TOKEN'];
  const options: RunOptions = {
    workflow: positionals[0]!,
    eventName: values.event!,
    inputs: pairs(values.input, 'input'),
    secrets,
    vars: pairs(values.var, 'var'),
    actionPaths: pairs(values.action, 'action'),
    github,
    debug: values.debug!,
    ...(values['event-path'] ? { eventPath: values['event-path'] } : {}),
    ...(values.workspace ? { workspace: values.workspace } : {}),
    ...(values['actions-root'] ? { actionsRoot: values['actions-root'] } : {}),
    ...(values['run-dir'] ? { runDir: values['run-dir'] } : {}),
    ...(values.emulator ? emulatorOptions(values.emulator) : {}),
  };
  const running = startWorkflow(options);
  const cancel = () => {
    console.error('pai-workflow: cancelling (post steps still run)');
    running.cancel();
  };
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  const result = await running.result;
  for (const line of summary(result)) console.log(line);
  if (values.json) console.log(JSON.stringify(result, null, 2));
  return result.conclusion === 'success' ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    const expected =
      error instanceof WorkflowError || String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS');
    console.error(`pai-workflow: ${expected ? error.message : error.stack}`);
    process.exit(2);
  },
);
